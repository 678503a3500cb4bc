"""Enrol and identify through the real store with the real models on the real photos."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.gallery import FaceGallery
from kiosk.recognition.service import AlreadyEnrolled, FaceRecognition
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.embedding import AUTOMATIC_LOOKUP, ConsentRequired, FaceEmbedder
from kiosk.vision.mask import MaskStyle, draw_mask

from .conftest import open_store

ENROLLED = {"person_a_1.jpg": "A", "person_b_1.jpg": "B", "impostor_1.jpg": "I1"}
# (probe photo, expected label or None for a stranger)
PROBES = (
    ("person_a_2.jpg", "A"),
    ("person_b_2.jpg", "B"),
    ("impostor_2.jpg", None),
    ("astronaut_eileen_collins.png", None),
)


def enrol_all(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> dict[str, int]:
    return {
        label: recognition.enrol(
            photos[name], found[name], label, ledger.record_decision("granted")
        )
        for name, label in ENROLLED.items()
    }


@pytest.mark.parametrize("style", [None, *MaskStyle])
def test_genuine_pairs_match_and_strangers_do_not(
    style: MaskStyle | None,
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    enrol_all(recognition, ledger, photos, found)
    consent = ledger.record_decision("granted")
    for name, expected in PROBES:
        face = found[name]
        assert face.landmarks is not None
        image = photos[name] if style is None else draw_mask(photos[name], face.landmarks, style)
        probe = FaceToRecognise(face.keypoints, face.landmarks, masked=style is not None)
        result = recognition.identify(image, probe, consent)
        assert result.label == expected, (name, style, result)


def test_embedding_is_refused_without_a_granted_consent(
    ledger: ConsentLedger, photos: dict[str, np.ndarray], found: dict[str, FaceToRecognise]
) -> None:
    declined = ledger.record_decision("declined")
    embedder = FaceEmbedder(lambda consent_id: ledger.store.consent_choice(consent_id) == "granted")
    face = found["person_a_1.jpg"]
    for consent_id in (declined, 9999, None, True):
        with pytest.raises(ConsentRequired):
            embedder.embed(photos["person_a_1.jpg"], face.keypoints, consent_id=consent_id)  # type: ignore[arg-type]


def test_a_removed_person_is_never_returned_again(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    people = enrol_all(recognition, ledger, photos, found)
    ledger.withdraw(people["A"])  # through the store: the gallery hears of it at once
    consent = ledger.record_decision("granted")
    for image in (photos["person_a_1.jpg"], photos["person_a_2.jpg"]):
        result = recognition.identify(image, found["person_a_2.jpg"], consent)
        assert result.person_id is None
    vector = recognition.embed(photos["person_a_1.jpg"], found["person_a_1.jpg"], consent)
    assert people["A"] not in dict(recognition.gallery.best_per_person(vector))


def test_rebuild_from_the_store_gives_the_same_answers(
    tmp_path: Path, photos: dict[str, np.ndarray], found: dict[str, FaceToRecognise]
) -> None:
    from kiosk.settings.privacy import PrivacySettings

    answers = []
    for _ in range(2):
        with open_store(tmp_path) as store:
            ledger = ConsentLedger(store, PrivacySettings())
            recognition = FaceRecognition(store, RecognitionSettings())
            if not answers:
                enrol_all(recognition, ledger, photos, found)
            assert recognition.rebuild_report.skipped == ()
            consent = ledger.record_decision("granted")
            answers.append(
                [
                    (r.person_id, round(r.score, 5))
                    for r in (recognition.identify(photos[n], found[n], consent) for n, _ in PROBES)
                ]
            )
    assert answers[0] == answers[1]
    assert len(recognition.gallery) == len(ENROLLED) * (1 + len(MaskStyle))


def test_a_corrupt_template_is_reported_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    good = np.ones(128, dtype=np.float32)
    templates = [
        (1, 10, good),
        (2, 11, np.full(128, np.nan, dtype=np.float32)),
        (3, 12, np.zeros(128, dtype=np.float32)),
        (4, 13, b"\x00" * 17),
        (5, 14, np.ones(64, dtype=np.float32)),
    ]
    with caplog.at_level(logging.WARNING):
        report = FaceGallery().rebuild(templates)
    assert report.loaded == 1
    assert [template_id for template_id, _ in report.skipped] == [2, 3, 4, 5]
    assert "corrupt face template 2" in caplog.text


def test_ivf_gallery_removes_by_id() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((2000, 128)).astype(np.float32)
    gallery = FaceGallery(exact_search_limit=1000, ivf_probes=16)
    gallery.rebuild((i, i, v) for i, v in enumerate(vectors))
    assert gallery.approximate
    assert gallery.best_per_person(vectors[7])[0][0] == 7
    gallery.remove_person(7)
    assert 7 not in dict(gallery.best_per_person(vectors[7]))


def test_the_same_face_is_refused_with_its_enrolment_number_and_stays_recognised(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    first = recognition.enrol(
        photos["person_a_1.jpg"], found["person_a_1.jpg"], "A", ledger.record_decision("granted")
    )
    templates = recognition.gallery.__len__()
    with pytest.raises(AlreadyEnrolled) as refused:
        recognition.enrol(
            photos["person_a_2.jpg"],
            found["person_a_2.jpg"],
            "A again",
            ledger.record_decision("granted"),
        )
    assert refused.value.person_id == first
    assert recognition._store.person_ids() == [first] and len(recognition.gallery) == templates
    # Had the duplicate been stored, the margin over the second-best person (their own
    # duplicate) would have made them unrecognisable.
    result = recognition.identify(
        photos["person_a_2.jpg"], found["person_a_2.jpg"], ledger.record_decision("granted")
    )
    assert result.person_id == first


def test_a_masked_face_is_judged_against_the_masked_threshold(
    store: KioskStore,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    # Thresholds far apart, so only the choice between them decides.
    settings = RecognitionSettings(match_threshold=0.95, masked_match_threshold=0.3)
    recognition = FaceRecognition(store, settings)
    enrol_all(recognition, ledger, photos, found)
    face = found["person_b_2.jpg"]
    assert face.landmarks is not None
    masked_photo = draw_mask(photos["person_b_2.jpg"], face.landmarks, MaskStyle.SURGICAL)
    consent = ledger.record_decision("granted")
    as_masked = recognition.identify(
        masked_photo, FaceToRecognise(face.keypoints, face.landmarks, True), consent
    )
    as_bare = recognition.identify(
        masked_photo, FaceToRecognise(face.keypoints, face.landmarks, False), consent
    )
    assert as_masked.label == "B" and as_masked.masked
    assert as_bare.person_id is None


def test_automatic_lookups_need_the_operator_setting(
    store: KioskStore,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    recognition = FaceRecognition(store, RecognitionSettings())
    enrol_all(recognition, ledger, photos, found)
    with pytest.raises(ConsentRequired):
        recognition.identify(photos["person_b_2.jpg"], found["person_b_2.jpg"], AUTOMATIC_LOOKUP)
    recognition.settings = RecognitionSettings(automatic=True)
    result = recognition.identify(
        photos["person_b_2.jpg"], found["person_b_2.jpg"], AUTOMATIC_LOOKUP
    )
    assert result.label == "B"
    stranger = recognition.identify(
        photos["impostor_2.jpg"], found["impostor_2.jpg"], AUTOMATIC_LOOKUP
    )
    assert stranger.person_id is None
    # Nothing of the lookups was stored: the enrolments' templates only.
    assert (
        store.template_count() == len(recognition.gallery) == len(ENROLLED) * (1 + len(MaskStyle))
    )
