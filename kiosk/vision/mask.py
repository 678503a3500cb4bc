"""Face masks: drawing a plausible mask from the 478-point mesh, and telling whether one is worn.

`draw_mask` renders synthetic masks for the demo scene and for enrolment (a visitor's
template is also stored wearing a few mask styles: on real masked photos this raised genuine
masked scores without raising impostor ones, docs/recognition.md). `lower_face_covered`
compares the chin and lips with the skin between the brows of the same face.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

# Jaw part of MediaPipe's face oval, from the left ear (image left) round the chin to the right.
_JAW = (234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288)
_JAW_END = (361, 323, 454)
# The mask's top edge, from the right cheek over the nose bridge back to the left cheek:
# just under the eyes (cheekbones), across the bridge of the nose.
_TOP_EDGE = (447, 345, 346, 347, 348, 349, 351, 6, 122, 120, 119, 118, 117, 116, 227)
_NOSE_BRIDGE = 6
_CHIN = 152
_EARS = (234, 454)

# The covered-or-not test compares the chin and the mouth with this person's skin under this
# light, taken between the brows (the glabella): a mask never reaches it, and unlike the upper
# forehead it is rarely hidden by a fringe. Chroma (Cr, Cb) carries the decision: it is far
# less sensitive than brightness to the shadow under the nose and chin.
_MIN_PIXELS = 20
# A pixel matches the skin when its chroma is within this many robust standard deviations of
# the glabella's (floored, so a very even glabella does not make every pixel "not skin").
_SKIN_DISTANCE = 3.0
_MIN_CHROMA_SPREAD = 2.0
# Derived on real masked and unmasked photos of 23 people by leave-one-person-out (the rule
# and its held-out precision and recall are in docs/recognition.md): a face is covered when
# almost none of its chin is skin AND its mouth band is not lips or skin. The second test keeps
# beards (grey or dark chins with visible lips) from counting as masks.
_CHIN_SKIN_BELOW = 0.1
_LIPS_SKIN_BELOW = 0.5


class MaskStyle(StrEnum):
    SURGICAL = "surgical"  # light blue, horizontal pleats
    CLOTH = "cloth"  # dark fabric, a seam down the middle
    N95 = "n95"  # white, cup-shaped, a centre seam


# BGR base colour, line colour, and how strongly the mask is shaded toward its edges.
_LOOK: dict[MaskStyle, tuple[tuple[int, int, int], tuple[int, int, int], float]] = {
    MaskStyle.SURGICAL: ((222, 196, 140), (190, 160, 105), 0.22),
    MaskStyle.CLOTH: ((58, 48, 44), (35, 28, 26), 0.30),
    MaskStyle.N95: ((236, 240, 242), (200, 204, 206), 0.25),
}


def _outline(landmarks_xy: np.ndarray) -> np.ndarray:
    """The mask's polygon: jaw pushed slightly outward (a mask sits proud of the chin)."""
    xy = np.asarray(landmarks_xy, dtype=np.float32)[:, :2]
    centre = xy[_NOSE_BRIDGE] * 0.35 + xy[_CHIN] * 0.65
    jaw = xy[list(_JAW + _JAW_END)]
    jaw = centre + (jaw - centre) * 1.04
    return np.vstack([jaw, xy[list(_TOP_EDGE)]])


