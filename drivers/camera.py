"""Cameras behind one interface: a live OpenCV source and a replay source.

Each source runs its own capture thread and puts every frame, stamped with
time.monotonic() when it was captured, into a latest-frame slot. A slow consumer
only ever sees the newest frame: stale frames are dropped, never queued.
"""

from __future__ import annotations

import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import cv2
import numpy as np

AUTO_SOURCE = "auto"
AUTO_MAX_INDEX = 10  # /dev/video0 … 9: more than a kiosk ever has attached


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR, uint8
    t: float  # time.monotonic() at capture
    index: int  # 1, 2, 3 … in capture order


class CameraState(StrEnum):
    STARTING = "starting"
    STREAMING = "streaming"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class CameraStatus:
    source: str
    state: CameraState
    frames: int
    fps: float
    message: str  # what is wrong and what to do; "" when streaming


class FrameSlot:
    """Holds only the newest frame; readers wait for one newer than what they saw."""

    def __init__(self) -> None:
        self._frame: Frame | None = None
        self._ready = threading.Condition()

    def put(self, frame: Frame) -> None:
        with self._ready:
            self._frame = frame
            self._ready.notify_all()

    def latest(self) -> Frame | None:
        with self._ready:
            return self._frame

    def wait_newer(self, index: int, timeout: float) -> Frame | None:
        """The newest frame with a higher index than `index`, or None after `timeout` s."""
        with self._ready:
            self._ready.wait_for(
                lambda: self._frame is not None and self._frame.index > index, timeout
            )
            frame = self._frame
        return frame if frame is not None and frame.index > index else None


class CameraSource(ABC):
    """A capture thread feeding a FrameSlot; subclasses only open and grab."""

    RETRY_S = 1.0  # how often a missing camera is looked for again

    def __init__(self, description: str) -> None:
        self.description = description
        self.slot = FrameSlot()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._state = CameraState.STARTING
        self._message = ""
        self._frames = 0
        self._fps = 0.0
        self._beat = time.monotonic()

    @abstractmethod
    def _open(self) -> None:
        """Open the device; raise OSError with an operator-facing message if it cannot."""

    @abstractmethod
    def _grab(self) -> np.ndarray | None:
        """The next BGR image, or None when the device stopped delivering."""

    def _close(self) -> None:  # noqa: B027 - optional hook: a replay has nothing to release
        """Release the device."""

    def start(self) -> None:
        with self._lock:
            # Each capture thread has its own stop event, so restart() can abandon a thread
            # stuck inside a driver call without that thread ever touching the new one's state.
            self._stop = threading.Event()
            self._beat = time.monotonic()
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name="camera", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=2.0)

    def restart(self) -> None:
        """Abandon the capture thread (it may be stuck in the driver) and start a fresh one."""
        with self._lock:
            self._stop.set()
        self.start()

    def last_beat(self) -> float:
        """time.monotonic() of the capture thread's latest frame or open attempt."""
        with self._lock:
            return self._beat

    def status(self) -> CameraStatus:
        with self._lock:
            return CameraStatus(
                self.description, self._state, self._frames, self._fps, self._message
            )

    def _set_state(self, state: CameraState, message: str = "") -> None:
        with self._lock:
            self._state = state
            self._message = message
            self._beat = time.monotonic()

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self._open()
            except OSError as error:
                self._set_state(CameraState.DISCONNECTED, str(error))
                stop.wait(self.RETRY_S)
                continue
            self._set_state(CameraState.STREAMING)
            self._stream(stop)
            with self._lock:
                abandoned = stop is not self._stop
            if not abandoned:  # an abandoned thread's device was already replaced
                self._close()

    def _stream(self, stop: threading.Event) -> None:
        window_start = time.monotonic()
        window_frames = 0
        while not stop.is_set():
            image = self._grab()
            now = time.monotonic()
            if stop.is_set():
                return  # restarted while this thread was inside the driver
            if image is None:
                self._set_state(
                    CameraState.DISCONNECTED,
                    f"camera {self.description} stopped delivering frames; "
                    "check its cable, the kiosk keeps trying",
                )
                return
            with self._lock:
                self._frames += 1
                self._beat = now
                index = self._frames
            self.slot.put(Frame(image=image, t=now, index=index))
            window_frames += 1
            if now - window_start >= 1.0:
                with self._lock:
                    self._fps = window_frames / (now - window_start)
                window_start, window_frames = now, 0


