"""Operator flows on real widgets, by touch: the corner hold (with feedback), the PIN lock-out
surviving a restart, the grouped and translated settings screen (applied at once, or with a
confirmed restart), exports to a USB stick, quitting only after confirming, kiosk mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.operator.pin import MAX_FAILURES
from kiosk.operator.removable_media import RemovableMedium
from kiosk.paths import kiosk_paths
from kiosk.services import KioskServices
from kiosk.settings import Settings, load_settings
from kiosk.settings.schema import specs
from kiosk.store import KioskStore, ScreeningRecord
from kiosk.supervision import EXIT_RESTART
from tests.ui.conftest import PIN, demo_settings, open_window
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow
from ui.operator.fields import SettingEditor
from ui.operator.setting_texts import LABELS
from ui.operator.settings_panel import grouped_keys
from ui.widgets import TouchButton

LEFT = Qt.MouseButton.LeftButton
Kiosk = tuple[KioskWindow, PipelineBridge, KioskServices]


def _type_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    window.desk.pin_pad.display.setText(pin)
    qtbot.mouseClick(window.desk.pin_pad.ok, LEFT)


def _log_in(qtbot: QtBot, window: KioskWindow) -> None:
    window.desk.ask_pin()
    _type_pin(qtbot, window, PIN)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk.panel)


def test_holding_the_corner_shows_progress_then_asks_for_the_pin(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window, _, _ = kiosk
    window.hotspot.set_hold(0.4)
    qtbot.mousePress(window.hotspot, LEFT)
    qtbot.waitUntil(lambda: 0 < window.hotspot.progress < 1, timeout=2000)
    qtbot.mouseRelease(window.hotspot, LEFT)  # let go early: nothing, and the ring goes
    assert window.hotspot.progress == 0 and window.pages.currentWidget() is window.visitor_page
    qtbot.mousePress(window.hotspot, LEFT)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk.pin_pad, timeout=3000)
    qtbot.mouseClick(window.desk.pin_pad.cancel, LEFT)
    assert window.pages.currentWidget() is window.visitor_page


def test_five_wrong_pins_lock_entry_even_after_a_restart(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, _ = kiosk
    window.desk.ask_pin()
    pad = window.desk.pin_pad
    for left in range(MAX_FAILURES - 1, 0, -1):
        _type_pin(qtbot, window, "000000")
        qtbot.waitUntil(lambda left=left: f"还可尝试 {left} 次" in pad.message.text())
    _type_pin(qtbot, window, "000000")
    qtbot.waitUntil(lambda: "已锁定 5:00" in pad.message.text())
    _type_pin(qtbot, window, PIN)
    qtbot.waitUntil(lambda: "已锁定" in pad.message.text())
    window.shutdown()

    restarted, _, _ = open_window(qtbot, store, demo_settings(kiosk_mode=False), with_pin=False)
    try:
        restarted.desk.ask_pin()
        _type_pin(qtbot, restarted, PIN)
        qtbot.waitUntil(lambda: "已锁定" in restarted.desk.pin_pad.message.text())
        assert restarted.pages.currentWidget() is restarted.desk.pin_pad
    finally:
        restarted.shutdown()
    events = [entry.event for entry in store.audit_entries()]
    assert events.count("operator_login_failed") == MAX_FAILURES
    assert "operator_locked_out" in events and "operator_login" not in events


def test_the_settings_screen_offers_every_editable_key_grouped_and_in_chinese(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window, _, _ = kiosk
    _log_in(qtbot, window)
    panel = window.desk.panel
    assert panel is not None
    editable = {spec.key for spec in specs(Settings) if spec.editable}
    assert set(panel.settings.editors) == editable
    assert [title for title, _ in grouped_keys()][:6] == [
        "Temperature",
        "Privacy and retention",
        "Recognition",
        "Devices",
        "Sound and gate",
        "Operator",
    ]
    row = panel.settings.rows["screening.threshold_c"]
    assert row.label.text() == "报警阈值（°C）" and "screening." not in row.help.text()
    assert panel.settings.groups.button(0).text() == "体温"
    for key in editable:
        assert key in LABELS, f"{key} has no label on the settings screen"
    for editor in panel.findChildren(SettingEditor):
        assert editor.minimumHeight() >= window.metrics.touch
    # Ports, paths and URLs are typed in Latin letters, never composed as Pinyin.
    latin = Qt.InputMethodHint.ImhLatinOnly
    addresses = {"camera.source", "sensor.port", "operator.gate.port"}
    for key in addresses:
        line = panel.settings.editors[key].findChild(QLineEdit)
        assert line is not None and line.inputMethodHints() & latin, key
    name = panel.settings.editors["privacy.notice.operator_name"].findChild(QLineEdit)
    assert name is not None and not name.inputMethodHints() & latin


def test_a_setting_applies_at_once_and_a_device_setting_offers_a_confirmed_restart(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, services = kiosk
    store.record_screening(ScreeningRecord(38.0, "elevated"))
    _log_in(qtbot, window)
    panel = window.desk.panel
    assert panel is not None
    qtbot.waitUntil(lambda: "体温偏高 1 人" in panel.status.today.text())

    settings = panel.settings
    panel.tabs.setCurrentWidget(settings)
    settings.editors["privacy.notice.operator_name"].field.setText("东门管理处")  # type: ignore[attr-defined]
    qtbot.mouseClick(settings.apply, LEFT)
    qtbot.waitUntil(lambda: settings.message.text() == "已保存。")
    assert "东门管理处" in window.notice.first.text()  # the notice changed at once
    assert load_settings(kiosk_paths().settings_file).privacy.notice.operator_name == "东门管理处"
    [change] = store.audit_entries("setting_changed")
    assert change.details["new"] == "东门管理处" and change.details["actor"] == "operator"
    assert not settings.restart.isVisibleTo(panel)

    # Beyond the farthest distance: refused, and named in the operator's words.
    settings.editors["screening.min_distance_m"].field.setValue(0.9)  # type: ignore[attr-defined]
    qtbot.mouseClick(settings.apply, LEFT)
    qtbot.waitUntil(lambda: settings.message.text().startswith("未保存"))
    assert "最近测量距离" in settings.message.text()

    settings.editors["camera.source"].field.setText("1")  # type: ignore[attr-defined]
    qtbot.mouseClick(settings.apply, LEFT)
    qtbot.waitUntil(lambda: "重启" in settings.message.text())
    assert settings.restart.isVisibleTo(panel)
    qtbot.mouseClick(settings.restart, LEFT)
    confirmation = window.desk.confirmation
    assert confirmation.isVisibleTo(window)
    qtbot.mouseClick(confirmation.no, LEFT)  # not now
    assert not confirmation.isVisibleTo(window) and services.runtime.exit_code is None
    qtbot.mouseClick(settings.restart, LEFT)
    qtbot.mouseClick(confirmation.yes, LEFT)
    qtbot.waitUntil(lambda: services.runtime.exit_code == EXIT_RESTART)
    assert store.audit_entries("kiosk_restart_requested")


def test_export_goes_to_a_mounted_usb_stick_and_names_the_file(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _, _ = kiosk
    stick = tmp_path / "media" / "KIOSKUSB"
    stick.mkdir(parents=True)
    # A stand-in for the one thing not here: a mounted USB stick.
    monkeypatch.setattr(
        "kiosk.services.removable_media", lambda: [RemovableMedium(stick, "/dev/sdb1")]
    )
    store.record_screening(ScreeningRecord(36.6, "normal"))
    _log_in(qtbot, window)
    panel = window.desk.panel
    assert panel is not None
    qtbot.mouseClick(panel.export, LEFT)
    qtbot.waitUntil(lambda: "U 盘" in panel.message.text())
    [export] = stick.glob("daily-counts-*.csv")
    assert export.name in panel.message.text()
    assert export.read_text().splitlines()[1].endswith(",1,1,0,0,0")

    monkeypatch.setattr("kiosk.services.removable_media", lambda: [])
    qtbot.mouseClick(panel.export, LEFT)
    qtbot.waitUntil(lambda: "未找到 U 盘" in panel.message.text())
    assert list((kiosk_paths().data_dir / "exports").glob("daily-counts-*.csv"))


def test_quit_asks_first_and_kiosk_mode_refuses_to_close(qtbot: QtBot, store: KioskStore) -> None:
    window, _, _ = open_window(qtbot, store, demo_settings(kiosk_mode=True))
    try:
        event = QCloseEvent()
        window.closeEvent(event)
        assert not event.isAccepted()
        _log_in(qtbot, window)
        panel = window.desk.panel
        assert panel is not None
        qtbot.mouseClick(panel.quit, LEFT)
        confirmation = window.desk.confirmation
        assert confirmation.isVisibleTo(window) and "退出" in confirmation.question.text()
        qtbot.mouseClick(confirmation.no, LEFT)
        assert not window._quit_allowed
    finally:
        window.shutdown()


def test_every_target_is_15_mm_on_every_screen_and_orientation(
    qtbot: QtBot, store: KioskStore
) -> None:
    window, _, _ = open_window(qtbot, store, demo_settings(kiosk_mode=False))
    try:
        _log_in(qtbot, window)
        for show in (window.start_consent, lambda: _log_in(qtbot, window)):
            show()
            for width, height in ((1920, 1080), (1080, 1920)):
                window.resize(width, height)
                qtbot.wait(20)
                buttons = [b for b in window.findChildren(TouchButton) if b.isVisible()]
                assert buttons
                for button in buttons:
                    assert min(button.width(), button.height()) >= window.metrics.touch
    finally:
        window.shutdown()
