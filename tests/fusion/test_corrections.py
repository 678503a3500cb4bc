"""Each correction on its own: blackbody, ambient heat balance, distance curve, offset; and
the alarm threshold, fixed and adaptive."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from kiosk.corrections import (
    ambient_delta,
    body_corrections,
    check_blackbody,
    distance_delta,
    fit_distance_curve,
)
from kiosk.settings import FusionSettings, ScreeningSettings, SettingsError, parse_settings
from kiosk.thresholds import AlarmThreshold

BLACKBODY = FusionSettings(blackbody=True, blackbody_region=(29, 0, 3, 3), blackbody_c=35.0)


def array_with_blackbody(reading_c: float, col: int = 29) -> np.ndarray:
    pixels = np.full((24, 32), 23.0, np.float32)
    pixels[0:3, col : col + 3] = reading_c
    return pixels


def test_blackbody_reading_low_by_drift_gives_the_drift_back() -> None:
    check = check_blackbody(array_with_blackbody(34.2), BLACKBODY)
    assert check.problem == ""
    assert check.delta_c == pytest.approx(0.8)


def test_blackbody_out_of_its_place_or_implausible_is_a_problem() -> None:
    moved = check_blackbody(array_with_blackbody(35.0, col=27), BLACKBODY)
    assert "not uniform" in moved.problem
    cold = check_blackbody(array_with_blackbody(26.0), BLACKBODY)
    assert "set point" in cold.problem
    off_array = replace(BLACKBODY, blackbody_region=(31, 22, 3, 3))
    assert "outside the array" in check_blackbody(array_with_blackbody(35.0), off_array).problem


def test_ambient_correction_follows_the_room_not_the_skin() -> None:
    # The clinical study's slope: k °C more for each °C the room is below 24 °C.
    assert ambient_delta(20.0, 0.08) == pytest.approx(0.08 * 4.0)
    assert ambient_delta(28.0, 0.08) == pytest.approx(-0.08 * 4.0)
    assert ambient_delta(None, 0.08) == 0.0
    assert ambient_delta(20.0, 0.0) == 0.0


def test_distance_curve_interpolates_and_holds_its_ends() -> None:
    distances, offsets = (0.4, 0.6), (0.2, 0.6)
    assert distance_delta(0.5, distances, offsets) == pytest.approx(0.4)
    assert distance_delta(0.3, distances, offsets) == pytest.approx(0.2)
    assert distance_delta(0.9, distances, offsets) == pytest.approx(0.6)
    assert distance_delta(0.5, (), ()) == 0.0


def test_distance_curve_fit_takes_each_stations_median_and_skips_thin_ones() -> None:
    samples = [(0.40, 36.8, 36.6), (0.41, 36.9, 36.7), (0.39, 37.0, 36.8), (0.40, 36.5, 30.0)]
    samples += [(0.60, 36.8, 36.3), (0.61, 37.0, 36.5), (0.59, 36.6, 36.1)]
    samples += [(0.80, 36.8, 35.0)]  # one reading only: not a station
    distances, offsets = fit_distance_curve(samples)
    assert distances == pytest.approx((0.4, 0.6), abs=0.01)
    assert offsets == pytest.approx((0.2, 0.5))


def test_corrections_apply_in_order_and_are_named() -> None:
    settings = FusionSettings(
        offset_c=0.3, ambient_k=0.1, distance_curve_m=(0.4, 0.6), distance_curve_c=(0.0, 0.4)
    )
    corrections = body_corrections(25.0, 0.5, 0.5, settings, forehead=False, dilution_c=0.4)
    assert [(c.name, c.delta_c) for c in corrections] == [
        ("blackbody", 0.5),
        ("ambient", pytest.approx(0.1 * (24.0 - 25.0))),
        ("dilution", 0.4),
        ("distance", pytest.approx(0.2)),
        ("offset", 0.3),
    ]
    # The forehead's offset is on top of the canthus's: calibrating one calibrates both.
    forehead = body_corrections(25.0, 0.5, None, settings, forehead=True)
    assert [c.name for c in forehead] == [
        "forehead_ambient",
        "distance",
        "offset",
        "forehead_offset",
    ]


def test_settings_refuse_a_malformed_distance_curve() -> None:
    with pytest.raises(SettingsError, match="increasing"):
        parse_settings({"fusion": {"distance_curve_m": [0.6, 0.4], "distance_curve_c": [0, 0]}})
    with pytest.raises(SettingsError, match="one offset for each"):
        parse_settings({"fusion": {"distance_curve_m": [0.4, 0.6], "distance_curve_c": [0.1]}})


def test_fixed_threshold_ignores_history() -> None:
    threshold = AlarmThreshold(ScreeningSettings(threshold_c=37.5))
    for _ in range(100):
        threshold.observe_normal(36.0)
    assert threshold.value_c == 37.5


def test_adaptive_threshold_follows_the_running_mean_of_normals_within_bounds() -> None:
    settings = ScreeningSettings(
        threshold_mode="adaptive", adaptive_margin_c=0.8, adaptive_min_visitors=5
    )
    threshold = AlarmThreshold(settings)
    for _ in range(4):
        threshold.observe_normal(36.4)
    assert threshold.value_c == settings.threshold_c  # too few visitors yet
    threshold.observe_normal(36.4)
    assert threshold.value_c == pytest.approx(37.2)
    for _ in range(settings.adaptive_window):
        threshold.observe_normal(35.0)  # a drifting sensor cannot drag the alarm below 37
    assert threshold.value_c == settings.adaptive_bounds_c[0]
