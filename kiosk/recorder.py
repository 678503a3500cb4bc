"""Writing screening outcomes to the store off the vision thread.

Verdicts are queued (bounded) to one writer thread, so a slow disk never delays a
verdict on screen. If the store refuses a write (disk full, read-only, corrupt), the
kiosk keeps screening and the operator is told that records are not being kept.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from kiosk.screening import ScreeningResult
from kiosk.store import KioskStore, ScreeningRecord, StoreError

log = logging.getLogger(__name__)
BACKLOG = 256  # verdicts waiting for the disk before new ones are dropped (and counted)


def screening_record(result: ScreeningResult) -> ScreeningRecord:
    corrections = (
        {c.name: c.delta_c for c in result.measurement.corrections} if result.measurement else {}
    )
    return ScreeningRecord(result.temperature_c, str(result.verdict), corrections)


class ScreeningRecorder:
    def __init__(self, store: KioskStore, on_event: Callable[[dict[str, Any]], None]) -> None:
        self._store = store
        self._on_event = on_event
        self._queue: queue.Queue[ScreeningResult | None] = queue.Queue(maxsize=BACKLOG)
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self.dropped = 0
        self.failing = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Write what is queued, then stop."""
        self._queue.put(None)
        self._thread.join(timeout=10.0)

    def record(self, result: ScreeningResult) -> None:
        try:
            self._queue.put_nowait(result)
        except queue.Full:
            self.dropped += 1

    def _run(self) -> None:
        while (result := self._queue.get()) is not None:
            try:
                self._store.record_screening(screening_record(result))
            except (StoreError, sqlite3.Error, OSError) as error:
                if not self.failing:
                    self.failing = True
                    log.error("screening record not kept: %s", error)
                    self._on_event({"event": "store", "state": "failing", "message": str(error)})
                continue
            if self.failing:
                self.failing = False
                self._on_event({"event": "store", "state": "recording", "message": ""})
