"""Retention: the purger that deletes each data class once its window has passed.

The one owner of expiry. It runs at start-up and then on a schedule in a daemon
thread, tells the store's removal listeners (the recognition gallery) which people
expired, empties the WAL so deleted bytes leave the disk, and audits the counts.

It does not trust a wall clock that jumps (see purge_clock.py): a leap far ahead of
the time the kiosk measured passing is held until the operator confirms it, and
rows stamped in the future after a jump back age from the moment they were found.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.settings.privacy import PrivacySettings, RetentionSettings
from kiosk.store.purge_clock import ClockCheck, check_clock, restamp_future_rows
from kiosk.store.records import epoch, utc_now
from kiosk.store.store import KioskStore, delete_people
from kiosk.watchdog import Beat, Worker

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
    # Operator-facing: why expiry was held back at a clock leap; "" when it was not.
    clock_alert: str = ""

    def counts(self) -> dict[str, int]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name not in ("removed_person_ids", "clock_alert")
        }


# A purge of a large database with secure delete can take a while without a heartbeat.
PURGE_STALL_S = 120.0


class Purger:
    """Deletes expired data; `run_once` on demand, `start`/`stop` for the schedule.

    `on_alert(message)` is called (from the purger thread) when a clock leap holds
    expiry back, until the operator confirms the clock with `run_once(confirm_clock=True)`.
    """

    def __init__(
        self,
        store: KioskStore,
        retention: RetentionSettings,
        interval: timedelta,
        *,
        on_alert: Callable[[str], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.retention = retention
        self.interval = interval
        self.on_alert = on_alert
        self._monotonic = monotonic
        self._last_run: float | None = None  # monotonic time of this process's last purge
        self.worker = Worker("purger", self._run, stall_s=PURGE_STALL_S)
        self._started = False

    @classmethod
    def from_settings(
        cls,
        store: KioskStore,
        privacy: PrivacySettings,
        on_alert: Callable[[str], None] | None = None,
    ) -> Purger:
        """The purger the privacy settings ask for: their windows, their interval."""
        return cls(
            store,
            privacy.retention,
            timedelta(minutes=privacy.purge_interval_minutes),
            on_alert=on_alert,
        )

    def run_once(self, now: datetime | None = None, confirm_clock: bool = False) -> PurgeReport:
        """Purge what has expired by `now` (default: the wall clock), unless the clock leapt.

        `confirm_clock` is the operator saying the wall clock is right after a leap.
        """
        wall = epoch(now or utc_now())
        mono = self._monotonic()
        elapsed = 0.0 if self._last_run is None else max(mono - self._last_run, 0.0)
        r = self.retention
        with self.store.transaction() as db:
            clock = check_clock(db, self.store.chain, wall, elapsed, confirm_clock)
            reference = clock.reference

            def cutoff(days: int) -> float:
                return reference - timedelta(days=days).total_seconds()

            if not clock.held:
                restamp_future_rows(db, reference)
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
            entries = self.store.chain.expire(db, cutoff(r.audit_log_days), clock.audit_restamp)
            report = PurgeReport(
                screening, len(expired), templates, consents, entries, expired, clock.alert
            )
            self.store.chain.append(db, reference, "retention_purge", dict(report.counts()))
        self._last_run = mono
        self.store.checkpoint()
        self.store.notify_removed(expired)
        log.info("retention purge: %s", report.counts())
        self._report_clock(clock)
        return report

    def _report_clock(self, clock: ClockCheck) -> None:
        if clock.alert:
            log.error("%s", clock.alert)
            if self.on_alert is not None:
                self.on_alert(clock.alert)

    def start(self) -> None:
        """Purge now and then every `interval`, in a daemon thread, until `stop()`."""
        if self._started:
            return
        self._started = True
        self.worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.worker.stop(timeout)
        self._started = False

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        while not stop.is_set():
            beat()
            try:
                self.run_once()
            except Exception:
                # A failed purge (disk full, locked file) must not kill the schedule.
                log.exception("retention purge failed; retrying at the next interval")
            deadline = self._monotonic() + self.interval.total_seconds()
            # Wait in short steps so the watchdog keeps hearing from an idle purger.
            while not stop.wait(min(1.0, max(deadline - self._monotonic(), 0.0))):
                beat()
                if self._monotonic() >= deadline:
                    break
