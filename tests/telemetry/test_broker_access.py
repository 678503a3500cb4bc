"""Reaching a broker that wants credentials (a real Mosquitto with a password file), a password
file only the kiosk user may read, and the systemd drop-in that opens the unit to the broker."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.paths import kiosk_paths
from kiosk.runtime import KioskRuntime, Launch
from kiosk.settings.file import LoadedSettings
from kiosk.telemetry.sink import start_telemetry
from tests.conftest import REPO
from tests.telemetry.conftest import Mosquitto, telemetry_settings, wait_until
from tests.telemetry.test_fleet import demo_kiosk


def _password_file(folder: Path, password: str, mode: int = 0o600) -> Path:
    path = folder / "mqtt-password"
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def test_refused_credentials_are_said_plainly_and_right_ones_connect(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    broker = Mosquitto(tmp_path, users={"kiosk": "correct horse"})
    broker.start()
    try:
        wrong = _password_file(tmp_path, "battery staple")
        settings = telemetry_settings(
            host="127.0.0.1", port=broker.port, username="kiosk", password_file=str(wrong)
        )
        events: list[dict[str, Any]] = []
        with demo_kiosk(settings, events) as runtime:
            alert = wait_until(
                lambda: [a for a in runtime.alerts.showing() if a.key == "telemetry"], "an alert"
            )[0]
        assert "refused the kiosk's user name or password" in alert.message
        assert "check telemetry.username and the password file" in alert.message
        assert "battery staple" not in " ".join(str(e) for e in events)

        _password_file(tmp_path, "correct horse")
        with demo_kiosk(settings, events) as runtime:
            assert runtime.telemetry is not None and runtime.telemetry.link is not None
            link = runtime.telemetry.link
            wait_until(lambda: link.connected, "a connection with the right password")
            assert all(a.key != "telemetry" for a in runtime.alerts.showing())
    finally:
        broker.stop()
    assert "Telemetry: the MQTT broker" in caplog.text  # what was logged, every level
    assert "correct horse" not in caplog.text and "battery staple" not in caplog.text


def test_a_password_file_others_can_read_keeps_telemetry_off_and_says_why(tmp_path: Path) -> None:
    exposed = _password_file(tmp_path, "correct horse", mode=0o644)
    settings = telemetry_settings(
        host="127.0.0.1", port=1883, username="kiosk", password_file=str(exposed)
    )
    paths = kiosk_paths().ensure()
    runtime = KioskRuntime(Launch(LoadedSettings(paths.settings_file, settings), demo=True), paths)
    assert start_telemetry(runtime) is None
    (alert,) = runtime.alerts.showing()
    assert alert.key == "telemetry_setup"
    assert f"can be read by other users: make it the kiosk user's alone (chmod 600 {exposed})" in (
        alert.message
    )
    assert "correct horse" not in alert.message


def _drop_in(config: Path, units: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = ["drop-in", "--write", "--config", str(config), "--units-dir", str(units)]
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "telemetry", *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_drop_in_opens_the_unit_to_the_broker_only_and_goes_with_telemetry(
    tmp_path: Path,
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(
        '[telemetry]\nenabled = true\nhost = "192.0.2.10"\nport = 8883\ntls = true\n'
        "prometheus_port = 9108\n",
        encoding="utf-8",
    )
    units = tmp_path / "units"
    written = _drop_in(config, units)
    path = units / "thermal-kiosk.service.d" / "telemetry.conf"
    assert f"wrote {path}" in written.stdout and "daemon-reload" in written.stdout
    lines = path.read_text().splitlines()
    assert "[Service]" in lines
    assert "RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6" in lines
    allowed = [line for line in lines if line.startswith("IPAddressAllow=")]
    assert allowed == ["IPAddressAllow=localhost", "IPAddressAllow=192.0.2.10"]
    assert not [line for line in lines if line.startswith("IPAddressDeny")]  # the unit's stays

    config.write_text("[telemetry]\nenabled = false\n", encoding="utf-8")
    removed = _drop_in(config, units)
    assert f"removed {path}" in removed.stdout and not path.exists()
