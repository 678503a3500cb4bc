"""What no telemetry payload may ever carry, written independently of the code that builds
them: no label, person or consent id, no individual temperature (or any other field of a
verdict), no visitor figure timed finer than the hour or smaller than the threshold, no image
and no template."""

from __future__ import annotations

import json
import re
from typing import Any

# Fields of a verdict, a person, a consent or a face: none may appear at any depth.
FORBIDDEN_KEYS = {
    "label",
    "person",
    "person_id",
    "consent",
    "consent_id",
    "enrolment",
    "temperature",
    "temperature_c",
    "raw_c",
    "threshold_c",
    "distance_m",
    "time_to_verdict_s",
    "corrections",
    "site",
    "verdict",
    "t",
    "image",
    "frame",
    "crop",
    "thermal",
    "face",
    "landmarks",
    "template",
    "embedding",
    "vector",
}
# Device figures that may be fractional numbers anywhere in a body's temperature range.
DEVICE_FRACTIONS = {"fps", "beat_age_s"}
IMAGE_SIGNS = ("/9j/", "iVBORw0KGgo", "data:image", "\\x89PNG", "\xff\xd8")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:?\d\d)?")
HOUR = re.compile(r"\d{4}-\d\d-\d\dT\d\d:00Z")
BOUND = re.compile(r"(<|>=) (\d+)")


def _walk(value: Any, key: str, found: list[str], visitor: bool) -> None:
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            if inner_key in FORBIDDEN_KEYS:
                found.append(f"forbidden key {inner_key!r}")
            _walk(inner, inner_key, found, visitor)
    elif isinstance(value, list):
        for inner in value:
            _walk(inner, key, found, visitor)
    elif isinstance(value, float) and 30.0 <= value <= 45.0 and key not in DEVICE_FRACTIONS:
        found.append(f"{key} = {value} looks like a temperature")
    elif isinstance(value, str):
        if len(value) > 2000 or any(sign in value for sign in IMAGE_SIGNS):
            found.append(f"{key} looks like an image or template")
        for moment in TIME.finditer(value):
            if visitor and not HOUR.fullmatch(moment.group(0)):
                found.append(f"{key} = {value!r}: visitor data timed finer than the hour")


def _counts(payload: dict[str, Any], threshold: int) -> list[str]:
    found = []
    if "at" in payload:
        found.append("counts carry a moment ('at')")
    for name in ("screened", "normal", "elevated", "retakes", "not_screened", "masked"):
        value = payload.get(name)
        if isinstance(value, int):
            if value < threshold:
                found.append(f"{name} = {value}, below the threshold {threshold}")
        else:
            bound = BOUND.fullmatch(str(value))
            if bound is None:
                found.append(f"{name} = {value!r} is neither a count nor a bound")
            elif bound.group(1) == ">=" and int(bound.group(2)) < threshold:
                found.append(f"{name} = {value!r}: a bound below the threshold")
    return found


def violations(topic: str, payload: str, threshold: int = 3) -> list[str]:
    """Every rule the message on `topic` breaks ([] when it keeps them all)."""
    if topic.endswith("/status"):
        return [] if payload in ("online", "offline") else [f"status {payload!r}"]
    try:
        body = json.loads(payload)
    except json.JSONDecodeError:
        return [f"not JSON: {payload[:80]!r}"]
    visitor = topic.endswith("/counts") or body.get("event_type") == "elevated_spike"
    found: list[str] = []
    _walk(body, "", found, visitor)
    if topic.endswith("/counts"):
        found += _counts(body, threshold)
    return [f"{topic}: {problem}" for problem in found]
