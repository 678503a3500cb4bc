"""A pretend sensor on the master side of a pty: byte-exact frames of a scene, set-up command
capture, and the faults real boards show (unplug, replug under a new name, stalls, garbage,
bad checksums, wrong baud). Used by tests and the demo; the real driver reads the slave side."""

from __future__ import annotations

import contextlib
import os
import random
import select
import shutil
import tempfile
import termios
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import numpy as np

from drivers.thermal import cjmcu_ir, gy_mcu90614, gy_mcu90640, mlx90614_frame
from drivers.thermal.base import UART_BITS_PER_BYTE

# How often the device loop wakes to read commands when no frame is due.
POLL_S = 0.02
READ_CHUNK = 4096


@dataclass(frozen=True)
class SceneSample:
    """What the sensor sees at one instant."""

    ambient_c: float
    pixels: np.ndarray | None = None  # (24, 32) °C for the array protocol
    object_c: float | None = None  # for single-point protocols


@dataclass(frozen=True)
class _Device:
    encode: Callable[[SceneSample], bytes]
    split_commands: Callable[[bytearray], list[bytes]]
    continuous_output: bytes
    frame_length: int
    rate_hz: float
    baud: int


def _encode_array(sample: SceneSample) -> bytes:
    if sample.pixels is None:
        raise ValueError("the gy-mcu90640 scene must give pixels")
    return gy_mcu90640.encode_frame(sample.pixels, sample.ambient_c)


def _single_point_encoder(
    encode: Callable[[float, float], bytes],
) -> Callable[[SceneSample], bytes]:
    def encode_sample(sample: SceneSample) -> bytes:
        if sample.object_c is None:
            raise ValueError("a single-point scene must give object_c")
        return encode(sample.object_c, sample.ambient_c)

    return encode_sample


# Default rates: the array at the 4 Hz its driver requests, the MLX90614 boards near their
# documented ~14 Hz auto-output.
_DEVICES: dict[str, _Device] = {
    "gy-mcu90640": _Device(
        _encode_array,
        gy_mcu90640.split_commands,
        gy_mcu90640.CONTINUOUS_OUTPUT,
        gy_mcu90640.FRAME_LENGTH,
        4.0,
        115200,
    ),
    "gy-mcu90614": _Device(
        _single_point_encoder(gy_mcu90614.encode_frame),
        gy_mcu90614.split_commands,
        gy_mcu90614.CONTINUOUS_OUTPUT,
        mlx90614_frame.FRAME_LENGTH,
        14.0,
        9600,
    ),
    "cjmcu-ir": _Device(
        _single_point_encoder(cjmcu_ir.encode_frame),
        cjmcu_ir.split_commands,
        cjmcu_ir.CONTINUOUS_OUTPUT,
        mlx90614_frame.FRAME_LENGTH,
        10.0,
        9600,
    ),
}