class VideoDevice(Protocol):
    """The part of cv2.VideoCapture a camera source uses."""

    def isOpened(self) -> bool: ...

    def read(self) -> tuple[bool, np.ndarray | None]: ...

    def set(self, prop: int, value: float) -> bool: ...

    def get(self, prop: int) -> float: ...

    def release(self) -> None: ...


class FramePacer:
    """Releases one frame per period in real time; a late frame never causes a burst."""

    def __init__(self, fps: float) -> None:
        self.period = 1.0 / fps
        self._next = time.monotonic()

    def wait(self, stop: threading.Event) -> None:
        delay = self._next - time.monotonic()
        if delay > 0:
            stop.wait(delay)
        self._next = max(self._next + self.period, time.monotonic() - self.period)


class OpenCVCamera(CameraSource):
    """A device index ('0'), 'auto', a video file or a stream URL, read through OpenCV.

    'auto' takes the first device index that opens and, whenever the camera is lost,
    looks through the indices again: a USB camera unplugged and plugged back in often
    returns under another index.
    """

    def __init__(self, source: str, width: int = 640, height: int = 480) -> None:
        super().__init__(source)
        self._targets: tuple[int | str, ...]
        if source == AUTO_SOURCE:
            self._targets = tuple(range(AUTO_MAX_INDEX))
        else:
            self._targets = (int(source) if source.isdigit() else source,)
        self._size = (width, height)
        self._capture: VideoDevice | None = None
        self._pacer: FramePacer | None = None
        self.opened: int | str | None = None  # the target now streaming, for status and tests

    def _device(self, target: int | str) -> VideoDevice:
        """Open one target; the seam a test uses to stand in for camera hardware."""
        return cv2.VideoCapture(target)

    def _open(self) -> None:
        for target in self._targets:
            capture = self._device(target)
            if capture.isOpened():
                break
            capture.release()
        else:
            raise OSError(
                f"camera {self.description!r} could not be opened: check that it is plugged in "
                "and that camera.source in the settings names it ('auto', a device index such "
                "as 0, a video file or a stream URL)"
            )
        if isinstance(target, int):
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        # A video file stands in for a camera: deliver it at its own frame rate, not as fast
        # as it decodes, or a short file ends before anyone has looked at it.
        self._pacer = None
        if _is_file(target):
            self._pacer = FramePacer(capture.get(cv2.CAP_PROP_FPS) or 30.0)
        self._capture = capture
        self.opened = target

    def _grab(self) -> np.ndarray | None:
        capture = self._capture
        if capture is None:
            return None
        if self._pacer is not None:
            self._pacer.wait(self._stop)
        ok, image = capture.read()
        return image if ok else None

    def _close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
            self.opened = None


class ReplayCamera(CameraSource):
    """Frames rendered by a scene function of time.monotonic(), paced at a frame rate.

    The demo and the tests use it to replay a scene of visitors exactly as a live
    camera would deliver it: on its own thread, in real time, latest frame wins.
    """

    def __init__(
        self, render: Callable[[float], np.ndarray], fps: float, description: str = "demo"
    ) -> None:
        super().__init__(description)
        self._render = render
        self._fps = fps
        self._pacer = FramePacer(fps)

    def _open(self) -> None:
        self._pacer = FramePacer(self._fps)

    def _grab(self) -> np.ndarray | None:
        self._pacer.wait(self._stop)
        return self._render(time.monotonic())


def _is_file(target: int | str) -> bool:
    return isinstance(target, str) and "://" not in target and os.path.isfile(target)
