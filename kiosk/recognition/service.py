"""Enrolment and identification for consenting visitors, through the encrypted store.

Enrolment stores the bare face and the same face wearing drawn masks, so a masked visitor
matches their own masked template; search takes the best template per person. The gallery
follows the store: rebuilt from it at start-up, and told when people are forgotten.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.gallery import FaceGallery, RebuildReport
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.embedding import FaceEmbedder
from kiosk.vision.mask import MaskStyle, draw_mask

BARE = "bare"


@dataclass(frozen=True)
class Identification:
    person_id: int | None  # None: unknown (below the threshold, or too close to someone else)
    label: str | None
    score: float
    margin: float
    masked: bool


def enrolment_views(
    frame_bgr: np.ndarray, face: FaceToRecognise, *, masked: bool
) -> list[tuple[str, np.ndarray]]:
    """(template kind, image) pairs to embed: the bare face, then one per drawn mask style.

    Masks need the mesh; a face found by YuNet alone is enrolled bare.
    """
    views = [(BARE, frame_bgr)]
    if masked and face.landmarks is not None:
        views += [
            (f"mask-{style}", draw_mask(frame_bgr, face.landmarks, style)) for style in MaskStyle
        ]
    return views


class FaceRecognition:
    """Enrol and identify faces; every template needs a granted consent id."""

    def __init__(self, store: KioskStore, settings: RecognitionSettings) -> None:
        self._store = store
        self._settings = settings
        # The embedder is not thread-safe; the kiosk's worker and an operator action may share it.
        self._embed_lock = threading.Lock()
        self._embedder = FaceEmbedder(
            lambda consent_id: store.consent_choice(consent_id) == "granted"
        )
        self.gallery = FaceGallery(
            exact_search_limit=settings.exact_search_limit, ivf_probes=settings.ivf_probes
        )
        store.add_removal_listener(self._forget)
        self.rebuild_report: RebuildReport = self.gallery.rebuild(store.templates())

    def _forget(self, person_ids: tuple[int, ...]) -> None:
        for person_id in person_ids:
            self.gallery.remove_person(person_id)

    def _embed(self, frame_bgr: np.ndarray, keypoints: np.ndarray, consent_id: int) -> np.ndarray:
        with self._embed_lock:
            return self._embedder.embed(frame_bgr, keypoints, consent_id=consent_id)

    def enrol(
        self, frame_bgr: np.ndarray, face: FaceToRecognise, label: str, consent_id: int
    ) -> int:
        """Enrol the face under a granted consent; returns the new person id."""
        views = enrolment_views(frame_bgr, face, masked=self._settings.masked_enrolment)
        # Embedding first checks the consent, so nothing is stored for a refused one.
        vectors = [(kind, self._embed(image, face.keypoints, consent_id)) for kind, image in views]
        person_id = self._store.enrol_person(label, consent_id)
        for kind, vector in vectors:
            template_id = self._store.add_template(person_id, vector, kind)
            self.gallery.add(template_id, person_id, vector)
        return person_id

    def identify(
        self, frame_bgr: np.ndarray, face: FaceToRecognise, consent_id: int
    ) -> Identification:
        """Who this consenting visitor is, if the match is strong and unambiguous."""
        vector = self._embed(frame_bgr, face.keypoints, consent_id)
        decision = self.gallery.decide(
            vector, threshold=self._settings.match_threshold, margin=self._settings.margin
        )
        person = None if decision.person_id is None else self._store.person(decision.person_id)
        if person is not None:
            self._store.touch_person_seen(person.person_id)
        return Identification(
            person_id=None if person is None else person.person_id,
            label=None if person is None else person.label,
            score=decision.score,
            margin=decision.margin,
            masked=face.masked,
        )
