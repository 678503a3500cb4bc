"""Is this hour's share of elevated results a spike? An exact one-sided binomial test of the
hour's elevated count against the kiosk's own rate over the previous week.

Under normal conditions each measured visitor (normal or elevated) is elevated with some
small probability p, so the hour's elevated count x among its n measured visitors is
Binomial(n, p). The baseline p is the kiosk's own elevated share over the seven days before
the hour, smoothed towards 1 in 50 by a prior worth 50 visitors, so a new kiosk (or one at
a quiet door) neither alerts on its first elevated visitor nor divides by zero. The hour is
a spike when P(X >= x) is below 1 in 10,000: a fleet of 50 kiosks open 12 hours a day
tests 600 hours a day, so that is about one false alarm in two weeks across the fleet.
A spike also needs x of at least the small-count threshold, so an alert can never point at
one visitor (and a single extra elevated visitor is no spike). A spike means a door to look
at: a sensor or blackbody drifting warm, sun on the entrance, or really more fever.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.store.store import KioskStore
from kiosk.telemetry.hourly_counts import HOUR_S, HourCounts

BASELINE_S = 7 * 24 * HOUR_S
PRIOR_VISITORS = 50.0
PRIOR_ELEVATED = 1.0
SIGNIFICANCE = 1e-4

_BASELINE = (
    "SELECT total(verdict = 'elevated'), total(verdict IN ('normal', 'elevated')) "
    "FROM screening_records WHERE at >= ? AND at < ?"
)


def binomial_tail(x: int, n: int, p: float) -> float:
    """P(X >= x) for X ~ Binomial(n, p), 0 < p < 1, summed exactly term by term."""
    if x <= 0:
        return 1.0
    if x > n:
        return 0.0
    log_first = (
        math.lgamma(n + 1)
        - math.lgamma(x + 1)
        - math.lgamma(n - x + 1)
        + x * math.log(p)
        + (n - x) * math.log1p(-p)
    )
    term, total, odds = math.exp(log_first), 0.0, p / (1.0 - p)
    for i in range(x, n + 1):
        total += term
        term *= (n - i) / (i + 1) * odds
    return min(1.0, total)


@dataclass(frozen=True)
class SpikeTest:
    elevated: int  # in the hour
    baseline_rate: float  # smoothed elevated share of the previous week
    p_value: float
    threshold: int  # the small-count threshold

    @property
    def spike(self) -> bool:
        return self.elevated >= self.threshold and self.p_value < SIGNIFICANCE


def baseline_rate(store: KioskStore, before: int) -> float:
    """The smoothed elevated share of measured visitors in the week before `before`."""
    with store.transaction() as db:
        elevated, measured = db.execute(_BASELINE, [before - BASELINE_S, before]).fetchone()
    return (elevated + PRIOR_ELEVATED) / (measured + PRIOR_VISITORS)


def check_hour(store: KioskStore, counts: HourCounts, threshold: int) -> SpikeTest:
    """The hour's elevated count against the week before it."""
    rate = baseline_rate(store, counts.hour_start)
    measured = counts.normal + counts.elevated
    return SpikeTest(
        counts.elevated, rate, binomial_tail(counts.elevated, measured, rate), threshold
    )
