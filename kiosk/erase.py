"""Erasing everything the kiosk stored, for an uninstall that was asked to purge data.

It works as the retention purge does, but for every row whatever its age: rows are
deleted through the store (secure_delete is on, so their bytes are overwritten), the WAL
is checkpointed so no copy stays in it, and only then are the files removed. The keys are
overwritten before they are unlinked, and the audit anchor goes with them (a reinstall then
starts a new history instead of reporting the erased one as deleted). Nothing is followed
through a link: a link is removed, never its target. Refused while a kiosk runs on the data.
Operator settings are left.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.instance_lock import hold_instance_lock
from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, StoreError
from kiosk.store.anchor import ANCHOR_FILE_NAME
from kiosk.store.crypto import KEY_FILE_NAME
from kiosk.store.db import DATABASE_NAME
from kiosk.store.store import AUDIT_KEY_FILE_NAME

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
    """Zero a regular file's bytes on the disk, then unlink it; a link is only unlinked."""
    if stat.S_ISREG(path.lstat().st_mode):
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            os.write(descriptor, bytes(os.fstat(descriptor).st_size))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    path.unlink()


def erase_all(paths: KioskPaths) -> ErasureReport:
    """Delete every stored row, then the data and cache directories, the keys and the anchor.
    KioskAlreadyRunningError while a kiosk runs on these files."""
    if not paths.data_dir.exists():  # no kiosk ever ran here, nor runs (it would have made it)
        return _remove_files(paths, ErasureReport())
    with hold_instance_lock(paths):
        report = ErasureReport()
        # Opening the store would create an empty database where there was none.
        if (paths.data_dir / DATABASE_NAME).exists():
            _delete_rows(paths, report)
        return _remove_files(paths, report)


def _remove_files(paths: KioskPaths, report: ErasureReport) -> ErasureReport:
    for name in (KEY_FILE_NAME, AUDIT_KEY_FILE_NAME, ANCHOR_FILE_NAME):
        path = paths.config_dir / name
        if path.is_symlink() or path.exists():
            _overwrite_and_unlink(path)
            report.removed.append(str(path))
    for directory in (paths.data_dir, paths.cache_dir):
        if directory.is_symlink():
            directory.unlink()
            report.removed.append(str(directory))
        elif directory.exists():
            shutil.rmtree(directory)
            report.removed.append(str(directory))
    return report
