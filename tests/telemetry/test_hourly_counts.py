"""Hourly counts read from the real store, and their published form: small outcomes withheld,
and no combination of the published figures can show that a withheld outcome holds anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.paths import kiosk_paths
from kiosk.settings import Settings
from kiosk.store import KioskStore, ScreeningRecord
from kiosk.telemetry.hourly_counts import (
    OUTCOMES,
    HourCounts,
    hour_counts,
    hour_label,
    hour_start,
    published_counts,
)
from tests.telemetry.payload_rules import BOUND

HOUR = datetime(2026, 11, 20, 6, tzinfo=UTC)


def test_an_hour_is_counted_from_the_records_made_in_it() -> None:
    with KioskStore.open(kiosk_paths(), Settings().privacy) as store:
        for minute, verdict, mask in [
            (0, "normal", True),
            (10, "normal", False),
            (20, "elevated", None),
            (30, "retake", None),
            (59, "not_screened", None),
            (60, "normal", None),  # the next hour
            (-1, "elevated", None),  # the hour before
        ]:
            at = HOUR + timedelta(minutes=minute)
            store.record_screening(ScreeningRecord(36.6, verdict, mask=mask, at=at))
        start = hour_start(HOUR.timestamp() + 1800)
        counts = hour_counts(store, start, start)
        later_start = hour_counts(store, start, start + 15 * 60)
    assert start == int(HOUR.timestamp()) and hour_label(start) == "2026-11-20T06:00Z"
    assert counts == HourCounts(start, 5, 2, 1, 1, 1, 1)
    # Telemetry switched on at 06:15: the visitors before were told nothing is sent.
    assert later_start == HourCounts(start, 3, 0, 1, 1, 1, 0)


def test_small_outcomes_are_withheld_and_the_largest_given_as_a_bound() -> None:
    busy = HourCounts(0, screened=152, normal=131, elevated=1, retakes=20, not_screened=0, masked=9)
    assert published_counts(busy, 3) == {
        "screened": 152,
        "normal": ">= 128",  # 152 - 20, less at most 2 + 2 in elevated and not screened
        "elevated": "< 3",
        "retakes": 20,
        "not_screened": "< 3",
        "masked": 9,
    }
    plain = HourCounts(0, screened=40, normal=30, elevated=3, retakes=4, not_screened=3, masked=2)
    assert published_counts(plain, 3) == {
        "screened": 40,
        "normal": 30,
        "elevated": 3,
        "retakes": 4,
        "not_screened": 3,
        "masked": "< 3",
    }
    quiet = HourCounts(0, screened=5, normal=2, elevated=1, retakes=2, not_screened=0, masked=0)
    assert published_counts(quiet, 3) == {
        "screened": ">= 3",
        **{name: "< 3" for name in OUTCOMES},
        "masked": "< 3",
    }


def _interval(shown: int | str) -> tuple[int, float]:
    """What a published figure says about the true one: [low, high]."""
    if isinstance(shown, int):
        return shown, shown
    bound = BOUND.fullmatch(shown)
    assert bound is not None, shown
    number = int(bound.group(2))
    return (0, number - 1) if bound.group(1) == "<" else (number, float("inf"))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=4, max_size=4),
    st.integers(3, 6),
)
def test_no_withheld_outcome_can_be_shown_to_hold_a_visitor(
    values: list[int], threshold: int
) -> None:
    counts = HourCounts(0, sum(values), *values, masked=0)
    shown = published_counts(counts, threshold)
    ranges = {name: _interval(shown[name]) for name in OUTCOMES}
    total_low, total_high = _interval(shown["screened"])
    for name, value in zip(OUTCOMES, values, strict=True):
        low, high = ranges[name]
        assert low <= value <= high, f"{name}: published {shown[name]!r} but it is {value}"
        if value >= threshold and not isinstance(shown[name], int):
            continue  # a large outcome given as a bound: not a small one
        if isinstance(shown[name], int):
            assert value >= threshold
            continue
        # A withheld outcome: it could be 0, given everything else that was published.
        others_low = sum(ranges[o][0] for o in OUTCOMES if o != name)
        others_high = sum(ranges[o][1] for o in OUTCOMES if o != name)
        assert max(others_low, total_low) <= min(others_high, total_high), (
            f"{shown}: {name} must hold someone"
        )
