"""A replayed scene of visitors built from the licensed photos in assets/faces.

Each visitor walks up from afar, stands still at the measuring distance, and leaves;
then the next one comes. The scene knows where every visitor's face landmarks are at
every moment (found once on the source photo), so the thermal simulator can render
what a co-located sensor sees and tests can score the kiosk against a known truth.

A photo of someone really wearing a mask may hide the face from the landmarker: its
geometry then comes from another photo of the same person, whose mesh is carried onto it
by the similarity that maps one photo's YuNet keypoints onto the other's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.assets import assets_dir
from kiosk.thermometry.optics import focal_length_px
from kiosk.vision.face_detector import YuNetDetector
from kiosk.vision.landmarks import IRIS_DIAMETER_M, FaceLandmarks, observe_face


@dataclass(frozen=True)
class Visitor:
    photo: str  # file name in the scene's faces folder (or a path)
    body_c: float  # the visitor's true body temperature
    masked: bool = False  # wears a mask: drawn on the photo unless the photo shows one
    glasses: bool = False
    yaw_deg: float = 0.0  # head turned to the camera's right (+) or left (−) while standing
    mask_in_photo: bool = False  # the photo itself shows a real mask
    # Another photo of the same person whose mesh gives this one's face geometry (for a
    # photo whose real mask hides the face from the landmarker)
    geometry_photo: str | None = None


@dataclass(frozen=True)
class VisitorPose:
    """Where the current visitor is at one moment, in camera pixels."""

    visitor: Visitor
    distance_m: float
    landmarks: np.ndarray  # (478, 2) float32, camera pixels
    still: bool  # standing in the measuring zone, not walking
    sprite: int  # which of the scene's visitors
    photo_to_frame: np.ndarray  # (2, 3) affine from the source photo to camera pixels
    yaw_deg: float = 0.0


DEMO_VISITORS = (
    Visitor("person_a_2.jpg", 36.6),
    Visitor("person_b_1.jpg", 36.9, masked=True),
    Visitor("impostor_1.jpg", 38.4),
    Visitor("impostor_2.jpg", 36.4, masked=True),
    Visitor("person_b_2.jpg", 37.0),
    Visitor("astronaut_eileen_collins.png", 36.7, masked=True),
)


@dataclass(frozen=True)
class _Sprite:
    image: np.ndarray  # BGR photo, masked if the visitor wears one
    alpha: np.ndarray  # float32 0…1, soft ellipse around head and shoulders
    landmarks: np.ndarray  # (478, 2) in photo pixels
    centre: np.ndarray  # face centre in photo pixels
    iris_px: float


@dataclass(frozen=True)
class Timeline:
    approach_s: float = 1.5
    still_s: float = 3.0
    leave_s: float = 1.0
    empty_s: float = 1.0
    far_m: float = 1.6
    measure_m: float = 0.4

    @property
    def cycle_s(self) -> float:
        return self.approach_s + self.still_s + self.leave_s + self.empty_s


def _backdrop(width: int, height: int) -> np.ndarray:
    """A plain mall-entrance backdrop: warm wall, floor, a doorway."""
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    wall = (1.0 - ramp) * np.array([200, 210, 220], np.float32) + ramp * np.array(
        [150, 160, 170], np.float32
    )
    image = np.broadcast_to(wall, (height, width, 3)).astype(np.uint8).copy()
    cv2.rectangle(image, (0, int(height * 0.82)), (width, height), (110, 118, 126), -1)
    cv2.rectangle(image, (int(width * 0.62), int(height * 0.18)), (width - 30, int(height * 0.82)),
                  (170, 150, 120), -1)  # fmt: skip
    return image


class VisitorScene:
    """Renders the camera's view of the visitor sequence at any moment."""

    def __init__(
        self,
        visitors: tuple[Visitor, ...] = DEMO_VISITORS,
        *,
        frame_size: tuple[int, int] = (640, 480),
        horizontal_fov_deg: float = 62.0,
        timeline: Timeline | None = None,
        start: float = 0.0,
        faces_dir: Path | None = None,
    ) -> None:
        self.visitors = visitors
        self.frame_size = frame_size
        self.timeline = timeline or Timeline()
        self.start = start
        self._focal = focal_length_px(frame_size[0], horizontal_fov_deg)
        self._backdrop = _backdrop(*frame_size)
        directory = faces_dir or assets_dir() / "faces"
        with FaceLandmarks(horizontal_fov_deg, max_faces=1, video=False) as landmarker:
            detector = YuNetDetector()
            self._sprites = [
                self._sprite(landmarker, detector, directory, v, i) for i, v in enumerate(visitors)
            ]

    @staticmethod
    def _sprite(
        landmarker: FaceLandmarks,
        detector: YuNetDetector,
        directory: Path,
        visitor: Visitor,
        index: int,
    ) -> _Sprite:
        image = _photo(directory / visitor.photo)
        if visitor.geometry_photo is None:
            result = landmarker.detect(image, float(index))
            if not result.faces:
                raise ValueError(f"no face found in demo photo {directory / visitor.photo}")
            points = result.faces[0].landmarks[:, :2].copy()
        else:
            points = _carried_mesh(
                landmarker, detector, image, _photo(directory / visitor.geometry_photo)
            )
        face = observe_face(
            np.column_stack([points, np.zeros(len(points))]).astype(np.float32),
            (image.shape[1], image.shape[0]),
            62.0,  # any field of view: only the box and iris size are used here
        )
        if visitor.masked and not visitor.mask_in_photo:
            from kiosk.vision.mask import MaskStyle, draw_mask

            styles = list(MaskStyle)
            image = draw_mask(image, points, styles[index % len(styles)])
        if visitor.glasses:
            image = _draw_glasses(image, points)
        x, y, w, h = face.box
        centre = np.array([x + w / 2.0, y + h / 2.0], np.float32)
        alpha: np.ndarray = np.zeros(image.shape[:2], np.float32)
        axes = (int(w * 0.95), int(h * 1.6))
        cv2.ellipse(alpha, (int(centre[0]), int(centre[1] + h * 0.35)), axes, 0, 0, 360, 1.0, -1)
        alpha = cv2.GaussianBlur(alpha, (0, 0), sigmaX=max(w, h) * 0.08)
        assert face.iris_diameter_px is not None
        return _Sprite(image, alpha, points, centre, face.iris_diameter_px)

    def pose_at(self, t: float) -> VisitorPose | None:
        """The visitor in view at monotonic time t, or None when nobody is there."""
        line = self.timeline
        elapsed = max(t - self.start, 0.0)
        number, phase = divmod(elapsed, line.cycle_s)
        index = int(number) % len(self.visitors)
        width = self.frame_size[0]
        drift_x = 0.0
        still = False
        if phase < line.approach_s:
            progress = phase / line.approach_s
            distance = line.far_m + (line.measure_m - line.far_m) * progress
        elif phase < line.approach_s + line.still_s:
            distance = line.measure_m
            still = True
        elif phase < line.approach_s + line.still_s + line.leave_s:
            progress = (phase - line.approach_s - line.still_s) / line.leave_s
            distance = line.measure_m + 0.2 * progress
            drift_x = progress * width * 0.9  # walks off to the side
        else:
            return None
        yaw = self.visitors[index].yaw_deg if still else 0.0
        return self.pose_of(index, distance, elapsed, still=still, drift_x=drift_x, yaw_deg=yaw)

    def pose_of(
        self,
        index: int,
        distance_m: float,
        elapsed: float,
        *,
        still: bool = True,
        drift_x: float = 0.0,
        yaw_deg: float = 0.0,
    ) -> VisitorPose:
        """Visitor `index` standing `distance_m` away, `elapsed` s into the scene.

        A turned head is approximated by foreshortening the photo horizontally by
        cos(yaw): the face gets narrower but the nose stays midway, so the landmarker's
        yaw estimate does not see the turn (the thermal side models the hidden canthus).
        """
        width, height = self.frame_size
        sprite = self._sprites[index]
        # Scale so the iris spans what it would at this distance through this lens.
        scale = self._focal * IRIS_DIAMETER_M / distance_m / sprite.iris_px
        squeeze = scale * math.cos(math.radians(yaw_deg))
        # Breathing-sized sway (a few pixels) even when standing still.
        sway = np.array([2.0 * math.sin(elapsed * 1.3), 1.5 * math.sin(elapsed * 0.9)], np.float32)
        target = np.array([width / 2.0 + drift_x, height * 0.45], np.float32) + sway
        offset = target - sprite.centre * np.array([squeeze, scale], np.float32)
        affine = np.array([[squeeze, 0.0, offset[0]], [0.0, scale, offset[1]]], np.float32)
        landmarks = (sprite.landmarks * np.array([squeeze, scale]) + offset).astype(np.float32)
        return VisitorPose(
            self.visitors[index], distance_m, landmarks, still, index, affine, yaw_deg
        )

    def frame_at(self, t: float) -> np.ndarray:
        """The BGR camera frame at monotonic time t."""
        return self.render(self.pose_at(t))

    def render(self, pose: VisitorPose | None) -> np.ndarray:
        """The BGR camera frame showing `pose` (the empty backdrop for None)."""
        frame = self._backdrop.copy()
        if pose is None:
            return frame
        sprite = self._sprites[pose.sprite]
        # Warp only the part of the frame the photo covers: most of the frame is backdrop.
        height, width = sprite.image.shape[:2]
        corners = np.array([[0, 0, 1], [width, height, 1]], np.float32) @ pose.photo_to_frame.T
        x0, y0 = np.maximum(np.floor(corners.min(axis=0)), 0).astype(int)
        x1 = int(min(np.ceil(corners[:, 0].max()), self.frame_size[0]))
        y1 = int(min(np.ceil(corners[:, 1].max()), self.frame_size[1]))
        if x1 <= x0 or y1 <= y0:
            return frame
        matrix = pose.photo_to_frame - np.array([[0, 0, x0], [0, 0, y0]], np.float32)
        size = (x1 - x0, y1 - y0)
        person = cv2.warpAffine(sprite.image, matrix, size, flags=cv2.INTER_LINEAR)
        alpha = cv2.warpAffine(sprite.alpha, matrix, size, flags=cv2.INTER_LINEAR)
        region = frame[y0:y1, x0:x1]
        frame[y0:y1, x0:x1] = cv2.blendLinear(person, region, alpha, 1.0 - alpha)
        return frame


