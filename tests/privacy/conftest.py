"""Privacy test set-up: a private KIOSK_HOME per test, an open store, enrolment helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.settings.privacy import PrivacySettings
from kiosk.store import ConsentDecision, KioskStore
from kiosk.store.db import DATABASE_NAME


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KioskPaths:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    return kiosk_paths()


@pytest.fixture
def store(paths: KioskPaths) -> Iterator[KioskStore]:
    with KioskStore.open(paths, PrivacySettings()) as opened:
        yield opened


def db_path(paths: KioskPaths) -> Path:
    return paths.data_dir / DATABASE_NAME


def database_bytes(paths: KioskPaths) -> bytes:
    """The database file and its -wal and -shm companions, as they are on disk."""
    main = db_path(paths)
    parts = [main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def granted(store: KioskStore, version: str = "notice-test") -> int:
    return store.record_consent(ConsentDecision("granted", version, ("fast_pass",)))


def vector(seed: int) -> np.ndarray:
    values = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return values / np.linalg.norm(values)


def enrol(store: KioskStore, label: str, templates: int = 2, seed: int = 0) -> int:
    person_id = store.enrol_person(label, granted(store))
    for index in range(templates):
        store.add_template(person_id, vector(seed + index), "sface")
    return person_id


def settings_with(**retention_days: int) -> PrivacySettings:
    defaults = PrivacySettings()
    return replace(defaults, retention=replace(defaults.retention, **retention_days))
