"""Editors for settings keys, made from the settings schema (type, range, choices, doc)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kiosk.config import Settings


def schema_field(key: str) -> dataclasses.Field[Any]:
    """The dataclass field behind a dotted key such as 'screening.threshold_c'."""
    section: Any = Settings
    *sections, name = key.split(".")
    for part in sections:
        section = {f.name: f for f in dataclasses.fields(section)}[part].default_factory
    return {f.name: f for f in dataclasses.fields(section)}[name]


class SettingEditor:
    """One key's widget; `value()` reads it back in the setting's type."""

    def __init__(self, key: str, value: Any) -> None:
        self.key = key
        meta = schema_field(key).metadata
        self.doc = str(meta.get("doc", ""))
        self.widget: QWidget
        if isinstance(value, bool):
            self.widget = box = QCheckBox()
            box.setChecked(value)
        elif meta.get("choices"):
            self.widget = combo = QComboBox()
            combo.addItems([str(choice) for choice in meta["choices"]])
            combo.setCurrentText(str(value))
        elif isinstance(value, int):
            self.widget = spin = QSpinBox()
            spin.setRange(int(meta["minimum"]), int(meta["maximum"]))
            spin.setValue(value)
        elif isinstance(value, float):
            self.widget = double = QDoubleSpinBox()
            double.setDecimals(2)
            double.setSingleStep(0.05)
            double.setRange(float(meta["minimum"]), float(meta["maximum"]))
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
