"""Enrolment sessions fed real photos as camera frames, with the real models and store."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.enrolment import (
    MASKED_FRAMES,
    TAKEN_AS_SEEN_AFTER_S,
    EnrolmentPhase,
    EnrolmentProgress,
    EnrolmentSession,
)
from kiosk.recognition.faces import FaceFinder, FaceToRecognise
from kiosk.recognition.quality import Instruction
from kiosk.recognition.service import FaceRecognition
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.mask import MaskStyle, draw_mask

from .conftest import Clock, side_by_side

SETTINGS = RecognitionSettings()
FRAME_S = 0.1  # ten frames a second reach the recognition worker


class Visit:
    """One enrolment on the shared finder, its frame times after every earlier test's."""

    def __init__(
        self,
        recognition: FaceRecognition,
        ledger: ConsentLedger,
        finder: FaceFinder,
        clock: Clock,
    ) -> None:
        self.start = clock.next(10.0)
        self.clock = clock
        self.session = EnrolmentSession(
            recognition,
            finder,
            consent_id=ledger.record_decision("granted"),
            label="kiosk visitor",
            started_at=self.start,
        )

    def show(self, frame: np.ndarray, frames: int) -> list[EnrolmentProgress]:
        return [self.session.feed(frame, self.clock.next(FRAME_S)) for _ in range(frames)]

    def until_finished(self, frame: np.ndarray, limit: int = 400) -> list[EnrolmentProgress]:
        shown = []
        while not self.session.progress.phase.finished and len(shown) < limit:
            shown.append(self.session.feed(frame, self.clock.next(FRAME_S)))
        return shown


@pytest.fixture
def visit(
    recognition: FaceRecognition, ledger: ConsentLedger, finder: FaceFinder, clock: Clock
) -> Visit:
    return Visit(recognition, ledger, finder, clock)


def test_a_countdown_then_quality_frames_then_the_enrolment_number(
    visit: Visit, store: KioskStore, photos: dict[str, np.ndarray]
) -> None:
    countdown = visit.show(
        photos["person_a_2.jpg"], int(SETTINGS.enrolment_countdown_s / FRAME_S) - 1
    )
    assert {p.phase for p in countdown} == {EnrolmentPhase.COUNTDOWN}
    assert [p.seconds_left for p in countdown][::10] == [3, 2, 1]
    assert all(p.frames_taken == 0 for p in countdown) and store.count_people() == 0

    shown = visit.until_finished(photos["person_a_2.jpg"])
    done = shown[-1]
    assert done.phase is EnrolmentPhase.DONE and done.frames_taken == SETTINGS.enrolment_frames
    assert store.person_ids() == [done.person_id]
    # Frames are spaced out, not the next three the camera delivered.
    assert len(shown) > SETTINGS.enrolment_frames
    kinds = sorted(kind for (kind,) in store.db.execute("SELECT kind FROM templates"))
    assert kinds == sorted(["bare"] * SETTINGS.enrolment_frames + [f"mask-{s}" for s in MaskStyle])


def test_a_face_already_enrolled_is_refused_with_its_number(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    finder: FaceFinder,
    clock: Clock,
    store: KioskStore,
    photos: dict[str, np.ndarray],
) -> None:
    first = Visit(recognition, ledger, finder, clock).until_finished(photos["person_a_2.jpg"])[-1]
    templates = store.template_count()
    # The same person, another photo years apart.
    again = Visit(recognition, ledger, finder, clock).until_finished(photos["person_a_1.jpg"])[-1]
    assert again.phase is EnrolmentPhase.REFUSED and again.person_id == first.person_id
    assert store.person_ids() == [first.person_id] and store.template_count() == templates
    # Someone else is enrolled as usual.
    other = Visit(recognition, ledger, finder, clock).until_finished(photos["impostor_1.jpg"])[-1]
    assert other.phase is EnrolmentPhase.DONE and other.person_id != first.person_id


