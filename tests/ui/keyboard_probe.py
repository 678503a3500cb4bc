"""Run under a real X server (tests/ui/test_virtual_keyboard.py starts Xvfb): the real kiosk
window with the on-screen keyboard, each text and number field tapped as an installer
would, and what the keyboard did printed as one JSON line."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["KIOSK_HOME"] = tempfile.mkdtemp(prefix="kiosk-keyboard-")
os.environ.pop("QT_QPA_PLATFORM", None)

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget

from ui.keyboard import enable_virtual_keyboard, keyboard_top

enable_virtual_keyboard()
app = QApplication(sys.argv[:1])

from kiosk.paths import kiosk_paths  # noqa: E402
from kiosk.runtime import KioskRuntime, Launch  # noqa: E402
from kiosk.services import KioskServices  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from kiosk.settings.file import LoadedSettings  # noqa: E402
from kiosk.store import KioskStore  # noqa: E402
from ui.app import build_window  # noqa: E402

shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
settings = Settings()
paths = kiosk_paths().ensure()
store = KioskStore.open(paths, settings.privacy)
runtime = KioskRuntime(Launch(LoadedSettings(paths.settings_file, settings, found=False)), paths)
window, _bridge = build_window(settings)
window.tap_guard_s = 0.0
services = KioskServices(runtime, store)
window.attach(services)
window.resize(1280, 800)
window.show()
report: dict[str, object] = {"fields": []}


def tap(field: QWidget) -> None:
    """A finger on the field: on a number box that is its text line, which fills it."""
    field.window().activateWindow()
    target = field.findChild(QLineEdit) or field
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(target.width() // 2, 10))


def visible() -> bool:
    return bool(QGuiApplication.inputMethod().isVisible())


def locale() -> str:
    return str(QGuiApplication.inputMethod().locale().name())


steps: list[tuple[str, QWidget]] = []


def plan() -> None:
    window.desk.show_setup()
    wizard = window.desk.wizard
    assert wizard is not None
    steps.extend(
        [
            ("wizard.pin", wizard.pin),
            ("wizard.operator_name", wizard.operator_name),
            ("wizard.sensor_port", wizard.sensor_port),
            ("wizard.threshold", wizard.threshold.field),
        ]
    )
    QTimer.singleShot(300, run_next)


def run_next() -> None:
    wizard = window.desk.wizard
    assert wizard is not None
    if not steps:
        QTimer.singleShot(0, settings_panel)
        return
    name, field = steps.pop(0)
    page = {"wizard.pin": 1, "wizard.operator_name": 2, "wizard.sensor_port": 4}.get(name, 5)
    wizard.pages.setCurrentIndex(page)
    QTimer.singleShot(200, lambda: (tap(field), QTimer.singleShot(1200, lambda: done(name))))


def done(name: str) -> None:
    report["fields"].append({"field": name, "keyboard": visible(), "locale": locale()})  # type: ignore[union-attr]
    if shots is not None and name == "wizard.operator_name":
        QGuiApplication.primaryScreen().grabWindow(0).save(
            str(shots / "40-keyboard-zh-1280x800.png")
        )
    QGuiApplication.inputMethod().hide()
    QTimer.singleShot(300, run_next)


def settings_panel() -> None:
    window.set_language("en")
    panel = window.desk.panel
    assert panel is not None
    window.pages.setCurrentWidget(panel)
    panel.tabs.setCurrentWidget(panel.settings)
    panel.settings.groups.button(1).click()  # privacy and retention
    # A field low on the page, scrolled to as a finger would: it ends at the bottom of the
    # page, where the keyboard opens over it unless the window makes room.
    field = panel.settings.editors["privacy.notice.extra_en"].field
    area = next(p for p in iter_parents(field) if isinstance(p, QScrollArea))
    area.ensureWidgetVisible(field, 0, 0)
    QTimer.singleShot(300, lambda: (tap(field), QTimer.singleShot(1500, lambda: english(field))))


def clear_of_keyboard(field: QWidget) -> bool:
    """The field is on screen: inside its scroll area's viewport and above the keyboard."""
    top = keyboard_top()
    line = field.findChild(QLineEdit) or field
    bottom = line.mapToGlobal(line.rect().bottomLeft()).y()
    areas = [p for p in iter_parents(line) if isinstance(p, QScrollArea)]
    if not areas:
        return top is not None and bottom < top
    viewport = areas[0].viewport()
    shown = viewport.mapToGlobal(viewport.rect().topLeft()).y()
    shown_bottom = viewport.mapToGlobal(viewport.rect().bottomLeft()).y()
    top_of_line = line.mapToGlobal(line.rect().topLeft()).y()
    return top is not None and bottom < top and shown <= top_of_line and bottom <= shown_bottom


def iter_parents(widget: QWidget) -> list[QWidget]:
    parents = []
    while (widget := widget.parentWidget()) is not None:
        parents.append(widget)
    return parents


def english(field: QWidget) -> None:
    report["panel_keyboard"] = visible()
    report["panel_locale"] = locale()
    report["panel_field_clear"] = clear_of_keyboard(field)
    if shots is not None:
        QGuiApplication.primaryScreen().grabWindow(0).save(
            str(shots / "41-keyboard-en-1280x800.png")
        )
    QGuiApplication.inputMethod().hide()
    panel = window.desk.panel
    assert panel is not None
    panel.tabs.setCurrentWidget(panel.status_page)
    pin = panel.new_pin
    QTimer.singleShot(300, lambda: (tap(pin), QTimer.singleShot(1500, lambda: change_pin(pin))))


def change_pin(field: QWidget) -> None:
    report["change_pin_keyboard"] = visible()
    report["change_pin_clear"] = clear_of_keyboard(field)
    print(json.dumps(report), flush=True)
    window.shutdown()
    store.close()
    # Leaving Qt's loop and the interpreter normally can wait on the keyboard's QML engine
    # for minutes under Xvfb; the report is out, so end here.
    os._exit(0)


QTimer.singleShot(500, plan)
app.exec()
