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

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickView
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

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
