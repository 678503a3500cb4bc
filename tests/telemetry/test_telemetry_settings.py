"""[telemetry]: off unless switched on, refused when it would misdirect the kiosk, and on the
collection notice (so its version) whenever it is on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.paths import kiosk_paths
from kiosk.privacy.notice import notice_for
from kiosk.runtime import KioskRuntime, Launch
from kiosk.settings import Settings, SettingsError, parse_settings
from kiosk.settings.file import LoadedSettings
from tests.telemetry.conftest import telemetry_settings


def test_telemetry_is_off_by_default_and_a_default_kiosk_starts_none(tmp_path: Path) -> None:
    settings = telemetry_settings(enabled=False, host="127.0.0.1")
    assert not Settings().telemetry.enabled
    loaded = LoadedSettings(tmp_path / "settings.toml", settings, found=False)
    with KioskRuntime(Launch(loaded, demo=True), kiosk_paths().ensure()) as runtime:
        assert runtime.telemetry is None


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"enabled": True}, "telemetry.enabled"),
        ({"host": "mqtt://broker.lan"}, "telemetry.host"),
        ({"kiosk_id": "East Gate"}, "telemetry.kiosk_id"),
        ({"kiosk_id": "gate/#"}, "telemetry.kiosk_id"),
        ({"topic_root": "mall/+/kiosks"}, "telemetry.topic_root"),
        ({"topic_root": "/kiosks"}, "telemetry.topic_root"),
        ({"ca_file": "/etc/ca.pem"}, "telemetry.ca_file"),
        ({"password_file": "/etc/kiosk/mqtt"}, "telemetry.password_file"),
        ({"small_count_threshold": 1}, "telemetry.small_count_threshold"),
        ({"prometheus_port": 80}, "telemetry.prometheus_port"),
        ({"protocol": "3.1"}, "telemetry.protocol"),
    ],
)
def test_settings_that_would_misdirect_telemetry_are_refused(table: dict, key: str) -> None:
    with pytest.raises(SettingsError) as refused:
        parse_settings({"telemetry": table})
    assert refused.value.key == key


def test_switching_telemetry_on_changes_the_notice_and_its_version() -> None:
    off = Settings()
    on = replace(off, telemetry=replace(off.telemetry, enabled=True, host="broker.lan"))
    before, after = notice_for(off), notice_for(on)
    assert before.version != after.version
    assert "nothing is sent anywhere" in before.full_en
    assert "nothing is sent anywhere" not in after.full_en
    assert "health" in after.full_en and "hourly counts" in after.full_en
    assert "device status and hourly counts" in after.short_en
    assert "no visitor's temperature, image or identity is sent" in after.full_en
    assert "每小时人数统计" in after.full_zh and "每小时人数统计" in after.short_zh
    assert "不发送任何一位访客" in after.full_zh
    # Only whether it is on: the broker's address is not the visitor's business.
    moved = replace(on, telemetry=replace(on.telemetry, host="10.0.0.5", port=8883))
    assert notice_for(moved).version == after.version
