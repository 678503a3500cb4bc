"""The process the power-loss test kills, and the zygote that forks it.

`python -m tests.reliability.power_loss_writer` imports the store once, then for every
line `<data root> <report file> <first seed>` on stdin forks a writer and prints its pid.
A writer screens and enrols visitors as fast as it can and appends a line to the report
file only after the store said the write was committed. Forking from a warm zygote makes
a kill-and-restart cost milliseconds instead of an interpreter start-up.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import numpy as np

from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import ConsentDecision, KioskStore, ScreeningRecord

ENROL_EVERY = 3  # one enrolment per three visitors


def template_vector(seed: int) -> np.ndarray:
    """A precomputed stand-in for an SFace embedding: no model runs in the writer."""
    values = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return values / np.linalg.norm(values)


def data_paths(root: Path) -> KioskPaths:
    return KioskPaths(root / "data", root / "config", root / "cache")


def write_until_killed(root: Path, reports: Path, first_seed: int) -> None:
    report = os.open(reports, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    store = KioskStore.open(data_paths(root), PrivacySettings())
    seed = first_seed
    while True:
        seed += 1
        if seed % ENROL_EVERY:
            record_id = store.record_screening(ScreeningRecord(36.0 + seed % 20 / 10, "normal"))
            os.write(report, f"screening {record_id}\n".encode())
            continue
        consent = store.record_consent(ConsentDecision("granted", "v1", ("fast_pass",)))
        person = store.enrol_person(f"visitor {seed}", consent)
        template = store.add_template(person, template_vector(seed), "bare")
        os.write(report, f"template {template} {person} {seed}\n".encode())


def serve() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped by the kernel
    for line in sys.stdin:
        root, reports, seed = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(Path(root), Path(reports), int(seed))
            finally:
                os._exit(1)
        print(pid, flush=True)


if __name__ == "__main__":
    serve()
