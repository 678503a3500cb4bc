"""The thermometer driver interface: reading and status values, and the base class that owns
the reader thread, reconnection with backoff, connection state and counters."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import serial

if TYPE_CHECKING:
    from drivers.thermal.framing import FrameDecoder

# Short enough that stop() and state changes are prompt, long enough not to spin.
READ_TIMEOUT_S = 0.05
# Reopen attempts double from 0.1 s up to 1 s, so a returning device is reopened within ~1 s
# and a first frame (≤ 0.5 s at the slowest default rate) lands well inside 2 s.
BACKOFF_INITIAL_S = 0.1
BACKOFF_CAP_S = 1.0
# A connected sensor that sends no frame for this long is reported (longer at slow bauds,
# where a single array frame can take 1.6 s on the wire).
MIN_STALE_S = 1.0
STALE_FRAMES = 2.5
# Fewer stray bytes than this during a silence are line noise, not a wrong baud rate.
GARBLED_MIN_BYTES = 32
# Gap between set-up commands so a board busy with the previous one does not miss the next.
COMMAND_GAP_S = 0.05
UART_BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit


@dataclass(frozen=True)
class ThermalReading:
    """One decoded frame. Array pixels are read-only float32 (24, 32) °C, NaN where dropped."""

    t: float
    ambient_c: float | None
    object_c: float | None = None
    pixels: np.ndarray | None = None


class SensorState(StrEnum):
    STARTING = "starting"  # not yet tried to open the port
    CONNECTED = "connected"
    NO_DATA = "no_data"
    DISCONNECTED = "disconnected"
    ERROR = "error"


@dataclass(frozen=True)
class SensorStatus:
    """What the operator panel shows about a thermometer; `message` is "" when all is well."""

    driver: str
    port: str
    baud: int
    state: SensorState
    frames: int
    bad_checksums: int
    resyncs: int
    dropped_values: int
    contradicted: int  # frames dropped for contradicting the frames before them
    reconnects: int
    message: str


class ThermalSensor(ABC):
    """A serial thermometer read on its own thread; subclasses only say how to frame and talk."""

    name: ClassVar[str]
    default_baud: ClassVar[int]
    # (rows, columns) of a thermal array; None for a single-point thermometer.
    array_shape: ClassVar[tuple[int, int] | None] = None

    def __init__(self, port: str, baud: int | None = None) -> None:
        if baud is not None and baud <= 0:
            raise ValueError(f"baud rate must be positive, got {baud}")
        self.port = port
        self.baud = baud if baud is not None else self.default_baud
        self._decoder = self.new_decoder()
        self._lock = threading.Lock()
        self._new_reading = threading.Condition(self._lock)
        self._latest: ThermalReading | None = None
        self._state = SensorState.STARTING
        self._message = f"Connecting to the thermal sensor on {port}."
        self._reconnects = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        frame_time_s = self._decoder.frame_length * UART_BITS_PER_BYTE / self.baud
        self._stale_after_s = max(MIN_STALE_S, STALE_FRAMES * frame_time_s)

    @classmethod
    @abstractmethod
    def setup_commands(cls) -> tuple[bytes, ...]:
        """Commands written after every open (continuous output, refresh rate), in order."""

    @classmethod
    @abstractmethod
    def new_decoder(cls) -> FrameDecoder:
        """A fresh incremental parser for this sensor's frames."""

    def start(self) -> None:
        """Start reading in the background; a missing port is reported in status(), not raised."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"thermal-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the reader thread and close the port (returns within about one read timeout)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def latest(self) -> ThermalReading | None:
        with self._lock:
            return self._latest

    def wait_reading(self, newer_than: float | None, timeout: float) -> ThermalReading | None:
        """The latest reading with t > newer_than (any if None), waiting at most `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._new_reading:
            while True:
                reading = self._latest
                if reading is not None and (newer_than is None or reading.t > newer_than):
                    return reading
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._new_reading.wait(remaining)

    def status(self) -> SensorStatus:
        with self._lock:
            return SensorStatus(
                driver=self.name,
                port=self.port,
                baud=self.baud,
                state=self._state,
                frames=self._decoder.frames,
                bad_checksums=self._decoder.bad_checksums,
                resyncs=self._decoder.resyncs,
                dropped_values=self._decoder.dropped_values,
                contradicted=self._decoder.contradicted,
                reconnects=self._reconnects,
                message=self._message,
            )

    def _run(self) -> None:
        backoff_s = BACKOFF_INITIAL_S
        had_session = False
        while not self._stop.is_set():
            try:
                link = serial.Serial(
                    self.port, self.baud, timeout=READ_TIMEOUT_S, write_timeout=1.0
                )
            except (serial.SerialException, OSError) as error:
                reason = port_error_reason(error)
                self._set_state(
                    SensorState.DISCONNECTED,
                    f"Cannot open the thermal sensor port {self.port} ({reason}): "
                    "check the USB cable and the configured port; retrying.",
                )
                self._stop.wait(backoff_s)
                backoff_s = min(backoff_s * 2, BACKOFF_CAP_S)
                continue
            backoff_s = BACKOFF_INITIAL_S
            if had_session:
                with self._lock:
                    self._reconnects += 1
            had_session = True
            try:
                self._session(link)
            except (serial.SerialException, OSError) as error:
                self._set_state(
                    SensorState.DISCONNECTED,
                    f"Lost the thermal sensor on {self.port} ({port_error_reason(error)}): "
                    "check the USB cable; reconnecting.",
                )
            finally:
                link.close()

    def _session(self, link: serial.Serial) -> None:
        """Configure the board and read until stopped; raises when the device goes away."""
        with self._lock:
            self._decoder.reset_stream()
        self._set_state(
            SensorState.NO_DATA,
            f"Waiting for the first frame from the thermal sensor on {self.port}.",
        )
        for command in self.setup_commands():
            link.write(command)
            self._stop.wait(COMMAND_GAP_S)
        last_frame_t = time.monotonic()
        bytes_since_frame = 0
        seen_frame = False
        while not self._stop.is_set():
            chunk = link.read(1)
            if chunk:
                waiting = link.in_waiting
                if waiting:
                    chunk += link.read(waiting)
            now = time.monotonic()
            if chunk:
                with self._new_reading:
                    frames_before = self._decoder.frames
                    readings = self._decoder.feed(chunk, now)
                    if readings:
                        self._latest = readings[-1]
                        self._new_reading.notify_all()
                    got_frame = self._decoder.frames > frames_before
                if got_frame:
                    last_frame_t = now
                    bytes_since_frame = 0
                    seen_frame = True
                else:
                    bytes_since_frame += len(chunk)
            silent_s = now - last_frame_t
            if silent_s < self._stale_after_s:
                if seen_frame:
                    self._set_state(SensorState.CONNECTED, "")
            elif bytes_since_frame >= GARBLED_MIN_BYTES:
                self._set_state(
                    SensorState.ERROR,
                    f"Bytes arrive on {self.port} at {self.baud} baud but none form a valid "
                    f"{self.name} frame: the baud rate or the driver setting is probably wrong; "
                    "run `kiosk sensor probe` to find them.",
                )
            else:
                self._set_state(
                    SensorState.NO_DATA,
                    f"The thermal sensor on {self.port} has sent nothing for {silent_s:.0f} s: "
                    "check its power and cable; still listening.",
                )

    def _set_state(self, state: SensorState, message: str) -> None:
        with self._lock:
            self._state = state
            self._message = message


def port_error_reason(error: OSError) -> str:
    """The short OS reason behind a serial error, for a one-line operator message."""
    # pyserial wraps the OS error in a long sentence; the errno text is what an operator needs.
    cause = error.__cause__ or error.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    if not isinstance(error, serial.SerialException) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
