"""Every command that cannot do what it was asked says so in one `kiosk:` line with what to
do, never a traceback: an output folder it cannot write, a database another program holds
locked, a label the store refuses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, db
from kiosk.store.db import DATABASE_NAME
from tests.conftest import FACES
from tests.security.conftest import assert_one_kiosk_line, run_kiosk


def bad_folders(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n")
    return {
        "a file": a_file,
        "below a file": a_file / "documents",
        "below a device": Path("/dev/null/documents"),
        "not creatable": Path("/proc/documents"),
        "read-only": Path("/sys/kernel"),
    }


@pytest.mark.parametrize(
    "kind", ["a file", "below a file", "below a device", "not creatable", "read-only"]
)
def test_privacy_documents_to_a_folder_that_cannot_be_written(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = bad_folders(tmp_path)[kind]
    assert main(["privacy-documents", "--out", str(out)]) == 2
    line = assert_one_kiosk_line(capsys.readouterr().err)
    assert str(out) in line and "choose a folder you can write" in line and ".tmp" not in line


@pytest.fixture
def locked_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another program (a sqlite3 shell, say) holds the write lock for the whole command."""
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    # Give up on the lock sooner than a kiosk would; the holder never lets go anyway.
    monkeypatch.setattr(db, "WRITE_LOCK_WAIT_S", 1.0, raising=False)
    holder = sqlite3.connect(kiosk_paths().data_dir / DATABASE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield
    holder.rollback()
    holder.close()


@pytest.mark.parametrize("command", [["purge", "--now"], ["forget", "--id", "1"]])
def test_a_command_on_a_locked_database_is_one_line(
    locked_database: None, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 1
    line = assert_one_kiosk_line(capsys.readouterr().err)
    assert "locked" in line and "try again" in line


def test_verify_reads_a_database_another_program_holds_locked(
    locked_database: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify"]) == 0
    assert "audit log intact" in capsys.readouterr().out


def test_enrol_with_a_refused_label_is_one_line(tmp_path: Path) -> None:
    done = run_kiosk(
        kiosk_paths().data_dir.parent,
        "enrol",
        "--image",
        str(FACES / "person_a_1.jpg"),
        "--label",
        "\u202eevil",
        "--record-consent",
    )
    assert done.returncode == 2
    assert "label" in assert_one_kiosk_line(done.stderr)
