"""The audit log against someone who can write the database file (plain sqlite3, a copy of
the file, rm): a chain they recompute, a rollback to an older copy, a wipe of every entry,
a database emptied to zero bytes or deleted. `kiosk audit verify` names each one, and so does
every start, as an alert and an audit entry, until the operator acknowledges it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.operator.daily_counts import export_csv
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, ScreeningRecord
from tests.security.conftest import database_files, raw_database


def logins(count: int, first: int = 0) -> None:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        for index in range(first, first + count):
            store.audit("operator_login", operator=f"operator {index}")
            store.record_screening(ScreeningRecord(36.5, "normal"))
        store.checkpoint()


def verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def unkeyed_hash(prev_hash: str, at: float, event: str, details: str) -> str:
    """The chain as anyone reading the source could recompute it without a key."""
    entry = f'{{"at":{json.dumps(at)},"details":{details},"event":{json.dumps(event)}}}'
    return hashlib.sha256((prev_hash + entry).encode()).hexdigest()


def test_a_chain_recomputed_after_an_edit_is_detected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logins(5)
    with raw_database() as db:
        db.execute('UPDATE audit_log SET details = \'{"operator":"nobody"}\' WHERE seq = 2')
        prev = "0" * 64
        for seq, at, event, details in db.execute(
            "SELECT seq, at, event, details FROM audit_log ORDER BY seq"
        ).fetchall():
            digest = unkeyed_hash(prev, at, event, details)
            db.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, digest, seq]
            )
            prev = digest
        db.execute(
            "UPDATE meta SET value = ? WHERE key = 'audit_head'",
            [json.dumps({"hash": prev, "seq": 5}, separators=(",", ":"))],
        )
    code, output = verify(capsys)
    assert code == 1 and "entry 1 was edited" in output


def test_deleting_every_entry_and_the_head_is_detected(capsys: pytest.CaptureFixture[str]) -> None:
    logins(4)
    with raw_database() as db:
        db.execute("DELETE FROM audit_log")
        db.execute("DELETE FROM meta WHERE key IN ('audit_head', 'audit_anchor')")
    code, output = verify(capsys)
    assert code == 1 and "every audit entry was removed" in output


def saved_copy(paths: KioskPaths, folder: Path) -> None:
    folder.mkdir()
    for part in database_files(paths):
        if part.exists():
            shutil.copy2(part, folder / part.name)


def restore(paths: KioskPaths, folder: Path) -> None:
    for part in database_files(paths):
        part.unlink(missing_ok=True)
        if (folder / part.name).exists():
            shutil.copy2(folder / part.name, part)


def test_restoring_an_older_copy_of_the_database_is_detected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logins(3)
    saved_copy(kiosk_paths(), tmp_path / "old")
    logins(3, first=3)
    restore(kiosk_paths(), tmp_path / "old")
    code, output = verify(capsys)
    assert code == 1 and "older copy" in output


@pytest.mark.parametrize("damage", ["emptied", "deleted"])
def test_a_database_emptied_or_deleted_is_not_silently_replaced(
    damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logins(3)
    main_file, *companions = database_files(kiosk_paths())
    for part in companions:
        part.unlink(missing_ok=True)
    if damage == "emptied":
        main_file.write_bytes(b"")
    else:
        main_file.unlink()
    code, output = verify(capsys)
    assert code == 1 and f"database was {damage}" in output
    # The new database starts with the fact, in an entry of its chain.
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        found = store.audit_entries("audit_tamper_detected")
        assert [entry.details["kind"] for entry in found] == [f"database_{damage}"]


def test_every_start_alerts_until_the_operator_acknowledges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logins(2)
    saved_copy(kiosk_paths(), tmp_path / "old")
    logins(2, first=2)
    restore(kiosk_paths(), tmp_path / "old")
    for _ in range(2):  # a start, then another: the alert is not used up by the first
        with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
            assert [f.kind for f in store.tamper_findings] == ["rolled_back"]
            assert "older copy" in store.tamper_findings[0].message
    assert main(["audit", "acknowledge"]) == 0
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert store.tamper_findings == ()
        assert store.verify_audit().intact
        events = [entry.event for entry in store.audit_entries()]
    assert events[-2:] == ["audit_tamper_detected", "audit_tamper_acknowledged"]
    capsys.readouterr()
    code, output = verify(capsys)
    assert code == 0 and "audit log intact" in output


def printed_head(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`audit head: entry N HASH`, the line an operator copies off the device."""
    words = capsys.readouterr().out.split()
    assert words[:3] == ["audit", "head:", "entry"]
    return int(words[3]), words[4]


def test_the_head_is_given_for_an_off_device_witness_and_checked_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logins(2)
    assert main(["audit", "head"]) == 0
    seq, head = printed_head(capsys)
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert (seq, head) == (store.audit_head().seq, store.audit_head().hash)
        exported = export_csv(store)  # the export itself is audited: the head moves on
        assert (
            exported.splitlines()[-1] == f"# audit head: entry {seq + 1} {store.audit_head().hash}"
        )
    assert main(["audit", "verify", "--witness", f"{seq}:{head}"]) == 0
    capsys.readouterr()
    # The database and every file beside it rolled back together: only the witness knows.
    saved_copy(kiosk_paths(), tmp_path / "old")
    anchor = kiosk_paths().config_dir / "audit.anchor"
    old_anchor = anchor.read_bytes()
    logins(2, first=2)
    assert main(["audit", "head"]) == 0
    later_seq, later_head = printed_head(capsys)
    restore(kiosk_paths(), tmp_path / "old")
    anchor.write_bytes(old_anchor)
    assert main(["audit", "verify", "--witness", f"{later_seq}:{later_head}"]) == 1
    assert f"ends at entry {seq + 1}" in capsys.readouterr().out
