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

from drivers.camera import CameraState, OpenCVCamera
from drivers.thermal.base import port_error_reason
from drivers.thermal.registry import DRIVERS, UnknownDriverError
from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.session import (
    SessionError,
    SessionWriter,
    decode_serial,
    read_serial_log,
    replay,
    video_frames,
)
from kiosk.settings import Settings
from kiosk.settings.file import settings_path

EXIT_REFUSED = 2
READ_TIMEOUT_S = 0.05
CAMERA_OPEN_S = 5.0  # how long `record` waits for the camera's first frame


def register(subparsers: argparse._SubParsersAction) -> None:
    play = subparsers.add_parser(
        "replay", help="run a recorded session (video + serial log) through the screening"
    )
    play.add_argument("--video", type=Path, required=True, help="the session's video file")
    play.add_argument("--serial-log", type=Path, required=True, help="JSON lines {t, data}")
    play.add_argument("--driver", required=True, help=f"one of: {', '.join(DRIVERS)}")
    add_config_option(play)
    play.set_defaults(handler=run_replay)

    record = subparsers.add_parser(
        "record",
        help="record a session from the live camera and sensor for replay (stores images; "
        "off unless screening.allow_session_recording is set)",
    )
    record.add_argument("--out", type=Path, required=True, help="directory for the session")
    record.add_argument("--seconds", type=float, required=True, help="how long to record")
    record.add_argument("--fps", type=float, default=15.0, help="video frame rate")
    add_config_option(record)
    record.set_defaults(handler=run_record)


def run_replay(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    try:
        readings = decode_serial(read_serial_log(args.serial_log), args.driver)
        for event in replay(video_frames(args.video), readings, settings):
            print(json.dumps(event, ensure_ascii=False), flush=True)
    except (SessionError, UnknownDriverError) as error:
        print(f"kiosk replay: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def run_record(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    if not settings.screening.allow_session_recording:
        print(
            "kiosk record: refused. Recording stores video images of visitors' faces and the "
            "sensor's raw data on disk, so it is off by default. For commissioning only, and "
            "with the visitors' consent, set screening.allow_session_recording = true in "
            f"{settings_path(args.config)}; delete the recording when done.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if not settings.sensor.port:
        print("kiosk record: sensor.port is not set; set it first", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return _record(settings, args.out, args.seconds, args.fps)
    except (OSError, serial.SerialException, SessionError) as error:
        print(f"kiosk record: {error}", file=sys.stderr)
        return 1


def _record(settings: Settings, out: Path, seconds: float, fps: float) -> int:
    # The kiosk's own camera source: the same device search, and a video file standing in
    # for a camera is delivered at its own frame rate, not as fast as it decodes.
    camera = OpenCVCamera(settings.camera.source, settings.camera.width, settings.camera.height)
    camera.start()
    first = camera.slot.wait_newer(0, CAMERA_OPEN_S)
    if first is None:
        status = camera.status()
        camera.stop()
        raise OSError(status.message or f"camera {settings.camera.source!r} sent no frame")
    driver = DRIVERS[settings.sensor.driver]
    try:
        link = serial.Serial(
            settings.sensor.port,
            settings.sensor.baud or driver.default_baud,
            timeout=READ_TIMEOUT_S,
        )
    except serial.SerialException as error:
        camera.stop()
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
        seen = 0
        try:
            # Frames go on a fixed grid so that replay's i / fps is the time each was seen;
            # the newest camera frame fills every grid slot up to now.
            while (elapsed := time.monotonic() - start) < seconds:
                frame = camera.slot.wait_newer(seen, 1.0)
                if frame is None:
                    if camera.status().state is not CameraState.STREAMING:
                        raise OSError(camera.status().message)
                    continue
                seen = frame.index
                image = cv2.resize(frame.image, size)
                while frames <= elapsed * fps:
                    writer.add_frame(image)
                    frames += 1
        finally:
            stop.set()
            reader.join(timeout=1.0)
            camera.stop()
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
