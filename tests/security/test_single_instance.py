"""One kiosk per KIOSK_HOME: a second one is told which process already runs there, the lock
dies with its holder however it ends (SIGKILL included), and erasing the data is refused
while a kiosk runs on it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from kiosk.cli import main
from kiosk.instance_lock import KioskAlreadyRunningError, hold_instance_lock
from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore
from kiosk.store.db import DATABASE_NAME
from tests.conftest import REPO
from tests.security.conftest import assert_one_kiosk_line

HOLDER = (
    "import sys\n"
    "from kiosk.instance_lock import hold_instance_lock\n"
    "from kiosk.paths import kiosk_paths\n"
    "with hold_instance_lock(kiosk_paths()):\n"
    "    print('running', flush=True)\n"
    "    sys.stdin.read()\n"
)


@pytest.fixture
def running_kiosk() -> Iterator[subprocess.Popen[str]]:
    kiosk = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert kiosk.stdout is not None and kiosk.stdout.readline() == "running\n"
    yield kiosk
    kiosk.kill()
    kiosk.wait(timeout=30)


def test_a_second_kiosk_on_the_same_home_is_told_who_runs(
    running_kiosk: subprocess.Popen[str],
) -> None:
    with pytest.raises(KioskAlreadyRunningError) as refused, hold_instance_lock(kiosk_paths()):
        pass
    message = str(refused.value)
    assert f"process {running_kiosk.pid}" in message and str(kiosk_paths().data_dir) in message


def test_the_lock_dies_with_a_killed_kiosk(running_kiosk: subprocess.Popen[str]) -> None:
    running_kiosk.send_signal(signal.SIGKILL)
    running_kiosk.wait(timeout=30)
    with hold_instance_lock(kiosk_paths()):
        pass


def test_erasing_the_data_of_a_running_kiosk_is_refused(
    running_kiosk: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    KioskStore.open(kiosk_paths(), PrivacySettings()).close()
    assert main(["erase-all-data", "--yes"]) == 1
    assert "stop the kiosk" in assert_one_kiosk_line(capsys.readouterr().err)
    assert (kiosk_paths().data_dir / DATABASE_NAME).exists()
