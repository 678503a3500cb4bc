"""Thermometry: the sensor's optics, what real people's faces say (the clinical study), the
uncertainty of a reading, the decision it supports and calibration against a clinical
reference thermometer. No Qt, no devices: pure functions the kiosk and its benchmarks share.
"""
