"""The schema: every type it knows, refusals that name the key, metadata lookup by dotted key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from kiosk.settings import Settings, SettingsError, parse_settings
from kiosk.settings.schema import parse_section, setting, spec_of, specs, value_at


@dataclass(frozen=True)
class Inner:
    flag: bool = setting(False, doc="a flag")


@dataclass(frozen=True)
class Sample:
    count: int = setting(3, minimum=1, maximum=9, doc="a whole number")
    ratio: float = setting(0.5, minimum=0.0, maximum=1.0, doc="a number")
    name: str = setting("x", max_length=8, doc="text")
    mode: str = setting("a", choices=("a", "b"), doc="a choice")
    baud: int | None = setting(None, choices=(None, 9600), doc="optional")
    pair: tuple[float, float] = setting((1.0, 2.0), doc="two numbers")
    names: tuple[str, ...] = setting((), max_items=2, doc="some texts")
    inner: Inner = dataclasses.field(default_factory=Inner)


def parse(table: dict[str, object]) -> Sample:
    return parse_section(Sample, table, "sample")


def test_each_type_is_read_and_coerced() -> None:
    sample = parse(
        {
            "count": 4,
            "ratio": 1,
            "name": "ok",
            "mode": "b",
            "baud": 9600,
            "pair": [3, 4.5],
            "names": ["a", "b"],
            "inner": {"flag": True},
        }
    )
    assert sample == Sample(4, 1.0, "ok", "b", 9600, (3.0, 4.5), ("a", "b"), Inner(True))
    assert isinstance(sample.ratio, float) and isinstance(sample.pair[0], float)
    assert parse({"baud": None}).baud is None


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        ({"count": 0}, "sample.count", "below the minimum"),
        ({"count": True}, "sample.count", "whole number"),
        ({"ratio": float("nan")}, "sample.ratio", "finite"),
        ({"ratio": float("inf")}, "sample.ratio", "finite"),
        ({"pair": [float("-inf"), 1.0]}, "sample.pair", "finite"),
        ({"pair": [1.0]}, "sample.pair", "expected 2 values"),
        ({"names": ["a", "b", "c"]}, "sample.names", "at most 2"),
        ({"name": "x" * 9}, "sample.name", "at most 8"),
        ({"name": "a\x00b"}, "sample.name", "U+0000"),
        ({"name": "a\u202eb"}, "sample.name", "U+202E"),
        ({"mode": "c"}, "sample.mode", "not one of"),
        ({"baud": 1200}, "sample.baud", "not one of"),
        ({"inner": {"flog": True}}, "sample.inner.flog", "unknown key"),
        ({"inner": 3}, "sample.inner", "expected a table"),
        ({"nope": 1}, "sample.nope", "unknown key"),
    ],
)
def test_a_bad_value_names_its_key(table: dict[str, object], key: str, reason: str) -> None:
    with pytest.raises(SettingsError) as refused:
        parse(table)
    assert refused.value.key == key and reason in refused.value.reason


def test_a_deeply_nested_value_is_refused_without_a_huge_message() -> None:
    value: object = 1.0
    for _ in range(5000):
        value = [value]
    with pytest.raises(SettingsError) as refused:
        parse({"pair": [value, 1.0]})
    assert len(str(refused.value)) < 200


def test_every_key_has_metadata_reachable_by_its_dotted_name() -> None:
    keys = [spec.key for spec in specs(Settings)]
    assert len(keys) == len(set(keys)) and "privacy.notice.operator_name" in keys
    for spec in specs(Settings):
        assert spec.doc, f"{spec.key} has no doc"
        assert value_at(Settings(), spec.key) == spec.default
    threshold = spec_of(Settings, "screening.threshold_c")
    assert threshold.editable and threshold.minimum == 36.0
    with pytest.raises(SettingsError, match="unknown key"):
        spec_of(Settings, "screening.nope")


def test_the_defaults_are_valid_settings_and_name_no_demo_device() -> None:
    settings = parse_settings({})
    assert settings == Settings()
    assert "demo" not in (settings.camera.source, settings.sensor.port)
    for key in ("camera.source", "sensor.port"):
        section, name = key.split(".")
        with pytest.raises(SettingsError, match="--demo"):
            parse_settings({section: {name: "demo"}})
