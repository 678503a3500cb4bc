"""Writing screening outcomes to the store off the vision thread.

Verdicts are queued (bounded) to one writer thread, so a slow disk never delays a
verdict on screen. If the store refuses a write (disk full, read-only, locked, corrupt),
the kiosk keeps screening, the operator is told that records are not being kept, and
the writer retries the oldest waiting record until the store takes it. A store that
could not be opened at all is opened again every few seconds the same way. Once the
store takes a record, the outage is audited: when it began, why, and how many verdicts
could not be kept.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.screening import ScreeningResult
from kiosk.store import KioskStore, ScreeningRecord, StoreError
from kiosk.store.records import utc_now
from kiosk.watchdog import CHECK_S, Beat, Worker

log = logging.getLogger(__name__)
BACKLOG = 256  # verdicts waiting for the disk before new ones are dropped (and counted)
RETRY_S = 1.0  # how often a failing store is tried again
REOPEN_S = 5.0  # how often a store that could not be opened is opened again
DRAIN_S = 10.0  # longest wait at shut-down for queued records to reach the disk
STORE_ERRORS = (StoreError, sqlite3.Error, OSError)


def screening_record(result: ScreeningResult, masked: bool | None = None) -> ScreeningRecord:
    corrections = (
        {c.name: c.delta_c for c in result.measurement.corrections} if result.measurement else {}
    )
    return ScreeningRecord(result.temperature_c, str(result.verdict), corrections, mask=masked)


StoreOpener = Callable[[], KioskStore]


class ScreeningRecorder:
    """Writes each verdict to `store`, or to the store `store()` opens once it can.

    `on_open(store)` is called (on the writer thread) when a late store finally opens.
    """

    def __init__(
        self,
        store: KioskStore | StoreOpener,
        on_event: Callable[[dict[str, Any]], None],
        on_open: Callable[[KioskStore], None] | None = None,
    ) -> None:
        self.store = store if isinstance(store, KioskStore) else None
        self._opener = None if isinstance(store, KioskStore) else store
        self._on_open = on_open
        self._on_event = on_event
        # Records are made when the verdict is given, so a backlog keeps the right times.
        self._queue: queue.Queue[ScreeningRecord | None] = queue.Queue(maxsize=BACKLOG)
        self.worker = Worker("recorder", self._run)
        self.dropped = 0  # verdicts never written: the backlog was full
        self.failing = False
        self._failing_since = 0.0
        self._failure = ""
        self._dropped_at_failure = 0

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        """Write what is queued, then stop; a failing store is not waited for."""
        if not self.failing:
            try:
                self._queue.put(None, timeout=DRAIN_S)
                self.worker.join(DRAIN_S)
            except queue.Full:
                pass
        self.worker.stop(timeout=DRAIN_S)

    def backlog(self) -> int:
        """Verdicts waiting for the disk."""
        return self._queue.qsize()

    def record(self, result: ScreeningResult, masked: bool | None = None) -> None:
        """Queue the verdict's record; `masked`: the visitor wore a mask (None: not known)."""
        try:
            self._queue.put_nowait(screening_record(result, masked))
        except queue.Full:
            self.dropped += 1

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        next_open = time.monotonic()
        while not stop.is_set():
            beat()
            if self.store is None and time.monotonic() >= next_open:
                self._reopen()
                next_open = time.monotonic() + REOPEN_S
            try:
                record = self._queue.get(timeout=CHECK_S)
            except queue.Empty:
                continue
            if record is None:
                return
            while not self._write(record):
                beat()
                if stop.wait(RETRY_S if self.store is not None else REOPEN_S):
                    return

    def _write(self, record: ScreeningRecord) -> bool:
        store = self.store or self._reopen()
        if store is None:
            return False
        try:
            store.record_screening(record)
        except STORE_ERRORS as error:
            self._failed("failing", str(error))
            return False
        if self.failing:
            self._recovered()
        return True

    def _reopen(self) -> KioskStore | None:
        assert self._opener is not None
        try:
            store = self._opener()
        except STORE_ERRORS as error:
            self._failed("unavailable", str(error))
            return None
        self.store = store
        if self._on_open is not None:
            self._on_open(store)
        if self.failing:
            self._recovered()
        return store

    def _failed(self, state: str, reason: str) -> None:
        """Tell the operator once per outage; the first reason is the one audited."""
        if self.failing:
            return
        self.failing = True
        self._failing_since = time.time()
        self._failure = reason
        self._dropped_at_failure = self.dropped
        log.error("screening records are not being kept: %s", reason)
        self._on_event(
            {
                "event": "store",
                "state": state,
                "message": f"screening records are not being kept: {reason} "
                f"Screening continues; the kiosk keeps retrying.",
            }
        )

    def _recovered(self) -> None:
        self.failing = False
        lost = self.dropped - self._dropped_at_failure
        assert self.store is not None
        try:
            self.store.audit(
                "records_not_kept",
                since=self._failing_since,
                until=utc_now().timestamp(),
                reason=self._failure[:200],
                dropped=lost,
            )
        except STORE_ERRORS as error:
            log.warning("could not audit the recording outage: %s", error)
        self._on_event({"event": "store", "state": "recording", "message": ""})
