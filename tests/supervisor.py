"""A stand-in for systemd's service manager, for the one thing tests here cannot start: a user
systemd instance. It reads the kiosk's own unit file (packaging/linux/thermal-kiosk.service)
and does what systemd does with it: listens on a real NOTIFY_SOCKET for the sd_notify
datagrams (READY=1, WATCHDOG=1), restarts the process RestartSec after it ends
(Restart=always), and kills it with SIGABRT, as WatchdogSignal's default, when no
WATCHDOG=1 arrives for WatchdogSec (then SIGKILL after TimeoutAbortSec)."""

from __future__ import annotations

import configparser
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

UNIT = REPO / "packaging" / "linux" / "thermal-kiosk.service"


@dataclass(frozen=True)
class UnitTimes:
    restart_s: float
    watchdog_s: float
    abort_s: float  # TimeoutAbortSec: SIGKILL this long after the watchdog's SIGABRT


def unit_times(path: Path = UNIT) -> UnitTimes:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(path, encoding="utf-8")
    service = unit["Service"]
    assert service["Type"] == "notify" and service["Restart"] == "always"
    return UnitTimes(
        float(service["RestartSec"]),
        float(service["WatchdogSec"]),
        float(service["TimeoutAbortSec"]),
    )


@dataclass
class Supervisor:
    command: Sequence[str]
    env: dict[str, str]
    socket_path: Path
    times: UnitTimes = field(default_factory=unit_times)
    starts: list[float] = field(default_factory=list)  # monotonic time of each start
    ready: list[float] = field(default_factory=list)  # of each READY=1
    pings: int = 0
    watchdog_kills: int = 0
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(self.socket_path))
        self._socket.settimeout(0.1)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._last_ping = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        env = {
            **self.env,
            "NOTIFY_SOCKET": str(self.socket_path),
            "WATCHDOG_USEC": str(int(self.times.watchdog_s * 1e6)),
        }
        # stderr to a file: a pipe nobody reads fills up and would hang the kiosk.
        log = self.socket_path.with_name(f"kiosk-{len(self.starts)}.log")
        with self._lock, log.open("wb") as stderr:
            self.process = subprocess.Popen(
                self.command, env=env, stdout=subprocess.DEVNULL, stderr=stderr
            )
            self.starts.append(time.monotonic())
            self._last_ping = time.monotonic()
            self._ready_seen = False

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                message = self._socket.recv(4096).decode()
            except TimeoutError:
                message = ""
            for line in message.splitlines():
                if line == "READY=1":
                    self.ready.append(time.monotonic())
                    self._ready_seen = True
                    self._last_ping = time.monotonic()
                elif line == "WATCHDOG=1":
                    self.pings += 1
                    self._last_ping = time.monotonic()
            process = self.process
            assert process is not None
            if process.poll() is not None:
                if self._stop.wait(self.times.restart_s):
                    return
                self._spawn()
            elif self._ready_seen and time.monotonic() - self._last_ping > self.times.watchdog_s:
                self.watchdog_kills += 1
                process.send_signal(signal.SIGABRT)
                try:
                    process.wait(timeout=self.times.abort_s)
                except subprocess.TimeoutExpired:
                    process.kill()

    def stop(self) -> int | None:
        """Stop the service as `systemctl stop` does: SIGTERM, no restart; its exit code."""
        self._stop.set()
        self._thread.join(timeout=10)
        code = None
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._socket.close()
        return code

    def log(self) -> str:
        """The stderr of the newest start (its tail)."""
        log = self.socket_path.with_name(f"kiosk-{len(self.starts) - 1}.log")
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""


def wait_for(condition: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def kiosk_window_command() -> list[str]:
    import sys

    return [sys.executable, "-m", "ui", "--demo"]


def kiosk_env(home: Path) -> dict[str, str]:
    return {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
