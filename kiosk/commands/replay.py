"""`kiosk replay` (a recorded session through the screening pipeline, JSON events as in headless
mode) and `kiosk record` (write such a session from the live devices: refused unless the
operator allowed it, because it stores images of visitors)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import cv2
import serial

from drivers.thermal.base import port_error_reason
from drivers.thermal.registry import DRIVERS, UnknownDriverError
from kiosk.config import Settings, SettingsError, load_settings
from kiosk.paths import kiosk_paths
from kiosk.session import (
    SessionError,
    SessionWriter,
    decode_serial,
    read_serial_log,
    replay,
    video_frames,
)

EXIT_REFUSED = 2
READ_TIMEOUT_S = 0.05


def register(subparsers: argparse._SubParsersAction) -> None:
    play = subparsers.add_parser(
        "replay", help="run a recorded session (video + serial log) through the screening"
    )
    play.add_argument("--video", type=Path, required=True, help="the session's video file")
    play.add_argument("--serial-log", type=Path, required=True, help="JSON lines {t, data}")
    play.add_argument("--driver", required=True, help=f"one of: {', '.join(DRIVERS)}")
    play.add_argument("--config", type=Path, help="settings file (default: the kiosk's own)")
    play.set_defaults(handler=run_replay)

    record = subparsers.add_parser(
        "record",
        help="record a session from the live camera and sensor for replay (stores images; "
        "off unless screening.allow_session_recording is set)",
    )
    record.add_argument("--out", type=Path, required=True, help="directory for the session")
    record.add_argument("--seconds", type=float, required=True, help="how long to record")
    record.add_argument("--fps", type=float, default=15.0, help="video frame rate")
    record.add_argument("--config", type=Path, help="settings file (default: the kiosk's own)")
    record.set_defaults(handler=run_record)


def _settings(path: Path | None) -> tuple[Settings, Path]:
    path = path or kiosk_paths().settings_file
    return load_settings(path), path


def run_replay(args: argparse.Namespace) -> int:
    try:
        settings, _ = _settings(args.config)
        readings = decode_serial(read_serial_log(args.serial_log), args.driver)
        for event in replay(video_frames(args.video), readings, settings):
            print(json.dumps(event, ensure_ascii=False), flush=True)
    except (SessionError, SettingsError, UnknownDriverError) as error:
        print(f"kiosk replay: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def run_record(args: argparse.Namespace) -> int:
    try:
        settings, path = _settings(args.config)
    except SettingsError as error:
        print(f"kiosk record: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if not settings.screening.allow_session_recording:
        print(
            "kiosk record: refused. Recording stores video images of visitors' faces and the "
            "sensor's raw data on disk, so it is off by default. For commissioning only, and "
            "with the visitors' consent, set screening.allow_session_recording = true in "
            f"{path}; delete the recording when done.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if settings.camera.source == "demo" or settings.sensor.port == "demo":
        print("kiosk record: records real devices; the demo needs no recording", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return _record(settings, args.out, args.seconds, args.fps)
    except (OSError, serial.SerialException, SessionError) as error:
        print(f"kiosk record: {error}", file=sys.stderr)
        return 1


def _record(settings: Settings, out: Path, seconds: float, fps: float) -> int:
    source = settings.camera.source
    camera = cv2.VideoCapture(int(source) if source.isdigit() else source)
    if not camera.isOpened():
        raise OSError(f"camera {source!r} could not be opened")
    camera.set(cv2.CAP_PROP_FRAME_WIDTH, settings.camera.width)
    camera.set(cv2.CAP_PROP_FRAME_HEIGHT, settings.camera.height)
    driver = DRIVERS[settings.sensor.driver]
    try:
        link = serial.Serial(
            settings.sensor.port,
            settings.sensor.baud or driver.default_baud,
            timeout=READ_TIMEOUT_S,
        )
    except serial.SerialException as error:
        camera.release()
        raise OSError(f"sensor port {settings.sensor.port} ({port_error_reason(error)})") from error
    size = (settings.camera.width, settings.camera.height)
    stop = threading.Event()
    with SessionWriter(out, fps, size) as writer, link:
        start = time.monotonic()

        def read_serial() -> None:
            for command in driver.setup_commands():
                link.write(command)
            while not stop.is_set():
                data = link.read(max(link.in_waiting, 1))
                if data:
                    writer.add_bytes(time.monotonic() - start, data)

        reader = threading.Thread(target=read_serial, name="record-serial", daemon=True)
        reader.start()
        frames = 0
        try:
            # Frames go on a fixed grid so that replay's i / fps is the time each was seen.
            while (elapsed := time.monotonic() - start) < seconds:
                ok, image = camera.read()
                if not ok:
                    raise OSError(f"camera {source!r} stopped delivering frames")
                image = cv2.resize(image, size)
                while frames <= elapsed * fps:
                    writer.add_frame(image)
                    frames += 1
        finally:
            stop.set()
            reader.join(timeout=1.0)
            camera.release()
    print(
        json.dumps(
            {
                "event": "recorded",
                "video": str(writer.video_path),
                "serial_log": str(writer.serial_log_path),
                "frames": frames,
                "driver": settings.sensor.driver,
            }
        )
    )
    return 0
