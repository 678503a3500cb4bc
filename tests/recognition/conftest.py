"""Shared fixtures for recognition tests: the real photos, the real models, a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.paths import KioskPaths
from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.faces import FaceFinder, FaceToRecognise
from kiosk.recognition.service import FaceRecognition
from kiosk.settings.privacy import PrivacySettings
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore

FACES = Path(__file__).resolve().parents[2] / "assets" / "faces"
PHOTOS = (
    "person_a_1.jpg",
    "person_a_2.jpg",
    "person_b_1.jpg",
    "person_b_2.jpg",
    "impostor_1.jpg",
    "impostor_2.jpg",
    "astronaut_eileen_collins.png",
)


@pytest.fixture(scope="session")
def photos() -> dict[str, np.ndarray]:
    return {name: cv2.imread(str(FACES / name)) for name in PHOTOS}


@pytest.fixture(scope="session")
def found(photos: dict[str, np.ndarray]) -> dict[str, FaceToRecognise]:
    """The face in each photo, found once for the whole session."""
    with FaceFinder() as finder:
        result = {}
        for t, (name, image) in enumerate(photos.items()):
            face = finder.find(image, float(t))
            assert face is not None, name
            result[name] = face
        return result


def open_store(root: Path) -> KioskStore:
    return KioskStore.open(
        KioskPaths(root / "data", root / "config", root / "cache"), PrivacySettings()
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KioskStore]:
    with open_store(tmp_path) as opened:
        yield opened


@pytest.fixture
def ledger(store: KioskStore) -> ConsentLedger:
    return ConsentLedger(store, PrivacySettings())


@pytest.fixture
def recognition(store: KioskStore) -> FaceRecognition:
    return FaceRecognition(store, RecognitionSettings())


@pytest.fixture(scope="session")
def finder() -> Iterator[FaceFinder]:
    """One finder for the session's frames (VIDEO mode: keep timestamps increasing)."""
    with FaceFinder() as opened:
        yield opened


class Clock:
    """Monotonic frame times for the shared finder: every test's frames come after the last."""

    def __init__(self) -> None:
        self.t = 1000.0

    def next(self, step: float = 0.05) -> float:
        self.t += step
        return self.t


@pytest.fixture(scope="session")
def clock() -> Clock:
    return Clock()


def side_by_side(left: np.ndarray, right: np.ndarray, height: int = 480) -> np.ndarray:
    """Two photos in one frame, as two visitors in front of the camera."""
    scaled = [
        cv2.resize(p, (round(p.shape[1] * height / p.shape[0]), height)) for p in (left, right)
    ]
    return np.hstack(scaled)


def far_away(photo: np.ndarray, scale: float = 0.15) -> np.ndarray:
    """The photo's face small in a large frame, as a visitor standing far back."""
    small = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((max(480, small.shape[0]), max(640, small.shape[1]), 3), 120, np.uint8)
    frame[: small.shape[0], : small.shape[1]] = small
    return frame
