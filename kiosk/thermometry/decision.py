"""Deciding on a reading and its uncertainty (the guard-band decision rule of JCGM 106, turned
towards sensitivity as screening needs).

The interval is the reading ± k·u. Clear below the threshold: normal. Anything else cannot
exclude a fever: elevated, which sends the visitor to a clinical thermometer (IEC 80601-2-59,
ISO/TR 13154's secondary screening). When the interval straddles the threshold and the same
visitor read from nearer would be clear of it, a closer look can change the decision: the
kiosk asks for it, saying how near, instead of deciding now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

# Candidate distances for "come closer", metres: a step of a few centimetres is the finest a
# visitor can follow. The visitor is asked one such step nearer than the least that would do,
# so that stopping a little short (or the next reading's noise) does not ask again.
CLOSER_STEP_M = 0.05


class Decision(StrEnum):
    NORMAL = "normal"
    ELEVATED = "elevated"
    CLOSER = "closer"


@dataclass(frozen=True)
class Judgement:
    decision: Decision
    clear: bool  # the whole interval lies on one side of the threshold
    closer_to_m: float | None = None  # for CLOSER: where to stand (a step inside the least)


def judge(
    estimate_c: float,
    uncertainty_c: float,
    threshold_c: float,
    coverage_factor: float,
    *,
    distance_m: float | None = None,
    nearest_m: float | None = None,
    uncertainty_at: Callable[[float], float] | None = None,
) -> Judgement:
    """The decision on a reading of `estimate_c` ± `coverage_factor` · `uncertainty_c`.

    `uncertainty_at(d)` gives the uncertainty the same visitor would have from `d` metres;
    with it (and the visitor's distance and the nearest distance they may come to) a reading
    that straddles the threshold asks for the least step closer that would make it normal:
    nearer, it could only turn out clearly elevated, which it already is in effect.
    """
    k = coverage_factor
    if estimate_c + k * uncertainty_c < threshold_c:
        return Judgement(Decision.NORMAL, True)
    if estimate_c - k * uncertainty_c >= threshold_c:
        return Judgement(Decision.ELEVATED, True)
    if uncertainty_at is not None and distance_m is not None and nearest_m is not None:
        candidate = distance_m - CLOSER_STEP_M
        while candidate >= nearest_m - 1e-9:
            if estimate_c + k * uncertainty_at(candidate) < threshold_c:
                target = max(candidate - CLOSER_STEP_M, nearest_m)
                return Judgement(Decision.CLOSER, False, round(target, 2))
            candidate -= CLOSER_STEP_M
    return Judgement(Decision.ELEVATED, False)
