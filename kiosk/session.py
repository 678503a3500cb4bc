"""Recorded sessions: a lossless video and a serial log of the thermometer's bytes, written by
`kiosk record` (only when the operator allowed it), and the deterministic frame-by-frame loop
that replays them through the same landmarker, driver decoder and screening machine.

Replay is offline, not real time: frame i is at i / fps, each logged chunk is fed to the
driver's own decoder at its logged time, and the screening machine sees exactly the same
inputs on every run, so a replay reproduces the recorded verdicts. Faces are found as the
pipeline finds them (the landmarker, and YuNet when it finds none), with the installer's
settings (`--config`): their homography, mounting and corrections.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from drivers.thermal.registry import DRIVERS, UnknownDriverError
from kiosk.pipeline import OutcomeEvents
from kiosk.screening import Screening
from kiosk.settings import Settings
from kiosk.vision.cascade import FaceCascade
from kiosk.vision.landmarks import FaceLandmarks

VIDEO_NAME = "video.avi"
SERIAL_LOG_NAME = "serial.jsonl"
# FFV1 is lossless: the replayed frames are the recorded frames, bit for bit.
VIDEO_CODEC = "FFV1"


class SessionError(ValueError):
    """A session file is missing or malformed; the message names it."""


@dataclass(frozen=True)
class SerialChunk:
    t: float  # seconds since the session started
    data: bytes


def read_serial_log(path: Path) -> list[SerialChunk]:
    """The chunks of a serial log (JSON lines {"t": seconds, "data": "<hex>"}), in time order."""
    chunks = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SessionError(f"serial log {path} cannot be read ({error.strerror})") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            chunks.append(SerialChunk(float(entry["t"]), bytes.fromhex(entry["data"])))
        except (ValueError, KeyError, TypeError) as error:
            raise SessionError(
                f'{path}:{number}: expected {{"t": seconds, "data": "<hex>"}} ({error})'
            ) from error
    return sorted(chunks, key=lambda chunk: chunk.t)


def decode_serial(chunks: Iterable[SerialChunk], driver: str) -> list[ThermalReading]:
    """Every reading the named driver's decoder makes of the logged bytes, stamped with the
    time its last byte arrived."""
    try:
        decoder = DRIVERS[driver].new_decoder()
    except KeyError:
        raise UnknownDriverError(
            f"unknown thermal driver {driver!r}; known: {', '.join(DRIVERS)}"
        ) from None
    readings: list[ThermalReading] = []
    for chunk in chunks:
        readings.extend(decoder.feed(chunk.data, chunk.t))
    return readings


def video_frames(path: Path) -> Iterator[tuple[float, np.ndarray]]:
    """(time, BGR frame) for each frame of a video, timed by the file's frame rate."""
    if not path.is_file():
        raise SessionError(f"video {path} does not exist")
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not capture.isOpened() or not fps or fps <= 0:
        capture.release()
        raise SessionError(f"video {path} cannot be decoded or has no frame rate")
    try:
        index = 0
        while True:
            ok, image = capture.read()
            if not ok:
                return
            yield index / fps, image
            index += 1
    finally:
        capture.release()


class SessionLoop:
    """One frame at a time through landmarks → fusion → screening, as the pipeline does."""

    def __init__(self, settings: Settings, landmarker: FaceLandmarks) -> None:
        self._landmarker = landmarker
        self._screening = Screening(settings.screening, settings.fusion)
        self._outcomes = OutcomeEvents()

    def step(
        self, image: np.ndarray, t: float, reading: ThermalReading | None
    ) -> list[dict[str, Any]]:
        """The JSON events this frame produces (verdicts, pauses), in headless-mode format."""
        vision = self._landmarker.detect(image, t)
        view, result = self._screening.update(vision, reading)
        return self._outcomes.events(view, result, t)


def replay(
    frames: Iterable[tuple[float, np.ndarray]],
    readings: list[ThermalReading],
    settings: Settings,
) -> Iterator[dict[str, Any]]:
    """Events of a session: each frame paired with the newest reading that had arrived."""
    with FaceCascade(settings.camera.horizontal_fov_deg) as landmarker:
        loop = SessionLoop(settings, landmarker)
        next_reading = 0
        latest: ThermalReading | None = None
        for t, image in frames:
            while next_reading < len(readings) and readings[next_reading].t <= t:
                latest = readings[next_reading]
                next_reading += 1
            yield from loop.step(image, t, latest)


class SessionWriter:
    """Writes a session directory: the lossless video and the serial log (0600 files)."""

    def __init__(self, directory: Path, fps: float, frame_size: tuple[int, int]) -> None:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.video_path = directory / VIDEO_NAME
        self.serial_log_path = directory / SERIAL_LOG_NAME
        self._video = cv2.VideoWriter(
            str(self.video_path), cv2.VideoWriter.fourcc(*VIDEO_CODEC), fps, frame_size
        )
        if not self._video.isOpened():
            raise SessionError(f"cannot write {VIDEO_CODEC} video to {self.video_path}")
        os.chmod(self.video_path, 0o600)
        descriptor = os.open(self.serial_log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._log = os.fdopen(descriptor, "w", encoding="utf-8")

    def add_frame(self, image: np.ndarray) -> None:
        self._video.write(image)

    def add_bytes(self, t: float, data: bytes) -> None:
        self._log.write(json.dumps({"t": round(t, 6), "data": data.hex()}) + "\n")

    def close(self) -> None:
        self._video.release()
        self._log.close()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
