"""Today's counts for the status panel and the aggregate CSV export: counts per day, no person.

Days are the kiosk's local calendar days, which is what the operator reads them as. The export
ends with the audit log's head (entry number and hash, after the export's own entry), so every
export the operator files away is also a witness of the log kept off the device: `kiosk audit
verify --witness ENTRY:HASH` later shows whether the log still holds that entry.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path

from kiosk.safe_files import private_directory, write_atomically
from kiosk.store.store import KioskStore

EXPORTS_FOLDER = "exports"


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
    with store.snapshot() as db:
        rows = db.execute(_QUERY.format(having=having), params).fetchall()
    return [DailyCounts(row[0], *(int(v) for v in row[1:])) for row in rows]


def today_counts(store: KioskStore) -> DailyCounts:
    today = date.today().isoformat()
    found = daily_counts(store, today)
    return found[0] if found else DailyCounts(today, 0, 0, 0, 0, 0)


def export_csv(store: KioskStore, actor: str = "operator") -> str:
    """The aggregate CSV (one row per day, no personal data) and, last, a `# audit head:`
    line; the export is audited."""
    rows = daily_counts(store)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in fields(DailyCounts)])
    writer.writerows(astuple(row) for row in rows)
    store.audit("aggregate_exported", actor=actor, days=len(rows), kind="daily_counts")
    head = store.audit_head()
    buffer.write(f"# audit head: entry {head.seq} {head.hash}\n")
    return buffer.getvalue()


def write_daily_counts(
    store: KioskStore, folder: Path | None = None, actor: str = "operator"
) -> tuple[Path, int]:
    """Write today's export, `daily-counts-YYYYMMDD.csv`, to `folder` (an operator's USB
    stick: 0644, to be read elsewhere) or by default to `exports/` in the data folder (0600);
    a link there is replaced, never written through. Returns the file and its days."""
    text = export_csv(store, actor)
    target = folder or private_directory(store.paths.data_dir / EXPORTS_FOLDER)
    path = target / f"daily-counts-{date.today():%Y%m%d}.csv"
    write_atomically(path, text, mode=0o600 if folder is None else 0o644)
    return path, text.count("\n") - 2  # neither the header row nor the audit head is a day
