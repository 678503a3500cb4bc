"""Changing settings from the operator panel: validate, write the TOML file, record and audit.

A change is validated as a whole through the settings schema before anything is written,
so a bad value never reaches the file; the file is replaced atomically (0600).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kiosk.config import Settings, parse_settings, settings_table
from kiosk.store.audit import canonical_json
from kiosk.store.store import KioskStore


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A JSON string with non-ASCII kept is a valid TOML basic string.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def to_toml(table: dict[str, Any], prefix: str = "") -> str:
    """A settings table as TOML: plain keys first, then each nested section as [a.b]."""
    lines = [f"{key} = {_toml_value(v)}" for key, v in table.items() if not isinstance(v, dict)]
    text = "\n".join(lines) + ("\n" if lines else "")
    for key, value in table.items():
        if isinstance(value, dict):
            name = f"{prefix}.{key}" if prefix else key
            text += f"\n[{name}]\n" + to_toml(value, name)
    return text


def setting_value(settings: Any, key: str) -> Any:
    """The value at a dotted key such as 'screening.threshold_c'."""
    for part in key.split("."):
        settings = getattr(settings, part)
    return settings


def with_changes(settings: Settings, changes: dict[str, Any]) -> Settings:
    """`settings` with dotted-key changes, validated; raises SettingsError naming the key."""
    table = settings_table(settings)
    for key, value in changes.items():
        *sections, name = key.split(".")
        section = table
        for part in sections:
            section = section.setdefault(part, {})
        section[name] = list(value) if isinstance(value, tuple) else value
    return parse_settings(table)


def _audit_text(value: Any) -> Any:
    return canonical_json(list(value)) if isinstance(value, tuple) else value


def apply_changes(
    settings: Settings, changes: dict[str, Any], path: Path, store: KioskStore, actor: str
) -> Settings:
    """Validate, write `path`, keep a copy in the store and audit each old and new value."""
    updated = with_changes(settings, changes)
    changed = {
        key: (setting_value(settings, key), setting_value(updated, key))
        for key in changes
        if setting_value(settings, key) != setting_value(updated, key)
    }
    if not changed:
        return settings
    write_settings(updated, path)
    store.record_settings(settings_table(updated), actor)
    for key, (old, new) in changed.items():
        store.audit("setting_changed", key=key, old=_audit_text(old), new=_audit_text(new))
    return updated


def write_settings(settings: Settings, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(to_toml(settings_table(settings)))
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
