"""Finding the faces to recognise in a frame: the MediaPipe mesh first, YuNet when it misses.

Real masked faces can be invisible to MediaPipe's detector (DEPENDENCIES.md); YuNet's
five keypoints are enough to align a face for SFace, so a masked visitor is still found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.vision.embedding import keypoints_from_mesh
from kiosk.vision.face_detector import YuNetDetector
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.mask import lower_face_covered

MESH_POINTS = 478


@dataclass(frozen=True)
class FaceToRecognise:
    keypoints: np.ndarray  # (5, 2) in YuNet's order, frame pixels
    landmarks: np.ndarray | None  # (478, 3) mesh when MediaPipe found the face, else None
    masked: bool  # the mouth and chin are covered

    @property
    def size(self) -> float:
        """Face width in pixels (the mesh's, else from the keypoints), to rank faces by."""
        if self.landmarks is not None:
            return float(np.ptp(self.landmarks[:, 0]))
        # The eyes and mouth corners span about half the width of the face.
        return float(np.ptp(self.keypoints[:, 0])) * 2.0


def face_from_points(frame_bgr: np.ndarray, points: np.ndarray) -> FaceToRecognise:
    """A face the kiosk already found (the pipeline's observation), from its points: the
    478-point mesh, or YuNet's 5 keypoints (x, y, and any further columns) when a mask hid
    the face from the mesh."""
    points = np.asarray(points, dtype=np.float32)
    mesh = points if len(points) == MESH_POINTS else None
    keypoints = keypoints_from_mesh(points) if mesh is not None else points[:5, :2]
    return FaceToRecognise(keypoints, mesh, lower_face_covered(frame_bgr, keypoints))


class FaceFinder:
    """The faces in a frame, with their alignment keypoints and whether each is masked."""

    def __init__(self, horizontal_fov_deg: float = 62.0) -> None:
        self._landmarks = FaceLandmarks(horizontal_fov_deg)
        self._detector = YuNetDetector()

    def find_all(self, frame_bgr: np.ndarray, t: float) -> tuple[FaceToRecognise, ...]:
        """Every face in a BGR frame taken at monotonic time t, largest first."""
        faces = [
            face_from_points(frame_bgr, observed.landmarks)
            for observed in self._landmarks.detect(frame_bgr, t).faces
        ]
        if not faces:
            faces = [
                FaceToRecognise(
                    found.keypoints, None, lower_face_covered(frame_bgr, found.keypoints)
                )
                for found in self._detector.detect(frame_bgr)
            ]
        return tuple(sorted(faces, key=lambda face: face.size, reverse=True))

    def find(self, frame_bgr: np.ndarray, t: float) -> FaceToRecognise | None:
        """The largest face in a BGR frame taken at monotonic time t, or None."""
        faces = self.find_all(frame_bgr, t)
        return faces[0] if faces else None

    def close(self) -> None:
        self._landmarks.close()

    def __enter__(self) -> FaceFinder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
