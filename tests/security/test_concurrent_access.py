"""Several kiosk processes on one database, as when the window, the recorder and an operator
command run at once: every append of three simultaneous writers lands, `kiosk audit verify`
never cries tamper at a log that is being written, and `kiosk purge --now` during writes
completes. Real processes on a real SQLite file; nothing here is timed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore
from kiosk.store.db import DATABASE_NAME
from tests.conftest import REPO

WRITERS, APPENDS = 3, 300
# A busy kiosk writes a few audit entries a second; this one writes one every 5 ms. (A loop
# with no pause at all holds SQLite's write lock nearly always, and a waiter, which polls
# for it, could starve: no kiosk process writes like that.)
KIOSK_PAUSE_S = 0.005


def start_writer(count: int, start: Path, pause_s: float = 0.0) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.security.audit_writer",
            str(count),
            str(start),
            str(pause_s),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    return writer


@pytest.fixture
def kiosk_writing(tmp_path: Path) -> Iterator[Callable[[float], subprocess.Popen[str]]]:
    """Start a writer appending audit entries `pause_s` apart until the test ends; returned
    once it is well under way."""
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    writers: list[subprocess.Popen[str]] = []

    def start(pause_s: float) -> subprocess.Popen[str]:
        go = tmp_path / f"start-{len(writers)}"
        writers.append(start_writer(0, go, pause_s))
        go.touch()
        with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
            while len(store.audit_entries()) < 20:
                assert writers[-1].poll() is None, "the writer died"
                time.sleep(0.01)
        return writers[-1]

    yield start
    for writer in writers:
        writer.terminate()
        writer.wait(timeout=60)


def test_three_simultaneous_writers_lose_no_append(tmp_path: Path) -> None:
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    start = tmp_path / "start"
    writers = [start_writer(APPENDS, start) for _ in range(WRITERS)]
    start.touch()
    reports = [writer.communicate(timeout=600)[0].strip() for writer in writers]
    assert reports == [f"appended {APPENDS} failed 0"] * WRITERS
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert len(store.audit_entries("operator_login")) == WRITERS * APPENDS
        assert store.verify_audit().intact


def test_verify_while_the_kiosk_writes_raises_no_false_alarm(
    kiosk_writing: Callable[[float], subprocess.Popen[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    writer = kiosk_writing(0.0)  # as fast as it can: a reader never waits for a writer
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        reports = [store.verify_audit() for _ in range(30)]
    assert [report.problems for report in reports if not report.intact] == []
    for _ in range(3):
        assert main(["audit", "verify"]) == 0, capsys.readouterr().out
    assert writer.poll() is None


def test_purge_while_the_kiosk_writes_completes(
    kiosk_writing: Callable[[float], subprocess.Popen[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk_writing(KIOSK_PAUSE_S)
    for _ in range(5):
        assert main(["purge", "--now"]) == 0
        assert '"removed"' in capsys.readouterr().out
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert len(store.audit_entries("retention_purge")) == 5


def test_purge_waits_for_a_write_in_progress(capsys: pytest.CaptureFixture[str]) -> None:
    """Another connection is in the middle of a write (it holds the lock for a second, well
    inside the kiosk's wait) when the purge starts: the purge waits its turn."""
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    holding, done = threading.Event(), threading.Event()

    def write_slowly() -> None:
        other = sqlite3.connect(kiosk_paths().data_dir / DATABASE_NAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO screening_records (at, verdict, corrections) VALUES (1, 'normal', '{}')"
        )
        holding.set()
        done.wait(1.0)
        other.execute("COMMIT")
        other.close()

    writer = threading.Thread(target=write_slowly)
    writer.start()
    holding.wait()
    try:
        assert main(["purge", "--now"]) == 0
    finally:
        done.set()
        writer.join()
    assert json.loads(capsys.readouterr().out)["removed"]["screening_records"] == 1


def test_connections_opened_at_once_on_a_fresh_kiosk_share_one_key(tmp_path: Path) -> None:
    """At its first start the kiosk opens its store from several threads at once (records,
    recognition, the window): each either makes the audit key or uses the one just made."""
    paths = KioskPaths(tmp_path / "data", tmp_path / "config", tmp_path / "cache")
    opened: list[KioskStore] = []
    failed: list[BaseException] = []
    start = threading.Barrier(10)

    def open_store() -> None:
        start.wait()
        try:
            opened.append(KioskStore.open(paths, PrivacySettings()))
        except BaseException as error:
            failed.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not failed, failed
        assert len(opened) == 10
        assert all(store.verify_audit().intact for store in opened)
        # A first start is not a wipe: no connection may take another's new file for one.
        assert [f.message for store in opened for f in store.tamper_findings] == []
        with KioskStore.open(paths, PrivacySettings()) as again:
            assert again.tamper_findings == ()
    finally:
        for store in opened:
            store.close()