def draw_mask(image_bgr: np.ndarray, landmarks_xy: np.ndarray, style: MaskStyle) -> np.ndarray:
    """A new image with a `style` mask drawn from the nose bridge to the chin of one face.

    `landmarks_xy` is the (478, 2 or 3) mesh in pixels; extra columns are ignored.
    """
    xy = np.asarray(landmarks_xy, dtype=np.float32)[:, :2]
    base, line, shade = _LOOK[style]
    height, width = image_bgr.shape[:2]
    scale = 8  # sub-pixel precision for the anti-aliased polygon
    outline = _outline(xy)
    coverage = np.zeros((height, width), dtype=np.uint8)
    cv2.fillPoly(coverage, [np.round(outline * scale).astype(np.int32)], 255, cv2.LINE_AA, 3)
    face_width = float(np.linalg.norm(xy[_EARS[1]] - xy[_EARS[0]]))
    soften = max(1, int(face_width / 150)) * 2 + 1
    alpha = cv2.GaussianBlur(coverage, (soften, soften), 0).astype(np.float32)[..., None] / 255.0

    # Shading: a mask is a curved surface, darker toward the cheeks and under the chin.
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    middle_x = float((xy[_NOSE_BRIDGE, 0] + xy[_CHIN, 0]) / 2.0)
    top_y, bottom_y = float(xy[_NOSE_BRIDGE, 1]), float(xy[_CHIN, 1])
    across = np.clip(np.abs(xs - middle_x) / max(face_width / 2.0, 1.0), 0.0, 1.0)
    down = np.clip((ys - top_y) / max(bottom_y - top_y, 1.0), 0.0, 1.0)
    light = 1.0 - shade * (across**2) - 0.5 * shade * (down**3)
    fabric = np.empty((height, width, 3), dtype=np.float32)
    fabric[:] = base
    fabric *= light[..., None]
    # Keep the scene's broad light and shadow (blurred, so no mouth or teeth show through).
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255.0
    luminance = cv2.GaussianBlur(grey, (0, 0), max(face_width / 8.0, 1.0))
    fabric *= (0.85 + 0.3 * luminance)[..., None]
    painted = np.clip(fabric, 0, 255).astype(np.uint8)
    _draw_details(painted, xy, style, line, face_width)

    out = image_bgr.astype(np.float32) * (1.0 - alpha) + painted.astype(np.float32) * alpha
    _draw_ear_loops(out, xy, line, face_width)
    return np.clip(out, 0, 255).astype(np.uint8)


def _draw_details(
    canvas: np.ndarray,
    xy: np.ndarray,
    style: MaskStyle,
    colour: tuple[int, int, int],
    face_width: float,
) -> None:
    """Pleats for a surgical mask, a centre seam for cloth and N95 (clipped later by alpha)."""
    thickness = max(1, int(face_width / 120))
    left, right = xy[_JAW[2]], xy[_JAW_END[0]]
    if style is MaskStyle.SURGICAL:
        top, chin = xy[_NOSE_BRIDGE], xy[_CHIN]
        for fraction in (0.35, 0.55, 0.75):
            offset = (chin - top) * fraction
            start = left + offset - (left - top) * 0.5
            end = right + offset - (right - top) * 0.5
            cv2.line(canvas, _pt(start), _pt(end), colour, thickness, cv2.LINE_AA)
    else:
        points = np.round(xy[[_NOSE_BRIDGE, 4, 1, 0, 17, 200, _CHIN]]).astype(np.int32)
        cv2.polylines(canvas, [points], False, colour, thickness, cv2.LINE_AA)


def _draw_ear_loops(
    canvas: np.ndarray, xy: np.ndarray, colour: tuple[int, int, int], face_width: float
) -> None:
    """A thin strap from each side of the mask round behind the ear."""
    thickness = max(1, int(face_width / 160))
    centre = xy[_NOSE_BRIDGE]
    for ear, top, low in (
        (_EARS[0], _TOP_EDGE[-1], _JAW[2]),
        (_EARS[1], _TOP_EDGE[0], _JAW_END[0]),
    ):
        behind = xy[ear] + (xy[ear] - centre) * 0.08
        points = np.round(np.stack([xy[top], behind, xy[low]])).astype(np.int32)
        cv2.polylines(canvas, [points], False, colour, thickness, cv2.LINE_AA)


def _pt(point: np.ndarray) -> tuple[int, int]:
    return round(float(point[0])), round(float(point[1]))


@dataclass(frozen=True)
class MaskEvidence:
    """How much of the lower face still looks like this person's skin (0…1 each)."""

    chin_skin: float  # chin pixels with the glabella's skin chroma
    lips_skin: float  # mouth-band pixels that are skin or redder (lips), not fabric

    @property
    def covered(self) -> bool:
        return self.chin_skin < _CHIN_SKIN_BELOW and self.lips_skin < _LIPS_SKIN_BELOW


