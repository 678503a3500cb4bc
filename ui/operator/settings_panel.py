"""The settings the operator edits on the touchscreen, grouped the way operators think.

The keys are the schema's `editable` ones; each change is validated by the schema in the
kiosk layer and applied at once where the schema says it is `live`. A change that needs
a restart says so and offers "Restart kiosk" (confirmed; the service manager brings the
kiosk back). Rows scroll by swiping, and the field being typed in is kept above the
on-screen keyboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings import Settings
from kiosk.settings.schema import specs, value_at
from ui import texts
from ui.metrics import Metrics
from ui.operator.fields import SettingEditor
from ui.operator.setting_texts import GROUPS, LABELS, OTHER_GROUP
from ui.texts import tr
from ui.widgets import TouchButton, text_label

GROUP_COLUMNS = 3


def editable_keys() -> tuple[str, ...]:
    return tuple(spec.key for spec in specs(Settings) if spec.editable)


def grouped_keys() -> list[tuple[str, tuple[str, ...]]]:
    """The editable keys by group; keys without a group of their own go under Other."""
    editable = editable_keys()
    groups = [(title, tuple(k for k in keys if k in editable)) for title, keys in GROUPS]
    placed = {key for _, keys in groups for key in keys}
    others = tuple(key for key in editable if key not in placed)
    return [group for group in (*groups, (OTHER_GROUP, others)) if group[1]]


class SettingRow(QWidget):
    def __init__(self, metrics: Metrics, editor: SettingEditor) -> None:
        super().__init__()
        self.editor = editor
        self.label = text_label(metrics, 5.5, bold=True)
        self.help = text_label(metrics, 4.2)
        for label in (self.label, self.help):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.help.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, metrics.mm(2), 0, metrics.mm(2))
        layout.addWidget(self.label)
        layout.addWidget(self.help)
        layout.addWidget(editor)
        self.retranslate()

    def retranslate(self) -> None:
        key = self.editor.key
        label, help_text = LABELS.get(key, (key, self.editor.spec.doc))
        self.label.setText(tr(label))
        self.help.setText(tr(help_text))
        self.editor.retranslate()


class SettingsPanel(QWidget):
    apply_requested = Signal(dict)  # dotted key → new value, changed keys only
    restart_requested = Signal()

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        super().__init__()
        self._metrics = metrics
        self.groups = QButtonGroup(self)
        group_bar = QGridLayout()
        self.pages = QStackedWidget()
        self.rows: dict[str, SettingRow] = {}
        self.editors: dict[str, SettingEditor] = {}
        self._group_titles: list[str] = []
        self.scrolls: list[QScrollArea] = []
        for index, (title, keys) in enumerate(grouped_keys()):
            button = TouchButton(metrics, "#5f6368")
            button.setCheckable(True)
            self.groups.addButton(button, index)
            group_bar.addWidget(button, index // GROUP_COLUMNS, index % GROUP_COLUMNS)
            self._group_titles.append(title)
            self.pages.addWidget(self._group_page(keys, settings))
        self.groups.idClicked.connect(self.pages.setCurrentIndex)
        self.groups.button(0).setChecked(True)
        self.message = text_label(metrics, 5, bold=True)
        self.apply = TouchButton(metrics, "#1b7f3b")
        self.apply.clicked.connect(self._apply)
        self.restart = TouchButton(metrics, "#b3261e")
        self.restart.clicked.connect(self.restart_requested)
        self.restart.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(group_bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.apply)
        layout.addWidget(self.restart)
        self.settings = settings
        QGuiApplication.inputMethod().keyboardRectangleChanged.connect(self._keep_field_visible)
        self.retranslate()

    def _group_page(self, keys: tuple[str, ...], settings: Settings) -> QScrollArea:
        holder = QWidget()
        column = QVBoxLayout(holder)
        for key in keys:
            editor = SettingEditor(self._metrics, key, value_at(settings, key))
            row = SettingRow(self._metrics, editor)
            self.rows[key] = row
            self.editors[key] = editor
            column.addWidget(row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Swipe to scroll, with momentum, as on a phone.
        QScroller.grabGesture(
            scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.scrolls.append(scroll)
        return scroll

    def load(self, settings: Settings) -> None:
        """Show `settings` (after a change was applied, or refused)."""
        self.settings = settings
        for key, editor in self.editors.items():
            editor.set_value(value_at(settings, key))

    def changes(self) -> dict[str, Any]:
        """What the operator changed: touched controls whose value differs from the settings."""
        return {
            key: editor.value()
            for key, editor in self.editors.items()
            if editor.touched and editor.value() != value_at(self.settings, key)
        }

    def _apply(self) -> None:
        self.apply_requested.emit(self.changes())

    def show_message(self, text: str, *, restart: bool = False) -> None:
        self.message.setText(text)
        self.restart.setVisible(restart)

    def _keep_field_visible(self) -> None:
        """While the keyboard covers the lower screen, lift the field being typed in above it:
        room below the last row to scroll into, then scroll by what the keyboard hides."""
        keyboard: QRectF = QGuiApplication.inputMethod().keyboardRectangle()
        for scroll in self.scrolls:
            scroll.setViewportMargins(0, 0, 0, int(keyboard.height()))
        focused = QGuiApplication.focusObject()
        scroll = self.scrolls[self.pages.currentIndex()] if self.scrolls else None
        if scroll is None or not isinstance(focused, QWidget) or keyboard.isEmpty():
            return
        holder = scroll.widget()
        if holder is None or not holder.isAncestorOf(focused):
            return
        window = focused.window()
        bottom = focused.mapTo(window, focused.rect().bottomLeft()).y()
        hidden = bottom + self._metrics.mm(5) - int(keyboard.top())
        if hidden > 0:
            bar = scroll.verticalScrollBar()
            bar.setValue(bar.value() + hidden)

    def retranslate(self) -> None:
        for index, title in enumerate(self._group_titles):
            self.groups.button(index).setText(tr(title))
        for row in self.rows.values():
            row.retranslate()
        self.apply.setText(tr(texts.SETTINGS_APPLY))
        self.restart.setText(tr(texts.RESTART_KIOSK))
