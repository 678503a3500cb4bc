"""Editors for settings keys, made from the settings schema (type, range, choices, doc)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kiosk.settings import Settings
from kiosk.settings.schema import spec_of


class SettingEditor:
    """One key's widget; `value()` reads it back in the setting's type."""

    def __init__(self, key: str, value: Any) -> None:
        self.key = key
        spec = spec_of(Settings, key)
        self.doc = spec.doc
        self.widget: QWidget
        if isinstance(value, bool):
            self.widget = box = QCheckBox()
            box.setChecked(value)
        elif spec.choices:
            self.widget = combo = QComboBox()
            combo.addItems([str(choice) for choice in spec.choices])
            combo.setCurrentText(str(value))
        elif isinstance(value, int):
            self.widget = spin = QSpinBox()
            spin.setRange(int(spec.minimum or 0), int(spec.maximum or 2**31 - 1))
            spin.setValue(value)
        elif isinstance(value, float):
            self.widget = double = QDoubleSpinBox()
            double.setDecimals(2)
            double.setSingleStep(0.05)
            double.setRange(float(spec.minimum or 0.0), float(spec.maximum or 1e9))
            double.setValue(value)
        else:
            self.widget = QLineEdit(str(value))
        self._type = type(value)

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            return self._type(widget.value())
        assert isinstance(widget, QLineEdit)
        return widget.text()
