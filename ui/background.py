"""Work the GUI thread must not do (database, scrypt, embeddings, serial probing) on one
worker thread; each result comes back to the GUI thread through a queued Qt signal."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class BackgroundTasks(QObject):
    """Runs submitted callables in order on one thread; callbacks run on the GUI thread."""

    _finished = Signal(int, object, object)  # task id, result, error

    def __init__(self) -> None:
        super().__init__()
        self._queue: queue.Queue[tuple[int, Callable[[], Any]] | None] = queue.Queue()
        self._callbacks: dict[int, tuple[Done, Failed | None]] = {}
        self._ids = itertools.count(1)
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="ui-tasks", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        task_id = next(self._ids)
        self._callbacks[task_id] = (done, failed)
        self._queue.put((task_id, work))

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10.0)

    def _run(self) -> None:
        while (task := self._queue.get()) is not None:
            task_id, work = task
            try:
                result, error = work(), None
            except Exception as exc:  # reported to the GUI, which tells the user
                log.exception("background task failed")
                result, error = None, exc
            self._finished.emit(task_id, result, error)

    def _deliver(self, task_id: int, result: object, error: object) -> None:
        done, failed = self._callbacks.pop(task_id)
        if isinstance(error, Exception):
            if failed is not None:
                failed(error)
            return
        done(result)
