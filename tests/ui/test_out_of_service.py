"""The out-of-service screen in the real window, driven by device and stage status: with no
camera and no sensor at all (so no frame ever arrives), and when the demo's sensor is
unplugged and plugged back in."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.alerts import Alert, Severity
from kiosk.operator.daily_counts import DailyCounts
from kiosk.paths import kiosk_paths
from kiosk.runtime import KioskRuntime, Launch
from kiosk.service_state import Fault, ServiceState, ServiceStatus
from kiosk.services import KioskStatus
from kiosk.settings import load_settings
from kiosk.settings.file import LoadedSettings
from kiosk.store.records import ScaleStatus
from kiosk.watchdog import StageHealth
from tests.ui.conftest import demo_settings
from ui.app import build_window
from ui.i18n import Language
from ui.metrics import metrics_for
from ui.operator.status_panel import StatusPanel

ABSENT = '[camera]\nsource = "9"\n[sensor]\nport = "/dev/ttyUSB-absent"\n'


def test_no_camera_and_no_sensor_put_the_window_out_of_service(
    qtbot: QtBot, tmp_path: Path
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(ABSENT + "[operator]\nkiosk_mode = false\n", encoding="utf-8")
    settings = load_settings(config)
    runtime = KioskRuntime(Launch(LoadedSettings(config, settings)), kiosk_paths().ensure())
    window, bridge = build_window(settings)
    qtbot.addWidget(window)
    runtime.subscribe(bridge.post_event)
    runtime.subscribe_updates(bridge.post_update)
    window.show()
    with runtime:
        qtbot.waitUntil(lambda: window.service is ServiceState.OUT_OF_SERVICE, timeout=15000)
        assert window.visitor.currentWidget() is window.out_of_service
        text = window.out_of_service.headline.text() + window.out_of_service.detail.text()
        assert "暂停服务" in text and "out of service" in text and "staff" in text
        # Staff learn why: each device on the banner, with what to do.
        qtbot.waitUntil(lambda: window.staff_banner.isVisible(), timeout=5000)
        assert set(window._alerts) >= {"camera", "sensor"}
        assert runtime.pipeline is not None and runtime.pipeline.times.processed == 0
    window.shutdown()


def test_an_unplugged_sensor_takes_the_demo_out_of_service_and_back(qtbot: QtBot) -> None:
    settings = demo_settings(kiosk_mode=False)
    loaded = LoadedSettings(kiosk_paths().settings_file, settings, found=False)
    runtime = KioskRuntime(Launch(loaded, demo=True), kiosk_paths().ensure())
    window, bridge = build_window(settings, demo=True)
    qtbot.addWidget(window)
    runtime.subscribe(bridge.post_event)
    runtime.subscribe_updates(bridge.post_update)
    window.show()
    with runtime:
        qtbot.waitUntil(lambda: window.service is ServiceState.IN_SERVICE, timeout=20000)
        qtbot.waitUntil(lambda: window.visitor.currentWidget() is not window.out_of_service)
        assert runtime.demo_rig is not None
        runtime.demo_rig.simulator.unplug()
        qtbot.waitUntil(lambda: window.service is ServiceState.OUT_OF_SERVICE, timeout=10000)
        assert window.visitor.currentWidget() is window.out_of_service
        assert "sensor" in window._alerts
        runtime.demo_rig.simulator.replug()
        qtbot.waitUntil(lambda: window.service is ServiceState.IN_SERVICE, timeout=10000)
        qtbot.waitUntil(lambda: "sensor" not in window._alerts, timeout=5000)
        assert window.visitor.currentWidget() is not window.out_of_service
    window.shutdown()


def test_the_status_panel_names_each_reason_once_in_the_panels_language(qtbot: QtBot) -> None:
    camera_gone = "camera 'auto' could not be opened: check that it is plugged in"
    status = KioskStatus(
        service=ServiceStatus(
            ServiceState.OUT_OF_SERVICE,
            (Fault("camera", camera_gone), Fault("not_set_up", "Set-up is not finished.")),
        ),
        camera=None,
        sensor=None,
        stages=(StageHealth("vision", -0.0004, 0),),
        blackbody="off",
        gate="failing: could not open port /dev/ttyUSB1",
        alerts=(Alert("camera", Severity.CRITICAL, camera_gone, False, 0.0),),
        today=DailyCounts("2026-12-01", 0, 0, 0, 0, 0),
        scale=ScaleStatus(0, 100000),
    )
    language = Language("zh")
    try:
        panel = StatusPanel(metrics_for(None))
        qtbot.addWidget(panel)
        panel.show_status(status)
        # The camera's reason is an alert below, so the headline does not repeat it.
        assert camera_gone not in panel.service.text()
        assert "Set-up is not finished." in panel.service.text()
        # States in the panel's language; a device's own error text as it gave it.
        assert panel.gate.text() == "闸机：故障：could not open port /dev/ttyUSB1"
        assert panel.blackbody.text() == "黑体参考源：关闭"
        assert "视觉：0.0 秒前响应" in panel.stages.text()
    finally:
        language.switch("en")
