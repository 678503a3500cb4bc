"""The kiosk's connection to the chain's MQTT broker (paho-mqtt 2.x), driven from the telemetry
thread alone: connecting with backoff, the last will, QoS 1 publishing and acknowledgements.

Everything here runs on one thread, the client's callbacks included (they run inside
`step()`), so no lock guards the client. Connecting blocks only that thread, never
screening. A wrong host, refused credentials, a TLS failure or a lost broker becomes one
operator message per outage (`on_problem`), cleared once the broker takes the kiosk again;
retries back off from 1 s to a minute, each wait jittered so a fleet does not reconnect
to a restarted broker all in the same second.
"""

from __future__ import annotations

import logging
import random
import socket
import ssl
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode, MQTTProtocolVersion
from paho.mqtt.reasoncodes import ReasonCode

from kiosk.settings.telemetry import TelemetrySettings
from kiosk.telemetry.outbox import OutboxMessage
from kiosk.telemetry.topics import OFFLINE, Topics

log = logging.getLogger(__name__)
KEEPALIVE_S = 30  # a kiosk that dies without a word is declared offline ~45 s later
LOOP_S = 0.5  # longest the client waits for the network per step
RETRY_MIN_S = 1.0
RETRY_MAX_S = 60.0
CLOSE_STEPS = 8  # steps (of LOOP_S) a clean stop waits for 'offline' to be acknowledged
# CONNACK reason codes that mean the broker does not accept these credentials.
_CREDENTIALS_REFUSED = {134, 135}  # bad user name or password; not authorized
# Problems that need someone to change a setting: they replace an outage's first message.
_CONFIGURATION = ("name", "credentials", "tls")

Problem = Callable[[str | None], None]


