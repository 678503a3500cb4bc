"""docs/settings.md is the schema's own reference, regenerated whenever a setting changes."""

from __future__ import annotations

from kiosk.settings import Settings
from kiosk.settings.reference import settings_reference
from kiosk.settings.schema import specs
from tests.conftest import REPO


def test_the_settings_reference_is_up_to_date() -> None:
    written = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert written == settings_reference(), (
        "docs/settings.md is out of date: run "
        "`.venv/bin/python -m kiosk.settings.reference > docs/settings.md`"
    )


def test_every_key_is_in_the_reference() -> None:
    text = settings_reference()
    for spec in specs(Settings):
        section, name = spec.key.rsplit(".", 1)
        assert f"## [{section}]" in text and f"| `{name}` |" in text
