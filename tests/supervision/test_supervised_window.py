"""The kiosk window under its service manager's rules (the unit file's own Restart=always,
RestartSec and WatchdogSec, over a real sd_notify socket): killed, it comes back; hung, the
watchdog notices because the healthy main loop stops pinging, and it comes back; stopped,
it ends cleanly."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from kiosk.supervision import ServiceNotifier
from tests.supervisor import Supervisor, kiosk_env, kiosk_window_command, unit_times, wait_for

BACK_S = 90.0  # generous: model loading on a loaded CI machine; the benchmark measures it


def test_a_killed_or_hung_window_comes_back_and_a_stop_is_clean(tmp_path: Path) -> None:
    supervisor = Supervisor(kiosk_window_command(), kiosk_env(tmp_path), tmp_path / "notify")
    supervisor.start()
    try:
        assert wait_for(lambda: supervisor.ready, BACK_S), supervisor_log(supervisor)
        assert wait_for(lambda: supervisor.pings >= 2, 30), "the main loop sends no WATCHDOG=1"
        first = supervisor.process
        assert first is not None
        first.kill()  # a crash
        assert wait_for(lambda: len(supervisor.ready) == 2, BACK_S), supervisor_log(supervisor)
        assert supervisor.process is not first

        hung = supervisor.process
        assert hung is not None
        os.kill(hung.pid, signal.SIGSTOP)  # a hang: the process lives but does nothing
        assert wait_for(lambda: supervisor.watchdog_kills == 1, 30)
        assert wait_for(lambda: len(supervisor.ready) == 3, BACK_S), supervisor_log(supervisor)
    finally:
        code = supervisor.stop()
    assert code == 0, supervisor_log(supervisor)


def supervisor_log(supervisor: Supervisor) -> str:
    return supervisor.log()


def test_the_unit_gives_the_watchdog_time_for_the_main_loops_pace(tmp_path: Path) -> None:
    from kiosk.commands.run import HEARTBEAT_S
    from ui.app import HEARTBEAT_MS

    times = unit_times()
    assert times.watchdog_s >= HEARTBEAT_S * 3 and times.watchdog_s >= HEARTBEAT_MS / 1000 * 3
    notifier = ServiceNotifier(address="")  # outside systemd: every call is a no-op
    notifier.ready()
    notifier.watchdog()
    assert not notifier.enabled