class BrokerLink:
    """One MQTT session to the broker the settings name, opened again whenever it drops."""

    def __init__(
        self,
        settings: TelemetrySettings,
        topics: Topics,
        password: str | None,
        *,
        on_problem: Problem,
        on_delivered: Callable[[int], None],
    ) -> None:
        self._settings = settings
        self._topics = topics
        self._where = f"{settings.host}:{settings.port}"
        self._on_problem = on_problem
        self._on_delivered = on_delivered
        v5 = settings.protocol == "5"
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"thermal-kiosk-{topics.root.rsplit('/', 1)[1]}",
            # Undelivered messages wait in the outbox, not in a broker session.
            clean_session=None if v5 else True,
            protocol=MQTTProtocolVersion.MQTTv5 if v5 else MQTTProtocolVersion.MQTTv311,
        )
        client.will_set(topics.status, OFFLINE, qos=1, retain=True)
        if settings.username:
            client.username_pw_set(settings.username, password)
        if settings.tls:
            client.tls_set(ca_certs=settings.ca_file or None)  # verifies chain and host name
        client.on_connect = self._connected
        client.on_disconnect = self._disconnected
        client.on_publish = self._published
        # Only records where to connect: the first attempt is the telemetry thread's.
        client.connect_async(settings.host, settings.port, KEEPALIVE_S)
        self._client = client
        self.connected = False
        self.fresh = False  # connected since the owner last looked: announce everything again
        self.failed_attempts = 0  # since the broker last took the kiosk
        self._next_attempt = 0.0
        self._outage: str | None = None
        self._inflight: dict[int, int] = {}  # MQTT message id → outbox message id

    # --- driving ----------------------------------------------------------------------

    def step(self, now: float) -> bool:
        """Connect when due, or move network traffic for up to LOOP_S; False when there was
        nothing to do (the caller then waits instead)."""
        if self._client.socket() is None:
            if now < self._next_attempt:
                return False
            self._attempt(now)
            return True
        if self._client.loop(LOOP_S) is not MQTTErrorCode.MQTT_ERR_SUCCESS:
            self.connected = False
            self._retry_later(now)
        return True

    def _attempt(self, now: float) -> None:
        try:
            self._client.reconnect()
        except OSError as error:
            self._problem(*_describe(error, self._where))
            self._retry_later(now)

    def _retry_later(self, now: float) -> None:
        self.failed_attempts += 1
        delay = min(RETRY_MAX_S, RETRY_MIN_S * 2 ** (self.failed_attempts - 1))
        self._next_attempt = now + delay * random.uniform(0.5, 1.0)

    def close(self) -> None:
        """A clean goodbye: 'offline' (retained), then DISCONNECT, so the will is not needed."""
        if self.connected:
            info = self._client.publish(self._topics.status, OFFLINE, qos=1, retain=True)
            for _ in range(CLOSE_STEPS):
                if info.is_published():
                    break
                self._client.loop(LOOP_S)
            self.connected = False  # leaving, not lost: no operator message
            self._client.disconnect()
            self._client.loop(LOOP_S)

    # --- publishing -------------------------------------------------------------------

    def publish(self, topic: str, payload: str, *, retain: bool) -> None:
        """A current report (status, health, discovery): sent now or not at all."""
        if self.connected:
            self._client.publish(topic, payload, qos=1, retain=retain)

    def room(self) -> int:
        """How many more outbox messages may be handed over before acknowledgements come."""
        return max(0, self._client.max_inflight_messages - len(self._inflight))

    def in_flight(self) -> frozenset[int]:
        return frozenset(self._inflight.values())

    def send(self, message: OutboxMessage, topic: str) -> None:
        """An outbox message; `on_delivered(id)` once the broker has acknowledged it (after a
        reconnection the client sends it again by itself)."""
        info = self._client.publish(topic, message.payload, qos=1, retain=message.kind == "counts")
        if info.rc is MQTTErrorCode.MQTT_ERR_SUCCESS:
            self._inflight[info.mid] = message.id

    # --- the client's callbacks (on this thread, inside step) -------------------------

    def _connected(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: ReasonCode, props: Any
    ) -> None:
        if reason.is_failure:
            credentials = reason.value in _CREDENTIALS_REFUSED
            self._problem(
                "credentials" if credentials else "refused",
                f"the MQTT broker at {self._where} refused the kiosk"
                + (
                    f"'s user name or password ({reason}): check telemetry.username and the "
                    f"password file"
                    if credentials
                    else f" ({reason})"
                ),
            )
            return
        self.connected = self.fresh = True
        self.failed_attempts = 0
        if self._outage is not None:
            log.info("telemetry connected to the MQTT broker at %s again", self._where)
        self._outage = None
        self._on_problem(None)

    def _disconnected(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: ReasonCode, props: Any
    ) -> None:
        if self.connected:
            self._problem("lost", f"lost the connection to the MQTT broker at {self._where}")
        self.connected = False

    def _published(
        self, client: mqtt.Client, userdata: Any, mid: int, reason: ReasonCode, props: Any
    ) -> None:
        message_id = self._inflight.pop(mid, None)
        if message_id is None:
            return
        if reason.is_failure:  # MQTT 5: the broker's ACL refuses the topic; retrying won't help
            log.warning(
                "the MQTT broker at %s refused a telemetry message: %s", self._where, reason
            )
        self._on_delivered(message_id)

    def _problem(self, category: str, what: str) -> None:
        """Tell staff once per outage: its first message stands, unless a later one says a
        setting is wrong."""
        if self._outage == category or (
            self._outage is not None and category not in _CONFIGURATION
        ):
            return
        self._outage = category
        message = (
            f"Telemetry: {what}. Screening is not affected; the kiosk keeps trying, and its "
            f"hourly counts and alerts wait on the kiosk until the broker takes them."
        )
        log.warning("%s", message)
        self._on_problem(message)


def _describe(error: OSError, where: str) -> tuple[str, str]:
    """(category, what happened) for a failed attempt to reach the broker."""
    if isinstance(error, socket.gaierror):
        host = where.rsplit(":", 1)[0]
        return "name", f"the MQTT broker's name '{host}' is not known here (check telemetry.host)"
    if isinstance(error, ssl.SSLError):
        reason = getattr(error, "verify_message", "") or error.reason or str(error)
        return (
            "tls",
            f"TLS with the MQTT broker at {where} failed ({reason}; check telemetry.ca_file)",
        )
    if isinstance(error, ConnectionRefusedError):
        return "unreachable", f"the MQTT broker at {where} refuses connections (is it running?)"
    if isinstance(error, TimeoutError):
        return "unreachable", f"the MQTT broker at {where} does not answer (network or firewall?)"
    return (
        "unreachable",
        f"the MQTT broker at {where} cannot be reached ({error.strerror or error})",
    )
