"""The settings the operator edits on the kiosk; each change is validated by the schema."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.settings import Settings
from kiosk.settings.schema import specs, value_at
from ui import texts
from ui.metrics import Metrics
from ui.operator.fields import SettingEditor
from ui.texts import tr
from ui.widgets import TouchButton, text_label

# The keys offered here are the schema's `editable` ones: the panel decides nothing itself.
EDITABLE = tuple(spec.key for spec in specs(Settings) if spec.editable)


class SettingsPanel(QWidget):
    apply_requested = Signal(dict)  # dotted key → new value, changed keys only

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        super().__init__()
        self._metrics = metrics
        form_holder = QWidget()
        self.form = QFormLayout(form_holder)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_holder)
        self.message = text_label(metrics, 5, bold=True)
        self.apply = TouchButton(metrics, "#1b7f3b")
        self.apply.clicked.connect(self._apply)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.apply)
        self.editors: dict[str, SettingEditor] = {}
        self.load(settings)
        self.retranslate()

    def load(self, settings: Settings) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.settings = settings
        self.editors = {}
        for key in EDITABLE:
            editor = SettingEditor(key, value_at(settings, key))
            editor.widget.setMinimumHeight(self._metrics.mm(10))
            caption = QLabel(f"<b>{key}</b><br><small>{editor.doc}</small>")
            caption.setWordWrap(True)
            self.form.addRow(caption, editor.widget)
            self.editors[key] = editor

    def changes(self) -> dict[str, Any]:
        return {
            key: editor.value()
            for key, editor in self.editors.items()
            if editor.value() != value_at(self.settings, key)
        }

    def _apply(self) -> None:
        self.apply_requested.emit(self.changes())

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def retranslate(self) -> None:
        self.apply.setText(tr(texts.SETTINGS_APPLY))
