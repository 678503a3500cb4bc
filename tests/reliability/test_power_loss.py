"""Power loss: a process screening and enrolling visitors is killed with SIGKILL at random
moments, 100 times. After each kill the database passes integrity_check, holds every write
that was reported committed, its audit chain verifies against the anchor outside the
database with no tampering reported (a kill between a commit and the anchor's update leaves
the database ahead of the anchor, never behind it), and the FAISS gallery rebuilt from it by
FaceRecognition matches it.

The writers are forked from a warm zygote (power_loss_writer.py), so a kill-and-restart
costs milliseconds, not an interpreter start-up.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.paths import KioskPaths
from kiosk.recognition.gallery import FaceGallery
from kiosk.recognition.service import FaceRecognition
from kiosk.settings import PrivacySettings
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store import KioskStore
from kiosk.store.db import DATABASE_NAME
from tests.conftest import REPO
from tests.reliability.power_loss_writer import data_paths, template_vector

KILLS = 100
# Each writer is killed a random 0…20 ms after its k-th reported write, k random in 0…6:
# random moments, yet always progress however slow the disk (k = 0 dies while opening).
MAX_WRITES_BEFORE_KILL = 6
MAX_EXTRA_S = 0.02
# FaceRecognition loads the SFace model (~0.2 s) before it rebuilds its gallery from the store;
# the other restarts run the same rebuild, FaceGallery.rebuild(store.templates()), without it.
FULL_EVERY = 10


@pytest.fixture
def zygote() -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.power_loss_writer"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)


def report_lines(reports: Path) -> list[str]:
    """Complete lines only: a line cut by the kill was never a report."""
    return reports.read_text().split("\n")[:-1] if reports.exists() else []


def wait_reported(reports: Path, writes: int) -> None:
    deadline = time.monotonic() + 30.0
    while len(report_lines(reports)) < writes:
        assert time.monotonic() < deadline, f"the writer reported fewer than {writes} writes"
        time.sleep(0.001)


def wait_gone(pid: int) -> None:
    """Until the killed writer has been reaped (its zygote ignores SIGCHLD)."""
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.002)
    raise AssertionError(f"writer {pid} survived SIGKILL")


def test_sigkill_never_loses_a_committed_write(
    tmp_path: Path, zygote: subprocess.Popen[str]
) -> None:
    assert zygote.stdin is not None and zygote.stdout is not None
    paths = data_paths(tmp_path).ensure()
    KioskStore.open(
        paths, PrivacySettings()
    ).close()  # the key and schema exist before the first kill
    rng = random.Random(9)
    screenings: set[int] = set()
    templates: dict[int, tuple[int, int]] = {}  # template id → (person id, vector seed)
    for kill in range(KILLS):
        reports = tmp_path / f"reports-{kill}.txt"
        zygote.stdin.write(f"{tmp_path} {reports} {kill * 1_000_000}\n")
        zygote.stdin.flush()
        pid = int(zygote.stdout.readline())
        wait_reported(reports, rng.randint(0, MAX_WRITES_BEFORE_KILL))
        time.sleep(rng.uniform(0.0, MAX_EXTRA_S))
        os.kill(pid, signal.SIGKILL)
        wait_gone(pid)
        lines = report_lines(reports)
        for line in lines:
            kind, *numbers = line.split()
            if kind == "screening":
                screenings.add(int(numbers[0]))
            else:
                template_id, person_id, seed = map(int, numbers)
                templates[template_id] = (person_id, seed)
        check_after_restart(paths, screenings, templates, full=kill % FULL_EVERY == 0)
    print(f"{KILLS} SIGKILLs: {len(screenings)} screenings and {len(templates)} enrolments "
          f"reported committed, all found after restart")  # fmt: skip
    # The run exercised both kinds of write, many times over.
    assert len(screenings) > KILLS and len(templates) > KILLS // 10


def check_after_restart(
    paths: KioskPaths,
    screenings: set[int],
    templates: dict[int, tuple[int, int]],
    *,
    full: bool,
) -> None:
    with sqlite3.connect(paths.data_dir / DATABASE_NAME) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with KioskStore.open(paths, PrivacySettings()) as store:
        stored = {row[0] for row in store.db.execute("SELECT id FROM screening_records")}
        assert screenings <= stored
        assert store.verify_audit().intact and store.tamper_findings == ()
        if full:
            recognition = FaceRecognition(store, RecognitionSettings())
            gallery, report = recognition.gallery, recognition.rebuild_report
        else:
            gallery = FaceGallery()
            report = gallery.rebuild(store.templates())
        assert not report.skipped
        assert len(gallery) == store.template_count()
        for template_id, (person_id, seed) in templates.items():
            best = gallery.best_per_person(template_vector(seed))[0]
            assert best[0] == person_id, f"template {template_id} lost from the index"
            assert best[1] == pytest.approx(1.0, abs=1e-4)
