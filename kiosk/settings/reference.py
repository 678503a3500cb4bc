"""docs/settings.md, generated from the schema: every key, its type, default, range, when it
applies and what it means, so the reference cannot drift from what the kiosk accepts.

Regenerate with `python -m kiosk.settings.reference > docs/settings.md`; a test fails while
the file in the repository differs from what this prints.
"""

from __future__ import annotations

import json
import types
import typing
from itertools import groupby
from typing import Any

from kiosk.settings.model import Settings
from kiosk.settings.schema import SettingSpec, specs, toml_value

HEADER = """# Settings reference

Generated from the settings schema (`kiosk/settings/`) by
`python -m kiosk.settings.reference > docs/settings.md`; do not edit by hand.

The settings file is TOML (`settings.toml` in the kiosk's config folder, or the file given
with `--config`). It needs only the keys an operator changes: every other key keeps its
default, and later changes to a default apply to it. A wrong key or value is refused with
one message naming the key, and the kiosk then runs on the last settings that loaded
(`settings.last-good.toml`) or, with none, does not start. Changes made on the touchscreen
or by `kiosk calibrate … --write` set only the changed keys in the file, keep its comments,
and are audited with who made them.

"Applies" says whether the running kiosk takes a change over at once (live) or at its next
start; "panel" marks the keys offered on the touchscreen's settings screen.
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + " or empty"
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"list of {_type_name(args[0])}"
        return f"list of {len(args)} {_type_name(args[0])}"
    return {bool: "true/false", int: "whole number", float: "number", str: "text"}[annotation]


def _value(value: Any) -> str:
    if value is None:
        return "(empty)"
    text = json.dumps(toml_value(value), ensure_ascii=False)
    return f"`{text}`"


def _allowed(spec: SettingSpec) -> str:
    if spec.choices is not None:
        return ", ".join(_value(c) for c in spec.choices)
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else f"{spec.minimum:g}"
        high = "" if spec.maximum is None else f"{spec.maximum:g}"
        return f"{low} … {high}"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def settings_reference() -> str:
    """The whole reference as Markdown."""
    lines = [HEADER]
    for section, group in groupby(specs(Settings), key=lambda s: s.key.rsplit(".", 1)[0]):
        lines += [
            f"## [{section}]",
            "",
            "| key | type | default | allowed | applies | panel | meaning |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for spec in group:
            name = spec.key.rsplit(".", 1)[1]
            lines.append(
                "| "
                + " | ".join(
                    _cell(part)
                    for part in (
                        f"`{name}`",
                        _type_name(spec.annotation),
                        _value(spec.default),
                        _allowed(spec),
                        "live" if spec.live else "next start",
                        "yes" if spec.editable else "",
                        spec.doc,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_reference(), end="")
