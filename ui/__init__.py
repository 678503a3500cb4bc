"""The PySide6 screens of the kiosk; the only layer that imports Qt."""
