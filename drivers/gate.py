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
import re
import select
import stat
import termios
import threading
import time
import tty
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

import serial

RELAY_BAUD = 9600
FRAME_START = 0xA0

# What a relay board's port or a GPIO value file can be called. Anything else (a typo, or
# /etc/passwd planted in the settings) is refused before the kiosk writes a byte to it.
SERIAL_PORT = re.compile(
    r"^(/dev/(tty[A-Za-z]+[0-9]*|pts/[0-9]+|serial/by-(id|path)/[^/]+)|COM[0-9]+)$"
)
GPIO_VALUE_FILE = re.compile(r"^/sys/class/gpio/gpio[0-9]+/value$")
# udev's stable names for serial adapters are symbolic links by design; they are followed
# only here, and only to a character device.
STABLE_SERIAL_LINKS = ("/dev/serial/by-id/", "/dev/serial/by-path/")


class GatePortError(ValueError):
    """The configured gate port cannot be a relay board or a GPIO line; says what to set."""


def gate_port_problem(output: str, port: str) -> str:
    """Why `port` cannot be the gate's `output` device ("" when it can be).

    The name must look like one (a serial port, or a sysfs GPIO value file), and where it
    exists, `lstat` must show the right kind of file: a character device for a relay board
    (a udev by-id link resolving to one), a regular file, not a link, for a GPIO value.
    """
    if output == "serial-relay":
        if not SERIAL_PORT.match(port):
            return (
                f"{port!r} is not a serial port name: use the relay board's port, such as "
                "/dev/ttyUSB1 or /dev/serial/by-id/…"
            )
        return _serial_device_problem(port)
    if output == "gpio":
        if not GPIO_VALUE_FILE.match(port):
            return f"{port!r} is not a GPIO value file: use /sys/class/gpio/gpioN/value"
        return _regular_file_problem(port)
    return f"unknown gate output {output!r}: use 'serial-relay' or 'gpio'"


def _serial_device_problem(port: str) -> str:
    if port.startswith("COM"):
        return ""
    try:
        info = os.lstat(port)
    except FileNotFoundError:
        return ""  # unplugged for now: the gate reports it when it tries to pulse
    if stat.S_ISLNK(info.st_mode):
        if not port.startswith(STABLE_SERIAL_LINKS):
            return (
                f"{port} is a symbolic link; name the device itself or its /dev/serial/by-id link"
            )
        try:
            info = os.stat(port)
        except FileNotFoundError:
            return ""
    if not stat.S_ISCHR(info.st_mode):
        return f"{port} is not a character device, so it is not a serial port"
    return ""


def _regular_file_problem(path: str) -> str:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ""  # not exported yet: reported when the gate pulses
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a GPIO value file (a link, folder or device)"
    return ""


def relay_frame(channel: int, closed: bool) -> bytes:
    """The LCUS board's 4-byte command: start, channel, state, checksum (sum of the three)."""
    if not 1 <= channel <= 8:
        raise ValueError(f"relay channel must be 1 to 8, got {channel}")
    body = bytes((FRAME_START, channel, int(closed)))
    return body + bytes((sum(body) & 0xFF,))


# A request to drive the contact open once, without a pulse (see RelayOutput.settle).
SETTLE = "settle"


class RelayOutput(ABC):
    """Closes and opens one relay contact; `pulse` does it on the output's own thread."""

    def __init__(self) -> None:
        self._pulses: queue.Queue[float | str | None] = queue.Queue(maxsize=4)
        self.errors = 0
        self.last_error = ""
        self.pulses = 0
        # Told after every pulse: "" when it worked, else what went wrong (on the gate thread).
        self.on_outcome: Callable[[str], None] | None = None
        self._thread = threading.Thread(target=self._run, name="gate", daemon=True)
        self._thread.start()

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

    def settle(self) -> None:
        """Drive the contact open, its safe state, once; returns at once. Done at start, it
        proves the device is there before the first visitor depends on it (`on_outcome`)."""
        with contextlib.suppress(queue.Full):
            self._pulses.put_nowait(SETTLE)

    def stop(self) -> None:
        self._pulses.put(None)
        self._thread.join(timeout=15.0)
        self.close_device()

    def _run(self) -> None:
        while (request := self._pulses.get()) is not None:
            if isinstance(request, str):
                self._settle()
                continue
            failure = ""
            try:
                self.set_closed(True)
                time.sleep(request)
            except (OSError, serial.SerialException, GatePortError) as error:
                failure = self._fail(error)
            finally:
                try:
                    self.set_closed(False)
                except (OSError, serial.SerialException, GatePortError) as error:
                    failure = failure or self._fail(error)
            self.pulses += 1
            if self.on_outcome is not None:
                self.on_outcome(failure)

    def _settle(self) -> None:
        failure = ""
        try:
            self.set_closed(False)
        except (OSError, serial.SerialException, GatePortError) as error:
            failure = self._fail(error)
        if self.on_outcome is not None:
            self.on_outcome(failure)

    def _fail(self, error: Exception) -> str:
        self.errors += 1
        self.last_error = str(error) or type(error).__name__
        return self.last_error


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
            problem = _serial_device_problem(self.port)  # checked again: the path may have changed
            if problem:
                raise GatePortError(problem)
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
        # Never created, truncated or followed through a link: only an existing value file
        # is written, so a wrong path cannot damage another file.
        flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(self.value_file, flags)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise GatePortError(f"{self.value_file} is not a GPIO value file")
            os.write(descriptor, b"1" if closed else b"0")
        finally:
            os.close(descriptor)

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
