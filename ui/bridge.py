"""Carries pipeline results from worker threads to the GUI thread as Qt signals.

Preview updates go through a one-item slot: the worker replaces the pending update
and signals only when none is waiting, so a busy GUI skips frames instead of queueing.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.pipeline import PipelineUpdate


class PipelineBridge(QObject):
    update_ready = Signal()
    kiosk_event = Signal(dict)
    recognition_news = Signal(object)  # a LookupResult or an EnrolmentProgress

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._latest: PipelineUpdate | None = None

    # Called on worker threads.
    def post_update(self, update: PipelineUpdate) -> None:
        with self._lock:
            waiting = self._latest is not None
            self._latest = update
        if not waiting:
            self.update_ready.emit()

    def post_event(self, event: dict[str, Any]) -> None:
        self.kiosk_event.emit(event)

    def post_recognition(self, news: object) -> None:
        self.recognition_news.emit(news)

    # Called on the GUI thread.
    def take_update(self) -> PipelineUpdate | None:
        with self._lock:
            update, self._latest = self._latest, None
        return update
