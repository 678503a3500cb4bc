"""Changing settings: only the changed keys, in the operator's own file, comments kept, audited
with who changed them; runtime overrides (the demo) never reach the file."""

from __future__ import annotations

import argparse
import json
import stat
import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings, SettingsError, load_settings
from kiosk.settings.changes import apply_changes
from kiosk.store import KioskStore

OPERATOR_FILE = """\
# East entrance kiosk — installed 2026-11-30 by facilities
[camera]
source = "0"  # the USB camera above the screen

[sensor]
port = "/dev/ttyUSB0"
"""


@pytest.fixture
def store() -> KioskStore:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as opened:
        yield opened  # type: ignore[misc]


@pytest.fixture
def operator_file(tmp_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(OPERATOR_FILE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        ("screening.threshold_c", 37.5, "threshold_c = 37.5"),
        ("screening.adaptive_window", 80, "adaptive_window = 80"),
        ("privacy.enrolment_enabled", False, "enrolment_enabled = false"),
        ("privacy.notice.operator_name", "东门 East Gate", 'operator_name = "东门 East Gate"'),
        ("screening.adaptive_bounds_c", (37.1, 37.9), "adaptive_bounds_c = [37.1, 37.9]"),
        ("sensor.baud", 460800, "baud = 460800"),
        ("fusion.offset_c", 1, "offset_c = 1.0"),
    ],
)
def test_a_change_sets_one_key_and_keeps_the_operators_comments(
    operator_file: Path, store: KioskStore, key: str, value: object, written: str
) -> None:
    change = apply_changes(operator_file, {key: value}, actor="operator", audit=store)
    text = operator_file.read_text(encoding="utf-8")
    assert text.startswith(OPERATOR_FILE)  # every line, comment and order of the operator's
    assert written in text and len(text.splitlines()) <= len(OPERATOR_FILE.splitlines()) + 3
    assert load_settings(operator_file) == change.settings
    assert stat.S_IMODE(operator_file.stat().st_mode) == 0o600
    [audited] = store.audit_entries("setting_changed")
    assert audited.details["key"] == key and audited.details["actor"] == "operator"


def test_a_refused_change_leaves_the_file_untouched(operator_file: Path, store: KioskStore) -> None:
    with pytest.raises(SettingsError, match=r"screening\.min_distance_m"):
        apply_changes(
            operator_file, {"screening.min_distance_m": 0.9}, actor="operator", audit=store
        )
    with pytest.raises(SettingsError, match="unknown key"):
        apply_changes(operator_file, {"screening.nope": 1}, actor="operator", audit=store)
    assert operator_file.read_text(encoding="utf-8") == OPERATOR_FILE
    assert not store.audit_entries("setting_changed")


def test_an_unchanged_value_writes_and_audits_nothing(
    operator_file: Path, store: KioskStore
) -> None:
    change = apply_changes(operator_file, {"camera.source": "0"}, actor="operator", audit=store)
    assert not change.changed and operator_file.read_text(encoding="utf-8") == OPERATOR_FILE
    assert not store.audit_entries("settings_changed")


def test_a_change_says_which_keys_wait_for_a_restart(
    operator_file: Path, store: KioskStore
) -> None:
    change = apply_changes(
        operator_file,
        {"camera.horizontal_fov_deg": 70.0, "privacy.notice.extra_en": "Hello"},
        actor="operator",
        audit=store,
    )
    assert change.needs_restart == ("camera.horizontal_fov_deg",)


def test_a_new_resolution_follows_the_optics_unless_a_calibrated_matrix_pins_it(
    operator_file: Path, store: KioskStore
) -> None:
    change = apply_changes(
        operator_file, {"camera.width": 1280, "camera.height": 960}, actor="op", audit=store
    )
    assert change.settings.fusion.rgb_to_thermal[0] == pytest.approx(0.0577 / 2, abs=1e-4)
    # An installer's calibrated matrix, for the 1280 × 960 camera, in the file.
    pinned = {"fusion.rgb_to_thermal": (0.0289, 0.0, -2.5, 0.0, 0.0357, -5.1, 0.0, 0.0, 1.0)}
    apply_changes(operator_file, pinned, actor="op", audit=store)
    with pytest.raises(SettingsError, match="top-right corner"):
        apply_changes(
            operator_file, {"camera.width": 2560, "camera.height": 1920}, actor="op", audit=store
        )


