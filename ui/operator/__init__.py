"""The operator's screens: PIN pad, first-run setup, settings and status."""