_SPEEDS = {
    getattr(termios, f"B{rate}"): rate
    for rate in (9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
    if hasattr(termios, f"B{rate}")
}


class SensorSimulator:
    """Owns a pty master and writes `scene(time.monotonic())` frames on it at `rate_hz`."""

    def __init__(
        self,
        driver_name: str,
        scene: Callable[[float], SceneSample],
        *,
        rate_hz: float | None = None,
        baud: int | None = None,
        continuous_at_power_up: bool = True,
        seed: int = 0,
    ) -> None:
        if driver_name not in _DEVICES:
            raise ValueError(f"no simulator for {driver_name!r}; known: {', '.join(_DEVICES)}")
        self._device = _DEVICES[driver_name]
        self._scene = scene
        self.baud = baud if baud is not None else self._device.baud
        rate = rate_hz if rate_hz is not None else self._device.rate_hz
        # A frame cannot leave faster than the UART can clock its bytes out.
        wire_s = self._device.frame_length * UART_BITS_PER_BYTE / self.baud
        self._interval_s = max(1.0 / rate, wire_s)
        self._continuous_at_power_up = continuous_at_power_up
        self._random = random.Random(seed)
        self._directory = tempfile.mkdtemp(prefix="thermal-sim-")
        # Stable like /dev/serial/by-id/...: the tty behind it changes on replug.
        self._link = os.path.join(self._directory, f"usb-{driver_name}-simulated")
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self._tty_name: str | None = None
        self._streaming = continuous_at_power_up
        self._command_buffer = bytearray()
        self._commands: list[bytes] = []
        self._stalled_until = 0.0
        self._garbage_pending = 0
        self._corrupt_pending = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        return self._link

    @property
    def commands_received(self) -> list[bytes]:
        with self._lock:
            return list(self._commands)

    def start(self) -> None:
        with self._lock:
            if self._master is None:
                self._plug()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="thermal-simulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sending and remove the pty and the port path (final: start() will not work)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None
        with self._lock:
            self._unplug()
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> SensorSimulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def unplug(self) -> None:
        """Pull the cable: the driver's reads fail and the port path disappears."""
        with self._lock:
            self._unplug()

    def replug(self, new_name: bool = True) -> None:
        """Plug back in, by default under a new /dev/pts/N; the board is back at power-up state."""
        with self._lock:
            previous = self._tty_name
            self._unplug()
            self._plug(avoid_name=previous if new_name else None)

    def stall(self, seconds: float) -> None:
        """Send nothing for `seconds` (the board hangs but stays enumerated)."""
        with self._lock:
            self._stalled_until = time.monotonic() + seconds

    def inject_garbage(self, n_bytes: int) -> None:
        """Send `n_bytes` random bytes before the next frame."""
        with self._lock:
            self._garbage_pending += n_bytes

    def corrupt_next_frames(self, n: int) -> None:
        """Send the next `n` frames with a wrong checksum."""
        with self._lock:
            self._corrupt_pending += n

    def _plug(self, avoid_name: str | None = None) -> None:
        master, slave = os.openpty()
        if os.ttyname(slave) == avoid_name:
            # The kernel hands out the lowest free number; hold it while taking the next one.
            held = (master, slave)
            master, slave = os.openpty()
            for fd in held:
                os.close(fd)
        # Raw from the start, like a UART: no echo of frames back into the master before a
        # driver opens the port.
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._tty_name = os.ttyname(slave)
        self._streaming = self._continuous_at_power_up
        self._command_buffer.clear()
        staging = self._link + ".new"
        os.symlink(self._tty_name, staging)
        os.replace(staging, self._link)

    def _unplug(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._link)

    def _run(self) -> None:
        next_frame = time.monotonic()
        while not self._stop.is_set():
            with self._lock:
                master = self._master
            timeout = min(max(next_frame - time.monotonic(), 0.0), POLL_S)
            if master is None:
                self._stop.wait(POLL_S)
                continue
            try:
                readable = bool(select.select([master], [], [], timeout)[0])
            except (OSError, ValueError):
                continue  # unplugged while waiting
            with self._lock:
                if self._master != master:
                    continue
                if readable:
                    self._receive(master)
                now = time.monotonic()
                if now >= next_frame:
                    self._send(master, now)
                    next_frame += self._interval_s
                    if next_frame < now:  # fell behind: skip frames rather than burst them
                        next_frame = now + self._interval_s

    def _line_matches(self) -> bool:
        # The master and slave share one termios; the driver's open set the speed on it.
        assert self._slave is not None
        return _SPEEDS.get(termios.tcgetattr(self._slave)[5]) == self.baud

    def _receive(self, master: int) -> None:
        try:
            data = os.read(master, READ_CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        if not self._line_matches():
            return  # at the wrong baud the board hears noise, not commands
        self._command_buffer += data
        for command in self._device.split_commands(self._command_buffer):
            self._commands.append(command)
            if command == self._device.continuous_output:
                self._streaming = True

    def _send(self, master: int, now: float) -> None:
        if now < self._stalled_until or not self._streaming:
            return
        payload = self._random.randbytes(self._garbage_pending)
        self._garbage_pending = 0
        frame = bytearray(self._device.encode(self._scene(now)))
        if self._corrupt_pending:
            self._corrupt_pending -= 1
            frame[-1] ^= 0xFF
        payload += frame
        if not self._line_matches():
            # What a UART sampling at the wrong rate delivers: bytes, but no frames.
            payload = self._random.randbytes(len(payload))
        # When nobody reads and the tty buffer is full the bytes are lost, as on a wire.
        with contextlib.suppress(BlockingIOError):
            os.write(master, payload)
