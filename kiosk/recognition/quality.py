"""Whether a frame is good enough to enrol from: one face, close enough, facing the screen,
sharp, eyes open. Each failed check names what the visitor should do about it.

The measures use only the five alignment keypoints (and the mesh's eyelids when MediaPipe
found the face), so they judge the same face SFace will be given.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from kiosk.recognition.faces import FaceToRecognise

# SFace aligns a face to 112 × 112 with about 35 px between the eyes: a face with much fewer
# pixels there is upsampled into a blurry template. (30 px is about 1.2 m from a 640 px
# camera with a 62° field of view.)
MIN_EYE_SPACING_PX = 30.0
# Nose offset from the eyes' midpoint, in eye spacings: 0 when frontal. Frontal photos (the
# repository's and 20 real unmasked ones) stayed within ±0.2; 0.25 is about 15° of head turn.
MAX_TURN = 0.25
# Where the nose tip sits between the eye line (0) and the mouth line (1). The same frontal
# photos span 0.45–0.84; looking down (at the 'I agree' button) pushes it toward the mouth,
# looking up toward the eyes.
NOSE_HEIGHT_RANGE = (0.4, 0.86)
# Variance of the Laplacian of the face scaled to 112 px wide (SFace's resolution): sharp
# photos gave 37–970, low-resolution ones blurred by Gaussian σ 2 px (a moving head) 6–29.
MIN_SHARPNESS = 30.0
# Eyelid opening over eye width (mesh): open eyes on the same photos 0.18–0.38.
MIN_EYE_OPENING = 0.15
_RIGHT_EYE = (33, 133, 159, 145)  # outer corner, inner corner, upper lid, lower lid
_LEFT_EYE = (263, 362, 386, 374)


class Instruction(StrEnum):
    """What the visitor should do for a frame to be usable (the screen words it)."""

    LOOK_AT_SCREEN = "look_at_the_screen"  # no face found
    ONE_FACE_ONLY = "one_face_only"
    COME_CLOSER = "come_closer"
    FACE_THE_SCREEN = "face_the_screen"  # head turned, or looking up or down
    HOLD_STILL = "hold_still"  # blurred
    OPEN_EYES = "open_your_eyes"  # closed, or hidden (glare, hand)
    # Given by the enrolment session, which decides when a mask is wanted:
    LOWER_MASK = "lower_your_mask"
    PUT_MASK_BACK_ON = "put_your_mask_back_on"


@dataclass(frozen=True)
class FrameQuality:
    """The measures of one face; `instruction` is None when the frame can be enrolled from
    (masked or not: whether a mask is wanted is the enrolment's decision)."""

    eye_spacing_px: float
    turn: float
    nose_height: float
    sharpness: float
    eye_opening: float | None  # None without a mesh (YuNet only)
    instruction: Instruction | None


def frame_quality(frame_bgr: np.ndarray, faces: tuple[FaceToRecognise, ...]) -> FrameQuality:
    """The quality of the only face in `faces` (largest first), or why there is none."""
    if not faces:
        return FrameQuality(0.0, 0.0, 0.0, 0.0, None, Instruction.LOOK_AT_SCREEN)
    face = faces[0]
    right_eye, left_eye, nose, right_mouth, left_mouth = np.asarray(face.keypoints, np.float32)
    spacing = max(float(np.linalg.norm(left_eye - right_eye)), 1e-3)
    across = (left_eye - right_eye) / spacing
    down = np.array([-across[1], across[0]], dtype=np.float32)
    eyes, mouth = (right_eye + left_eye) / 2.0, (right_mouth + left_mouth) / 2.0
    turn = float((nose - eyes) @ across) / spacing
    nose_height = float((nose - eyes) @ down) / max(float((mouth - eyes) @ down), 1e-3)
    sharpness = _sharpness(frame_bgr, eyes, spacing)
    opening = None if face.landmarks is None else _eye_opening(face.landmarks)
    measures = (spacing, turn, nose_height, sharpness, opening)
    return FrameQuality(*measures, instruction=_instruction(faces, *measures))


def _instruction(
    faces: tuple[FaceToRecognise, ...],
    spacing: float,
    turn: float,
    nose_height: float,
    sharpness: float,
    opening: float | None,
) -> Instruction | None:
    # Ordered by what the visitor must fix first: nothing else matters with two people in view.
    if len(faces) > 1:
        return Instruction.ONE_FACE_ONLY
    if spacing < MIN_EYE_SPACING_PX:
        return Instruction.COME_CLOSER
    low, high = NOSE_HEIGHT_RANGE
    if abs(turn) > MAX_TURN or not low <= nose_height <= high:
        return Instruction.FACE_THE_SCREEN
    # Without a mesh (a masked face only YuNet found) the eyelids cannot be measured.
    if opening is not None and opening < MIN_EYE_OPENING:
        return Instruction.OPEN_EYES
    if sharpness < MIN_SHARPNESS:
        return Instruction.HOLD_STILL
    return None


def _sharpness(frame_bgr: np.ndarray, eyes: np.ndarray, spacing: float) -> float:
    """Laplacian variance of the face (eyes to mouth, cheek to cheek) scaled to 112 px wide."""
    half = 1.0 * spacing
    x0, y0 = int(max(eyes[0] - half, 0)), int(max(eyes[1] - 0.5 * spacing, 0))
    x1, y1 = int(eyes[0] + half), int(eyes[1] + 1.5 * spacing)
    patch = frame_bgr[y0:y1, x0:x1]
    if patch.size == 0:
        return 0.0
    grey = cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY)
    scale = 112.0 / grey.shape[1]
    grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(grey, cv2.CV_32F).var())


def _eye_opening(landmarks: np.ndarray) -> float:
    """The smaller eye's lid opening over its width: one closed or covered eye is enough to fail."""
    xy = np.asarray(landmarks, np.float32)[:, :2]
    openings = []
    for outer, inner, upper, lower in (_RIGHT_EYE, _LEFT_EYE):
        width = max(float(np.linalg.norm(xy[outer] - xy[inner])), 1e-3)
        openings.append(float(np.linalg.norm(xy[upper] - xy[lower])) / width)
    return min(openings)