def test_a_demo_session_never_writes_its_devices_into_the_file(
    qtbot: QtBot, operator_file: Path, store: KioskStore
) -> None:
    from kiosk.commands.run import launch_for
    from kiosk.runtime import KioskRuntime
    from kiosk.services import KioskServices
    from ui.main_window import KioskWindow

    args = argparse.Namespace(config=operator_file, demo=True, seconds=None)
    launch = launch_for(args)  # as `kiosk --demo --config FILE` starts
    window = KioskWindow(launch.settings, demo=True)
    qtbot.addWidget(window)
    services = KioskServices(KioskRuntime(launch, kiosk_paths()), store)
    services.pin.set_pin("246810")
    window.attach(services)
    panel = window.desk.panel
    assert panel is not None
    panel.settings.editors["screening.threshold_c"].field.setValue(37.6)  # type: ignore
    panel.settings.apply.click()
    qtbot.waitUntil(lambda: "threshold_c = 37.6" in operator_file.read_text(encoding="utf-8"))
    text = operator_file.read_text(encoding="utf-8")
    assert text == OPERATOR_FILE + "\n[screening]\nthreshold_c = 37.6\n"
    assert "demo" not in text and "gy-mcu90640" not in text
    assert tomllib.loads(text)["sensor"] == {"port": "/dev/ttyUSB0"}
    window.shutdown()


def test_calibrate_write_is_audited_with_its_command(
    operator_file: Path, tmp_path: Path, store: KioskStore
) -> None:
    samples = tmp_path / "samples.csv"
    rows = ["distance_m,reference_c,measured_c"]
    rows += [f"0.4,{36.6 + i * 0.1},{36.4 + i * 0.1}" for i in range(3)]
    rows += [f"0.6,{36.6 + i * 0.1},{36.0 + i * 0.1}" for i in range(3)]
    samples.write_text("\n".join(rows), encoding="utf-8")
    args = ["calibrate", "distance", "--samples", str(samples), "--config", str(operator_file)]
    assert main([*args, "--write"]) == 0
    assert operator_file.read_text(encoding="utf-8").startswith(OPERATOR_FILE)
    keys = {e.details["key"]: e.details for e in store.audit_entries("setting_changed")}
    assert keys["fusion.distance_curve_m"]["actor"] == "kiosk calibrate distance"
    [history] = store.audit_entries("settings_changed")
    assert history.details["actor"] == "kiosk calibrate distance"


def test_enrol_is_refused_when_enrolment_is_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import FACES

    config = tmp_path / "settings.toml"
    config.write_text("[privacy]\nenrolment_enabled = false\n", encoding="utf-8")
    args = ["enrol", "--image", str(FACES / "person_a_1.jpg"), "--label", "A"]
    assert main([*args, "--record-consent", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk: enrolment is switched off") and err.count("\n") == 1
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert store.count_people() == 0 and not store.audit_entries("consent_recorded")


def test_identify_uses_the_settings_files_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import FACES

    config = tmp_path / "settings.toml"
    config.write_text("[recognition]\nmatch_threshold = 0.95\n", encoding="utf-8")
    enrol = ["enrol", "--image", str(FACES / "person_a_1.jpg"), "--label", "A"]
    assert main([*enrol, "--record-consent", "--config", str(config)]) == 0
    capsys.readouterr()
    identify = ["identify", "--image", str(FACES / "person_a_2.jpg"), "--record-consent"]
    assert main([*identify, "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)["person_id"] is None  # 0.95 is not reached
