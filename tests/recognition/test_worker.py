"""The kiosk's recognition thread: lookups and an enrolment, real models, real store."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import numpy as np
import pytest

from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.enrolment import EnrolmentPhase, EnrolmentProgress
from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.worker import LookupResult, RecognitionWorker
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.face_detector import YuNetDetector
from kiosk.vision.mask import MaskStyle, draw_mask

from .test_recognition import enrol_all

WAIT_S = 60.0  # generous: a loaded 2-core machine; no timing is asserted


class Answers:
    def __init__(self) -> None:
        self.lookups: queue.Queue[LookupResult] = queue.Queue()
        self.enrolment: queue.Queue[EnrolmentProgress] = queue.Queue()


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def worker(store: KioskStore, answers: Answers) -> Iterator[RecognitionWorker]:
    running = RecognitionWorker(
        store,
        RecognitionSettings(enrolment_countdown_s=0.0),
        on_lookup=answers.lookups.put,
        on_enrolment=answers.enrolment.put,
    )
    running.start()
    assert running.ready.wait(WAIT_S)
    yield running
    running.stop()


def test_a_lookup_answers_with_the_person_and_an_unknown_face_with_nobody(
    worker: RecognitionWorker,
    answers: Answers,
    ledger: ConsentLedger,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    assert worker.recognition is not None
    people = enrol_all(worker.recognition, ledger, photos, found)
    templates = store.template_count()
    # With the pipeline's mesh, and without (the worker finds the face itself).
    mesh = found["person_b_2.jpg"].landmarks
    worker.lookup(photos["person_b_2.jpg"], ledger.record_decision("granted"), 1.0, mesh)
    known = answers.lookups.get(timeout=WAIT_S)
    worker.lookup(photos["impostor_2.jpg"], ledger.record_decision("granted"), 2.0)
    unknown = answers.lookups.get(timeout=WAIT_S)
    assert (known.t, known.person_id, known.label, known.automatic) == (
        1.0,
        people["B"],
        "B",
        False,
    )
    assert known.score >= RecognitionSettings().match_threshold and not known.masked
    assert (unknown.t, unknown.person_id, unknown.label) == (2.0, None, None)
    assert store.template_count() == templates  # a lookup stores nothing


def test_a_masked_visitor_found_by_yunet_keypoints_is_recognised_as_masked(
    worker: RecognitionWorker,
    answers: Answers,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    assert worker.recognition is not None
    people = enrol_all(worker.recognition, ledger, photos, found)
    mesh = found["person_b_2.jpg"].landmarks
    assert mesh is not None
    masked = draw_mask(photos["person_b_2.jpg"], mesh, MaskStyle.CLOTH)
    # What the pipeline hands over when the mesh missed a masked face: YuNet's keypoints.
    [yunet, *_] = YuNetDetector().detect(masked)
    worker.lookup(masked, ledger.record_decision("granted"), 1.0, yunet.keypoints)
    result = answers.lookups.get(timeout=WAIT_S)
    assert (result.person_id, result.masked) == (people["B"], True)


def test_automatic_lookups_only_while_the_setting_is_on(
    worker: RecognitionWorker,
    answers: Answers,
    ledger: ConsentLedger,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    assert worker.recognition is not None
    people = enrol_all(worker.recognition, ledger, photos, found)
    assert not worker.lookup_automatically(photos["person_b_2.jpg"], 1.0)
    worker.update_settings(RecognitionSettings(automatic=True))
    assert worker.lookup_automatically(photos["person_b_2.jpg"], 2.0)
    result = answers.lookups.get(timeout=WAIT_S)
    assert (result.t, result.person_id, result.automatic) == (2.0, people["B"], True)
    assert answers.lookups.empty()


def test_an_enrolment_fed_camera_frames_reports_progress_to_its_number(
    worker: RecognitionWorker,
    answers: Answers,
    ledger: ConsentLedger,
    store: KioskStore,
    photos: dict[str, np.ndarray],
) -> None:
    worker.start_enrolment(ledger.record_decision("granted"), "kiosk visitor", t=100.0)
    progress: list[EnrolmentProgress] = []
    t = 100.0
    while not (progress and progress[-1].phase.finished):
        t += 0.1
        worker.offer_frame(photos["person_a_2.jpg"], t)
        progress.append(answers.enrolment.get(timeout=WAIT_S))
    assert progress[-1].phase is EnrolmentPhase.DONE
    assert store.person_ids() == [progress[-1].person_id]
    assert not worker.enrolling
    # Frames offered with no enrolment under way are ignored.
    worker.offer_frame(photos["person_a_2.jpg"], t + 1.0)
    with pytest.raises(queue.Empty):
        answers.enrolment.get(timeout=1.0)
