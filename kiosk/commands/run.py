"""Running the kiosk: with a window, or headless printing one JSON event per line."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drivers.camera import CameraSource, OpenCVCamera
from drivers.thermal.base import ThermalSensor
from drivers.thermal.registry import UnknownDriverError, open_sensor
from kiosk.assets import ModelError
from kiosk.demo.rig import build_demo_rig, demo_settings
from kiosk.paths import kiosk_paths
from kiosk.pipeline import Pipeline
from kiosk.recorder import ScreeningRecorder
from kiosk.screening import ScreeningResult
from kiosk.settings import Settings, SettingsError
from kiosk.settings.file import LoadedSettings, load_settings_or_last_good, settings_path
from kiosk.store import KioskStore, Purger
from kiosk.watchdog import Stage


@dataclass(frozen=True)
class Launch:
    """What to run: the settings (and where they came from), the demo or not, for how long."""

    loaded: LoadedSettings
    demo: bool = False
    seconds: float | None = None

    @property
    def settings(self) -> Settings:
        return self.loaded.settings


# Opens the kiosk window for a launch (for its seconds, or until quit); the ui/ layer passes
# it in, so the logic layer never imports Qt.
WindowRunner = Callable[[Launch], int]


class StartupError(RuntimeError):
    """The kiosk cannot start; the message says what to do."""


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="simulated camera and thermometer")
    parser.add_argument("--headless", action="store_true", help="no window: JSON events on stdout")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.add_argument("--config", type=Path, help="settings file (default: the kiosk's own)")


def launch_for(args: argparse.Namespace) -> Launch:
    """The launch the command line asks for; `loaded.warning` says when the file was refused
    for the last good copy, `loaded.found` is False on a first start without settings."""
    path = settings_path(args.config)
    try:
        loaded = load_settings_or_last_good(path, required=args.config is not None)
    except SettingsError as error:
        raise StartupError(
            f"{error} (in {path}); fix the file or remove the key. No earlier good settings "
            f"were kept to fall back on, so the kiosk does not start on defaults."
        ) from error
    if args.demo:
        loaded = replace(loaded, settings=demo_settings(loaded.settings))
    return Launch(loaded, demo=bool(args.demo), seconds=args.seconds)


@contextlib.contextmanager
def devices(settings: Settings, demo: bool) -> Iterator[tuple[CameraSource, ThermalSensor]]:
    """The camera and thermometer the settings name, or the simulated pair for the demo."""
    if demo:
        rig = build_demo_rig(settings)
        try:
            yield rig.camera, rig.sensor
        finally:
            rig.close()
        return
    try:
        sensor = open_sensor(settings.sensor.driver, settings.sensor.port, settings.sensor.baud)
    except UnknownDriverError as error:
        raise StartupError(str(error)) from error
    yield (
        OpenCVCamera(settings.camera.source, settings.camera.width, settings.camera.height),
        sensor,
    )


class RecordKeeping:
    """The result sink the pipeline calls: the store, its retention purger and the screening
    recorder. Brings the recorder and purger to the pipeline's watchdog."""

    def __init__(self, settings: Settings, emit: Callable[[dict[str, Any]], None]) -> None:
        self._settings = settings
        self._emit = emit
        self.purger: Purger | None = None
        self.recorder = ScreeningRecorder(self._open_store, emit, on_open=self._start_purger)

    def _open_store(self) -> KioskStore:
        return KioskStore.open(kiosk_paths().ensure(), self._settings.privacy)

    def _start_purger(self, store: KioskStore) -> None:
        def clock_alert(message: str) -> None:
            self._emit({"event": "store", "state": "clock_leap", "message": message})

        self.purger = Purger.from_settings(store, self._settings.privacy, on_alert=clock_alert)
        self.purger.start()

    def __call__(self, result: ScreeningResult) -> None:
        self.recorder.record(result)

    def stages(self) -> Sequence[Stage]:
        return (self.recorder.worker,) + (() if self.purger is None else (self.purger.worker,))

    def close(self) -> None:
        self.recorder.stop()
        if self.purger is not None:
            self.purger.stop()
        if self.recorder.store is not None:
            self.recorder.store.close()


@contextlib.contextmanager
def record_keeping(
    settings: Settings, emit: Callable[[dict[str, Any]], None]
) -> Iterator[RecordKeeping]:
    """Record keeping for the kiosk's lifetime.

    A store that cannot be opened (or written) is reported and opened again every few
    seconds; screening goes on meanwhile: a visitor's verdict never depends on the disk.
    """
    keeping = RecordKeeping(settings, emit)
    keeping.recorder.start()
    try:
        yield keeping
    finally:
        keeping.close()


# Events whose message an operator watching a headless kiosk's console must see.
OPERATOR_EVENTS = ("status", "store", "settings", "watchdog")


def run_headless(launch: Launch) -> int:
    lock = threading.Lock()

    def emit(event: dict[str, Any]) -> None:
        with lock:
            print(json.dumps(event, ensure_ascii=False), flush=True)
            if event["event"] in OPERATOR_EVENTS and event["message"]:
                print(f"kiosk: {event['message']}", file=sys.stderr, flush=True)

    loaded = launch.loaded
    if loaded.warning:
        emit({"event": "settings", "state": "last_good", "message": loaded.warning})
    settings = loaded.settings
    with (
        devices(settings, launch.demo) as (camera, sensor),
        record_keeping(settings, emit) as record,
    ):
        pipeline = Pipeline(settings, camera, sensor, emit, on_result=record)
        pipeline.start()
        try:
            deadline = None if launch.seconds is None else time.monotonic() + launch.seconds
            while deadline is None or time.monotonic() < deadline:
                time.sleep(0.1)
        except KeyboardInterrupt:
            pass
        finally:
            pipeline.stop()
    return 0


def not_set_up_message(path: Path) -> str:
    return (
        f"this kiosk has not been set up: there is no settings file at {path}. Set it up on "
        f"the touchscreen (run `kiosk` with its window), or write that file (every key is "
        f"in docs/settings.md); `kiosk --demo` runs the demo with simulated visitors."
    )


def run(args: argparse.Namespace) -> int:
    try:
        launch = launch_for(args)
        if args.headless:
            if not (launch.loaded.found or launch.demo):
                raise StartupError(not_set_up_message(launch.loaded.path))
            return run_headless(launch)
        if args.open_window is None:
            raise StartupError(
                "this entry point has no window (kiosk/ never loads Qt): run the `kiosk` "
                "command, `python -m ui`, or add --headless"
            )
        if launch.loaded.warning:
            print(f"kiosk: {launch.loaded.warning}", file=sys.stderr)
        return int(args.open_window(launch))
    except (StartupError, ModelError) as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 2
