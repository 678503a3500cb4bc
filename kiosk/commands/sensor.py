"""`kiosk sensor probe` (which board, at which baud, on which port) and `kiosk sensor read`
(decoded frames as JSON lines): the operator's tools for a serial thermometer."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import serial
from serial.tools import list_ports

from drivers.thermal.base import (
    UART_BITS_PER_BYTE,
    ThermalReading,
    ThermalSensor,
    port_error_reason,
)
from drivers.thermal.registry import DRIVERS, open_sensor

# The rates boards of these models ship with, most common first (SENSORS.md).
PROBE_BAUDS = (115200, 460800, 9600)
READ_TIMEOUT_S = 0.05
# Listen long enough for two of the longest frames at the baud being tried (the array at its
# default 4 Hz needs up to ~0.5 s at 115200; at 9600 one frame alone takes 1.6 s).
MIN_LISTEN_S = 1.0
LISTEN_FRAMES = 2.5
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    sensor = subparsers.add_parser("sensor", help="find and read a serial IR thermometer")
    actions = sensor.add_subparsers(dest="sensor_command", required=True)

    probe = actions.add_parser(
        "probe", help="try every known protocol at the usual baud rates on each serial port"
    )
    probe.add_argument(
        "--ports",
        nargs="*",
        default=[],
        metavar="PORT",
        help="extra ports to try besides those listed by the system",
    )
    probe.set_defaults(handler=run_probe)

    read = actions.add_parser("read", help="print one JSON object per decoded frame")
    read.add_argument("--driver", required=True, help=f"one of: {', '.join(DRIVERS)}")
    read.add_argument("--port", required=True, help="e.g. /dev/ttyUSB0")
    read.add_argument("--baud", type=int, help="default: the driver's usual rate")
    read.add_argument(
        "--count", type=int, help="stop after this many frames (default: until Ctrl-C)"
    )
    read.add_argument(
        "--timeout", type=float, help="give up (exit 1) after this many seconds without a frame"
    )
    read.set_defaults(handler=run_read)


def run_probe(args: argparse.Namespace) -> int:
    ports = [info.device for info in list_ports.comports()]
    ports += [port for port in args.ports if port not in ports]
    if not ports:
        print(
            "kiosk sensor probe: no serial ports found; plug the sensor in or pass --ports PATH",
            file=sys.stderr,
        )
        return 1
    # Ports are independent and a silent one costs seconds per baud: probe them in parallel.
    with ThreadPoolExecutor(max_workers=min(8, len(ports))) as pool:
        reports = list(pool.map(probe_port, ports))
    for report in reports:
        print(json.dumps(report), flush=True)
    return 0 if any(report["found"] for report in reports) else 1


def probe_port(port: str, bauds: tuple[int, ...] = PROBE_BAUDS) -> dict[str, Any]:
    """Listen at each of `bauds` for a frame any known driver can decode.

    Each known board's set-up commands are written first so a board left in on-request mode
    starts sending; none of them changes a stored setting or the baud rate.
    """
    drivers = list(DRIVERS.values())
    longest_frame = max(driver.new_decoder().frame_length for driver in drivers)
    bauds_with_bytes: list[int] = []
    for baud in bauds:
        try:
            link = serial.Serial(port, baud, timeout=READ_TIMEOUT_S, write_timeout=1.0)
        except (serial.SerialException, OSError) as error:
            return {
                "port": port,
                "found": False,
                "message": f"cannot open {port}: {port_error_reason(error)}",
            }
        with link:
            listen_s = max(MIN_LISTEN_S, LISTEN_FRAMES * longest_frame * UART_BITS_PER_BYTE / baud)
            found, received = _listen(link, drivers, listen_s)
        if found is not None:
            return {"port": port, "found": True, "driver": found.name, "baud": baud}
        if received:
            bauds_with_bytes.append(baud)
    tried = f"{', '.join(DRIVERS)} at {', '.join(map(str, bauds))} baud"
    if bauds_with_bytes:
        heard = ", ".join(map(str, bauds_with_bytes))
        message = (
            f"bytes arrived at {heard} baud but no valid frame of {tried}: "
            "an unsupported board or another baud rate"
        )
    else:
        message = f"no answer to {tried}: check the sensor's power and wiring"
    return {"port": port, "found": False, "message": message}


def _listen(
    link: serial.Serial, drivers: list[type[ThermalSensor]], listen_s: float
) -> tuple[type[ThermalSensor] | None, int]:
    """The first driver whose decoder accepts a frame within `listen_s`, and bytes received."""
    decoders = [(driver, driver.new_decoder()) for driver in drivers]
    for driver in drivers:
        for command in driver.setup_commands():
            link.write(command)
    received = 0
    deadline = time.monotonic() + listen_s
    while time.monotonic() < deadline:
        chunk = link.read(max(1, link.in_waiting))
        received += len(chunk)
        now = time.monotonic()
        for driver, decoder in decoders:
            decoder.feed(chunk, now)
            if decoder.frames:
                return driver, received
    return None, received


def run_read(args: argparse.Namespace) -> int:
    try:
        sensor = open_sensor(args.driver, args.port, args.baud)
    except ValueError as error:  # unknown driver or impossible baud
        print(f"kiosk sensor read: {error}", file=sys.stderr)
        return EXIT_USAGE
    # The driver retries a missing port forever (right for the kiosk); a one-shot tool
    # should say at once that the port is wrong.
    try:
        serial.Serial(args.port, sensor.baud).close()
    except (serial.SerialException, OSError) as error:
        print(
            f"kiosk sensor read: cannot open {args.port}: {port_error_reason(error)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sensor.start()
    try:
        return _print_frames(sensor, args.count, args.timeout)
    except KeyboardInterrupt:
        return 0
    finally:
        sensor.stop()
        status = sensor.status()
        print(
            f"frames: {status.frames}, bad checksums: {status.bad_checksums}, "
            f"resyncs: {status.resyncs}, dropped values: {status.dropped_values}, "
            f"reconnects: {status.reconnects}",
            file=sys.stderr,
        )


def _print_frames(sensor: ThermalSensor, count: int | None, timeout: float | None) -> int:
    printed = 0
    newer_than: float | None = None
    last_frame_at = time.monotonic()
    last_message = ""
    while count is None or printed < count:
        reading = sensor.wait_reading(newer_than, timeout=0.5)
        status = sensor.status()
        if status.message != last_message and status.state != "connected":
            print(f"kiosk sensor read: {status.state}: {status.message}", file=sys.stderr)
        last_message = status.message
        if reading is None:
            if timeout is not None and time.monotonic() - last_frame_at > timeout:
                print(f"kiosk sensor read: no frame for {timeout:g} s", file=sys.stderr)
                return 1
            continue
        print(json.dumps(reading_json(reading)), flush=True)
        printed += 1
        newer_than = reading.t
        last_frame_at = time.monotonic()
    return 0


def reading_json(reading: ThermalReading) -> dict[str, Any]:
    """A reading as JSON-ready values; dropped pixels become null (JSON has no NaN)."""
    if reading.pixels is None:
        return {"t": reading.t, "object_c": reading.object_c, "ambient_c": reading.ambient_c}
    pixels = np.round(reading.pixels.astype(np.float64), 2)
    finite = np.isfinite(pixels)
    return {
        "t": reading.t,
        "ambient_c": reading.ambient_c,
        "max_c": float(pixels[finite].max()) if finite.any() else None,
        "pixels": [[None if math.isnan(v) else v for v in row] for row in pixels.tolist()],
    }
