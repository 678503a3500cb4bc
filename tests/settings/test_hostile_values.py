"""Values that used to get through: each refused with one message naming the key."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.settings import SettingsError, load_settings, parse_settings
from kiosk.settings.file import MAX_SETTINGS_BYTES, load_settings_or_last_good


def refused(table: dict[str, object]) -> SettingsError:
    with pytest.raises(SettingsError) as error:
        parse_settings(table)
    return error.value


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([float("inf"), 0, 0, 0, 0.1, 0, 0, 0, 1], "finite"),
        ([0.0] * 9, "singular"),
        ([0.1, 0, 0, 0.2, 0, 0, 0, 0, 1], "singular"),
        ([1000.0, 0, 0, 0, 1000.0, 0, 0, 0, 1], "far outside"),
        ([0.1, 0, -16, 0, 0.1, -12, 0, -0.004, 1], "horizon"),
        ([0.05, 0, 20, 0, 0.05, 15, 0, 0, 1], "middle of the camera picture"),
    ],
)
def test_a_homography_that_cannot_be_this_installation_is_refused(
    matrix: list[float], reason: str
) -> None:
    error = refused({"fusion": {"rgb_to_thermal": matrix}})
    assert error.key == "fusion.rgb_to_thermal" and reason in error.reason


def test_a_far_corner_is_named() -> None:
    error = refused({"fusion": {"rgb_to_thermal": [0.3, 0, -80, 0, 0.1, -12, 0, 0, 1]}})
    assert "top-left corner (0, 0) lands at (-80.0, -12.0)" in error.reason


def test_the_datasheet_lenses_pass() -> None:
    # MLX90640 55° × 35° and 110° × 75° lenses beside a 62° camera (derived in the fusion docs).
    for matrix in (
        [0.0577, 0, -2.47, 0, 0.0715, -5.15, 0, 0, 1],
        [0.021, 0, 9.27, 0, 0.0294, 4.95, 0, 0, 1],
    ):
        parse_settings({"fusion": {"rgb_to_thermal": matrix}})


def test_a_non_finite_spot_centre_is_refused() -> None:
    error = refused({"fusion": {"spot_centre_px": [float("inf"), float("-inf")]}})
    assert error.key == "fusion.spot_centre_px"


@pytest.mark.parametrize("port", ["/etc/passwd", "/tmp/relay", "../dev/ttyUSB0", "relay"])
def test_a_gate_port_must_look_like_a_serial_device(port: str) -> None:
    error = refused({"operator": {"gate": {"port": port}}})
    assert error.key == "operator.gate.port" and "serial port" in error.reason


def test_a_gpio_gate_must_name_a_value_file() -> None:
    error = refused({"operator": {"gate": {"output": "gpio", "port": "/etc/passwd"}}})
    assert "GPIO value file" in error.reason
    parse_settings(
        {"operator": {"gate": {"output": "gpio", "port": "/sys/class/gpio/gpio17/value"}}}
    )


def test_a_gate_port_that_is_a_link_or_a_regular_file_is_refused(tmp_path: Path) -> None:
    link = Path("/dev/ttyKIOSKTEST0")
    try:
        link.symlink_to("/etc/passwd")
    except PermissionError:
        pytest.skip("needs to create a link in /dev (root)")
    try:
        error = refused({"operator": {"gate": {"port": str(link)}}})
        assert "symbolic link" in error.reason
    finally:
        link.unlink()


def test_a_huge_operator_name_with_a_nul_is_refused() -> None:
    error = refused({"privacy": {"notice": {"operator_name": "A" * 10_000_000 + "\x00"}}})
    assert error.key == "privacy.notice.operator_name" and "at most" in error.reason
    error = refused({"privacy": {"notice": {"operator_name": "Mall\x00Inc"}}})
    assert "U+0000" in error.reason


def test_deeply_nested_toml_is_one_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[fusion]\nrgb_to_thermal = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(SettingsError, match="nested too deeply") as error:
        load_settings(path)
    assert str(path) in str(error.value)


def test_dev_zero_is_not_read_until_memory_runs_out() -> None:
    with pytest.raises(SettingsError, match="not a regular file"):
        load_settings(Path("/dev/zero"))


def test_a_fifo_as_the_settings_file_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _capture(outcome, fifo), daemon=True)
    reader.start()
    reader.join(timeout=5.0)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], SettingsError) and "not a regular file" in str(outcome[0])


def _capture(outcome: list[BaseException], path: Path) -> None:
    try:
        load_settings(path)
    except BaseException as error:
        outcome.append(error)


def test_a_file_over_one_megabyte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# padding\n" * (MAX_SETTINGS_BYTES // 10 + 1))
    with pytest.raises(SettingsError, match="at most 1 MB"):
        load_settings(path)


def test_a_missing_config_file_is_an_error_not_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings_or_last_good(missing, required=True)
    assert main(["--config", str(missing), "--headless", "--seconds", "0"]) == 2
    assert "given with --config" in capsys.readouterr().err
    assert main(["purge", "--now", "--config", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk: ") and err.count("\n") == 1
