"""SFace face templates: 128-d, L2-normalised, computed only for a visitor who consented.

The face is aligned by `cv2.FaceRecognizerSF` from five keypoints in YuNet's order; they
come either from YuNet or from the MediaPipe mesh (iris centres, nose tip, mouth corners).
`FaceEmbedder.embed` takes a consent id and checks it against the consent ledger first,
so no code path can compute a template for someone who did not agree to recognition. The
one other basis is `AUTOMATIC_LOOKUP`: the operator's standing choice to recognise enrolled
people without a tap (`recognition.automatic`, announced on the notice); the embedder accepts
it only while that setting is on, and such a template is only ever compared, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from kiosk.assets import verified_model

SFACE_MODEL = "face_recognition_sface_2021dec_int8bq.onnx"
EMBEDDING_DIM = 128
# Mesh indices in YuNet's keypoint order: right iris centre, left iris centre, nose tip,
# right and left mouth corner (the person's right is the image's left).
MESH_KEYPOINTS = (468, 473, 1, 61, 291)


class ConsentRequired(PermissionError):
    """A template was asked for without a recorded, current consent to recognition."""


class AutomaticLookup:
    """The basis of a lookup the visitor did not ask for: `recognition.automatic` is on."""

    def __repr__(self) -> str:
        return "AUTOMATIC_LOOKUP"


AUTOMATIC_LOOKUP = AutomaticLookup()


def keypoints_from_mesh(landmarks: np.ndarray) -> np.ndarray:
    """The (5, 2) alignment keypoints in YuNet's order from the 478-point mesh in pixels."""
    return np.asarray(landmarks, dtype=np.float32)[list(MESH_KEYPOINTS), :2]


class FaceEmbedder:
    """SFace through `cv2.FaceRecognizerSF`, gated by a consent check.

    `consent_granted(consent_id)` must answer whether that consent is recorded and still
    covers recognition (the consent ledger's question); `automatic_allowed()` whether the
    operator has automatic recognition on right now. Not thread-safe: one per thread.
    """

    def __init__(
        self,
        consent_granted: Callable[[int], bool],
        *,
        automatic_allowed: Callable[[], bool] = lambda: False,
        model_path: Path | None = None,
    ) -> None:
        path = model_path or verified_model(SFACE_MODEL)
        self._recognizer = cv2.FaceRecognizerSF.create(str(path), "")
        self._consent_granted = consent_granted
        self._automatic_allowed = automatic_allowed

    def embed(
        self, frame_bgr: np.ndarray, keypoints: np.ndarray, *, consent_id: int | AutomaticLookup
    ) -> np.ndarray:
        """The unit-length template of the face at `keypoints` (5, 2) in a BGR frame.

        Raises ConsentRequired unless `consent_id` names a granted recognition consent, or is
        AUTOMATIC_LOOKUP while automatic recognition is on.
        """
        if consent_id is AUTOMATIC_LOOKUP:
            if not self._automatic_allowed():
                raise ConsentRequired("automatic recognition is switched off")
        # A missing or mistyped id (None, "", True) is refused before the ledger is asked.
        elif (
            not isinstance(consent_id, int)
            or isinstance(consent_id, bool)
            or not self._consent_granted(consent_id)
        ):
            raise ConsentRequired(f"no recognition consent on record for {consent_id!r}")
        points = np.asarray(keypoints, dtype=np.float32).reshape(5, 2)
        low, high = points.min(axis=0), points.max(axis=0)
        # alignCrop reads only the keypoints; the box and score fill YuNet's row layout.
        row = np.concatenate([low, high - low, points.ravel(), [1.0]]).astype(np.float32)
        # FaceRecognizerSF converts BGR to RGB itself: give it the frame as OpenCV reads it.
        crop = self._recognizer.alignCrop(frame_bgr, row)
        vector = np.asarray(self._recognizer.feature(crop), dtype=np.float32).ravel()
        return vector / max(float(np.linalg.norm(vector)), 1e-12)
