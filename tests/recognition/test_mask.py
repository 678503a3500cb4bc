"""Drawn masks and the covered-lower-face test on the real photos."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.recognition.faces import FaceToRecognise
from kiosk.vision.mask import (
    MaskStyle,
    draw_mask,
    lower_face_covered,
    lower_face_covered_from_keypoints,
)

from .conftest import PHOTOS


@pytest.mark.parametrize("name", PHOTOS)
def test_bare_faces_are_not_covered(
    name: str, photos: dict[str, np.ndarray], found: dict[str, FaceToRecognise]
) -> None:
    mesh = found[name].landmarks
    assert mesh is not None
    assert not lower_face_covered(photos[name], mesh)
    assert not lower_face_covered_from_keypoints(photos[name], found[name].keypoints)


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("style", list(MaskStyle))
def test_drawn_masks_cover_the_lower_face(
    name: str, style: MaskStyle, photos: dict[str, np.ndarray], found: dict[str, FaceToRecognise]
) -> None:
    mesh = found[name].landmarks
    assert mesh is not None
    original = photos[name].copy()
    masked = draw_mask(photos[name], mesh, style)
    assert np.array_equal(photos[name], original), "draw_mask must return a new image"
    assert lower_face_covered(masked, mesh)
    # The forehead is untouched: the mask stops below the eyes.
    assert np.array_equal(masked[: int(mesh[10, 1]) + 1], original[: int(mesh[10, 1]) + 1])
