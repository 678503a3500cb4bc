"""Talking to the service manager: systemd's notify protocol, without a dependency.

The kiosk is crash-only: under its systemd unit (Type=notify, WatchdogSec, Restart=always)
it says READY=1 once screening runs and WATCHDOG=1 from its healthy main loop, so a crash
or a hang (the main loop stops pinging) brings a fresh kiosk back on screen within
seconds. Outside systemd (no NOTIFY_SOCKET) every call is a no-op.

The messages are datagrams on a local AF_UNIX socket: nothing here touches the network.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading

log = logging.getLogger(__name__)

# The exit status when the kiosk gives up on itself (watchdog budget spent): non-zero, so
# the service manager records a failure and starts it again.
EXIT_SELF_RESTART = 3
# The exit status of a restart the operator asked for (to apply device settings).
EXIT_RESTART = 4


class ServiceNotifier:
    """sd_notify(3) for the kiosk's unit; `enabled` is False when no manager listens."""

    def __init__(self, address: str | None = None) -> None:
        address = address if address is not None else os.environ.get("NOTIFY_SOCKET", "")
        # "@name" is Linux's abstract socket namespace, spelt with a leading NUL byte.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket: socket.socket | None = None
        watchdog_usec = os.environ.get("WATCHDOG_USEC", "")
        self.watchdog_s = int(watchdog_usec) / 1e6 if watchdog_usec.isdigit() else None

    @property
    def enabled(self) -> bool:
        return bool(self._address)

    def ready(self) -> None:
        self._send("READY=1")

    def watchdog(self) -> None:
        """Tell the manager the main loop is alive (call well within WatchdogSec)."""
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if not self._address:
            return
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._socket.sendto(message.encode(), self._address)
        except OSError as error:
            # A manager that went away cannot be helped by the kiosk; say it once per call.
            log.warning("could not notify the service manager (%s): %s", message, error)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def stop_on_terminate(stopping: threading.Event) -> None:
    """A service manager stops the kiosk with SIGTERM: end cleanly (records written, devices
    closed) instead of dying mid-write. Call from the main thread."""

    def handler(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, handler)


def restart_in_place() -> None:
    """Start this program again in this process (no service manager to do it): same
    interpreter or frozen binary, same arguments."""
    executable = sys.executable
    arguments = sys.argv if getattr(sys, "frozen", False) else [executable, *sys.orig_argv[1:]]
    os.execv(executable, arguments)
