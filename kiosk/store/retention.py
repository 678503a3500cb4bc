"""Retention: the purger that deletes each data class once its window has passed.

The one owner of expiry. It runs at start-up and then on a schedule in a daemon
thread, tells the store's removal listeners (the recognition gallery) which people
expired, empties the WAL so deleted bytes leave the disk, and audits the counts.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.privacy.settings import PrivacySettings, RetentionSettings
from kiosk.store import audit
from kiosk.store.records import epoch, utc_now
from kiosk.store.store import KioskStore, delete_people

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeReport:
    """What one purge removed, per data class."""

    screening_records: int
    people: int
    templates: int
    consent_records: int
    audit_entries: int
    removed_person_ids: tuple[int, ...]

    def counts(self) -> dict[str, int]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name != "removed_person_ids"
        }


class Purger:
    """Deletes expired data; `run_once` on demand, `start`/`stop` for the schedule."""

    def __init__(
        self, store: KioskStore, retention: RetentionSettings, interval: timedelta
    ) -> None:
        self.store = store
        self.retention = retention
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, store: KioskStore, privacy: PrivacySettings) -> Purger:
        """The purger the privacy settings ask for: their windows, their interval."""
        return cls(store, privacy.retention, timedelta(minutes=privacy.purge_interval_minutes))

    def run_once(self, now: datetime | None = None) -> PurgeReport:
        now = now or utc_now()

        def cutoff(days: int) -> float:
            return epoch(now - timedelta(days=days))

        r = self.retention
        with self.store.transaction() as db:
            screening = db.execute(
                "DELETE FROM screening_records WHERE at < ?", [cutoff(r.screening_records_days)]
            ).rowcount
            expired = tuple(
                int(row[0])
                for row in db.execute(
                    "SELECT id FROM people WHERE last_seen_at < ? ORDER BY id",
                    [cutoff(r.templates_unseen_days)],
                )
            )
            templates = delete_people(db, expired)
            # A consent an enrolment still rests on is kept as long as the enrolment.
            consents = db.execute(
                "DELETE FROM consent_events WHERE at < ? "
                "AND id NOT IN (SELECT consent_id FROM people)",
                [cutoff(r.consent_records_days)],
            ).rowcount
            entries = audit.expire_entries(db, cutoff(r.audit_log_days))
            report = PurgeReport(screening, len(expired), templates, consents, entries, expired)
            audit.append_entry(db, epoch(now), "retention_purge", dict(report.counts()))
        self.store.checkpoint()
        self.store.notify_removed(expired)
        log.info("retention purge: %s", report.counts())
        return report

    def start(self) -> None:
        """Purge now and then every `interval`, in a daemon thread, until `stop()`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="retention-purger", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:
                # A failed purge (disk full, locked file) must not kill the schedule.
                log.exception("retention purge failed; retrying at the next interval")
            if self._stop.wait(self.interval.total_seconds()):
                return
