"""Home Assistant MQTT discovery: one retained config message per entity, so a Home
Assistant on the same broker shows each kiosk as a device with its sensors, unconfigured.

Entities read the kiosk's own health and counts topics; the kiosk's status topic (its last
will) tells Home Assistant when they are unavailable. Counts are text sensors: an hour with
few visitors reads '< 3', which a numeric sensor would refuse.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.settings.telemetry import TelemetrySettings
from kiosk.telemetry.alert_messages import KINDS
from kiosk.telemetry.hourly_counts import OUTCOMES
from kiosk.telemetry.topics import OFFLINE, ONLINE, Topics
from kiosk.version import VERSION

DIAGNOSTIC = {"entity_category": "diagnostic"}


def _health(name: str, template: str, **extra: Any) -> tuple[str, str, str, dict[str, Any]]:
    return ("sensor", name, "health", {"value_template": template, **extra})


# (component, object id, topic, what the entity shows) for each entity of a kiosk.
ENTITIES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    _health(
        "service",
        "{{ value_json.service }}",
        device_class="enum",
        options=["starting", "in_service", "out_of_service"],
        json_attributes_topic="health",
        json_attributes_template="{{ {'reasons': value_json.reasons} | tojson }}",
    ),
    (
        "binary_sensor",
        "problem",
        "health",
        {
            "device_class": "problem",
            "value_template": "{{ 'ON' if value_json.service == 'out_of_service' else 'OFF' }}",
        },
    ),
    _health("camera", "{{ value_json.camera.state }}", **DIAGNOSTIC),
    _health("thermometer", "{{ value_json.sensor.state }}", **DIAGNOSTIC),
    _health("blackbody", "{{ value_json.blackbody }}", **DIAGNOSTIC),
    _health("gate", "{{ value_json.gate }}", **DIAGNOSTIC),
    _health("store", "{{ value_json.store.state }}", **DIAGNOSTIC),
    _health(
        "frame_rate",
        "{{ value_json.fps }}",
        unit_of_measurement="fps",
        state_class="measurement",
        **DIAGNOSTIC,
    ),
    _health(
        "disk_free",
        "{{ value_json.disk_free_mb }}",
        device_class="data_size",
        unit_of_measurement="MB",
        state_class="measurement",
        **DIAGNOSTIC,
    ),
    _health(
        "uptime",
        "{{ value_json.uptime_s }}",
        device_class="duration",
        unit_of_measurement="s",
        **DIAGNOSTIC,
    ),
    _health("restarts", "{{ value_json.restarts }}", state_class="total_increasing", **DIAGNOSTIC),
    _health(
        "active_alerts",
        "{{ value_json.alerts | count }}",
        json_attributes_topic="health",
        json_attributes_template="{{ {'alerts': value_json.alerts} | tojson }}",
    ),
    _health("version", "{{ value_json.version }}", **DIAGNOSTIC),
    *(
        (
            "sensor",
            f"last_hour_{name}",
            "counts",
            {
                "value_template": f"{{{{ value_json.{name} }}}}",
                "json_attributes_topic": "counts",
                "json_attributes_template": "{{ {'hour': value_json.hour} | tojson }}",
            },
        )
        for name in ("screened", *OUTCOMES, "masked")
    ),
    ("event", "alert", "alert", {"event_types": list(KINDS)}),
)


def discovery_messages(
    settings: TelemetrySettings, kiosk_id: str, topics: Topics, demo: bool
) -> list[tuple[str, str]]:
    """(topic, payload) of every entity's config message, to publish retained."""
    node = f"thermal_kiosk_{kiosk_id.replace('-', '_')}"
    device = {
        "identifiers": [node],
        "name": f"Thermal kiosk {kiosk_id}" + (" (demo)" if demo else ""),
        "manufacturer": "thermal-screening-kiosk",
        "model": "Thermal-screening kiosk" + (" (demo: simulated visitors)" if demo else ""),
        "sw_version": VERSION,
    }
    state_topics = {"health": topics.health, "counts": topics.counts, "alert": topics.alert}
    messages = []
    for component, object_id, topic, shown in ENTITIES:
        config: dict[str, Any] = {
            "name": object_id.replace("_", " ").capitalize(),
            "unique_id": f"{node}_{object_id}",
            "object_id": f"{node}_{object_id}",
            "state_topic": state_topics[topic],
            "availability_topic": topics.status,
            "payload_available": ONLINE,
            "payload_not_available": OFFLINE,
            "qos": 1,
            "device": device,
            "origin": {"name": "thermal-screening-kiosk", "sw_version": VERSION},
            **shown,
        }
        if "json_attributes_topic" in shown:
            config["json_attributes_topic"] = state_topics[shown["json_attributes_topic"]]
        messages.append(
            (
                f"{settings.discovery_prefix}/{component}/{node}/{object_id}/config",
                json.dumps(config, ensure_ascii=False),
            )
        )
    return messages
