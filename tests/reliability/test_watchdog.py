"""The watchdog: every stage beats, a stage that stops is restarted, the restart is logged,
reported as an event and counted in health(). Real threads, a real store."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.demo.rig import build_demo_rig
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.pipeline import Pipeline
from kiosk.recorder import ScreeningRecorder
from kiosk.runtime import record_keeping
from kiosk.screening import ScreeningResult, Verdict
from kiosk.settings import PrivacySettings, Settings
from kiosk.store import KioskStore, ScreeningRecord
from kiosk.watchdog import Beat, Watchdog, Worker


def wait_until(condition: Any, deadline_s: float = 15.0) -> bool:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_stage_that_stops_beating_is_restarted(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []
    stuck = threading.Event()

    def body(stop: threading.Event, beat: Beat) -> None:
        runs.append(1)
        while not stop.wait(0.05):
            if len(runs) == 1 and stuck.is_set():
                continue  # the first thread hangs: no more beats
            beat()

    worker = Worker("example", body, stall_s=0.5)
    events: list[dict[str, Any]] = []
    watchdog = Watchdog(lambda: [worker], events.append)
    worker.start()
    watchdog.start()
    try:
        time.sleep(1.0)
        assert watchdog.health()[0].restarts == 0
        stuck.set()
        assert wait_until(lambda: len(runs) == 2), "the stuck stage was not restarted"
        assert wait_until(lambda: watchdog.health()[0].beat_age_s < 0.5)
    finally:
        watchdog.stop()
        worker.stop()
    [event] = events
    assert event["event"] == "watchdog" and event["stage"] == "example"
    assert "restarted" in event["message"] and event["restarts"] == 1
    assert "example stage stopped responding" in caplog.text


def test_a_recorder_stuck_on_the_disk_is_replaced(tmp_path: Path) -> None:
    paths = KioskPaths(tmp_path / "data", tmp_path / "config", tmp_path / "cache").ensure()
    with KioskStore.open(paths, PrivacySettings()) as store:
        events: list[dict[str, Any]] = []
        recorder = ScreeningRecorder(store, events.append)
        recorder.worker.stall_s = 1.0
        release = threading.Event()
        real_write = store.record_screening
        calls: list[ScreeningRecord] = []

        def first_write_hangs(record: ScreeningRecord) -> int:
            calls.append(record)
            if len(calls) == 1:
                release.wait()  # a write stuck in the kernel, as on a dying SD card
            return real_write(record)

        store.record_screening = first_write_hangs  # type: ignore[method-assign]
        watchdog = Watchdog(lambda: [recorder.worker], events.append)
        recorder.start()
        watchdog.start()
        try:
            for n in range(5):
                recorder.record(ScreeningResult(float(n), Verdict.NORMAL, 36.5, "", None, 1.0))
            # The first verdict is held by the stuck thread; a new one writes the others.
            assert wait_until(lambda: store.screening_count() == 4)
            release.set()
            assert wait_until(lambda: store.screening_count() == 5)
        finally:
            watchdog.stop()
            recorder.stop()
    assert [e["stage"] for e in events if e["event"] == "watchdog"] == ["recorder"]


def test_health_lists_every_stage_of_the_running_kiosk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    events: list[dict[str, Any]] = []
    settings = Settings()
    with (
        contextlib.closing(build_demo_rig(settings)) as rig,
        record_keeping(kiosk_paths().ensure(), settings, events.append) as keep,
    ):
        pipeline = Pipeline(settings, rig.camera, rig.sensor, events.append, on_result=keep)
        pipeline.start()
        try:
            names = {"vision", "camera", "sensor", "recorder", "purger"}
            assert wait_until(lambda: {s.name for s in pipeline.health()} == names)
            time.sleep(1.0)
            health = pipeline.health()
        finally:
            pipeline.stop()
    assert all(stage.beat_age_s < 2.0 and stage.restarts == 0 for stage in health), health
