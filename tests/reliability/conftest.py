"""Reliability test set-up: a stand-in camera that can vanish and return at another device
index, and a recorder of what the pipeline shows and reports."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from drivers.camera import OpenCVCamera
from kiosk.pipeline import PipelineUpdate
from kiosk.screening import Phase

FPS = 30.0


class CameraBus:
    """Which device index the stand-in camera answers at (None: unplugged), and a switch
    that hangs its driver mid-read like a wedged USB stack."""

    def __init__(self, render: Callable[[float], np.ndarray], index: int | None = 0) -> None:
        self.render = render
        self.index = index
        self.hang = threading.Event()
        self.release = threading.Event()


class BusDevice:
    """One opened device index on the bus, behind the cv2.VideoCapture interface."""

    def __init__(self, bus: CameraBus, index: int) -> None:
        self._bus = bus
        self._index = index

    def isOpened(self) -> bool:
        return self._bus.index == self._index

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._bus.hang.is_set():
            self._bus.hang.clear()
            self._bus.release.wait()  # stuck until the test ends
        if self._bus.index != self._index:
            return False, None
        time.sleep(1.0 / FPS)
        return True, self._bus.render(time.monotonic())

    def set(self, prop: int, value: float) -> bool:
        return True

    def release(self) -> None:
        pass


class BusCamera(OpenCVCamera):
    """camera.source = 'auto' over the stand-in bus: the real scan, open and capture thread."""

    def __init__(self, bus: CameraBus) -> None:
        super().__init__("auto")
        self.bus = bus

    def _device(self, target: int | str) -> BusDevice:
        return BusDevice(self.bus, int(target))


@dataclass
class Observed:
    """Every update and event the pipeline produced, stamped with time.monotonic()."""

    updates: list[tuple[float, PipelineUpdate]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_update(self, update: PipelineUpdate) -> None:
        with self.lock:
            self.updates.append((time.monotonic(), update))

    def on_event(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.events.append(event)

    def wait_for(
        self, predicate: Callable[[PipelineUpdate], bool], after: float, deadline_s: float
    ) -> float | None:
        """The time of the first update after `after` that satisfies `predicate`."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            with self.lock:
                for t, update in self.updates:
                    if t > after and predicate(update):
                        return t
            time.sleep(0.02)
        return None

    def wait_paused(self, reason: str, after: float, deadline_s: float = 10.0) -> float | None:
        return self.wait_for(
            lambda u: u.view.phase is Phase.PAUSED and u.view.paused_reason == reason,
            after,
            deadline_s,
        )

    def wait_screening(self, after: float, deadline_s: float = 10.0) -> float | None:
        return self.wait_for(lambda u: u.view.phase is not Phase.PAUSED, after, deadline_s)
