"""Declaring and validating settings sections: typed fields with ranges, unknown keys refused.

Every section of the settings file is a frozen dataclass whose fields are made with
`setting()`. `parse_section` turns a TOML table into that dataclass or raises
`SettingsError` naming the key and the reason, so a bad file is never half applied.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class SettingsError(ValueError):
    """A settings value is wrong; the message names the key and says why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"setting '{key}': {reason}")
        self.key = key
        self.reason = reason


def setting(
    default: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: Sequence[Any] | None = None,
    doc: str = "",
) -> Any:
    """A settings field with its default, allowed range or choices, and an operator-facing doc."""
    metadata = {"minimum": minimum, "maximum": maximum, "choices": choices, "doc": doc}
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples for sequence defaults so sections stay immutable")
    return dataclasses.field(default=default, metadata=metadata)


def _coerce(key: str, value: Any, annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _coerce(key, value, option)
            except SettingsError as error:
                errors.append(error.reason)
        raise SettingsError(key, " or ".join(errors))
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise SettingsError(key, f"expected a list, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(key, v, args[0]) for v in value)
        if len(value) != len(args):
            raise SettingsError(key, f"expected {len(args)} values, got {len(value)}")
        return tuple(_coerce(key, v, a) for v, a in zip(value, args, strict=True))
    if annotation is bool:
        if not isinstance(value, bool):
            raise SettingsError(key, f"expected true or false, got {value!r}")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(key, f"expected a whole number, got {value!r}")
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(key, f"expected a number, got {value!r}")
        if value != value:  # NaN never makes a sensible setting
            raise SettingsError(key, "expected a number, got NaN")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise SettingsError(key, f"expected text, got {value!r}")
        return value
    raise TypeError(f"unsupported settings type {annotation!r} for {key}")


def _check_range(key: str, value: Any, meta: Mapping[str, Any]) -> None:
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise SettingsError(key, f"{value!r} is not one of {allowed}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = meta.get("minimum"), meta.get("maximum")
        if low is not None and value < low:
            raise SettingsError(key, f"{value} is below the minimum {low}")
        if high is not None and value > high:
            raise SettingsError(key, f"{value} is above the maximum {high}")


def parse_section(cls: type[T], table: Mapping[str, Any], prefix: str) -> T:
    """Build section `cls` from a TOML table, refusing unknown keys and out-of-range values."""
    if not isinstance(table, Mapping):
        raise SettingsError(prefix or "settings", "expected a table of settings")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, raw in table.items():
        full_key = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise SettingsError(full_key, f"unknown key (known keys: {known})")
        field = fields[key]
        annotation = hints[key]
        if dataclasses.is_dataclass(annotation):
            values[key] = parse_section(annotation, raw, full_key)  # type: ignore[arg-type]
            continue
        value = _coerce(full_key, raw, annotation)
        _check_range(full_key, value, field.metadata)
        values[key] = value
    return cls(**values)


def section_to_table(section: Any) -> dict[str, Any]:
    """The TOML-ready table of a section (nested sections become nested tables)."""
    table: dict[str, Any] = {}
    for field in dataclasses.fields(section):
        value = getattr(section, field.name)
        if dataclasses.is_dataclass(value):
            table[field.name] = section_to_table(value)
        elif isinstance(value, tuple):
            table[field.name] = list(value)
        elif value is not None:
            table[field.name] = value
    return table
