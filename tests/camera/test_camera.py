"""Camera sources: latest-frame slot, replay pacing and timestamps, live OpenCV sources."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from drivers.camera import CameraState, Frame, FrameSlot, OpenCVCamera, ReplayCamera


def wait_for(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached")


def test_slot_keeps_only_the_newest_frame() -> None:
    slot = FrameSlot()
    image = np.zeros((2, 2, 3), np.uint8)
    for index in (1, 2, 3):
        slot.put(Frame(image, float(index), index))
    frame = slot.wait_newer(0, timeout=0.1)
    assert frame is not None and frame.index == 3
    assert slot.wait_newer(3, timeout=0.05) is None


def test_replay_delivers_frames_with_monotonic_timestamps() -> None:
    seen: list[float] = []
    camera = ReplayCamera(lambda t: np.full((48, 64, 3), int(t) % 255, np.uint8), fps=50.0)
    camera.start()
    try:
        last = 0
        while len(seen) < 10:
            frame = camera.slot.wait_newer(last, timeout=2.0)
            assert frame is not None
            seen.append(frame.t)
            last = frame.index
    finally:
        camera.stop()
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert camera.status().state is CameraState.STREAMING


def test_missing_device_is_reported_not_raised() -> None:
    camera = OpenCVCamera("/nonexistent/camera.avi")
    camera.start()
    try:
        wait_for(lambda: camera.status().state is CameraState.DISCONNECTED)
    finally:
        camera.stop()
    message = camera.status().message
    assert "could not be opened" in message and "camera.source" in message


def test_video_file_source_streams(tmp_path: Path) -> None:
    # Synthetic colour bars, not a picture of anyone.
    path = tmp_path / "bars.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 25.0, (64, 48))
    for shade in range(20):
        writer.write(np.full((48, 64, 3), shade * 10, np.uint8))
    writer.release()
    camera = OpenCVCamera(str(path))
    camera.start()
    try:
        frame = camera.slot.wait_newer(0, timeout=5.0)
    finally:
        camera.stop()
    assert frame is not None and frame.image.shape == (48, 64, 3)
