"""Power loss: a process screening and enrolling visitors is killed with SIGKILL at random
moments, 100 times. After each kill the database passes integrity_check, holds every write
that was reported committed, its audit chain verifies, and the FAISS gallery rebuilt from
it by FaceRecognition matches it.

The writer is forked from a forkserver that has the store imported, so a kill-and-restart
costs milliseconds, not an interpreter start-up.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
from pathlib import Path

import pytest

from kiosk.paths import KioskPaths
from kiosk.recognition.service import FaceRecognition
from kiosk.recognition_settings import RecognitionSettings
from kiosk.store import KioskStore
from kiosk.store.db import DATABASE_NAME
from tests.reliability.power_loss_writer import template_vector, write_until_killed

KILLS = 100
MAX_RUN_S = 0.12  # each writer lives a random 0…120 ms: some die while still opening the file


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.power_loss_writer"])
    return context


def test_sigkill_never_loses_a_committed_write(
    tmp_path: Path, forkserver: multiprocessing.context.ForkServerContext
) -> None:
    paths = KioskPaths(tmp_path / "data", tmp_path / "config", tmp_path / "cache").ensure()
    KioskStore.open(paths).close()  # the key and schema exist before the first kill
    rng = random.Random(9)
    screenings: set[int] = set()
    templates: dict[int, tuple[int, int]] = {}  # template id → (person id, vector seed)
    for kill in range(KILLS):
        receiver, sender = forkserver.Pipe(duplex=False)
        writer = forkserver.Process(
            target=write_until_killed, args=(paths, kill * 1_000_000, sender), daemon=True
        )
        writer.start()
        sender.close()
        writer.join(rng.uniform(0.0, MAX_RUN_S))
        writer.kill()
        writer.join()
        assert writer.exitcode == -9, f"writer {kill} ended on its own: {writer.exitcode}"
        while receiver.poll():
            try:
                report = receiver.recv()
            except EOFError:
                break
            if report[0] == "screening":
                screenings.add(report[1])
            else:
                templates[report[1]] = (report[2], report[3])
        receiver.close()
        check_after_restart(paths, screenings, templates)
    # The run exercised both kinds of write, many times over.
    assert len(screenings) > KILLS and len(templates) > KILLS // 3


def check_after_restart(
    paths: KioskPaths, screenings: set[int], templates: dict[int, tuple[int, int]]
) -> None:
    with sqlite3.connect(paths.data_dir / DATABASE_NAME) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with KioskStore.open(paths) as store:
        stored = {row[0] for row in store.db.execute("SELECT id FROM screening_records")}
        assert screenings <= stored
        assert store.verify_audit().intact
        recognition = FaceRecognition(store, RecognitionSettings())
        assert not recognition.rebuild_report.skipped
        assert len(recognition.gallery) == store.template_count()
        for template_id, (person_id, seed) in templates.items():
            best = recognition.gallery.best_per_person(template_vector(seed))[0]
            assert best[0] == person_id, f"template {template_id} lost from the index"
            assert best[1] == pytest.approx(1.0, abs=1e-4)
