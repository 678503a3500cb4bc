"""Declaring and validating settings: typed fields with ranges and metadata, lookup by dotted key.

Every section of the settings file is a frozen dataclass whose fields are made with
`setting()`. The metadata says what an operator may change on the touchscreen (`editable`),
what the running kiosk takes over without a restart (`live`), and documents the key (`doc`,
from which docs/settings.md is generated). `parse_section` turns a TOML table into that
dataclass or raises `SettingsError` naming the key and the reason, so a bad file is never
half applied.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Text settings end up on screen, in the notice and in the audit log: a bound keeps a pasted
# document (or a 10 MB string) out, and control characters (NUL, escape sequences) and
# bidirectional overrides, which can make text display as something else, are refused.
DEFAULT_MAX_TEXT = 200
DEFAULT_MAX_ITEMS = 32
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


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
    max_length: int = DEFAULT_MAX_TEXT,
    max_items: int = DEFAULT_MAX_ITEMS,
    editable: bool = False,
    live: bool = False,
    address: bool = False,
    doc: str,
) -> Any:
    """A settings field: its default, allowed range or choices, and what it means.

    `editable`: offered in the operator's settings screen. `live`: the running kiosk takes a
    change over at once; otherwise the change applies at the next start. `address`: text
    that names a device, file, host or URL, typed in Latin letters (the on-screen keyboard
    offers its URL layout rather than Pinyin).
    """
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples for sequence defaults so sections stay immutable")
    metadata = {
        "minimum": minimum,
        "maximum": maximum,
        "choices": None if choices is None else tuple(choices),
        "max_length": max_length,
        "max_items": max_items,
        "editable": editable,
        "live": live,
        "address": address,
        "doc": doc,
    }
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class SettingSpec:
    """One leaf key of the settings: its type, default and metadata."""

    key: str
    annotation: Any
    default: Any
    minimum: float | None
    maximum: float | None
    choices: tuple[Any, ...] | None
    editable: bool
    live: bool
    doc: str
    address: bool = False


def _describe(value: Any) -> str:
    """A short, safe rendering of a refused value (never a huge or deeply nested repr)."""
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    return repr(value)


def _check_text(key: str, value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise SettingsError(key, f"text of {len(value)} characters; at most {max_length}")
    for char in value:
        if char in BIDI_CONTROLS or (unicodedata.category(char) == "Cc" and char != "\n"):
            raise SettingsError(key, f"contains the control character U+{ord(char):04X}; remove it")
    return value


def _coerce(key: str, value: Any, annotation: Any, meta: Mapping[str, Any]) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _coerce(key, value, option, meta)
            except SettingsError as error:
                errors.append(error.reason)
        raise SettingsError(key, " or ".join(errors))
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise SettingsError(key, f"expected a list, got {_describe(value)}")
        if len(args) == 2 and args[1] is Ellipsis:
            if len(value) > meta["max_items"]:
                raise SettingsError(key, f"{len(value)} values; at most {meta['max_items']}")
            return tuple(_coerce(key, v, args[0], meta) for v in value)
        if len(value) != len(args):
            raise SettingsError(key, f"expected {len(args)} values, got {len(value)}")
        return tuple(_coerce(key, v, a, meta) for v, a in zip(value, args, strict=True))
    if annotation is bool:
        if not isinstance(value, bool):
            raise SettingsError(key, f"expected true or false, got {_describe(value)}")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(key, f"expected a whole number, got {_describe(value)}")
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(key, f"expected a number, got {_describe(value)}")
        if not math.isfinite(value):  # NaN and ±inf never make a sensible setting
            raise SettingsError(key, f"expected a finite number, got {value}")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise SettingsError(key, f"expected text, got {_describe(value)}")
        return _check_text(key, value, meta["max_length"])
    raise TypeError(f"unsupported settings type {annotation!r} for {key}")


def _check_range(key: str, value: Any, meta: Mapping[str, Any]) -> None:
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise SettingsError(key, f"{_describe(value)} is not one of {allowed}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = meta.get("minimum"), meta.get("maximum")
        if low is not None and value < low:
            raise SettingsError(key, f"{value} is below the minimum {low}")
        if high is not None and value > high:
            raise SettingsError(key, f"{value} is above the maximum {high}")


def parse_section(cls: type[T], table: Mapping[str, Any], prefix: str) -> T:
    """Build section `cls` from a TOML table, refusing unknown keys and out-of-range values."""
    if not isinstance(table, Mapping):
        raise SettingsError(prefix or "settings", f"expected a table, got {_describe(table)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, raw in table.items():
        full_key = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise SettingsError(full_key, f"unknown key (known keys: {known})")
        annotation = hints[key]
        if dataclasses.is_dataclass(annotation):
            values[key] = parse_section(annotation, raw, full_key)  # type: ignore[arg-type]
            continue
        meta = fields[key].metadata
        value = _coerce(full_key, raw, annotation, meta)
        _check_range(full_key, value, meta)
        values[key] = value
    return cls(**values)


def section_to_table(section: Any) -> dict[str, Any]:
    """The TOML-ready table of a section (nested sections become nested tables)."""
    table: dict[str, Any] = {}
    for field in dataclasses.fields(section):
        value = getattr(section, field.name)
        if dataclasses.is_dataclass(value):
            table[field.name] = section_to_table(value)
        elif value is not None:
            table[field.name] = toml_value(value)
    return table


def toml_value(value: Any) -> Any:
    """A setting's value as TOML holds it (tuples become lists)."""
    return [toml_value(v) for v in value] if isinstance(value, tuple) else value


def specs(root: type, prefix: str = "") -> Iterator[SettingSpec]:
    """Every leaf key under the section class `root`, in declaration order."""
    hints = typing.get_type_hints(root)
    for field in dataclasses.fields(root):
        key = f"{prefix}.{field.name}" if prefix else field.name
        annotation = hints[field.name]
        if dataclasses.is_dataclass(annotation):
            yield from specs(annotation, key)  # type: ignore[arg-type]
            continue
        meta = field.metadata
        yield SettingSpec(
            key,
            annotation,
            field.default,
            meta["minimum"],
            meta["maximum"],
            meta["choices"],
            meta["editable"],
            meta["live"],
            meta["doc"],
            meta["address"],
        )


def spec_of(root: type, key: str) -> SettingSpec:
    """The spec of one dotted key; SettingsError for a key the settings do not have."""
    for spec in specs(root):
        if spec.key == key:
            return spec
    raise SettingsError(key, "unknown key")


def value_at(settings: Any, key: str) -> Any:
    """The value at a dotted key such as 'screening.threshold_c'."""
    for part in key.split("."):
        settings = getattr(settings, part)
    return settings
