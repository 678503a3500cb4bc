"""Hourly counts of screening outcomes, read from the store's records, and their published
form, in which no count can single out a visitor.

The counts come from `screening_records` (time, verdict, mask: no identity, no image), never
from verdict events, so telemetry never holds a temperature and a restart mid-hour loses
nothing. Hours are UTC clock hours: the finest time any visitor-derived figure carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.store.store import KioskStore

HOUR_S = 3600
# The outcomes partition the screened: every record has exactly one of these verdicts.
OUTCOMES = ("normal", "elevated", "retakes", "not_screened")

_QUERY = (
    "SELECT count(*), total(verdict = 'normal'), total(verdict = 'elevated'), "
    "total(verdict = 'retake'), total(verdict = 'not_screened'), total(coalesce(mask, 0)) "
    "FROM screening_records WHERE at >= ? AND at < ?"
)


def hour_start(t: float) -> int:
    """The start of the UTC clock hour holding the epoch time `t`."""
    return int(t // HOUR_S * HOUR_S)


def hour_label(start: int) -> str:
    """'2026-11-20T06:00Z': an hour, and nothing finer."""
    return datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:00Z")


@dataclass(frozen=True)
class HourCounts:
    hour_start: int  # epoch seconds, on the hour (UTC)
    screened: int
    normal: int
    elevated: int
    retakes: int
    not_screened: int
    masked: int


def hour_counts(store: KioskStore, start: int, counted_from: float) -> HourCounts:
    """The counts of the hour beginning at `start`, over the records made from `counted_from`
    (the hour's start, or the moment telemetry started within it) to the hour's end."""
    with store.transaction() as db:
        row = db.execute(_QUERY, [max(start, counted_from), start + HOUR_S]).fetchone()
    return HourCounts(start, *(int(value) for value in row))


def published_counts(counts: HourCounts, threshold: int) -> dict[str, int | str]:
    """The counts as sent: each below `threshold` as '< N'.

    Hiding the small outcomes alone is not enough, because the outcomes add up to the
    screened total: with 'elevated < 3' and everything else exact, elevated is the
    difference. So whenever an outcome is hidden, the largest outcome is hidden too, as a
    lower bound that the published figures already imply ('>= L'). Then the hidden small
    outcomes can always all be zero as far as anyone can tell from the message, and none
    can be shown to hold a visitor. With every outcome small, the total is given as a bound.
    """
    values = {name: getattr(counts, name) for name in OUTCOMES}
    small = [name for name in OUTCOMES if values[name] < threshold]
    below = f"< {threshold}"
    shown: dict[str, int | str] = {
        "screened": counts.screened,
        **{name: below if name in small else values[name] for name in OUTCOMES},
        "masked": below if counts.masked < threshold else counts.masked,
    }
    exact = [name for name in OUTCOMES if name not in small]
    if small and exact:
        widest = max(exact, key=lambda name: values[name])
        hidden = counts.screened - sum(values[name] for name in exact if name != widest)
        # The widest outcome is `hidden` less the small ones, each at most threshold - 1.
        shown[widest] = f">= {max(threshold, hidden - (threshold - 1) * len(small))}"
    elif small:
        shown["screened"] = below if counts.screened < threshold else f">= {threshold}"
    return shown
