"""Alert messages: the operator alerts (kiosk/alerts.py) and out-of-service changes, as the
fleet receives them on `<root>/alert`.

Each carries a `kind` a dashboard or an automation can act on, and the same message staff see
on the kiosk. Device alerts carry their time to the second; an elevated-rate spike, which is
derived from visitors, carries only its hour.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.telemetry.health import utc_stamp
from kiosk.telemetry.hourly_counts import HOUR_S, hour_label, hour_start

SPIKE_KEY = "elevated_spike"
OUT_OF_SERVICE_KEY = "out_of_service"
# The telemetry's own connection problem is for the staff at the kiosk: the fleet already
# sees the kiosk offline (its last will), so it is not queued for the broker.
OWN_KEY = "telemetry"

# The operator alert keys (see runtime.py, gate_sink.py) by the kind the fleet sees.
_KINDS = {
    "camera": "device_fault",
    "sensor": "device_fault",
    "blackbody": "device_fault",
    "gate": "device_fault",
    "not_set_up": "not_set_up",
    "store": "records_not_kept",
    "clock_leap": "clock_leap",
    "restart_budget": "watchdog_budget_spent",
    "settings": "settings_refused",
    OUT_OF_SERVICE_KEY: "out_of_service",
    SPIKE_KEY: "elevated_spike",
}
_PREFIXED = {"stage:": "stage_stalled", "restart:": "stage_restarted"}
KINDS = (*sorted(set(_KINDS.values()) | set(_PREFIXED.values())), "other")


def alert_kind(key: str) -> str:
    for prefix, kind in _PREFIXED.items():
        if key.startswith(prefix):
            return kind
    return _KINDS.get(key, "other")


def alert_payload(event: dict[str, Any], kiosk_id: str, demo: bool, wall_time: float) -> str:
    """The message for an `alert` event of the alert board (or an out-of-service change)."""
    key = str(event["key"])
    kind = alert_kind(key)
    payload: dict[str, Any] = {
        "kiosk_id": kiosk_id,
        "demo": demo,
        "event_type": kind,  # Home Assistant's MQTT event entity reads this key
        "key": key,
        "state": event["state"],
        "severity": event.get("severity", ""),
        "message": event.get("message", ""),
    }
    if kind == "elevated_spike":
        # Found when its hour closed: it is about the hour just ended, and names only that.
        payload["hour"] = hour_label(hour_start(wall_time) - HOUR_S)
    else:
        payload["at"] = utc_stamp(wall_time)
    return json.dumps(payload, ensure_ascii=False)
