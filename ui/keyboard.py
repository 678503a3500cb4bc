"""The on-screen keyboard: Qt Virtual Keyboard for every text and number field, in the
kiosk's language, so an installer or operator needs nothing but the touchscreen.

Qt Virtual Keyboard is an input-method plugin (its plugin and QML ship in
PySide6-Essentials, its libraries in PySide6-Addons); it is selected before the
QApplication exists and opens itself when a field is tapped. Its language follows the
kiosk's: Simplified Chinese (Pinyin) or English, with the globe key to switch. Fields ask
for no prediction, so the keyboard learns nothing of what staff type (names, contacts).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QLocale, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickView
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QScrollArea, QWidget

log = logging.getLogger(__name__)
IM_MODULE = "qtvirtualkeyboard"
LOCALES = {"zh": "zh_CN", "en": "en_US"}
INPUT_VIEW = "QtVirtualKeyboard::InputView"


def enable_virtual_keyboard() -> None:
    """Select the virtual keyboard (call before the QApplication is made), unless the
    integrator chose another input method in QT_IM_MODULE (a kiosk with a real keyboard)."""
    os.environ.setdefault("QT_IM_MODULE", IM_MODULE)


def keyboard_language(code: str) -> None:
    """Show the keyboard in the kiosk language `code` ('zh' or 'en'), the other one a tap on
    the globe key away. A no-op until the keyboard has first opened (it then starts in the
    application's locale, which the window sets with the language)."""
    QLocale.setDefault(QLocale(LOCALES[code]))
    view = _input_view()
    if view is None:
        return
    first = LOCALES[code]
    others = [locale for locale in LOCALES.values() if locale != first]
    active = ", ".join(f'"{locale}"' for locale in [first, *others])
    source = (
        "import QtQuick; import QtQuick.VirtualKeyboard.Settings; QtObject { "
        f"Component.onCompleted: {{ VirtualKeyboardSettings.activeLocales = [{active}]; "
        f'VirtualKeyboardSettings.locale = "{first}" }} }}'
    )
    component = QQmlComponent(view.engine())
    component.setData(source.encode(), QUrl())
    if component.create() is None:
        log.warning("keyboard language not set: %s", [e.toString() for e in component.errors()])


def _input_view() -> QQuickView | None:
    for window in QGuiApplication.topLevelWindows():
        if window.metaObject().className() == INPUT_VIEW and isinstance(window, QQuickView):
            return window
    return None


def keyboard_top() -> int | None:
    """The screen row where the open keyboard begins; None while it is closed."""
    method = QGuiApplication.inputMethod()
    view = _input_view()
    keys = method.keyboardRectangle()
    if view is None or not method.isVisible() or keys.isEmpty():
        return None
    # The keyboard's window covers the screen (masked to the keys); the keys' rectangle is
    # in that window's coordinates.
    return view.mapToGlobal(QPoint(0, round(keys.top()))).y()


class KeyboardAvoidance(QObject):
    """Keeps the field being typed in above the on-screen keyboard, as a phone does.

    Qt Virtual Keyboard draws its own window over the bottom of the screen and does not
    move the application. While it is open, the scroll area holding the focused field
    loses the part of its viewport the keyboard covers (a bottom viewport margin), and the
    field is scrolled into what stays visible; when it closes, the area is whole again.
    The rest of the window stays as it is: the operator panel's buttons keep their place.
    """

    def __init__(self, window: QWidget, spare_px: int) -> None:
        super().__init__(window)
        self._spare_px = spare_px  # room kept below the field, for its label and a finger
        self._squeezed: QScrollArea | None = None  # the area now short of its covered part
        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self._follow)
        method.keyboardRectangleChanged.connect(self._follow)

    def _follow(self) -> None:
        if self._squeezed is not None:
            self._squeezed.setViewportMargins(0, 0, 0, 0)
            self._squeezed = None
        top = keyboard_top()
        field = QApplication.focusWidget()
        if top is None or field is None or (area := _scroll_area_of(field)) is None:
            return
        viewport = area.viewport()
        bottom = viewport.mapToGlobal(viewport.rect().bottomLeft()).y()
        covered = min(max(0, bottom - top + 1), viewport.height())
        if covered:
            area.setViewportMargins(0, 0, 0, covered)
            self._squeezed = area
        QTimer.singleShot(0, lambda: area.ensureWidgetVisible(field, 0, self._spare_px))


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def for_keyboard(
    field: QWidget, *, digits: bool = False, secret: bool = False, address: bool = False
) -> QWidget:
    """Ask the keyboard for the right layout and no learning, for a text or number field.
    `address`: a device path, file or URL, typed in Latin letters on the URL layout (with
    '/' and '.') whatever the kiosk's language, never composed as Pinyin."""
    hints = Qt.InputMethodHint.ImhNoPredictiveText
    if digits:
        hints |= Qt.InputMethodHint.ImhDigitsOnly
    if address:
        hints |= (
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhUrlCharactersOnly
            | Qt.InputMethodHint.ImhNoAutoUppercase
            | Qt.InputMethodHint.ImhPreferLowercase
        )
    if secret:
        hints |= Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoAutoUppercase
    if isinstance(field, QAbstractSpinBox):
        hints |= Qt.InputMethodHint.ImhFormattedNumbersOnly
    field.setInputMethodHints(hints)
    if isinstance(field, QLineEdit):
        field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
    return field