# A face crop this small is tight around the face (the MFR2 crops are 160 px): detectors need
# the room around a face that a camera frame has, so it is bordered to three times its size.
TIGHT_CROP_PX = 300


def _photo(path: Path) -> np.ndarray:
    """A photo scaled to 720 px on its longer side; a tight crop first given room around it."""
    image = cv2.imread(str(path))
    if image is None:
        raise FileNotFoundError(f"demo photo {path} is missing or unreadable")
    if max(image.shape[:2]) < TIGHT_CROP_PX:
        height, width = image.shape[:2]
        image = cv2.copyMakeBorder(image, height, height, width, width, cv2.BORDER_REPLICATE)
    scale = 720.0 / max(image.shape[:2])
    interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_CUBIC
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)


def _carried_mesh(
    landmarker: FaceLandmarks, detector: YuNetDetector, image: np.ndarray, geometry: np.ndarray
) -> np.ndarray:
    """The (478, 2) mesh of `geometry`'s face moved onto `image`'s face by the similarity
    (rotation, scale, shift) that best maps one's YuNet keypoints onto the other's."""
    found = landmarker.detect(geometry, 0.0).faces
    source, target = detector.detect(geometry), detector.detect(image)
    if not found or not source or not target:
        raise ValueError("the photo or its geometry photo shows no face YuNet and the mesh find")
    similarity, _ = cv2.estimateAffinePartial2D(source[0].keypoints, target[0].keypoints)
    if similarity is None:
        raise ValueError("the two photos' keypoints do not map onto each other")
    mesh = found[0].landmarks[:, :2].astype(np.float64)
    return (mesh @ similarity[:, :2].T + similarity[:, 2]).astype(np.float32)


