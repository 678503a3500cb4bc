"""Links planted where the kiosk keeps its files (the kiosk often runs as root): a link is
never followed to overwrite, chmod, zero or trust its target. Every file the kiosk writes
replaces a link instead of writing through it; the database and the keys refuse to be links;
every folder the kiosk makes, KIOSK_HOME included, is 0700 and its owner is checked."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kiosk.cli import main
from kiosk.erase import erase_all
from kiosk.operator.pin import OperatorPin
from kiosk.paths import kiosk_paths
from kiosk.safe_files import UnsafePathError
from kiosk.settings import PrivacySettings
from kiosk.settings.changes import apply_changes
from kiosk.store import ConsentDecision, KioskStore, StoreError, TemplateKeyError
from kiosk.store.crypto import KEY_FILE_NAME
from kiosk.store.db import DATABASE_NAME

VICTIM = b"a file the kiosk has no business touching\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    target = tmp_path / "victim"
    target.write_bytes(VICTIM)
    target.chmod(0o644)
    return target


def untouched(victim: Path) -> bool:
    return victim.read_bytes() == VICTIM and stat.S_IMODE(victim.stat().st_mode) == 0o644


def enrolled_store() -> KioskStore:
    store = KioskStore.open(kiosk_paths(), PrivacySettings())
    consent = store.record_consent(ConsentDecision("granted", "v1", ("fast_pass",)))
    person = store.enrol_person("visitor", consent)
    store.add_template(person, np.full(128, 1 / np.sqrt(128), np.float32), "sface")
    return store


def test_erase_never_zeroes_what_a_linked_template_key_points_at(victim: Path) -> None:
    enrolled_store().close()
    key = kiosk_paths().config_dir / KEY_FILE_NAME
    key.unlink()
    key.symlink_to(victim)
    erase_all(kiosk_paths())
    assert untouched(victim)
    assert not key.is_symlink() and not key.exists()


@pytest.mark.parametrize("name", ["operator_pin.json", "operator_pin.tmp"])
def test_the_pin_is_never_written_through_a_link(victim: Path, name: str) -> None:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        (store.paths.config_dir / name).symlink_to(victim)
        pin = OperatorPin(store.paths.config_dir, store.audit)
        try:
            pin.set_pin("246813")
        except UnsafePathError as error:
            assert "symbolic link" in str(error)
    assert untouched(victim)


def test_a_settings_change_replaces_a_linked_file_not_its_target(victim: Path) -> None:
    victim.write_bytes(b"[screening]\n")
    victim.chmod(0o644)
    settings = kiosk_paths().ensure().settings_file
    settings.symlink_to(victim)
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        apply_changes(settings, {"screening.threshold_c": 37.5}, actor="operator", audit=store)
    assert victim.read_bytes() == b"[screening]\n"


def test_the_daily_counts_export_replaces_a_linked_file_not_its_target(victim: Path) -> None:
    from kiosk.operator.daily_counts import write_daily_counts  # the export's one writer

    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        folder = store.paths.data_dir / "exports"
        folder.mkdir(mode=0o700)
        (folder / f"daily-counts-{date.today():%Y%m%d}.csv").symlink_to(victim)
        path, _days = write_daily_counts(store)
    assert untouched(victim)
    assert not path.is_symlink() and path.read_text().startswith("day,screened")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_privacy_documents_replace_a_linked_file_not_its_target(
    tmp_path: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "retention-policy.md").symlink_to(victim)
    assert main(["privacy-documents", "--out", str(out)]) == 0
    assert untouched(victim)
    assert "Retention" in (out / "retention-policy.md").read_text()


def test_a_linked_database_is_refused_and_its_target_left_alone(victim: Path) -> None:
    paths = kiosk_paths().ensure()
    (paths.data_dir / DATABASE_NAME).symlink_to(victim)
    with pytest.raises(StoreError, match="symbolic link"):
        KioskStore.open(paths, PrivacySettings())
    assert untouched(victim)


def test_a_linked_template_key_is_never_used(tmp_path: Path) -> None:
    planted = tmp_path / "planted.key"
    planted.write_bytes(bytes(range(32)))  # 32 bytes: it would pass for a key
    paths = kiosk_paths().ensure()
    (paths.config_dir / KEY_FILE_NAME).symlink_to(planted)
    with KioskStore.open(paths, PrivacySettings()) as store:
        consent = store.record_consent(ConsentDecision("granted", "v1", ("fast_pass",)))
        person = store.enrol_person("visitor", consent)
        with pytest.raises(TemplateKeyError, match="symbolic link"):
            store.add_template(person, np.full(128, 1 / np.sqrt(128), np.float32), "sface")
        assert store.template_count() == 0


def test_kiosk_home_and_every_folder_in_it_are_created_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "new" / "kiosk-home"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    created = [tmp_path / "new", *home.rglob("*"), home]
    folders = [path for path in created if path.is_dir()]
    assert len(folders) >= 4
    assert {path: stat.S_IMODE(path.stat().st_mode) for path in folders} == {
        path: 0o700 for path in folders
    }


def test_a_kiosk_home_others_can_write_is_refused_not_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "shared-home"
    home.mkdir()
    home.chmod(0o777)  # anyone could swap data/ for a folder of their own
    monkeypatch.setenv("KIOSK_HOME", str(home))
    with pytest.raises(UnsafePathError, match="can be written by other users"):
        KioskStore.open(kiosk_paths(), PrivacySettings())
    assert stat.S_IMODE(home.stat().st_mode) == 0o777 and list(home.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_data_folder_owned_by_another_user_is_refused() -> None:
    paths = kiosk_paths().ensure()
    os.chown(paths.data_dir, 65534, 65534)  # nobody
    with pytest.raises(UnsafePathError, match="belongs to user id 65534"):
        KioskStore.open(paths, PrivacySettings())
