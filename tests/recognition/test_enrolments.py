"""The operator's enrolment list and deletion, on the real store with real templates."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.enrolments import EnrolmentRegister
from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.service import FaceRecognition
from kiosk.store.errors import UnknownPersonError
from kiosk.store.store import KioskStore

from .test_recognition import enrol_all


def test_the_list_shows_number_label_dates_and_expiry_newest_first(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    people = enrol_all(recognition, ledger, photos, found)
    register = EnrolmentRegister(store)
    rows = register.page(limit=2)
    assert [row.person_id for row in rows] == sorted(people.values(), reverse=True)[:2]
    assert register.count() == len(people)
    keep = timedelta(days=store.settings.retention.templates_unseen_days)
    for row in rows:
        assert row.label == next(label for label, p in people.items() if p == row.person_id)
        assert row.enrolled_at <= row.last_seen_at and row.expires_at == row.last_seen_at + keep
        assert (
            row.templates
            == store.db.execute(
                "SELECT count(*) FROM templates WHERE person_id = ?", [row.person_id]
            ).fetchone()[0]
        )
    assert [row.person_id for row in register.page(offset=2)] == [min(people.values())]
    # Labels may be names: each listing is audited, without them.
    listed = store.audit_entries("enrolments_listed")
    assert [(e.details["offset"], e.details["rows"]) for e in listed] == [(0, 2), (2, 1)]
    assert not any(value == "A" for e in listed for value in e.details.values())


def test_recognition_moves_the_expiry(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    people = enrol_all(recognition, ledger, photos, found)
    register = EnrolmentRegister(store)
    before = register.find(people["B"])
    assert before is not None
    recognition.identify(
        photos["person_b_2.jpg"], found["person_b_2.jpg"], ledger.record_decision("granted")
    )
    after = register.find(people["B"])
    assert after is not None and after.expires_at > before.expires_at
    assert register.find(9999) is None


def test_deleting_one_enrolment_is_audited_and_takes_it_out_of_the_gallery(
    recognition: FaceRecognition,
    ledger: ConsentLedger,
    store: KioskStore,
    photos: dict[str, np.ndarray],
    found: dict[str, FaceToRecognise],
) -> None:
    people = enrol_all(recognition, ledger, photos, found)
    register = EnrolmentRegister(store)
    removed = register.delete(people["B"])
    assert removed > 0 and people["B"] not in store.person_ids()
    [entry] = store.audit_entries("person_forgotten")
    assert entry.details == {
        "person_id": people["B"],
        "requested_by": "operator",
        "templates": removed,
    }
    result = recognition.identify(
        photos["person_b_2.jpg"], found["person_b_2.jpg"], ledger.record_decision("granted")
    )
    assert result.person_id is None
    with pytest.raises(UnknownPersonError):
        register.delete(people["B"])
