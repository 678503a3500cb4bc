"""The telemetry settings section: whether the kiosk reports device health and hourly counts to
the chain's own MQTT broker (and a local Prometheus endpoint), and how it reaches them.

Off by default: with `enabled = false` the kiosk opens no network connection at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.settings.schema import SettingsError, setting

# Safe as one MQTT topic level and as a Home Assistant node id alike: no wildcard (+ #), no
# separator, nothing a dashboard would mangle.
KIOSK_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
TOPIC_LEVEL = re.compile(r"[A-Za-z0-9_-]+")
SMALLEST_SUPPRESSION = 3  # below this a count could single out one visitor in an hour


def _check_topic_root(key: str, value: str) -> None:
    levels = value.split("/")
    if not all(TOPIC_LEVEL.fullmatch(level) for level in levels):
        raise SettingsError(
            key,
            f"{value!r} is not a topic root: levels of letters, digits, - and _ separated "
            f"by /, no wildcard, no leading or trailing /",
        )


@dataclass(frozen=True)
class TelemetrySettings:
    enabled: bool = setting(
        False,
        doc="report device health, hourly counts and alerts to the chain's MQTT broker and/or "
        "a local Prometheus endpoint; nothing about any visitor is sent, and switching it on "
        "changes the collection notice",
    )
    host: str = setting(
        "",
        max_length=253,
        doc="the MQTT broker's host name or IP address (no mqtt://); empty = no MQTT "
        "(Prometheus only)",
    )
    port: int = setting(
        1883, minimum=1, maximum=65535, doc="the broker's port (1883; 8883 is usual with TLS)"
    )
    kiosk_id: str = setting(
        "",
        max_length=64,
        doc="this kiosk's name in topics and dashboards (lower-case letters, digits, - and _), "
        "such as 'east-gate-2'; empty = the machine's host name",
    )
    tls: bool = setting(False, doc="connect to the broker over TLS, checking its certificate")
    ca_file: str = setting(
        "",
        max_length=1024,
        doc="with tls: the CA certificate (PEM) that signed the broker's; empty = the system's",
    )
    username: str = setting("", doc="user name at the broker; empty = anonymous")
    password_file: str = setting(
        "",
        max_length=1024,
        doc="a file holding the broker password (one line), the kiosk user's own and "
        "readable by it alone (chmod 600); read at start, never logged",
    )
    protocol: str = setting("3.1.1", choices=("3.1.1", "5"), doc="MQTT protocol version")
    topic_root: str = setting(
        "thermal-kiosk",
        max_length=100,
        doc="topics are <topic_root>/<kiosk_id>/status, health, counts and alert",
    )
    discovery: bool = setting(
        True, doc="announce the kiosk to Home Assistant (MQTT discovery, retained)"
    )
    discovery_prefix: str = setting(
        "homeassistant", max_length=100, doc="Home Assistant's discovery topic prefix"
    )
    health_interval_s: int = setting(
        60,
        minimum=10,
        maximum=3600,
        doc="seconds between health reports (also sent at once on any change)",
    )
    small_count_threshold: int = setting(
        SMALLEST_SUPPRESSION,
        minimum=SMALLEST_SUPPRESSION,
        maximum=100,
        doc="hourly counts below this are sent as '< N', so no visitor can be singled out",
    )
    prometheus_port: int | None = setting(
        None,
        minimum=1024,
        maximum=65535,
        doc="serve /metrics (Prometheus text format) on 127.0.0.1 at this port; empty = off",
    )

    def __post_init__(self) -> None:
        if self.host and ("://" in self.host or "/" in self.host or " " in self.host):
            raise SettingsError(
                "telemetry.host", f"{self.host!r}: write the host name or address only"
            )
        if self.kiosk_id and not KIOSK_ID.fullmatch(self.kiosk_id):
            raise SettingsError(
                "telemetry.kiosk_id",
                f"{self.kiosk_id!r}: use lower-case letters, digits, - and _ (first a letter "
                f"or digit)",
            )
        _check_topic_root("telemetry.topic_root", self.topic_root)
        _check_topic_root("telemetry.discovery_prefix", self.discovery_prefix)
        if self.ca_file and not self.tls:
            raise SettingsError("telemetry.ca_file", "is used only with tls = true")
        if self.password_file and not self.username:
            raise SettingsError("telemetry.password_file", "needs telemetry.username")
        if self.enabled and not self.host and self.prometheus_port is None:
            raise SettingsError(
                "telemetry.enabled", "needs telemetry.host (MQTT) or telemetry.prometheus_port"
            )
