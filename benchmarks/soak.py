"""Soak: ten thousand simulated visitors, watching for leaks, creeping thread and file
counts, dropped records and unhandled exceptions. Prints figures; asserts nothing.

Real: the screening state machine and fusion (kiosk.screening, kiosk.fusion) on every
frame; the ScreeningRecorder writing every verdict to a real KioskStore (SQLite file,
WAL, synchronous FULL) on its own thread; the retention Purger on its schedule; the
watchdog supervising both; and, every --landmarker-every visitors, the real MediaPipe
landmarker on a rendered scene frame.
Replayed: the face observations — the landmarks the real landmarker found on the demo
photos, placed by the scene's geometry (observe_face on VisitorScene.pose_at) — and the
thermal frames kiosk.demo.thermal renders for those poses, both computed once per demo
visitor. Time is virtual: 10 camera frames and 4 thermal frames per simulated second,
with no waiting, so 10,000 visitors take minutes instead of nine hours.

    .venv/bin/python benchmarks/soak.py [--visitors 10000]
"""

from __future__ import annotations

import argparse
import gc
import logging
import math
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.demo.rig import AMBIENT_C
from kiosk.demo.scene import Timeline, VisitorScene
from kiosk.demo.thermal import render_thermal
from kiosk.fusion import homography
from kiosk.paths import KioskPaths
from kiosk.recorder import BACKLOG, ScreeningRecorder
from kiosk.screening import Screening
from kiosk.settings import Settings
from kiosk.store import KioskStore, Purger
from kiosk.vision.landmarks import FaceLandmarks, FaceObservation, VisionResult, observe_face
from kiosk.watchdog import Watchdog

CAMERA_HZ = 10.0  # about what the vision worker sustains on two cores
SENSOR_HZ = 4.0  # the GY-MCU90640's rate in the demo
# The demo's three seconds standing still, with brisker walking and a shorter gap.
TIMELINE = Timeline(approach_s=1.0, still_s=3.0, leave_s=0.5, empty_s=0.5)
WARM_UP_VISITORS = 1000


@dataclass(frozen=True)
class VisitorReplay:
    """One demo visitor's cycle: a face observation per camera frame, thermal frames at 4 Hz."""

    faces: list[FaceObservation | None]
    thermal: list[np.ndarray]


