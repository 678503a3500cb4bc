"""Changing settings: every change, from the panel, the set-up or a command, takes this path.

A change is applied to the operator's own file, not to the settings the kiosk happens to
run with: only the changed keys are set, in the file's own tables, with its comments and
order kept (tomlkit), so defaults are never frozen into it and runtime overrides such as
the demo's devices never reach it. The result is validated as a whole through the schema
before anything is written, written atomically (0600), and each key's old and new value
audited with who changed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import Table

from kiosk.safe_files import write_atomically
from kiosk.settings.file import (
    SettingsFileMissing,
    keep_last_good,
    parse_settings_text,
    read_settings_text,
)
from kiosk.settings.model import Settings, parse_settings, settings_table
from kiosk.settings.schema import SettingsError, spec_of, toml_value, value_at

AuditValue = str | int | float | bool | None


class SettingsAudit(Protocol):
    """Where changes are recorded: the kiosk store (`KioskStore`) in the kiosk."""

    def record_settings(self, table: Mapping[str, Any], actor: str) -> int: ...

    def audit(self, event: str, at: Any = None, **details: AuditValue) -> int: ...


@dataclass(frozen=True)
class SettingsChange:
    settings: Settings  # the file's settings after the change
    changed: Mapping[str, tuple[Any, Any]]  # dotted key → (old, new), changed keys only

    @property
    def needs_restart(self) -> tuple[str, ...]:
        """Changed keys that the running kiosk does not take over until it restarts."""
        return tuple(key for key in self.changed if not spec_of(Settings, key).live)


def _document(path: Path) -> tomlkit.TOMLDocument:
    try:
        text = read_settings_text(path)
    except SettingsFileMissing:
        return tomlkit.document()
    parse_settings_text(text, path)  # the same refusals as reading (depth, bad TOML)
    try:
        return tomlkit.parse(text)
    except (tomlkit.exceptions.TOMLKitError, RecursionError) as error:
        raise SettingsError(str(path), f"not valid TOML ({error})") from error


def _set(document: tomlkit.TOMLDocument, key: str, value: Any) -> None:
    *sections, name = key.split(".")
    table: Container | Table = document
    for section in sections:
        if section not in table:
            table.add(section, tomlkit.table())
        table = table[section]
    table[name] = toml_value(value)


def _audit_text(value: Any) -> AuditValue:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return value


def apply_changes(
    path: Path, changes: Mapping[str, Any], *, actor: str, audit: SettingsAudit
) -> SettingsChange:
    """Set `changes` (dotted key → value) in the file at `path` and audit them.

    Raises SettingsError naming the key when a value is refused, and when the file as it
    stands is refused (fix it first: a change never silently replaces an operator's file).
    """
    document = _document(path)
    current = parse_settings(document.unwrap())
    for key, value in changes.items():
        spec_of(Settings, key)  # an unknown key is named, not written
        _set(document, key, value)
    updated = parse_settings(document.unwrap())
    changed = {
        key: (value_at(current, key), value_at(updated, key))
        for key in changes
        if value_at(current, key) != value_at(updated, key)
    }
    if not changed:
        return SettingsChange(current, {})
    for key in changed:  # as the schema typed them (a float stays a float in the file)
        _set(document, key, value_at(updated, key))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, tomlkit.dumps(document))
    keep_last_good(path)
    audit.record_settings(settings_table(updated), actor)
    for key, (old, new) in changed.items():
        audit.audit(
            "setting_changed", key=key, old=_audit_text(old), new=_audit_text(new), actor=actor
        )
    return SettingsChange(updated, changed)


def refusal(settings: Settings, changes: Mapping[str, Any]) -> SettingsError | None:
    """Why `changes` on top of `settings` would be refused, or None: for a form that checks
    one page before the operator moves on (the change itself still goes through
    `apply_changes`)."""
    table = settings_table(settings)
    try:
        for key, value in changes.items():
            spec_of(Settings, key)
            *sections, name = key.split(".")
            section = table
            for part in sections:
                section = section.setdefault(part, {})
            section[name] = toml_value(value)
        parse_settings(table)
    except SettingsError as error:
        return error
    return None
