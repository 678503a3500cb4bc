"""Hardware I/O: cameras, serial IR thermometers and their simulators. No Qt, no kiosk logic."""
