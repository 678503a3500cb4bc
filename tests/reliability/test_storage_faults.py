"""Storage faults: a full disk, a read-only file system, a database locked by another
connection, a corrupt database file. The operator is told, verdicts keep coming, nothing
already recorded is lost, and once the fault clears the outage is audited.

Real SQLite files on a real small tmpfs (mounting needs root, as in CI; skipped otherwise).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.recorder import ScreeningRecorder
from kiosk.runtime import record_keeping
from kiosk.screening import ScreeningResult, Verdict
from kiosk.settings import PrivacySettings, Settings
from kiosk.store import KioskStore
from kiosk.store.db import DATABASE_NAME

DEADLINE_S = 20.0  # functional: generous for SQLite's 5 s busy wait on a loaded machine


def verdict(n: int) -> ScreeningResult:
    return ScreeningResult(float(n), Verdict.NORMAL, 36.0 + n % 10 / 10, "", None, 1.0)


def wait_until(condition: Callable[[], bool], deadline_s: float = DEADLINE_S) -> bool:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def remount(mount_point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True)


class Recording:
    """A real store and recorder on `root`, with the events it reported."""

    def __init__(self, root: Path) -> None:
        self.paths = KioskPaths(root / "data", root / "config", root / "cache").ensure()
        self.store = KioskStore.open(self.paths, PrivacySettings())
        self.events: list[dict[str, Any]] = []
        self.recorder = ScreeningRecorder(self.store, self.events.append)
        self.recorder.start()

    def states(self) -> list[str]:
        return [e["state"] for e in list(self.events) if e["event"] == "store"]

    def record(self, first: int, count: int) -> None:
        for n in range(first, first + count):
            self.recorder.record(verdict(n))

    def close(self) -> None:
        self.recorder.stop()
        self.store.close()


@contextlib.contextmanager
def recording(root: Path) -> Iterator[Recording]:
    kept = Recording(root)
    try:
        yield kept
    finally:
        kept.close()


def assert_recovered(kept: Recording, at_least: int) -> None:
    assert wait_until(lambda: kept.states()[-1:] == ["recording"]), kept.events
    failing = next(e for e in kept.events if e.get("state") == "failing")
    assert "not being kept" in failing["message"] and "Screening continues" in failing["message"]
    assert wait_until(lambda: kept.store.screening_count() >= at_least)
    outage = kept.store.audit_entries("records_not_kept")
    assert len(outage) == 1 and outage[0].details["reason"]
    assert kept.store.verify_audit().intact


def test_a_full_disk_pauses_recording_and_keeps_what_was_recorded(small_disk: Path) -> None:
    with recording(small_disk) as kept:
        kept.record(0, 20)
        assert wait_until(lambda: kept.store.screening_count() == 20)
        filler = small_disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 65536)
        n = 20
        while "failing" not in kept.states():  # the WAL's spare pages fill first
            kept.record(n, 50)
            n += 50
            assert n < 50_000, "the disk never filled"
            time.sleep(0.05)
        assert kept.store.screening_count() >= 20
        filler.unlink()
        assert_recovered(kept, at_least=20)
    with sqlite3.connect(kept.paths.data_dir / DATABASE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [row[0] for row in db.execute("SELECT id FROM screening_records ORDER BY id")]
    assert ids[:20] == list(range(1, 21))


def test_a_read_only_file_system_pauses_recording_until_writable(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file system cannot be made read-only under open files, so it goes read-only while
    # the kiosk is off (as after a file-system error) and is repaired while it runs.
    monkeypatch.setenv("KIOSK_HOME", str(small_disk))
    with recording(small_disk) as kept:
        kept.record(0, 5)
        assert wait_until(lambda: kept.store.screening_count() == 5)
    remount(small_disk, "ro")
    events: list[dict[str, Any]] = []
    with record_keeping(kiosk_paths().ensure(), Settings(), events.append) as keeping:
        assert wait_until(lambda: any(e.get("state") == "unavailable" for e in events))
        for n in range(5, 10):
            keeping(verdict(n))  # screening goes on; verdicts wait for the disk
        remount(small_disk, "rw")
        assert wait_until(lambda: any(e.get("state") == "recording" for e in events))
        store = keeping.recorder.store
        assert store is not None
        assert wait_until(lambda: store.screening_count() == 10)  # none lost, none dropped
        outage = store.audit_entries("records_not_kept")
        assert len(outage) == 1 and "cannot be opened" in str(outage[0].details["reason"])
        assert outage[0].details["dropped"] == 0
        assert keeping.purger is not None  # retention started with the late store
    message = next(e for e in events if e.get("state") == "unavailable")["message"]
    assert "Read-only file system" in message and "Screening continues" in message


def test_a_locked_database_holds_records_until_the_lock_is_released(tmp_path: Path) -> None:
    with recording(tmp_path) as kept:
        kept.record(0, 3)
        assert wait_until(lambda: kept.store.screening_count() == 3)
        other = sqlite3.connect(kept.paths.data_dir / DATABASE_NAME, check_same_thread=False)
        other.execute("BEGIN EXCLUSIVE")
        try:
            kept.record(3, 4)
            assert wait_until(lambda: "failing" in kept.states())
        finally:
            other.rollback()
            other.close()
        assert_recovered(kept, at_least=7)


def test_a_corrupt_database_is_reported_and_screening_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    database = tmp_path / "data" / "demo" / DATABASE_NAME  # the demo keeps its own records
    database.parent.mkdir(parents=True)
    damaged = b"SQLite format 3\0" + bytes(range(256)) * 64
    database.write_bytes(damaged)
    # Long enough for the demo's first verdict: screening goes on without a store.
    assert main(["--demo", "--headless", "--seconds", "5.5"]) == 0
    out, err = capsys.readouterr()
    events = [json.loads(line) for line in out.splitlines()]
    store = next(e for e in events if e["event"] == "store")
    assert store["state"] == "unavailable" and "damaged" in store["message"]
    assert "damaged" in err and "Traceback" not in err
    assert any(e["event"] == "verdict" for e in events)
    assert database.read_bytes() == damaged  # left untouched for the operator
