"""Enrolment and identification for consenting visitors, through the encrypted store.

An enrolment stores each unmasked frame's template, the best frame again wearing drawn
masks, and any real masked frame of the person. A masked probe is judged against its own
threshold, calibrated on real masked photos (docs/recognition.md). A face that is already
enrolled is refused with its enrolment number: two enrolments of one person would make the
second-best-person margin reject them against their own duplicate. The gallery follows the
store: rebuilt from it at start-up, and told when people are forgotten.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.gallery import FaceGallery, RebuildReport
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.embedding import AutomaticLookup, FaceEmbedder
from kiosk.vision.mask import MaskStyle, draw_mask

BARE = "bare"
MASKED = "masked"  # a real masked frame of the person


@dataclass(frozen=True)
class Identification:
    person_id: int | None  # None: unknown (below the threshold, or too close to someone else)
    label: str | None
    score: float
    margin: float
    masked: bool


@dataclass(frozen=True)
class Template:
    """One template of an enrolment before it is stored: its kind and its unit vector."""

    kind: str
    vector: np.ndarray


class AlreadyEnrolled(ValueError):
    """The face matches an enrolled person; nothing was stored."""

    def __init__(self, person_id: int, score: float) -> None:
        super().__init__(f"this face is already enrolled as number {person_id}")
        self.person_id = person_id
        self.score = score


def template_views(
    frame_bgr: np.ndarray, face: FaceToRecognise, *, drawn_masks: bool
) -> list[tuple[str, np.ndarray]]:
    """(template kind, image) pairs to embed for one enrolment frame.

    A masked face gives its own real masked template. An unmasked one gives the bare face,
    then (with `drawn_masks`) one view per drawn mask style; masks need the mesh.
    """
    if face.masked:
        return [(MASKED, frame_bgr)]
    views = [(BARE, frame_bgr)]
    if drawn_masks and face.landmarks is not None:
        views += [
            (f"mask-{style}", draw_mask(frame_bgr, face.landmarks, style)) for style in MaskStyle
        ]
    return views


class FaceRecognition:
    """Enrol and identify faces; every template needs a granted consent id."""

    def __init__(self, store: KioskStore, settings: RecognitionSettings) -> None:
        self._store = store
        self.settings = settings
        # The embedder is not thread-safe; the kiosk's worker and an operator action may share it.
        self._embed_lock = threading.Lock()
        self._embedder = FaceEmbedder(
            lambda consent_id: store.consent_choice(consent_id) == "granted",
            automatic_allowed=lambda: self.settings.automatic,
        )
        self.gallery = FaceGallery(
            exact_search_limit=settings.exact_search_limit, ivf_probes=settings.ivf_probes
        )
        store.add_removal_listener(self._forget)
        self.rebuild_report: RebuildReport = self.gallery.rebuild(store.templates())

    def _forget(self, person_ids: tuple[int, ...]) -> None:
        for person_id in person_ids:
            self.gallery.remove_person(person_id)

    def embed(
        self, frame_bgr: np.ndarray, face: FaceToRecognise, consent_id: int | AutomaticLookup
    ) -> np.ndarray:
        """The face's template; raises ConsentRequired without a basis for computing it."""
        with self._embed_lock:
            return self._embedder.embed(frame_bgr, face.keypoints, consent_id=consent_id)

    def templates(
        self, frame_bgr: np.ndarray, face: FaceToRecognise, consent_id: int
    ) -> list[Template]:
        """The templates one enrolment frame contributes (see `template_views`)."""
        views = template_views(frame_bgr, face, drawn_masks=self.settings.masked_enrolment)
        return [Template(kind, self.embed(image, face, consent_id)) for kind, image in views]

    def already_enrolled(self, templates: Sequence[Template]) -> AlreadyEnrolled | None:
        """Who these unmasked templates already belong to, if anyone.

        Their mean is one steady estimate of the face; a duplicate is anyone it reaches the
        match threshold with, however close the runner-up (that closeness is the problem).
        """
        bare = [t.vector for t in templates if t.kind == BARE]
        if not bare:
            return None
        ranked = self.gallery.best_per_person(np.mean(bare, axis=0))
        if ranked and ranked[0][1] >= self.settings.match_threshold:
            return AlreadyEnrolled(*ranked[0])
        return None

    def enrol_templates(self, label: str, consent_id: int, templates: Sequence[Template]) -> int:
        """Store a new enrolment; raises AlreadyEnrolled (nothing stored) for a known face."""
        duplicate = self.already_enrolled(templates)
        if duplicate is not None:
            raise duplicate
        person_id = self._store.enrol_person(label, consent_id)
        for template in templates:
            template_id = self._store.add_template(person_id, template.vector, template.kind)
            self.gallery.add(template_id, person_id, template.vector)
        return person_id

    def enrol(
        self, frame_bgr: np.ndarray, face: FaceToRecognise, label: str, consent_id: int
    ) -> int:
        """Enrol one unmasked photo under a granted consent; returns the new person id."""
        if face.masked:
            raise ValueError("enrol from an unmasked face: a masked one cannot be checked")
        # Embedding first checks the consent, so nothing is stored for a refused one.
        return self.enrol_templates(label, consent_id, self.templates(frame_bgr, face, consent_id))

    def identify(
        self,
        frame_bgr: np.ndarray,
        face: FaceToRecognise,
        consent_id: int | AutomaticLookup,
    ) -> Identification:
        """Who this visitor is, if the match is strong and unambiguous.

        The template lives only in this call: whether known or not it is never stored.
        """
        vector = self.embed(frame_bgr, face, consent_id)
        threshold = (
            self.settings.masked_match_threshold if face.masked else self.settings.match_threshold
        )
        decision = self.gallery.decide(vector, threshold=threshold, margin=self.settings.margin)
        del vector
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
