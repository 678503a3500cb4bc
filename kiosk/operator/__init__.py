"""The operator's side of the kiosk without Qt: PIN, settings section and file, aggregate export."""
