"""Security test set-up: the kiosk as a real process on a private KIOSK_HOME, an attacker's
raw view of the database file, and the shape every command error must have."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.store.db import DATABASE_NAME
from tests.conftest import REPO


def kiosk_command(*args: str) -> list[str]:
    """`python -m kiosk ARGS`: the headless `kiosk` command from this checkout."""
    return [sys.executable, "-m", "kiosk", *args]


def kiosk_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, KIOSK_HOME=str(home), PYTHONPATH=str(REPO), **extra)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def run_kiosk(
    home: Path, *args: str, prefix: Sequence[str] = (), timeout: float = 300.0
) -> subprocess.CompletedProcess[str]:
    """Run `kiosk ARGS` (behind `prefix`, e.g. strace) to completion in its own process."""
    return subprocess.run(
        [*prefix, *kiosk_command(*args)],
        cwd=REPO,
        env=kiosk_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_kiosk_line(stderr: str) -> str:
    """A refused command says so in one `kiosk: …` line on stderr: no traceback, no noise
    of ours (native libraries' own log lines, marked by their prefixes, are theirs)."""
    ours = [line for line in stderr.splitlines() if not _native_log_line(line)]
    assert "Traceback" not in stderr, stderr
    assert len(ours) == 1 and ours[0].startswith("kiosk: "), stderr
    return ours[0]


def _native_log_line(line: str) -> bool:
    # glog (MediaPipe), TensorFlow Lite and OpenCV write their own start-up chatter.
    return line.startswith(("W0000", "I0000", "E0000", "INFO:", "WARNING: Logging", "[ WARN:"))


def raw_database(paths: KioskPaths | None = None) -> sqlite3.Connection:
    """The database as someone with write access to the file sees it: plain sqlite3,
    no kiosk code, the append-only trigger no obstacle."""
    connection = sqlite3.connect((paths or kiosk_paths()).data_dir / DATABASE_NAME)
    connection.execute("DROP TRIGGER IF EXISTS audit_log_append_only")
    return connection


def database_files(paths: KioskPaths) -> list[Path]:
    main = paths.data_dir / DATABASE_NAME
    return [main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")]
