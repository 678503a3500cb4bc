"""How fast a crashed or hung kiosk window is back on screen under its service manager's rules.

The supervisor stand-in (tests/supervisor.py) applies the unit file's Restart=always,
RestartSec and WatchdogSec over a real sd_notify socket; the window runs the demo offscreen.
Back on screen = the new process's READY=1 (sent once the runtime runs and the window is
shown). Goal: 10 s or less for both.

    .venv/bin/python benchmarks/supervision.py [--trials 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.supervisor import Supervisor, kiosk_env, kiosk_window_command, unit_times, wait_for


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kiosk-supervision-"))
    supervisor = Supervisor(kiosk_window_command(), kiosk_env(scratch), scratch / "notify")
    supervisor.start()
    crash, hang = [], []
    try:
        if not wait_for(lambda: supervisor.ready, 120):
            print(supervisor.log())
            return 1
        for _ in range(args.trials):
            for kind, times in (("crash", crash), ("hang", hang)):
                time.sleep(3.0)  # let the fresh kiosk settle
                process = supervisor.process
                assert process is not None
                readies = len(supervisor.ready)
                began = time.monotonic()
                if kind == "crash":
                    process.kill()
                else:
                    os.kill(process.pid, signal.SIGSTOP)
                if not wait_for(lambda n=readies: len(supervisor.ready) > n, 120):
                    print(supervisor.log())
                    return 1
                times.append(supervisor.ready[-1] - began)
    finally:
        supervisor.stop()
    unit = unit_times()
    print(f"unit: RestartSec {unit.restart_s:g} s, WatchdogSec {unit.watchdog_s:g} s")
    for kind, times in (("crash (SIGKILL)", crash), ("hang (SIGSTOP)", hang)):
        print(
            f"{kind:16} → back on screen  s: median {statistics.median(times):.1f}  "
            f"max {max(times):.1f}  ({len(times)} trials)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
