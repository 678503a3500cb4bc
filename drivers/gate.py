"""The gate output: a relay pulsed on a normal verdict (door strike, turnstile, signal lamp).

Two outputs behind one interface: a USB serial relay board of the common LCUS type
(CH340, 9600 baud, frame A0 <channel> <0|1> <sum>) and a GPIO line through its sysfs
value file. `RelayBoardSimulator` is the test double: it owns the master side of a pty
and decodes the board's real bytes. A pulse runs on the gate's own thread, so a caller
(the GUI) never waits for the serial port.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import termios
import threading
import time
import tty
from abc import ABC, abstractmethod
from pathlib import Path

import serial

RELAY_BAUD = 9600
FRAME_START = 0xA0


def relay_frame(channel: int, closed: bool) -> bytes:
    """The LCUS board's 4-byte command: start, channel, state, checksum (sum of the three)."""
    if not 1 <= channel <= 8:
        raise ValueError(f"relay channel must be 1 to 8, got {channel}")
    body = bytes((FRAME_START, channel, int(closed)))
    return body + bytes((sum(body) & 0xFF,))


class RelayOutput(ABC):
    """Closes and opens one relay contact; `pulse` does it on the output's own thread."""

    def __init__(self) -> None:
        self._pulses: queue.Queue[float | None] = queue.Queue(maxsize=4)
        self._thread = threading.Thread(target=self._run, name="gate", daemon=True)
        self._thread.start()
        self.errors = 0
        self.last_error = ""

    @abstractmethod
    def set_closed(self, closed: bool) -> None:
        """Drive the contact; raises OSError when the device is unavailable."""

    @abstractmethod
    def close_device(self) -> None:
        """Release the device (called when the gate stops)."""

    def pulse(self, seconds: float) -> None:
        """Close the contact for `seconds`; returns at once. Extra pulses while busy are dropped."""
        with contextlib.suppress(queue.Full):
            self._pulses.put_nowait(seconds)

    def stop(self) -> None:
        self._pulses.put(None)
        self._thread.join(timeout=15.0)
        self.close_device()

    def _run(self) -> None:
        while (seconds := self._pulses.get()) is not None:
            try:
                self.set_closed(True)
                time.sleep(seconds)
            except (OSError, serial.SerialException) as error:
                self._fail(error)
            finally:
                try:
                    self.set_closed(False)
                except (OSError, serial.SerialException) as error:
                    self._fail(error)

    def _fail(self, error: Exception) -> None:
        self.errors += 1
        self.last_error = str(error)


class SerialRelayBoard(RelayOutput):
    """A USB relay board (LCUS-1/2/4/8): opened per pulse, so an unplugged board recovers."""

    def __init__(self, port: str, channel: int = 1) -> None:
        relay_frame(channel, False)  # refuse an impossible channel now, not at the first pulse
        self.port = port
        self.channel = channel
        self._link: serial.Serial | None = None
        super().__init__()

    def set_closed(self, closed: bool) -> None:
        if self._link is None:
            self._link = serial.Serial(self.port, RELAY_BAUD, timeout=0.2, write_timeout=1.0)
        try:
            self._link.write(relay_frame(self.channel, closed))
            self._link.flush()
        except (OSError, serial.SerialException):
            self.close_device()
            raise

    def close_device(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None


class GpioLine(RelayOutput):
    """A GPIO line exported through sysfs (`/sys/class/gpio/gpioN/value`), driving a relay."""

    def __init__(self, value_file: str) -> None:
        self.value_file = Path(value_file)
        super().__init__()

    def set_closed(self, closed: bool) -> None:
        self.value_file.write_text("1" if closed else "0")

    def close_device(self) -> None:
        """Each write opens and closes the value file: nothing stays open."""


def open_gate(output: str, port: str, channel: int = 1) -> RelayOutput:
    """The relay output the settings name ('serial-relay' or 'gpio')."""
    if output == "serial-relay":
        return SerialRelayBoard(port, channel)
    if output == "gpio":
        return GpioLine(port)
    raise ValueError(f"unknown gate output {output!r}: use 'serial-relay' or 'gpio'")


class RelayBoardSimulator:
    """A pretend LCUS board on a pty: decodes each frame and keeps (time, channel, closed).

    Frames with a wrong start byte or checksum are counted and ignored, as the board does.
    """

    def __init__(self) -> None:
        self._master, slave = os.openpty()
        tty.setraw(self._master)
        termios.tcsetattr(slave, termios.TCSANOW, termios.tcgetattr(self._master))
        self.port = os.ttyname(slave)
        self._slave = slave
        self.switches: list[tuple[float, int, bool]] = []
        self.bad_frames = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="relay-sim", daemon=True)
        self._thread.start()

    def states(self) -> list[tuple[int, bool]]:
        with self._lock:
            return [(channel, closed) for _, channel, closed in self.switches]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        os.close(self._master)
        os.close(self._slave)

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                pending += os.read(self._master, 64)
            except OSError:
                continue
            while len(pending) >= 4:
                if pending[0] != FRAME_START:
                    pending = pending[1:]
                    self.bad_frames += 1
                    continue
                frame, pending = pending[:4], pending[4:]
                if sum(frame[:3]) & 0xFF != frame[3] or frame[2] > 1:
                    self.bad_frames += 1
                    continue
                with self._lock:
                    self.switches.append((time.monotonic(), frame[1], bool(frame[2])))