def _draw_glasses(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Dark spectacle frames with faintly tinted lenses around both eyes, joined over the nose."""
    from kiosk.vision.face_regions import LEFT_EYE, RIGHT_EYE

    spacing = float(np.linalg.norm(points[362] - points[133]))
    thickness = max(int(spacing * 0.06), 1)
    axes = (int(spacing * 0.62), int(spacing * 0.42))
    frame_colour = (25, 25, 30)
    centres = sorted(
        (tuple(int(v) for v in points[list(eye)].mean(axis=0)) for eye in (RIGHT_EYE, LEFT_EYE)),
        key=lambda c: c[0],
    )
    tint = image.copy()
    for centre in centres:
        cv2.ellipse(tint, centre, axes, 0, 0, 360, (70, 60, 50), -1, cv2.LINE_AA)
    out = cv2.addWeighted(image, 0.85, tint, 0.15, 0.0)
    for centre in centres:
        cv2.ellipse(out, centre, axes, 0, 0, 360, frame_colour, thickness, cv2.LINE_AA)
    (lx, ly), (rx, ry) = centres
    bridge_y = int((ly + ry) / 2 - spacing * 0.1)
    cv2.line(out, (lx + axes[0], bridge_y), (rx - axes[0], bridge_y), frame_colour, thickness)
    return out
