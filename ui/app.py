"""Starting the kiosk with its window: QApplication, the pipeline, and the bridge between them."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.commands.run import devices, record_keeping
from kiosk.config import Settings
from kiosk.pipeline import Pipeline
from kiosk.privacy.notice import build_notice
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow


def build_window(settings: Settings) -> tuple[KioskWindow, PipelineBridge]:
    window = KioskWindow(build_notice(settings.privacy))
    bridge = PipelineBridge()

    def show_latest() -> None:
        update = bridge.take_update()
        if update is not None:
            window.show_update(update)

    bridge.update_ready.connect(show_latest)
    return window, bridge


def run_window(settings: Settings, seconds: float | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window, bridge = build_window(settings)
    with (
        devices(settings) as (camera, sensor),
        record_keeping(settings, bridge.post_event) as record,
    ):
        pipeline = Pipeline(
            settings, camera, sensor, bridge.post_event, bridge.post_update, on_result=record
        )
        pipeline.start()
        try:
            window.resize(1280, 800)
            window.show()
            if seconds is not None:
                QTimer.singleShot(int(seconds * 1000), app.quit)
            return app.exec()
        finally:
            pipeline.stop()