def mask_evidence(frame_bgr: np.ndarray, keypoints: np.ndarray) -> MaskEvidence:
    """The skin evidence below the nose of the face at YuNet-order `keypoints` (5, 2).

    The keypoints come from YuNet or from the MediaPipe mesh, so a masked face that only
    YuNet finds is judged the same way. A region too small to judge counts as skin: the
    kiosk never claims a mask it cannot see.
    """
    glabella, chin, lips = _lower_face_regions(np.asarray(keypoints, np.float32).reshape(5, 2))
    reference = _region_pixels(frame_bgr, glabella)
    chin_pixels, lips_pixels = _region_pixels(frame_bgr, chin), _region_pixels(frame_bgr, lips)
    if min(len(reference), len(chin_pixels), len(lips_pixels)) < _MIN_PIXELS:
        return MaskEvidence(1.0, 1.0)
    centre = np.median(reference[:, 1:], axis=0)
    spread = np.median(np.abs(reference[:, 1:] - centre), axis=0) * 1.4826
    spread = np.maximum(spread, _MIN_CHROMA_SPREAD)
    chin_z = (chin_pixels[:, 1:] - centre) / spread
    lips_z = (lips_pixels[:, 1:] - centre) / spread
    return MaskEvidence(
        chin_skin=float(np.mean(np.hypot(chin_z[:, 0], chin_z[:, 1]) < _SKIN_DISTANCE)),
        # Lips are redder (higher Cr) than skin; fabric is greyer or bluer: lower Cr, higher Cb.
        lips_skin=float(
            np.mean((lips_z[:, 0] > -_SKIN_DISTANCE) & (lips_z[:, 1] < _SKIN_DISTANCE))
        ),
    )


def lower_face_covered(frame_bgr: np.ndarray, keypoints: np.ndarray) -> bool:
    """Whether something that is not skin (a mask, a scarf) hides the mouth and chin."""
    return mask_evidence(frame_bgr, keypoints).covered


def _lower_face_regions(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Glabella, chin and mouth-band quadrilaterals placed from the keypoints in face
    proportions (units of the distance between the eyes)."""
    right_eye, left_eye, _, right_mouth, left_mouth = points
    spacing = max(float(np.linalg.norm(left_eye - right_eye)), 1.0)
    across = (left_eye - right_eye) / spacing
    down = np.array([-across[1], across[0]], dtype=np.float32)
    eyes, mouth = (right_eye + left_eye) / 2.0, (right_mouth + left_mouth) / 2.0
    mouth_width = float(np.linalg.norm(left_mouth - right_mouth)) / spacing

    def quad(centre: np.ndarray, half_width: float, top: float, bottom: float) -> np.ndarray:
        w, t, b = half_width * spacing * across, top * spacing * down, bottom * spacing * down
        return np.stack([centre - w + t, centre + w + t, centre + w + b, centre - w + b])

    return (
        # Between the brows down to the eye line, narrow enough to leave the eyebrows out:
        # their hair widens the skin's chroma spread until a white mask passes for skin.
        quad(eyes, 0.1, -0.35, 0.05),
        quad(mouth, 0.35, 0.3, 0.6),  # below the lower lip
        quad(mouth, 0.4 * mouth_width, -0.12, 0.12),  # the lips, between the mouth corners
    )


def _region_pixels(frame_bgr: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """YCrCb pixels inside `polygon`, only over the polygon's bounding box."""
    height, width = frame_bgr.shape[:2]
    x0, y0 = np.clip(np.floor(polygon.min(axis=0)).astype(int), 0, [width, height])
    x1, y1 = np.clip(np.ceil(polygon.max(axis=0)).astype(int) + 1, 0, [width, height])
    if x1 <= x0 or y1 <= y0:
        return np.empty((0, 3), dtype=np.float32)
    offset = np.array([x0, y0], dtype=np.float32)
    region = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
    cv2.fillPoly(region, [np.round(polygon - offset).astype(np.int32)], 255)
    ycrcb = cv2.cvtColor(frame_bgr[y0:y1, x0:x1], cv2.COLOR_BGR2YCrCb)
    return ycrcb[region > 0].astype(np.float32)