def replays(scene: VisitorScene, settings: Settings) -> list[VisitorReplay]:
    size = scene.frame_size
    fov = settings.camera.horizontal_fov_deg
    matrix = homography(settings.fusion)
    rng = np.random.default_rng(0)
    cycle = TIMELINE.cycle_s
    result = []
    for index in range(len(scene.visitors)):
        start = index * cycle
        faces: list[FaceObservation | None] = []
        for k in range(int(cycle * CAMERA_HZ)):
            pose = scene.pose_at(start + k / CAMERA_HZ)
            if pose is None:
                faces.append(None)
                continue
            points = np.zeros((pose.landmarks.shape[0], 3), np.float32)
            points[:, :2] = pose.landmarks
            faces.append(observe_face(points, size, fov))
        thermal = [
            render_thermal(
                scene.pose_at(start + k / SENSOR_HZ),
                ambient_c=AMBIENT_C,
                rgb_to_thermal=matrix,
                frame_width=size[0],
                horizontal_fov_deg=fov,
                rng=rng,
            )
            for k in range(math.ceil(cycle * SENSOR_HZ))
        ]
        result.append(VisitorReplay(faces, thermal))
    return result


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class ErrorCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visitors", type=int, default=10_000)
    parser.add_argument("--landmarker-every", type=int, default=250)
    args = parser.parse_args()

    unhandled: list[str] = []
    threading.excepthook = lambda hook: unhandled.append(f"{hook.thread}: {hook.exc_value!r}")
    errors = ErrorCount()
    logging.getLogger().addHandler(errors)

    settings = Settings()
    # The brisk queue needs a verdict to clear the screen within a second.
    settings = replace(settings, screening=replace(settings.screening, result_hold_s=1.0))
    size = (settings.camera.width, settings.camera.height)
    print("preparing replays (real landmarker on the demo photos)…", flush=True)
    scene = VisitorScene(
        frame_size=size, horizontal_fov_deg=settings.camera.horizontal_fov_deg, timeline=TIMELINE
    )
    visitors = replays(scene, settings)
    landmarker = FaceLandmarks(settings.camera.horizontal_fov_deg, max_faces=1, video=False)

    root = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    paths = KioskPaths(root / "data", root / "config", root / "cache").ensure()
    store = KioskStore.open(paths, settings.privacy)
    events: list[dict[str, Any]] = []
    recorder = ScreeningRecorder(store, events.append)
    purger = Purger(store, settings.privacy.retention, timedelta(seconds=5))
    watchdog = Watchdog(lambda: [recorder.worker, purger.worker], events.append)
    recorder.start()
    purger.start()
    watchdog.start()

    screening = Screening(settings.screening, settings.fusion)
    verdicts: dict[str, int] = {}
    landmarker_runs = landmarker_faces = 0
    landmarker_s = 0.0
    samples: list[tuple[int, float, int, int]] = []  # visitors, RSS MB, threads, fds
    cycle = TIMELINE.cycle_s
    frames = 0
    started = time.perf_counter()
    for n in range(args.visitors):
        replay = visitors[n % len(visitors)]
        base = n * cycle
        for k, face in enumerate(replay.faces):
            t = base + k / CAMERA_HZ
            tick = int((k / CAMERA_HZ) * SENSOR_HZ)
            reading = ThermalReading(
                base + tick / SENSOR_HZ, AMBIENT_C, pixels=replay.thermal[tick]
            )
            vision = VisionResult(t, size, () if face is None else (face,))
            _, result = screening.update(vision, reading)
            frames += 1
            if result is not None:
                verdicts[str(result.verdict)] = verdicts.get(str(result.verdict), 0) + 1
                # Virtual time runs ~1000× faster than visitors arrive; let the disk keep up
                # rather than count drops the real kiosk never sees.
                while recorder.backlog() > BACKLOG // 2:
                    time.sleep(0.001)
                recorder.record(result)
        if n % args.landmarker_every == 0:
            frame = scene.frame_at(n % len(visitors) * cycle + TIMELINE.approach_s + 0.5)
            t0 = time.perf_counter()
            landmarker_faces += len(landmarker.detect(frame, float(n)).faces)
            landmarker_s += time.perf_counter() - t0
            landmarker_runs += 1
        if n % 1000 == 999:
            gc.collect()
            samples.append((n + 1, rss_mb(), threading.active_count(), open_fds()))
            print(
                f"  {n + 1:6d} visitors  RSS {samples[-1][1]:7.1f} MB  "
                f"threads {samples[-1][2]}  fds {samples[-1][3]}",
                flush=True,
            )
    screening_s = time.perf_counter() - started
    recorder.stop()
    watchdog.stop()
    purger.stop()
    elapsed = time.perf_counter() - started
    recorded = store.screening_count()
    store.close()
    landmarker.close()

    warm = next((s for s in samples if s[0] >= WARM_UP_VISITORS), samples[0])
    last = samples[-1]
    restarts = sum(1 for e in events if e["event"] == "watchdog")
    print()
    print(f"visitors                 {args.visitors}  ({frames} frames, virtual time "
          f"{args.visitors * cycle / 3600:.1f} h)")  # fmt: skip
    print(f"verdicts                 {sum(verdicts.values())}  {verdicts}")
    print(f"recorded in the store    {recorded}  (dropped {recorder.dropped})")
    print(f"throughput               {args.visitors / elapsed * 60:,.0f} visitors/min "
          f"({frames / screening_s:,.0f} frames/s through screening + fusion)")  # fmt: skip
    print(f"real landmarker          {landmarker_runs} runs, {landmarker_faces} faces found, "
          f"{landmarker_s / max(landmarker_runs, 1) * 1000:.0f} ms each")  # fmt: skip
    print(f"memory after warm-up     {warm[1]:.1f} MB at {warm[0]} visitors → {last[1]:.1f} MB "
          f"at {last[0]}: growth {last[1] - warm[1]:+.1f} MB (goal < 20 MB)")  # fmt: skip
    print(f"threads                  {warm[2]} → {last[2]}  (min {min(s[2] for s in samples)}, "
          f"max {max(s[2] for s in samples)})")  # fmt: skip
    print(f"open file descriptors    {warm[3]} → {last[3]}  (min {min(s[3] for s in samples)}, "
          f"max {max(s[3] for s in samples)})")  # fmt: skip
    print(f"watchdog restarts        {restarts}")
    print(f"unhandled exceptions     {len(unhandled)}  logged errors {errors.count}")
    for line in unhandled[:5]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
