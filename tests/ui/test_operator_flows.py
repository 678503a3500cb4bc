"""Operator flows on real widgets: corner long-press, PIN lock-out surviving a restart,
settings applied and audited, aggregate export, first-run setup, kiosk mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from pytestqt.qtbot import QtBot

from kiosk.operator.pin import MAX_FAILURES
from kiosk.paths import kiosk_paths
from kiosk.services import KioskServices
from kiosk.settings import load_settings
from kiosk.store import KioskStore, ScreeningRecord
from tests.ui.conftest import PIN, demo_settings, open_window
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow
from ui.widgets import TouchButton

LEFT = Qt.MouseButton.LeftButton
Kiosk = tuple[KioskWindow, PipelineBridge, KioskServices]


def _type_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    window.pin_pad.display.setText(pin)
    qtbot.mouseClick(window.pin_pad.ok, LEFT)


def test_long_press_on_the_corner_asks_for_the_pin(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, _, _ = kiosk
    window.hotspot.set_hold(0.2)
    qtbot.mousePress(window.hotspot, LEFT)
    qtbot.mouseRelease(window.hotspot, LEFT, delay=50)  # too short: nothing
    assert window.pages.currentWidget() is window.visitor_page
    qtbot.mousePress(window.hotspot, LEFT)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.pin_pad, timeout=2000)
    qtbot.mouseClick(window.pin_pad.cancel, LEFT)
    assert window.pages.currentWidget() is window.visitor_page


def test_five_wrong_pins_lock_entry_even_after_a_restart(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, _ = kiosk
    window.ask_pin()
    for left in range(MAX_FAILURES - 1, 0, -1):
        _type_pin(qtbot, window, "0000")
        qtbot.waitUntil(lambda left=left: f"还可尝试 {left} 次" in window.pin_pad.message.text())
    _type_pin(qtbot, window, "0000")
    qtbot.waitUntil(lambda: "已锁定 5:00" in window.pin_pad.message.text())
    _type_pin(qtbot, window, PIN)
    qtbot.waitUntil(lambda: "已锁定" in window.pin_pad.message.text())
    window.shutdown()

    restarted, _, _ = open_window(qtbot, store, demo_settings(kiosk_mode=False), with_pin=False)
    try:
        restarted.ask_pin()
        _type_pin(qtbot, restarted, PIN)
        qtbot.waitUntil(lambda: "已锁定" in restarted.pin_pad.message.text())
        assert restarted.pages.currentWidget() is restarted.pin_pad
    finally:
        restarted.shutdown()
    events = [entry.event for entry in store.audit_entries()]
    assert events.count("operator_login_failed") == MAX_FAILURES
    assert "operator_locked_out" in events and "operator_login" not in events


def _log_in(qtbot: QtBot, window: KioskWindow) -> None:
    window.ask_pin()
    _type_pin(qtbot, window, PIN)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.panel)


def test_panel_status_settings_and_export(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore, kiosk_home: Path
) -> None:
    window, _, _ = kiosk
    store.record_screening(ScreeningRecord(38.0, "elevated"))
    _log_in(qtbot, window)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: "1 人" in panel.status.today.text())
    assert "体温偏高 1 人" in panel.status.today.text()

    panel.settings.editors["privacy.notice.operator_name"].widget.setText("东门管理处")  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.settings.apply, LEFT)
    qtbot.waitUntil(lambda: panel.settings.message.text() == "已保存。")
    # The notice changed at once, and the change is on file and audited.
    assert "东门管理处" in window.notice.first.text()
    assert load_settings(kiosk_paths().settings_file).privacy.notice.operator_name == "东门管理处"
    [change] = store.audit_entries("setting_changed")
    assert change.details["new"] == "东门管理处"

    # Applying reloads the form from the saved settings: fresh editors.
    panel.settings.editors["screening.min_distance_m"].widget.setValue(0.9)  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.settings.apply, LEFT)
    qtbot.waitUntil(lambda: panel.settings.message.text().startswith("未保存"))
    assert "screening.min_distance_m" in panel.settings.message.text()

    qtbot.mouseClick(panel.export, LEFT)
    qtbot.waitUntil(lambda: "已导出 1 天" in panel.message.text())
    [export] = (kiosk_home / "data" / "exports").glob("daily-counts-*.csv")
    assert export.read_text().splitlines()[1].endswith(",1,0,1,0,0")
    assert store.audit_entries("aggregate_exported")

    qtbot.mouseClick(panel.back, LEFT)
    assert window.pages.currentWidget() is window.visitor_page


def test_first_run_setup_sets_the_pin_and_the_settings(qtbot: QtBot, store: KioskStore) -> None:
    window, _, services = open_window(qtbot, store, demo_settings(kiosk_mode=False), with_pin=False)
    try:
        # The demo opens on the visitor's screens; the corner hold leads to set-up.
        qtbot.waitUntil(lambda: not window._pin_exists)
        assert window.wizard is None and window.pages.currentWidget() is window.visitor_page
        window.hotspot.held.emit()
        wizard = window.wizard
        assert wizard is not None and window.pages.currentWidget() is wizard
        wizard.pin.setText("1357")
        wizard.pin_again.setText("1357")
        qtbot.mouseClick(wizard.next, LEFT)
        wizard.operator_name.setText("Library front desk")
        while wizard.pages.currentIndex() < wizard.pages.count() - 1:
            qtbot.mouseClick(wizard.next, LEFT)
        assert "kiosk calibrate" in wizard.calibration.text()
        qtbot.mouseClick(wizard.next, LEFT)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.visitor_page)
        assert services.pin.check("1357").accepted
        saved = load_settings(kiosk_paths().settings_file)
        assert saved.privacy.notice.operator_name == "Library front desk"
        assert "Library front desk" in window.notice.first.text()
    finally:
        window.shutdown()


def test_kiosk_mode_refuses_to_close_and_every_target_is_15_mm(
    qtbot: QtBot, store: KioskStore
) -> None:
    window, _, _ = open_window(qtbot, store, demo_settings(kiosk_mode=True))
    try:
        event = QCloseEvent()
        window.closeEvent(event)
        assert not event.isAccepted()
        window.start_consent()
        for width, height in ((1920, 1080), (1080, 1920)):
            window.resize(width, height)
            qtbot.wait(20)
            buttons = [b for b in window.findChildren(TouchButton) if b.isVisible()]
            assert buttons
            for button in buttons:
                assert min(button.width(), button.height()) >= window.metrics.touch
    finally:
        window.shutdown()
