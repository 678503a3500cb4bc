"""`kiosk sensor read` and `kiosk sensor probe` against the pty simulator, through the real
`kiosk` entry point (in a subprocess where the absence of a traceback matters)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable

import pytest
from serial.tools import list_ports

from drivers.thermal.simulator import SensorSimulator
from kiosk.cli import main
from kiosk.commands.sensor import probe_port
from tests.thermal.conftest import FOREHEAD_C, ROOM_C

MakeSimulator = Callable[..., SensorSimulator]
RUN_KIOSK = "import sys; from kiosk.cli import main; sys.exit(main())"


def _kiosk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _read(
    capsys: pytest.CaptureFixture[str], driver: str, port: str, *options: str
) -> tuple[int, str, str]:
    return _kiosk(capsys, "sensor", "read", "--driver", driver, "--port", port, *options)


def test_read_single_point_prints_json_lines(
    make_simulator: MakeSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator = make_simulator("gy-mcu90614")
    code, out, err = _read(capsys, "gy-mcu90614", simulator.port, "--count", "3")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    for line in lines:
        assert set(line) == {"t", "object_c", "ambient_c"}
        assert (line["object_c"], line["ambient_c"]) == (FOREHEAD_C, ROOM_C)
    assert [line["t"] for line in lines] == sorted(line["t"] for line in lines)
    assert "bad checksums: 0" in err


def test_read_array_prints_pixels_and_max(
    make_simulator: MakeSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator = make_simulator("gy-mcu90640")
    code, out, err = _read(capsys, "gy-mcu90640", simulator.port, "--count", "1")
    assert code == 0, err
    (line,) = [json.loads(text) for text in out.splitlines()]
    assert set(line) == {"t", "ambient_c", "max_c", "pixels"}
    assert len(line["pixels"]) == 24 and all(len(row) == 32 for row in line["pixels"])
    assert line["max_c"] == pytest.approx(FOREHEAD_C, abs=0.01)
    assert line["ambient_c"] == pytest.approx(31.0)


def test_read_counts_bad_frames_on_stderr_only(
    make_simulator: MakeSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator = make_simulator("gy-mcu90614")
    # Every frame is corrupted: nothing may reach stdout, the count must reach stderr.
    simulator.corrupt_next_frames(10**6)
    code, out, err = _read(
        capsys, "gy-mcu90614", simulator.port, "--count", "1", "--timeout", "1.5"
    )
    assert (code, out) == (1, "")
    assert re.search(r"bad checksums: [1-9]", err) and "no frame for 1.5 s" in err


def test_unknown_driver_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_KIOSK, "sensor", "read", "--driver", "mlx-nope", "--port", "/x"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "kiosk sensor read: unknown thermal driver 'mlx-nope'; "
        "known: gy-mcu90640, gy-mcu90614, cjmcu-ir"
    )


def test_missing_port_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _kiosk(
        capsys, "sensor", "read", "--driver", "gy-mcu90614", "--port", "/nonexistent/ttyUSB7"
    )
    assert (code, out) == (2, "")
    assert (
        err.strip()
        == "kiosk sensor read: cannot open /nonexistent/ttyUSB7: No such file or directory"
    )


def test_probe_finds_the_simulator_given_with_ports(
    make_simulator: MakeSimulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This machine's own serial ports (a silent /dev/ttyS0 costs 6 s) are not under test.
    monkeypatch.setattr(list_ports, "comports", list)
    simulator = make_simulator("gy-mcu90640")
    code, out, err = _kiosk(capsys, "sensor", "probe", "--ports", simulator.port)
    assert code == 0, err
    reports = [json.loads(line) for line in out.splitlines()]
    assert {"port": simulator.port, "found": True, "driver": "gy-mcu90640", "baud": 115200} in (
        reports
    )


def test_probe_walks_the_usual_bauds(make_simulator: MakeSimulator) -> None:
    simulator = make_simulator("cjmcu-ir", baud=9600, continuous_at_power_up=False)
    found = probe_port(simulator.port)
    assert found == {"port": simulator.port, "found": True, "driver": "cjmcu-ir", "baud": 9600}


def test_probe_names_what_it_tried_on_a_silent_port(make_simulator: MakeSimulator) -> None:
    simulator = make_simulator("gy-mcu90614")
    simulator.stall(60)
    report = probe_port(simulator.port, bauds=(115200,))
    assert report["found"] is False
    assert "115200" in report["message"] and "gy-mcu90640" in report["message"]
