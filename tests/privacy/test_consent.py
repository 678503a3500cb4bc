"""Consent to recognition: recorded without biometric, unbundled from screening, guardian
and on/off rules, asked again under a new notice, and withdrawal that forgets at once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.paths import KioskPaths
from kiosk.privacy.consent import ConsentError, ConsentLedger
from kiosk.settings.privacy import PrivacySettings
from kiosk.store import EnrolmentRefusedError, KioskStore, ScreeningRecord
from tests.privacy.conftest import vector

SETTINGS = PrivacySettings()


def test_a_decision_records_time_version_purposes_and_choice_only(store: KioskStore) -> None:
    ledger = ConsentLedger(store, SETTINGS)
    consent = ledger.record_decision("granted", ("fast_pass", "clock_in"))
    columns = [row[1] for row in store.db.execute("PRAGMA table_info(consent_events)")]
    assert columns == [
        "id",
        "at",
        "kind",
        "notice_version",
        "purposes",
        "choice",
        "under_14",
        "guardian_confirmed",
    ]
    row = store.db.execute("SELECT * FROM consent_events WHERE id = ?", [consent]).fetchone()
    assert row[2:] == (
        "decision",
        ledger.notice.version,
        '["fast_pass","clock_in"]',
        "granted",
        0,
        0,
    )


def test_declining_is_recorded_and_screening_needs_no_consent(store: KioskStore) -> None:
    ledger = ConsentLedger(store, SETTINGS)
    declined = ledger.record_decision("declined")
    store.record_screening(ScreeningRecord(36.7, "normal"))
    assert store.consent_choice(declined) == "declined"
    assert store.screening_count() == 1
    with pytest.raises(EnrolmentRefusedError, match="not a granted consent"):
        store.enrol_person("someone", declined)
    assert store.template_count() == 0 and store.count_people() == 0


def test_an_under_14_needs_a_guardian(store: KioskStore) -> None:
    ledger = ConsentLedger(store, SETTINGS)
    with pytest.raises(ConsentError, match="guardian"):
        ledger.record_decision("granted", under_14=True)
    consent = ledger.record_decision("granted", under_14=True, guardian_confirmed=True)
    assert store.enrol_person("child", consent) == 1
    assert ledger.record_decision("declined", under_14=True) > 0


def test_enrolment_can_be_turned_off(store: KioskStore, paths: KioskPaths) -> None:
    consent = ConsentLedger(store, SETTINGS).record_decision("granted")
    off = replace(SETTINGS, enrolment_enabled=False)
    with pytest.raises(ConsentError, match="turned off"):
        ConsentLedger(store, off).record_decision("granted")
    with (
        KioskStore.open(paths, off) as screening_only,
        pytest.raises(EnrolmentRefusedError, match="turned off"),
    ):
        screening_only.enrol_person("someone", consent)


def test_unknown_purposes_and_reused_consents_are_refused(store: KioskStore) -> None:
    ledger = ConsentLedger(store, SETTINGS)
    with pytest.raises(ConsentError, match="purposes"):
        ledger.record_decision("granted", ("advertising",))
    consent = ledger.record_decision("granted")
    store.enrol_person("first", consent)
    with pytest.raises(EnrolmentRefusedError, match="already"):
        store.enrol_person("second", consent)


def test_a_new_notice_version_means_asking_again(store: KioskStore) -> None:
    old = ConsentLedger(store, SETTINGS)
    person = store.enrol_person("ada", old.record_decision("granted"))
    assert not old.needs_consent(person)

    edited = replace(SETTINGS, notice=replace(SETTINGS.notice, operator_contact="new desk"))
    new = ConsentLedger(store, edited)
    assert new.notice.version != old.notice.version
    assert new.needs_consent(person)

    new.renew(person, new.record_decision("granted"))
    assert not new.needs_consent(person)
    assert store.person(person) is not None


def test_declining_a_new_notice_forgets_the_person(store: KioskStore) -> None:
    old = ConsentLedger(store, SETTINGS)
    person = store.enrol_person("ada", old.record_decision("granted"))
    store.add_template(person, vector(1), "sface")
    new = ConsentLedger(store, replace(SETTINGS, retention=replace(SETTINGS.retention)))
    edited = ConsentLedger(
        store, replace(SETTINGS, notice=replace(SETTINGS.notice, extra_en="new terms"))
    )
    assert not new.needs_consent(person) and edited.needs_consent(person)
    edited.renew(person, edited.record_decision("declined"))
    assert store.person(person) is None and store.template_count() == 0


def test_withdrawal_keeps_only_that_it_happened(store: KioskStore) -> None:
    ledger = ConsentLedger(store, SETTINGS)
    person = store.enrol_person("ada", ledger.record_decision("granted"))
    store.add_template(person, vector(1), "sface")
    assert ledger.withdraw(person) == 1
    assert store.person(person) is None and store.template_count() == 0
    rows = store.db.execute("SELECT * FROM consent_events").fetchall()
    assert len(rows) == 1
    _, _, kind, *rest = rows[0]
    assert kind == "withdrawal" and rest == [None] * 5


def test_the_operator_is_alerted_at_the_scale_threshold(paths: KioskPaths) -> None:
    settings = replace(SETTINGS, scale_alert_people=3)
    with KioskStore.open(paths, settings) as store:
        ledger = ConsentLedger(store, settings)
        for index in range(2):
            store.enrol_person(f"p{index}", ledger.record_decision("granted"))
        assert store.count_people() == 2 and not store.scale_status().alert
        store.enrol_person("p2", ledger.record_decision("granted"))
        status = store.scale_status()
        assert (status.people, status.threshold, status.alert) == (3, 3, True)
        assert [e.details for e in store.audit_entries("scale_alert")] == [
            {"people": 3, "threshold": 3}
        ]


def test_a_forget_me_request_allows_a_match_but_never_an_enrolment(store: KioskStore) -> None:
    # Withdrawal must work even on a kiosk whose enrolment is now turned off.
    off = replace(SETTINGS, enrolment_enabled=False)
    request = ConsentLedger(store, off).record_forget_me_request()
    assert store.consent_choice(request) == "granted"
    with pytest.raises(EnrolmentRefusedError, match="only allows finding whom to forget"):
        store.enrol_person("someone", request)
