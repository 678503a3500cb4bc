"""The purger's clock: which time expiry is measured against when the wall clock jumps.

The database keeps the time of the last purge. Between purges the kiosk measures how
much time really passed (time.monotonic()), so:

- a wall clock far ahead of the last purge plus the time measured since (a dead RTC
  battery, a bad NTP answer: "it is 2031") would expire everything at once. Expiry is
  then measured against the last purge time plus the measured time instead, the leap
  is audited once, and the operator is alerted at every purge until they confirm the
  clock (`kiosk purge --now --confirm-clock`). Nothing is deleted on the leap's word.
- a wall clock that went back ("it is 2021 again") would keep every row stamped
  before the jump for years. Rows stamped in the future are re-stamped to the purge
  time at which they were found, so they expire one retention window after the jump
  instead of never. Audit entries cannot be edited (their hashes cover the time), so
  the meta table remembers which entries count as stamped at the jump instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import sqlite_utils

from kiosk.store.audit import AuditChain

# Wall time this far beyond the time the kiosk measured passing is taken for a clock fault.
# A kiosk switched off for longer (a holiday) also trips it: the operator confirms once.
CLOCK_LEAP_S = timedelta(days=7).total_seconds()
# Stepping back less than this is ordinary correction (NTP slew, a drifting RTC).
CLOCK_SKEW_S = timedelta(minutes=10).total_seconds()
_CLOCK_KEY = "purge_clock"
# Tables whose retention is measured from a timestamp column that may be re-stamped.
_STAMPED = (("screening_records", "at"), ("people", "last_seen_at"), ("consent_events", "at"))


@dataclass(frozen=True)
class ClockCheck:
    reference: float  # seconds since 1970 that expiry is measured against
    held: bool  # a leap is waiting for the operator's confirmation
    alert: str  # operator-facing, "" when the clock is trusted
    audit_restamp: tuple[int, float] | None  # audit entries ≤ seq stamped later count as at


def _read(db: sqlite_utils.Database) -> dict[str, object] | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [_CLOCK_KEY]).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def _write(db: sqlite_utils.Database, state: dict[str, object]) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [_CLOCK_KEY, json.dumps(state, sort_keys=True)],
    )


def check_clock(
    db: sqlite_utils.Database, chain: AuditChain, wall: float, elapsed_s: float, confirm: bool
) -> ClockCheck:
    """Decide the reference time for this purge and record it; audits leaps and jumps back.

    `elapsed_s` is the monotonic time since this process's previous purge (0 for the first).
    """
    # The first purge of a database has no earlier one to compare with: it takes the wall clock.
    state = _read(db) or {"at": wall, "leap_since": None}
    last = float(state["at"])  # type: ignore[arg-type]
    expected = last + elapsed_s
    restamp = state.get("audit_restamp")
    audit_restamp = None if restamp is None else (int(restamp[0]), float(restamp[1]))  # type: ignore[index]
    if confirm:
        if state.get("leap_since") is not None:
            chain.append(db, wall, "clock_confirmed", {"from": expected, "to": wall})
        state.update(at=wall, leap_since=None)
        _write(db, state)
        return ClockCheck(wall, False, "", audit_restamp)
    if wall > expected + CLOCK_LEAP_S:
        if state.get("leap_since") is None:
            state["leap_since"] = wall
            chain.append(
                db,
                expected,
                "clock_leap_held",
                {"last_purge_at": last, "wall_clock": wall, "leap_days": (wall - expected) / 86400},
            )
        state["at"] = expected
        _write(db, state)
        alert = (
            f"the system clock is {(wall - expected) / 86400:.0f} days ahead of the last purge "
            f"and the time the kiosk measured since; expiry is held at the last trusted time so "
            f"no records are purged on a wrong clock. Check the date and time, then run "
            f"'kiosk purge --now --confirm-clock'."
        )
        return ClockCheck(expected, True, alert, audit_restamp)
    if wall < last - CLOCK_SKEW_S:
        head = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        audit_restamp = (int(head or 0), wall)
        state["audit_restamp"] = list(audit_restamp)
        chain.append(db, wall, "clock_went_back", {"last_purge_at": last, "wall_clock": wall})
        state.update(at=wall, leap_since=None)
    else:
        state.update(at=max(wall, last), leap_since=None)
    _write(db, state)
    return ClockCheck(wall, False, "", audit_restamp)


def restamp_future_rows(db: sqlite_utils.Database, reference: float) -> int:
    """Re-stamp rows dated after `reference` (beyond the skew) to `reference`; rows changed."""
    changed = 0
    for table, column in _STAMPED:
        # Table and column names are our own constants, never input.
        changed += db.execute(
            f"UPDATE {table} SET {column} = ? WHERE {column} > ?",
            [reference, reference + CLOCK_SKEW_S],
        ).rowcount
    return changed
