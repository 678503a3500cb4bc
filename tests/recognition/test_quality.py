"""Enrolment frame checks on the real photos: each failure names what the visitor should do."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.recognition.faces import FaceFinder
from kiosk.recognition.quality import Instruction, frame_quality

from .conftest import Clock, far_away, side_by_side

GOOD = ("person_a_2.jpg", "person_b_2.jpg", "impostor_1.jpg", "impostor_2.jpg")


@pytest.mark.parametrize("name", GOOD)
def test_a_frontal_sharp_photo_passes(
    name: str, photos: dict[str, np.ndarray], finder: FaceFinder, clock: Clock
) -> None:
    frame = photos[name]
    quality = frame_quality(frame, finder.find_all(frame, clock.next()))
    assert quality.instruction is None, quality


def test_each_failure_says_what_to_do(
    photos: dict[str, np.ndarray], finder: FaceFinder, clock: Clock
) -> None:
    photo = photos["person_a_2.jpg"]
    blank = np.full((480, 640, 3), 120, np.uint8)
    frames = {
        Instruction.LOOK_AT_SCREEN: blank,
        Instruction.ONE_FACE_ONLY: side_by_side(photo, photos["person_b_2.jpg"]),
        Instruction.COME_CLOSER: far_away(photo),
        # Out of focus or moving: blurred by a twentieth of the eye spacing (136 px here).
        Instruction.HOLD_STILL: cv2.GaussianBlur(photo, (0, 0), 7),
    }
    for expected, frame in frames.items():
        quality = frame_quality(frame, finder.find_all(frame, clock.next()))
        assert quality.instruction is expected, (expected, quality)
