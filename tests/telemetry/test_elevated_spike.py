"""The elevated-rate spike rule: an exact binomial tail against the kiosk's own previous week,
read from the real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from math import comb

import pytest

from kiosk.paths import kiosk_paths
from kiosk.settings import Settings
from kiosk.store import KioskStore, ScreeningRecord
from kiosk.telemetry.elevated_spike import binomial_tail, check_hour
from kiosk.telemetry.hourly_counts import HourCounts

HOUR = datetime(2026, 11, 20, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("x", "n", "p"), [(0, 5, 0.1), (3, 20, 0.02), (9, 140, 0.0105), (7, 7, 0.3)]
)
def test_the_binomial_tail_is_exact(x: int, n: int, p: float) -> None:
    q = Fraction(p)
    exact = sum(comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(x, n + 1))
    assert binomial_tail(x, n, p) == pytest.approx(float(exact), rel=1e-9)


def _seed(store: KioskStore, normal: int, elevated: int, start: datetime, span: timedelta) -> None:
    total = normal + elevated
    for i in range(total):
        verdict = "elevated" if i < elevated else "normal"
        store.record_screening(ScreeningRecord(36.6, verdict, at=start + span * (i / total)))


def _hour(normal: int, elevated: int) -> HourCounts:
    return HourCounts(int(HOUR.timestamp()), normal + elevated, normal, elevated, 0, 0, 0)


def test_a_spike_is_an_improbable_hour_against_the_week_before() -> None:
    with KioskStore.open(kiosk_paths(), Settings().privacy) as store:
        # A week at about 1 % elevated, then the hour under test (not part of its baseline).
        _seed(store, 1990, 20, HOUR - timedelta(days=7), timedelta(days=7))
        _seed(store, 131, 9, HOUR, timedelta(hours=1))
        spike = check_hour(store, _hour(131, 9), threshold=3)
        usual = check_hour(store, _hour(136, 4), threshold=3)
    assert spike.baseline_rate == pytest.approx(21 / 2060)
    assert spike.spike and spike.p_value < 1e-4
    assert not usual.spike and usual.p_value > 0.01


def test_a_new_kiosk_does_not_alert_on_its_first_elevated_visitors() -> None:
    with KioskStore.open(kiosk_paths(), Settings().privacy) as store:
        first_hour = check_hour(store, _hour(17, 3), threshold=3)
    assert first_hour.baseline_rate == pytest.approx(1 / 50)
    assert not first_hour.spike


def test_a_spike_never_rests_on_fewer_visitors_than_the_threshold() -> None:
    with KioskStore.open(kiosk_paths(), Settings().privacy) as store:
        _seed(store, 5000, 0, HOUR - timedelta(days=7), timedelta(days=7))
        two = check_hour(store, _hour(10, 2), threshold=3)
        three_of_five = check_hour(store, _hour(2, 3), threshold=5)
    assert two.p_value < 1e-4 and not two.spike
    assert three_of_five.p_value < 1e-4 and not three_of_five.spike
