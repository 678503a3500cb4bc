"""The demo world: replayed visitors for the camera and the thermal scene they present."""
