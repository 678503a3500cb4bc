"""Shared test set-up: Qt offscreen, repository paths, opt-in real-hardware options."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
FACES = REPO / "assets" / "faces"


@pytest.fixture(autouse=True)
def private_kiosk_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test runs on a KIOSK_HOME of its own, never the machine's real kiosk data."""
    home = tmp_path_factory.mktemp("kiosk-home")
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--serial-port", help="a real serial thermometer, e.g. /dev/ttyUSB0")
    parser.addoption("--serial-driver", help="its driver name, e.g. gy-mcu90640")


@pytest.fixture
def hardware_port(request: pytest.FixtureRequest) -> str:
    port = request.config.getoption("--serial-port")
    if not port:
        pytest.skip("real-hardware test: pass --serial-port and --serial-driver")
    return str(port)


@pytest.fixture
def hardware_driver(request: pytest.FixtureRequest, hardware_port: str) -> str:
    driver = request.config.getoption("--serial-driver")
    if not driver:
        pytest.skip("real-hardware test: pass --serial-driver with --serial-port")
    return str(driver)
