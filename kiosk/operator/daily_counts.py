"""Today's counts for the status panel and the aggregate CSV export: counts per day, no person.

Days are the kiosk's local calendar days, which is what the operator reads them as.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date

from kiosk.store.store import KioskStore


@dataclass(frozen=True)
class DailyCounts:
    day: str  # YYYY-MM-DD, local time
    screened: int
    normal: int
    elevated: int
    retakes: int
    masked: int


_QUERY = (
    "SELECT date(at, 'unixepoch', 'localtime') AS day, count(*), "
    "total(verdict = 'normal'), total(verdict = 'elevated'), total(verdict = 'retake'), "
    "total(coalesce(mask, 0)) FROM screening_records GROUP BY day {having} ORDER BY day"
)


def daily_counts(store: KioskStore, day: str | None = None) -> list[DailyCounts]:
    """Counts for every day with records (or only `day`), oldest first."""
    having, params = ("", []) if day is None else ("HAVING day = ?", [day])
    with store.transaction() as db:
        rows = db.execute(_QUERY.format(having=having), params).fetchall()
    return [DailyCounts(row[0], *(int(v) for v in row[1:])) for row in rows]


def today_counts(store: KioskStore) -> DailyCounts:
    today = date.today().isoformat()
    found = daily_counts(store, today)
    return found[0] if found else DailyCounts(today, 0, 0, 0, 0, 0)


def export_csv(store: KioskStore, actor: str = "operator") -> str:
    """The aggregate CSV (one row per day, no personal data); the export is audited."""
    rows = daily_counts(store)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in fields(DailyCounts)])
    writer.writerows(astuple(row) for row in rows)
    store.audit("aggregate_exported", actor=actor, days=len(rows), kind="daily_counts")
    return buffer.getvalue()
