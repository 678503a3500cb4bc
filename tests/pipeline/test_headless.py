"""End to end without a window: the real landmarker on the real photo scene, the real
GY-MCU90640 driver reading the simulator over a pty, verdicts as JSON lines."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.demo.scene import DEMO_VISITORS
from kiosk.privacy.image_scan import scan_directories
from tests.conftest import REPO
from tests.netguard import forbid_outbound_sockets


def kiosk_env(home: Path) -> dict[str, str]:
    scratch = home / "tmp"
    scratch.mkdir(exist_ok=True)
    return {**os.environ, "KIOSK_HOME": str(home), "TMPDIR": str(scratch)}


def test_demo_headless_verdict_matches_simulated_body_temperature(tmp_path: Path) -> None:
    # One visitor cycle: approach, stand still, verdict.
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "--demo", "--headless", "--seconds", "5.5"],
        env=kiosk_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    events = [json.loads(line) for line in run.stdout.splitlines()]
    verdicts = [e for e in events if e["event"] == "verdict"]
    assert verdicts, run.stdout + run.stderr
    first = verdicts[0]
    assert set(first) >= {"event", "t", "temperature_c", "verdict"}
    assert first["verdict"] == "normal"
    assert abs(first["temperature_c"] - DEMO_VISITORS[0].body_c) <= 0.3
    assert "Traceback" not in run.stderr
    # Recorded without identity or image, in the demo's own folder: simulated visitors
    # never enter the kiosk's real records. Nothing image-like anywhere it writes.
    assert not (tmp_path / "data" / "kiosk.sqlite3").exists()
    with sqlite3.connect(tmp_path / "data" / "demo" / "kiosk.sqlite3") as db:
        rows = db.execute("SELECT temperature_c, verdict FROM screening_records").fetchall()
    assert (first["temperature_c"], "normal") in rows
    assert scan_directories([tmp_path]) == []


def test_demo_run_opens_no_outbound_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    guard = forbid_outbound_sockets(monkeypatch)
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    assert main(["--demo", "--headless", "--seconds", "4"]) == 0
    assert guard.attempts == []
    assert '"event": "verdict"' in capsys.readouterr().out


def write_settings(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_camera_and_serial_port_each_give_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    config = write_settings(
        tmp_path / "settings.toml",
        '[camera]\nsource = "7"\n[sensor]\nport = "/dev/ttyUSB-not-plugged-in"\n',
    )
    assert main(["--headless", "--seconds", "1.5", "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert "camera '7' could not be opened" in err
    assert "/dev/ttyUSB-not-plugged-in" in err
    assert "Traceback" not in err


def test_bad_setting_names_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    config = write_settings(tmp_path / "settings.toml", "[screening]\nthreshold_c = 12\n")
    assert main(["--headless", "--seconds", "1", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "screening.threshold_c" in err[0] and "below the minimum" in err[0]


@pytest.fixture
def assets_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "assets"
    shutil.copytree(REPO / "assets", copy)
    monkeypatch.setattr("kiosk.assets.assets_dir", lambda: copy)
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    return copy


def test_missing_model_file_is_one_clear_message(
    assets_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (assets_copy / "models" / "face_landmarker.task").unlink()
    assert main(["--demo", "--headless", "--seconds", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "face_landmarker.task is missing" in err[0]


def test_wrong_model_checksum_is_one_clear_message(
    assets_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = assets_copy / "models" / "face_landmarker.task"
    model.write_bytes(model.read_bytes() + b"\0")
    assert main(["--demo", "--headless", "--seconds", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "has sha256" in err[0] and "damaged" in err[0]
