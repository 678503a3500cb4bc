"""UI test set-up: a private KIOSK_HOME, demo settings, the real store, a window with services."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.paths import kiosk_paths
from kiosk.runtime import KioskRuntime, Launch
from kiosk.service_state import ServiceState, ServiceStatus
from kiosk.services import KioskServices
from kiosk.settings import PrivacySettings, Settings
from kiosk.settings.file import LoadedSettings
from kiosk.store import KioskStore
from ui.app import build_window
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow
from ui.metrics import Metrics

PIN = "246813"


def demo_settings(**operator: object) -> Settings:
    settings = Settings()
    return replace(
        settings,
        recognition=replace(settings.recognition, enabled=True),
        operator=replace(settings.operator, **operator),  # type: ignore[arg-type]
    )


@pytest.fixture(autouse=True)
def kiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def store(kiosk_home: Path) -> Iterator[KioskStore]:
    with KioskStore.open(kiosk_paths().ensure(), PrivacySettings()) as opened:
        yield opened


def demo_runtime(settings: Settings) -> KioskRuntime:
    """The demo kiosk's runtime, not started: the tests feed the window themselves."""
    loaded = LoadedSettings(kiosk_paths().settings_file, settings, found=False)
    return KioskRuntime(Launch(loaded, demo=True), kiosk_paths().ensure())


def open_window(
    qtbot: QtBot, store: KioskStore, settings: Settings, *, with_pin: bool = True
) -> tuple[KioskWindow, PipelineBridge, KioskServices]:
    window, bridge = build_window(settings, demo=True)
    qtbot.addWidget(window)
    window.tap_guard_s = 0.0  # tests tap at machine speed; the guard has a test of its own
    services = KioskServices(demo_runtime(settings), store)
    if with_pin:
        services.pin.set_pin(PIN)
    window.attach(services)
    window.show_service(ServiceStatus(ServiceState.IN_SERVICE))
    window.resize(1280, 800)
    window.show()
    return window, bridge, services


@pytest.fixture
def kiosk(
    qtbot: QtBot, store: KioskStore
) -> Iterator[tuple[KioskWindow, PipelineBridge, KioskServices]]:
    opened = open_window(qtbot, store, demo_settings(kiosk_mode=False))
    yield opened
    opened[0].shutdown()


def metrics_of(window: KioskWindow) -> Metrics:
    return window.metrics
