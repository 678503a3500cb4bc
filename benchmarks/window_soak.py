"""The real kiosk window left running on the demo: does it survive, and does it stay flat?

Runs `ui.app.run_window` — the window, the runtime, the demo camera at its 30 frames/s and
the simulated GY-MCU90640 read by the real driver — for N minutes in this process, under
Xvfb when DISPLAY is set or offscreen otherwise, and samples from a timer on the same event
loop: resident memory, live Python objects, the reference count of True (PySide6 6.12.0 lost
one per signal emission), threads, open file descriptors, and how late a 100 ms timer fires
(the event loop's latency). Prints a line per sample interval and a summary.

    .venv/bin/python benchmarks/window_soak.py --minutes 60 [--every 5]
    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python benchmarks/window_soak.py ...
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

TICK_MS = 100


@dataclass(frozen=True)
class Sample:
    minute: float
    rss_mb: float
    objects: int
    true_refs: int
    threads: int
    fds: int
    late_ms_p50: float
    late_ms_max: float


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=5.0, help="minutes between samples")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["KIOSK_HOME"] = tempfile.mkdtemp(prefix="kiosk-soak-")

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from kiosk.commands.run import launch_for
    from ui.app import run_window

    qInstallMessageHandler(lambda *_: None)  # offscreen warns on every repaint
    app = QApplication(sys.argv[:1])
    started = time.monotonic()
    lateness: list[float] = []
    samples: list[Sample] = []
    clock = QElapsedTimer()
    clock.start()
    expected = [0]

    def tick() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + TICK_MS

    def sample() -> None:
        window = list(lateness)
        lateness.clear()
        samples.append(
            Sample(
                minute=round((time.monotonic() - started) / 60, 2),
                rss_mb=round(rss_mb(), 1),
                objects=len(gc.get_objects()),
                true_refs=sys.getrefcount(True),
                threads=threading.active_count(),
                fds=len(os.listdir("/proc/self/fd")),
                late_ms_p50=round(statistics.median(window), 1) if window else 0.0,
                late_ms_max=round(max(window), 1) if window else 0.0,
            )
        )
        print(json.dumps(asdict(samples[-1])), flush=True)

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(tick)
    ticker.start(TICK_MS)
    sampler = QTimer()
    sampler.timeout.connect(sample)
    sampler.start(int(args.every * 60_000))
    # The first sample after a minute: models loaded, the first visitors screened.
    QTimer.singleShot(60_000, sample)
    expected[0] = clock.elapsed() + TICK_MS
    launch = launch_for(argparse.Namespace(config=None, demo=True, seconds=args.minutes * 60))
    code = run_window(launch)
    ticker.stop()
    sampler.stop()
    running = list(samples)
    sample()  # after the window closed: every kiosk thread and descriptor should be gone
    del app
    first, last = running[0], running[-1]
    hours = max((last.minute - first.minute) / 60, 1e-9)
    print(
        f"window soak: {last.minute:.1f} min, exit {code}; from minute {first.minute:.1f} to "
        f"{last.minute:.1f}: RSS {first.rss_mb:.1f} → {last.rss_mb:.1f} MB "
        f"({(last.rss_mb - first.rss_mb) / hours:+.1f} MB/h), objects {first.objects} → "
        f"{last.objects}, True refs {first.true_refs} → {last.true_refs}, threads "
        f"{first.threads} → {last.threads}, fds {first.fds} → {last.fds}; event-loop "
        f"lateness p50 {statistics.median(s.late_ms_p50 for s in running):.1f} ms, "
        f"max {max(s.late_ms_max for s in running[1:] or running):.1f} ms (after the first "
        f"minute); after closing: threads {samples[-1].threads}, fds {samples[-1].fds}"
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
