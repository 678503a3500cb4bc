"""A reading's uncertainty, component by component, and the decision it supports: normal only
when the interval is clear below the threshold, 'step closer' (with how near) only when a
nearer look would make it clear, elevated otherwise."""

from __future__ import annotations

import pytest

from kiosk.thermometry import people
from kiosk.thermometry.decision import CLOSER_STEP_M, Decision, judge
from kiosk.thermometry.uncertainty import (
    ReadingGeometry,
    canthus_uncertainty,
    dilution_c,
    forehead_uncertainty,
    of_mean,
)

K = people.COVERAGE_FACTOR


def geometry(distance_m: float) -> ReadingGeometry:
    """A face read through the 55° lens: a pixel 3.25 cm wide per metre of distance."""
    return ReadingGeometry(
        distance_m=distance_m,
        distance_spread=0.043,
        pixel_m=0.0325 * distance_m,
        spot=False,
        canthus_spread_m=0.001,
        region_radius_m=0.008,
    )


def test_nearer_readings_are_less_diluted_and_less_uncertain() -> None:
    near, far = geometry(0.3), geometry(0.75)
    assert 0.0 < dilution_c(near) < dilution_c(far) < people.CANTHUS_CONTRAST_C
    near_u = canthus_uncertainty(near, calibration_c=0.1, noise_c=0.2)
    far_u = canthus_uncertainty(far, calibration_c=0.1, noise_c=0.2)
    assert near_u.component("pixels") < far_u.component("pixels")
    # What no closer look removes: how people differ, and the installation's calibration.
    for name in ("site", "calibration", "noise"):
        assert near_u.component(name) == far_u.component(name)
    assert near_u.component("site") == people.CANTHUS_SPREAD_C
    assert far_u.standard_c > near_u.standard_c > people.CANTHUS_SPREAD_C


def test_the_forehead_is_visibly_less_certain_than_the_canthus() -> None:
    canthus = canthus_uncertainty(None, calibration_c=0.1, noise_c=0.2)
    forehead = forehead_uncertainty(calibration_c=0.1, noise_c=0.2)
    assert forehead.standard_c > canthus.standard_c + 0.15


def test_averaging_frames_shrinks_the_noise_only() -> None:
    one = canthus_uncertainty(geometry(0.5), calibration_c=0.1, noise_c=0.2)
    three = of_mean([one, one, one])
    assert three.component("noise") == pytest.approx(0.2 / 3**0.5)
    assert three.component("site") == pytest.approx(one.component("site"))
    assert three.component("pixels") == pytest.approx(one.component("pixels"))


def test_a_reading_clear_of_the_threshold_is_decided_at_once() -> None:
    assert judge(36.5, 0.4, 37.5, K).decision is Decision.NORMAL
    clear = judge(38.5, 0.4, 37.5, K)
    assert clear.decision is Decision.ELEVATED and clear.clear


def test_a_straddling_reading_asks_for_a_step_inside_the_least_that_decides_it() -> None:
    def u_at(distance_m: float) -> float:
        return 0.3 + 0.4 * distance_m  # shrinks as the visitor comes closer

    # From 0.75 m, 37.05 + k·0.6 reaches 37.5; from 0.5 m, 37.05 + k·0.5 stays below it.
    judgement = judge(
        37.05, u_at(0.75), 37.5, K, distance_m=0.75, nearest_m=0.3, uncertainty_at=u_at
    )
    assert judgement.decision is Decision.CLOSER and not judgement.clear
    assert judgement.closer_to_m is not None
    # One step inside the farthest distance that decides it: stopping short still does.
    least = judgement.closer_to_m + CLOSER_STEP_M
    assert 37.05 + K * u_at(least) < 37.5
    assert 37.05 + K * u_at(least + CLOSER_STEP_M) >= 37.5


def test_when_no_closer_look_could_decide_a_straddling_reading_it_is_elevated() -> None:
    def u_at(_distance_m: float) -> float:
        return 0.5  # nothing to gain by coming closer

    judgement = judge(37.2, 0.5, 37.5, K, distance_m=0.7, nearest_m=0.3, uncertainty_at=u_at)
    assert judgement.decision is Decision.ELEVATED and not judgement.clear
    assert judge(37.2, 0.5, 37.5, K).decision is Decision.ELEVATED  # nothing said of distance
