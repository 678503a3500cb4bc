"""`kiosk erase-all-data --yes`, the uninstaller's purge: every row securely deleted through
the store, then the data directory, the keys and the audit anchor removed; settings kept."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kiosk.cli import main
from kiosk.erase import erase_all
from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import ConsentDecision, KioskStore, ScreeningRecord
from kiosk.store.crypto import KEY_FILE_NAME
from kiosk.store.db import DATABASE_NAME


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    return tmp_path


def fill_store() -> None:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        store.record_screening(ScreeningRecord(36.6, "normal"))
        consent = store.record_consent(ConsentDecision("granted", "v1", ("fast pass",)))
        person = store.enrol_person("visitor 1", consent)
        vector = np.full(128, 1 / np.sqrt(128), np.float32)
        store.add_template(person, vector, "enrolment")


def test_erase_deletes_every_row_then_the_files(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_store()
    paths = kiosk_paths()
    paths.settings_file.write_text("[screening]\n", encoding="utf-8")
    assert (paths.config_dir / KEY_FILE_NAME).exists()

    assert main(["erase-all-data", "--yes"]) == 0
    report = json.loads(capsys.readouterr().out)
    deleted = report["rows_deleted"]
    assert deleted["screening_records"] == 1 and deleted["templates"] == 1
    assert deleted["people"] == 1 and deleted["consent_events"] == 1
    assert deleted["audit_log"] >= 3
    assert report["store_error"] == ""
    assert not paths.data_dir.exists() and not paths.cache_dir.exists()
    for name in (KEY_FILE_NAME, "audit.key", "audit.anchor"):
        assert not (paths.config_dir / name).exists()
    assert paths.settings_file.exists()
    # A kiosk installed again starts a new audit history; nothing reports the old as deleted.
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert store.tamper_findings == () and store.audit_entries() == []


def test_erase_needs_confirmation(home: Path) -> None:
    fill_store()
    with pytest.raises(SystemExit):
        main(["erase-all-data"])
    assert (kiosk_paths().data_dir / DATABASE_NAME).exists()


def test_erase_without_data_creates_nothing(home: Path) -> None:
    report = erase_all(kiosk_paths())
    assert report.rows_deleted == {} and report.removed == []
    assert list(home.iterdir()) == []


def test_a_damaged_database_is_still_removed(home: Path) -> None:
    paths = kiosk_paths().ensure()
    (paths.data_dir / DATABASE_NAME).write_bytes(b"not a database" * 100)
    report = erase_all(paths)
    assert "damaged" in report.store_error
    assert not paths.data_dir.exists()
