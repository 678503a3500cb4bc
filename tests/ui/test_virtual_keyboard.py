"""The on-screen keyboard opens for every kind of field an installer taps (PIN, text, serial
port, number) in set-up, the settings screen and Change PIN, in the kiosk's language, and
the field typed in stays in sight above it: checked in the real window on a real X server
(Xvfb), where Qt Virtual Keyboard draws its own window."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_the_keyboard_opens_for_every_field_in_both_languages(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("needs xvfb-run (scripts/setup.sh installs it)")
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable,
         str(REPO / "tests" / "ui" / "keyboard_probe.py")],
        capture_output=True, text=True, timeout=180, cwd=REPO,
    )  # fmt: skip
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, run.stdout[-2000:] + run.stderr[-3000:]
    report = json.loads(lines[-1])
    assert {f["field"] for f in report["fields"]} == {
        "wizard.pin",
        "wizard.operator_name",
        "wizard.sensor_port",
        "wizard.threshold",
    }
    for field in report["fields"]:
        assert field["keyboard"], f"no keyboard for {field['field']}"
        assert field["locale"] == "zh_CN", field
    assert report["panel_keyboard"] and report["panel_locale"] == "en_US"
    # The window makes room: the field typed in stays visible above the keyboard.
    assert report["panel_field_clear"]
    assert report["change_pin_keyboard"] and report["change_pin_clear"]
