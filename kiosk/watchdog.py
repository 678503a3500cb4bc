"""Heartbeats and restarts for the kiosk's worker threads.

Each stage (vision, recorder, purger, camera, sensor reader) shows a sign of life at
least every few seconds. The watchdog restarts a stage that has gone quiet for longer
than its `stall_s`, logs the restart and reports it as a status event; `health()` gives
the operator panel every stage's last-beat age and restart count.

Restarts are budgeted (Frigate's MAX_RESTARTS in a window): a kiosk that keeps restarting
stages is not getting better by itself, so past the budget the watchdog stops trying and
says so (`on_budget_spent`); the kiosk then goes out of service and exits for its service
manager to start it afresh.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger(__name__)

CHECK_S = 0.5  # how often the watchdog looks; also the longest a worker waits between beats
STALL_S = 10.0  # default: quiet for this long means stuck (MediaPipe loads in ~1 s)
# Five restarts within a minute: one stuck driver call recovers with one restart; a stage
# that hangs again at once (a dead device, a full disk) would otherwise restart for ever.
RESTART_BUDGET = 5
RESTART_WINDOW_S = 60.0

Beat = Callable[[], None]
WorkerBody = Callable[[threading.Event, Beat], None]


class Stage(Protocol):
    """Anything the watchdog can supervise."""

    name: str
    stall_s: float

    def last_beat(self) -> float:
        """time.monotonic() of the stage's latest sign of life."""
        ...

    def restart(self) -> None:
        """Abandon the stuck thread and start a fresh one."""
        ...


@runtime_checkable
class Supervised(Protocol):
    """Something handed to the pipeline (the record keeping) that brings stages of its own."""

    def stages(self) -> Sequence[Stage]: ...


@dataclass(frozen=True)
class StageHealth:
    name: str
    beat_age_s: float
    restarts: int


class Worker:
    """A daemon thread running `body(stop, beat)`; `restart()` swaps in a new thread.

    A stuck thread cannot be killed in Python: it is given its own stop event, which is
    set on restart, so it exits on its own if it ever comes back.
    """

    def __init__(self, name: str, body: WorkerBody, stall_s: float = STALL_S) -> None:
        self.name = name
        self.stall_s = stall_s
        self._body = body
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._beat = time.monotonic()

    def start(self) -> None:
        with self._lock:
            self._stop = threading.Event()
            self._beat = time.monotonic()
            self._thread = threading.Thread(
                target=self._body, args=(self._stop, self.beat), name=self.name, daemon=True
            )
            self._thread.start()

    def beat(self) -> None:
        self._beat = time.monotonic()

    def last_beat(self) -> float:
        return self._beat

    def restart(self) -> None:
        with self._lock:
            self._stop.set()
        self.start()

    def join(self, timeout: float) -> None:
        """Wait for the current thread to finish on its own."""
        with self._lock:
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stop.set()
        self.join(timeout)


class Watchdog:
    """Checks every stage each CHECK_S and restarts the quiet ones."""

    def __init__(
        self,
        stages: Callable[[], Sequence[Stage]],
        on_event: Callable[[dict[str, Any]], None],
        clock: Callable[[], float] = time.monotonic,
        *,
        budget: int = RESTART_BUDGET,
        window_s: float = RESTART_WINDOW_S,
        on_budget_spent: Callable[[str], None] | None = None,
    ) -> None:
        # Asked at every check: a stage may join later (the purger, once a late store opens).
        self._stages = stages
        self._on_event = on_event
        self._clock = clock
        self._restarts: dict[str, int] = {}
        self._recent: list[float] = []  # clock times of the restarts within the window
        self._budget = budget
        self._window_s = window_s
        self._on_budget_spent = on_budget_spent
        self.budget_spent = False
        self._worker = Worker("watchdog", self._run)

    def start(self) -> None:
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop()

    def health(self) -> list[StageHealth]:
        now = self._clock()
        return [
            StageHealth(s.name, round(now - s.last_beat(), 3), self._restarts.get(s.name, 0))
            for s in self._stages()
        ]

    def stalled(self) -> list[str]:
        """The stages quiet for longer than their stall_s right now."""
        now = self._clock()
        return [s.name for s in self._stages() if now - s.last_beat() > s.stall_s]

    def check(self) -> None:
        """Restart every stage that has been quiet for longer than its stall_s, within the
        budget; past it, restart nothing more and report the budget spent (once)."""
        for stage in self._stages():
            now = self._clock()
            quiet_s = now - stage.last_beat()
            if quiet_s <= stage.stall_s or self.budget_spent:
                continue
            self._recent = [t for t in self._recent if now - t < self._window_s]
            if len(self._recent) >= self._budget:
                self._spend_budget(stage.name, quiet_s)
                return
            self._recent.append(now)
            self._restarts[stage.name] = self._restarts.get(stage.name, 0) + 1
            message = (
                f"the {stage.name} stage stopped responding for {quiet_s:.0f} s and was "
                f"restarted (restart {self._restarts[stage.name]})"
            )
            log.error("%s", message)
            try:
                stage.restart()
            except Exception:
                log.exception("restarting the %s stage failed; trying again later", stage.name)
            self._on_event(
                {
                    "event": "watchdog",
                    "stage": stage.name,
                    "state": "restarted",
                    "restarts": self._restarts[stage.name],
                    "message": message,
                }
            )

    def _spend_budget(self, stage: str, quiet_s: float) -> None:
        self.budget_spent = True
        message = (
            f"the {stage} stage stopped responding again ({quiet_s:.0f} s) after "
            f"{self._budget} restarts within {self._window_s:.0f} s; the kiosk stops "
            f"restarting it and restarts itself"
        )
        log.critical("%s", message)
        event = {
            "event": "watchdog",
            "stage": stage,
            "state": "budget_spent",
            "restarts": self._restarts.get(stage, 0),
            "message": message,
        }
        self._on_event(event)
        if self._on_budget_spent is not None:
            self._on_budget_spent(message)

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        while not stop.wait(CHECK_S):
            beat()
            try:
                self.check()
            except Exception:  # the watchdog itself must outlive any one bad check
                log.exception("watchdog check failed")
