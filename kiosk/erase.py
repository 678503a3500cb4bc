"""Erasing everything the kiosk stored, for an uninstall that was asked to purge data.

It works as the retention purge does, but for every row whatever its age: rows are
deleted through the store (secure_delete is on, so their bytes are overwritten), the WAL
is checkpointed so no copy stays in it, and only then are the files removed. The
template key is overwritten before it is unlinked. Operator settings are left.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, StoreError
from kiosk.store.crypto import KEY_FILE_NAME
from kiosk.store.db import DATABASE_NAME

# Children before parents, so foreign keys never block a delete.
TABLES = (
    "templates",
    "people",
    "consent_events",
    "screening_records",
    "settings_history",
    "audit_log",
    "meta",
)


@dataclass
class ErasureReport:
    rows_deleted: dict[str, int] = field(default_factory=dict)
    # Why rows could not be deleted one by one (a damaged database); the files still go.
    store_error: str = ""
    removed: list[str] = field(default_factory=list)


def _delete_rows(paths: KioskPaths, report: ErasureReport) -> None:
    try:
        with KioskStore.open(paths, PrivacySettings()) as store:
            with store.transaction() as db:
                for table in TABLES:
                    report.rows_deleted[table] = db.execute(f"DELETE FROM {table}").rowcount
            store.checkpoint()
    except StoreError as error:
        report.store_error = str(error)


def _overwrite_and_unlink(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(bytes(size))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def erase_all(paths: KioskPaths) -> ErasureReport:
    """Delete every stored row, then the data and cache directories and the template key."""
    report = ErasureReport()
    # Opening the store would create an empty database where there was none.
    if (paths.data_dir / DATABASE_NAME).exists():
        _delete_rows(paths, report)
    key = paths.config_dir / KEY_FILE_NAME
    if key.exists():
        _overwrite_and_unlink(key)
        report.removed.append(str(key))
    for directory in (paths.data_dir, paths.cache_dir):
        if directory.exists():
            shutil.rmtree(directory)
            report.removed.append(str(directory))
    return report
