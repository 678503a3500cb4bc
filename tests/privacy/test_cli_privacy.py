"""The operator commands: `kiosk purge --now`, `kiosk audit verify`, `kiosk forget --id N`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.cli import main
from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, ScreeningRecord
from tests.privacy.conftest import db_path, enrol

LONG_AGO = datetime.now(UTC) - timedelta(days=400)


def test_purge_now_prints_what_it_removed(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        store.record_screening(ScreeningRecord(36.5, "normal", at=LONG_AGO))
        store.record_screening(ScreeningRecord(36.5, "normal"))
        stale = enrol(store, "stale", templates=2)
        store.touch_person_seen(stale, at=LONG_AGO)
    assert main(["purge", "--now"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["removed"] == {
        "screening_records": 1,
        "people": 1,
        "templates": 2,
        "consent_records": 0,
        "audit_entries": 0,
    }
    assert output["removed_person_ids"] == [stale]
    assert output["retention_days"]["screening_records"] == 30
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert store.screening_count() == 1 and store.count_people() == 0


def test_purge_follows_the_settings_file(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        store.record_screening(ScreeningRecord(36.5, "normal", at=datetime.now(UTC) - timedelta(3)))
    paths.settings_file.write_text("[privacy.retention]\nscreening_records_days = 2\n")
    assert main(["purge", "--now"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["removed"]["screening_records"] == 1
    assert output["retention_days"]["screening_records"] == 2


def test_a_bad_settings_file_is_one_clear_line(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.ensure().settings_file.write_text("[privacy.retention]\nscreening_records_days = 0\n")
    assert main(["purge", "--now"]) == 2
    assert "privacy.retention.screening_records_days" in capsys.readouterr().err


def test_audit_verify_passes_then_names_the_tampered_entry(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        enrol(store, "ada", templates=1)
    assert main(["audit", "verify"]) == 0
    assert "audit log intact: 3 entries" in capsys.readouterr().out
    with KioskStore.open(paths, PrivacySettings()) as store:
        store.db.execute("DROP TRIGGER audit_log_append_only")
        store.db.execute("UPDATE audit_log SET event = 'nothing_to_see' WHERE seq = 2")
    assert main(["audit", "verify"]) == 1
    assert "entry 2 was edited" in capsys.readouterr().out


def test_forget_by_enrolment_id(paths: KioskPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        keep = enrol(store, "keep", templates=1, seed=1)
        gone = enrol(store, "gone", templates=2, seed=2)
    assert main(["forget", "--id", str(gone)]) == 0
    assert f"forgot enrolment {gone}: 2 face templates deleted" in capsys.readouterr().out
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert store.person_ids() == [keep]
        forgotten = store.audit_entries("person_forgotten")[0].details
        assert forgotten["requested_by"] == "operator"
    assert main(["forget", "--id", str(gone)]) == 1
    assert f"no enrolled person has id {gone}" in capsys.readouterr().err


def test_a_corrupt_database_stops_the_command_with_advice(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.ensure()
    db_path(paths).write_bytes(b"\x00garbage" * 1000)
    assert main(["audit", "verify"]) == 1
    assert "move the file" in capsys.readouterr().err
    assert db_path(paths).read_bytes() == b"\x00garbage" * 1000
