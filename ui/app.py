"""Starting the kiosk with its window: QApplication, the kiosk runtime, the bridge between them,
and the main loop's heartbeat to the service manager."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.logs import configure_logging
from kiosk.runtime import KioskRuntime, Launch
from kiosk.services import KioskServices
from kiosk.settings import Settings
from kiosk.store import KioskStore, StoreError
from kiosk.supervision import ServiceNotifier, stop_on_terminate
from ui.bridge import PipelineBridge
from ui.keyboard import enable_virtual_keyboard
from ui.main_window import KioskWindow

HEARTBEAT_MS = 1000  # well inside the unit's WatchdogSec


def build_window(settings: Settings, *, demo: bool = False) -> tuple[KioskWindow, PipelineBridge]:
    window = KioskWindow(settings, demo=demo)
    bridge = PipelineBridge()

    def show_latest() -> None:
        update = bridge.take_update()
        if update is not None:
            window.show_update(update)

    bridge.update_ready.connect(show_latest)
    bridge.kiosk_event.connect(window.on_kiosk_event)
    bridge.recognition_news.connect(window.on_recognition)
    return window, bridge


def run_window(launch: Launch) -> int:
    if QApplication.instance() is None:
        enable_virtual_keyboard()  # an input method is chosen when the application starts
    app = QApplication.instance() or QApplication(sys.argv)
    paths = launch.paths()
    configure_logging(paths.cache_dir)
    runtime = KioskRuntime(launch, paths)
    window, bridge = build_window(launch.settings, demo=launch.demo)
    runtime.subscribe(bridge.post_event)
    runtime.subscribe_updates(bridge.post_update)
    runtime.subscribe_recognition(bridge.post_recognition)
    notifier = ServiceNotifier()
    # Checked by the heartbeat: Python runs signal handlers between its own bytecodes, and
    # the heartbeat is the Python code the Qt loop runs every second.
    stop_on_terminate(runtime.stopping)
    with runtime:
        try:
            # The window's own connection: consent, forget-me, the PIN's audit, the panel.
            store: KioskStore | None = KioskStore.open(paths, launch.settings.privacy)
        except StoreError as error:
            runtime.emit({"event": "store", "state": "unavailable", "message": str(error)})
            store = None
        services = None if store is None else KioskServices(runtime, store)
        if services is not None:
            window.attach(services)
        window.show_service(runtime.service)

        def heartbeat() -> None:
            if runtime.stopping.is_set():
                window.quit_kiosk()
            elif runtime.healthy():
                notifier.watchdog()

        timer = QTimer()
        timer.timeout.connect(heartbeat)
        timer.start(HEARTBEAT_MS)
        if launch.seconds is not None:
            QTimer.singleShot(int(launch.seconds * 1000), window.quit_kiosk)
        try:
            if launch.settings.operator.kiosk_mode:
                window.enter_kiosk_mode()
            else:
                window.resize(1280, 800)
                window.show()
            notifier.ready()
            code = app.exec()
        finally:
            notifier.stopping()
            timer.stop()
            window.shutdown()
            if services is not None:
                services.close()
            if store is not None:
                store.close()
    return runtime.exit_code or code