def test_a_masked_visitor_lowers_the_mask_then_puts_it_back_on(
    visit: Visit,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    bare = photos["person_b_2.jpg"]
    mesh = found["person_b_2.jpg"].landmarks
    assert mesh is not None
    masked = draw_mask(bare, mesh, MaskStyle.SURGICAL)

    visit.show(masked, int(SETTINGS.enrolment_countdown_s / FRAME_S) + 1)
    asked = visit.show(masked, 5)
    assert {p.instruction for p in asked} == {Instruction.LOWER_MASK}
    assert all(p.frames_taken == 0 for p in asked)

    lowered = visit.show(bare, 40)
    assert lowered[-1].phase is EnrolmentPhase.MASKED
    assert lowered[-1].instruction is Instruction.PUT_MASK_BACK_ON
    assert store.count_people() == 0  # nothing is stored before the enrolment is complete

    done = visit.until_finished(masked)[-1]
    assert done.phase is EnrolmentPhase.DONE
    assert done.frames_taken == SETTINGS.enrolment_frames + MASKED_FRAMES
    kinds = [kind for (kind,) in store.db.execute("SELECT kind FROM templates")]
    assert (
        kinds.count("masked") == MASKED_FRAMES and kinds.count("bare") == SETTINGS.enrolment_frames
    )


def test_two_faces_are_asked_to_be_one_and_nothing_is_taken(
    visit: Visit, photos: dict[str, np.ndarray]
) -> None:
    two = side_by_side(photos["person_a_2.jpg"], photos["impostor_2.jpg"])
    visit.show(two, int(SETTINGS.enrolment_countdown_s / FRAME_S) + 1)
    shown = visit.show(two, 5)
    assert {p.instruction for p in shown} == {Instruction.ONE_FACE_ONLY}
    assert {p.frames_taken for p in shown} == {0}


def test_no_usable_frame_in_time_fails_and_stores_nothing(visit: Visit, store: KioskStore) -> None:
    empty = np.full((480, 640, 3), 120, np.uint8)
    shown = visit.until_finished(empty)
    assert shown[-1].phase is EnrolmentPhase.FAILED
    assert shown[-2].instruction is Instruction.LOOK_AT_SCREEN
    assert store.count_people() == 0 and store.template_count() == 0


def test_a_cancelled_enrolment_stores_nothing(
    visit: Visit, store: KioskStore, photos: dict[str, np.ndarray]
) -> None:
    visit.show(photos["person_a_2.jpg"], int(SETTINGS.enrolment_countdown_s / FRAME_S) + 5)
    assert visit.session.progress.frames_taken > 0
    assert visit.session.cancel().phase is EnrolmentPhase.CANCELLED
    assert visit.session.feed(photos["person_a_2.jpg"], visit.clock.next()).phase is (
        EnrolmentPhase.CANCELLED
    )
    assert store.count_people() == 0 and store.template_count() == 0


def test_a_face_still_read_as_masked_after_being_asked_is_enrolled_as_it_is(
    visit: Visit,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    # A full beard or a broad smile can read as a mask: such a visitor cannot comply.
    mesh = found["person_a_2.jpg"].landmarks
    assert mesh is not None
    reads_masked = draw_mask(photos["person_a_2.jpg"], mesh, MaskStyle.CLOTH)
    visit.show(reads_masked, int(SETTINGS.enrolment_countdown_s / FRAME_S) + 1)
    asked = visit.show(reads_masked, int(TAKEN_AS_SEEN_AFTER_S / FRAME_S) - 1)
    assert {p.instruction for p in asked} == {Instruction.LOWER_MASK}
    assert {p.frames_taken for p in asked} == {0}
    done = visit.until_finished(reads_masked)[-1]
    assert done.phase is EnrolmentPhase.DONE and done.frames_taken == SETTINGS.enrolment_frames
    kinds = [kind for (kind,) in store.db.execute("SELECT kind FROM templates")]
    assert kinds.count("bare") == SETTINGS.enrolment_frames and "masked" not in kinds
