"""The real window, offscreen, fed by the real demo pipeline through the Qt bridge."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from kiosk.commands.run import devices
from kiosk.config import Settings
from kiosk.pipeline import Pipeline
from ui.app import build_window


def test_window_shows_notice_then_a_verdict(qtbot: QtBot) -> None:
    settings = Settings()
    settings = replace(settings, camera=replace(settings.camera, source="demo"))
    window, bridge = build_window(settings)
    qtbot.addWidget(window)
    window.show()
    assert "人脸图像仅在内存中处理" in window.notice.zh.text()
    assert "processed in memory only" in window.notice.en.text()
    with devices(settings) as (camera, sensor):
        pipeline = Pipeline(settings, camera, sensor, bridge.post_event, bridge.post_update)
        pipeline.start()
        try:
            qtbot.waitUntil(lambda: window.status.temperature.text().endswith("°C"), timeout=20000)
        finally:
            pipeline.stop()
    assert window.status.en.text() == "Normal — please go ahead"
    assert window.preview.pixmap() is not None and not window.preview.pixmap().isNull()
