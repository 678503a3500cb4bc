"""The process the power-loss test kills: screens and enrols visitors as fast as it can,
reporting each write on `reports` only after the store said it was committed."""

from __future__ import annotations

from multiprocessing.connection import Connection

import numpy as np

from kiosk.paths import KioskPaths
from kiosk.store import ConsentDecision, KioskStore, ScreeningRecord

ENROL_EVERY = 3  # one enrolment per three visitors


def template_vector(seed: int) -> np.ndarray:
    """A precomputed stand-in for an SFace embedding: no model runs in the writer."""
    values = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return values / np.linalg.norm(values)


def write_until_killed(paths: KioskPaths, first_seed: int, reports: Connection) -> None:
    store = KioskStore.open(paths)
    seed = first_seed
    while True:
        seed += 1
        if seed % ENROL_EVERY:
            record_id = store.record_screening(ScreeningRecord(36.0 + seed % 20 / 10, "normal"))
            reports.send(("screening", record_id))
            continue
        consent = store.record_consent(ConsentDecision("granted", "v1", ("fast_pass",)))
        person = store.enrol_person(f"visitor {seed}", consent)
        template = store.add_template(person, template_vector(seed), "bare")
        reports.send(("template", template, person, seed))
