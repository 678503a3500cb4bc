"""Telemetry test set-up: a real Mosquitto broker on a free loopback port (restartable, with
optional password file), a real MQTT client subscribed to '#' that keeps every message, and
the demo kiosk's settings pointed at the broker."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from getpass import getuser
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.demo.rig import demo_settings
from kiosk.settings import Settings
from kiosk.settings.telemetry import TelemetrySettings

WAIT_S = 120.0  # generous: a deadline for something to happen, never a measure of speed


def wait_until(condition: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mosquitto:
    """Debian's mosquitto, listening on 127.0.0.1:`port` only."""

    def __init__(self, folder: Path, users: dict[str, str] | None = None) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not os.access(binary, os.X_OK):
            pytest.skip("mosquitto is not installed: `scripts/setup.sh --dev` installs it")
        self.binary = binary
        self.port = free_port()
        self.config = folder / "mosquitto.conf"
        # Run as ourselves: started as root, mosquitto would drop to its own user, which
        # cannot read the test's private folder (the password file is in it).
        lines = [f"listener {self.port} 127.0.0.1", "persistence false", f"user {getuser()}"]
        if users:
            passwords = folder / "passwd"
            passwords.write_text("")
            for user, password in users.items():
                subprocess.run(
                    ["mosquitto_passwd", "-b", str(passwords), user, password], check=True
                )
            lines += ["allow_anonymous false", f"password_file {passwords}"]
        else:
            lines.append("allow_anonymous true")
        self.config.write_text("\n".join(lines) + "\n")
        self.log = folder / "mosquitto.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "-c", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )
        wait_until(self._accepts, f"mosquitto on port {self.port}")

    def _accepts(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"mosquitto exited: {self.log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Mosquitto]:
    mosquitto = Mosquitto(tmp_path)
    mosquitto.start()
    yield mosquitto
    mosquitto.stop()


@dataclass(frozen=True)
class Message:
    topic: str
    payload: str
    retain: bool

    def json(self) -> Any:
        return json.loads(self.payload)


@dataclass
class Subscriber:
    """A real MQTT client subscribed to '#': every message the broker passes on, kept."""

    port: int
    messages: list[Message] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self.client.on_connect = lambda client, *_: client.subscribe("#", qos=1)
        self.client.on_subscribe = lambda *_: self.subscribed.set()
        self.client.on_message = self._message
        self.client.connect_async("127.0.0.1", self.port)
        self.client.reconnect_delay_set(1, 2)
        self.client.loop_start()
        assert self.subscribed.wait(WAIT_S), "the test subscriber could not subscribe"

    def _message(self, client: Any, userdata: Any, message: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.messages.append(
                Message(message.topic, message.payload.decode("utf-8"), bool(message.retain))
            )

    def on(self, topic: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages if m.topic == topic]

    def all(self) -> list[Message]:
        with self._lock:
            return list(self.messages)

    def wait_for(self, topic: str, test: Callable[[Message], bool] = lambda m: True) -> Message:
        found = wait_until(lambda: [m for m in self.on(topic) if test(m)], f"a message on {topic}")
        return found[-1]

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def listen() -> Iterator[Callable[[int], Subscriber]]:
    subscribers: list[Subscriber] = []

    def subscribe(port: int) -> Subscriber:
        subscriber = Subscriber(port)
        subscribers.append(subscriber)
        return subscriber

    yield subscribe
    for subscriber in subscribers:
        subscriber.close()


def telemetry_settings(**values: Any) -> Settings:
    """The demo's settings with [telemetry] on and `values` in it."""
    base = {"enabled": True, "kiosk_id": "east-gate-2", "health_interval_s": 10}
    return demo_settings(replace(Settings(), telemetry=TelemetrySettings(**{**base, **values})))
