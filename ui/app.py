"""Starting the kiosk with its window: QApplication, the pipeline, and the bridge between them."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.commands.run import Launch, devices, record_keeping
from kiosk.paths import kiosk_paths
from kiosk.pipeline import Pipeline
from kiosk.settings import Settings
from kiosk.store import KioskStore, StoreError
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow
from ui.services import KioskServices


def build_window(settings: Settings) -> tuple[KioskWindow, PipelineBridge]:
    window = KioskWindow(settings)
    bridge = PipelineBridge()

    def show_latest() -> None:
        update = bridge.take_update()
        if update is not None:
            window.show_update(update)

    bridge.update_ready.connect(show_latest)
    return window, bridge


def run_window(launch: Launch) -> int:
    settings, seconds = launch.settings, launch.seconds
    app = QApplication.instance() or QApplication(sys.argv)
    window, bridge = build_window(settings)
    paths = kiosk_paths().ensure()
    try:
        # The window's own connection: consent, forget-me, the PIN's audit, the panel.
        store: KioskStore | None = KioskStore.open(paths, settings.privacy)
    except StoreError as error:
        bridge.post_event({"event": "store", "state": "unavailable", "message": str(error)})
        store = None
    with (
        devices(settings, launch.demo) as (camera, sensor),
        record_keeping(settings, bridge.post_event) as record,
    ):
        pipeline = Pipeline(
            settings, camera, sensor, bridge.post_event, bridge.post_update, on_result=record
        )
        if store is not None:
            window.attach(
                KioskServices(settings, store, launch.loaded.path, camera, sensor, launch.demo)
            )
        pipeline.start()
        try:
            if settings.operator.kiosk_mode:
                window.enter_kiosk_mode()
            else:
                window.resize(1280, 800)
                window.show()
            if seconds is not None:
                QTimer.singleShot(int(seconds * 1000), window.quit_kiosk)
            return app.exec()
        finally:
            pipeline.stop()
            window.shutdown()
            if store is not None:
                store.close()
