"""Serial IR thermometer drivers, their simulators and the registry the settings name them by."""
