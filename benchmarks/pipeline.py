"""Throughput and latency of the whole pipeline on the demo scene, with the real window.

Runs the demo (replayed 640×480 camera at 30 frames/s, simulated GY-MCU90640 read by
the real driver over a pty, MediaPipe on every processed frame) with the kiosk window
offscreen, then prints: frames/s through the pipeline, per-stage latency, GUI-thread
time per frame, and time from a visitor standing still to the verdict.

    .venv/bin/python benchmarks/pipeline.py [--seconds 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk.demo.rig import build_demo_rig
from kiosk.pipeline import Pipeline, PipelineUpdate
from kiosk.settings import Settings
from ui.app import build_window


def percentiles(values: list[float], scale: float = 1000.0) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * scale

    return f"p50 {pick(0.5):6.1f}  p95 {pick(0.95):6.1f}  max {ordered[-1] * scale:6.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()

    # The offscreen platform warns about window size hints on every repaint.
    qInstallMessageHandler(lambda *_: None)
    app = QApplication([])
    settings = Settings()
    window, bridge = build_window(settings)
    window.resize(1280, 800)
    window.show()
    gui_times: list[float] = []
    loop_times: list[float] = []
    verdicts: list[dict[str, object]] = []

    draw = window.show_update

    def timed_show(update: PipelineUpdate) -> None:
        started = time.perf_counter()
        draw(update)
        gui_times.append(time.perf_counter() - started)

    window.show_update = timed_show  # type: ignore[method-assign]
    rig = build_demo_rig(settings)
    pipeline = Pipeline(settings, rig.camera, rig.sensor, verdicts.append, bridge.post_update)
    pipeline.start()
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        # One pass of the GUI event loop: the update handler plus the repaint it causes.
        started_pass = time.perf_counter()
        app.processEvents()
        loop_times.append(time.perf_counter() - started_pass)
        time.sleep(0.002)
    duration = time.monotonic() - started
    camera = rig.camera.status()
    pipeline.stop()
    rig.close()

    times = pipeline.times
    print(f"run: {duration:.1f} s, 640×480, {os.cpu_count()} cores")
    print(f"camera delivered      {camera.frames / duration:6.1f} frames/s")
    print(f"pipeline processed    {times.processed / duration:6.1f} frames/s (landmarks on each)")
    print(f"vision capacity       {1.0 / statistics.mean(times.landmarks):6.1f} frames/s")
    print(f"frame age at pickup   ms {percentiles(list(times.capture))}")
    print(f"landmarks             ms {percentiles(list(times.landmarks))}")
    print(f"fusion + screening    ms {percentiles(list(times.fusion))}")
    print(f"GUI update handler    ms {percentiles(gui_times)}")
    busy = [t for t in loop_times if t > 0.0005]  # passes that had something to do
    print(f"GUI event-loop pass   ms {percentiles(busy)}  (update + repaint)")
    line = rig.scene.timeline
    delays = []
    for event in verdicts:
        if event.get("event") != "verdict":
            continue
        at = float(event["t"]) - pipeline.elapsed(0.0)  # monotonic time of the verdict
        cycle_start = rig.scene.start + (at - rig.scene.start) // line.cycle_s * line.cycle_s
        delays.append(at - (cycle_start + line.approach_s))
    print(f"verdicts              {len(delays)}")
    print(f"still → verdict       ms {percentiles(delays)}  (negative: decided during approach)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
