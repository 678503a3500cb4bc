"""Editors for settings keys, made from the schema (type, range, choices) and sized for a finger.

Every control is at least 15 mm tall: a switch for true/false, a row of buttons for a few
choices, a list for more, a value between large − and + buttons for numbers (tap the value
to type it on the on-screen keyboard), and a line for text.
"""

from __future__ import annotations

import math
import types
import typing
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QSpinBox,
    QWidget,
)

from kiosk.settings import Settings
from kiosk.settings.schema import SettingSpec, spec_of
from ui import texts
from ui.keyboard import for_keyboard
from ui.metrics import Metrics
from ui.operator.setting_texts import CHOICE_NAMES
from ui.texts import tr
from ui.widgets import TouchButton

SEGMENTED_MAX = 4  # more choices than this go in a list
NICE_STEPS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0)
STEPS_PER_RANGE = 20  # about twenty taps from one end of a range to the other


def choice_text(value: Any) -> str:
    """A choice as the operator reads it (translated where it is a word)."""
    name = CHOICE_NAMES.get(str(value))
    return tr(name) if name is not None else str(value)


def step_for(spec: SettingSpec) -> float:
    """The − / + step: the largest round step that still needs about twenty taps end to end."""
    if spec.minimum is None or spec.maximum is None:
        return 1.0
    span = (spec.maximum - spec.minimum) / STEPS_PER_RANGE
    return max((s for s in NICE_STEPS if s <= span), default=NICE_STEPS[0])


def _big_font(metrics: Metrics, mm: float = 6.5) -> QFont:
    font = QFont()
    font.setPixelSize(metrics.mm(mm))
    return font


def _base_type(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


class SettingEditor(QWidget):
    """One key's control; `value()` reads it back in the setting's type."""

    edited = Signal()

    def __init__(self, metrics: Metrics, key: str, value: Any) -> None:
        super().__init__()
        self.key = key
        # Only what the operator touched is a change: a value the control cannot show
        # exactly (more decimals than its step) is not offered back as one.
        self.touched = False
        self.edited.connect(self._touch)
        self.spec = spec_of(Settings, key)
        self._metrics = metrics
        self._kind = _base_type(self.spec.annotation)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(metrics.touch)
        self._buttons: QButtonGroup | None = None
        self._combo: QComboBox | None = None
        self._number: QAbstractSpinBox | None = None
        self._line: QLineEdit | None = None
        self._switch: TouchButton | None = None
        choices = self.spec.choices
        if self._kind is bool:
            self._switch = TouchButton(metrics, "#5f6368")
            self._switch.setCheckable(True)
            self._switch.toggled.connect(self._switch_toggled)
            layout.addWidget(self._switch)
        elif choices is not None and len(choices) <= SEGMENTED_MAX:
            self._buttons = QButtonGroup(self)
            for index, choice in enumerate(choices):
                button = TouchButton(metrics, "#5f6368")
                button.setCheckable(True)
                button.setText(choice_text(choice))
                self._buttons.addButton(button, index)
                layout.addWidget(button)
            self._buttons.idClicked.connect(lambda _id: self.edited.emit())
        elif choices is not None:
            self._combo = QComboBox()
            self._combo.setFont(_big_font(metrics))
            self._combo.setMinimumHeight(metrics.touch)
            view = QListView()
            view.setStyleSheet(f"QListView::item {{ min-height: {metrics.touch}px; }}")
            self._combo.setView(view)
            for choice in choices:
                self._combo.addItem(choice_text(choice), choice)
            self._combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
            layout.addWidget(self._combo)
        elif self._kind in (int, float):
            layout.addWidget(self._stepper(metrics))
        else:
            self._line = QLineEdit()
            self._line.setFont(_big_font(metrics))
            self._line.setMinimumHeight(metrics.touch)
            for_keyboard(self._line, address=self.spec.address)
            self._line.textChanged.connect(lambda _t: self.edited.emit())
            layout.addWidget(self._line)
        self.set_value(value)

    def _stepper(self, metrics: Metrics) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        spec = self.spec
        number: QSpinBox | QDoubleSpinBox
        if self._kind is int:
            number = QSpinBox()
            number.setRange(int(spec.minimum or 0), int(spec.maximum or 2**31 - 1))
            number.setSingleStep(1)
        else:
            number = QDoubleSpinBox()
            step = step_for(spec)
            number.setDecimals(max(0, -math.floor(math.log10(step))) if step < 1 else 1)
            number.setDecimals(max(number.decimals(), 2))
            number.setSingleStep(step)
            number.setRange(float(spec.minimum or 0.0), float(spec.maximum or 1e9))
        number.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        number.setFont(_big_font(metrics, 7))
        number.setMinimumHeight(metrics.touch)
        for_keyboard(number)
        number.valueChanged.connect(lambda _v: self.edited.emit())
        self._number = number
        minus, plus = TouchButton(metrics, "#3c4043"), TouchButton(metrics, "#3c4043")
        for button, text, action in ((minus, "−", number.stepDown), (plus, "+", number.stepUp)):
            button.setText(text)
            button.setFixedWidth(metrics.touch)
            button.setAutoRepeat(True)  # hold to run through a range
            button.clicked.connect(action)
        row.addWidget(minus)
        row.addWidget(number, 1)
        row.addWidget(plus)
        return holder

    def _touch(self) -> None:
        self.touched = True

    def _switch_toggled(self, on: bool) -> None:
        assert self._switch is not None
        self._switch.setText(tr(texts.ON if on else texts.OFF))
        self.edited.emit()

    def set_value(self, value: Any) -> None:
        """Show `value` as the current one (not a change of the operator's)."""
        self.blockSignals(True)
        try:
            self._show(value)
        finally:
            self.blockSignals(False)
        self.touched = False

    def _show(self, value: Any) -> None:
        if self._switch is not None:
            self._switch.setChecked(bool(value))
            self._switch.setText(tr(texts.ON if value else texts.OFF))
        elif self._buttons is not None:
            assert self.spec.choices is not None
            self._buttons.button(self.spec.choices.index(value)).setChecked(True)
        elif self._combo is not None:
            self._combo.setCurrentIndex(max(0, self._combo.findData(value)))
        elif isinstance(self._number, (QSpinBox, QDoubleSpinBox)):
            self._number.setValue(value)
        elif self._line is not None:
            self._line.setText(str(value))

    def value(self) -> Any:
        if self._switch is not None:
            return self._switch.isChecked()
        if self._buttons is not None:
            assert self.spec.choices is not None
            return self.spec.choices[self._buttons.checkedId()]
        if self._combo is not None:
            return self._combo.currentData()
        if isinstance(self._number, (QSpinBox, QDoubleSpinBox)):
            return self._kind(self._number.value())
        assert self._line is not None
        return self._line.text()

    def retranslate(self) -> None:
        if self._switch is not None:
            self._switch.setText(tr(texts.ON if self._switch.isChecked() else texts.OFF))
        if self._buttons is not None and self.spec.choices is not None:
            for index, choice in enumerate(self.spec.choices):
                self._buttons.button(index).setText(choice_text(choice))
        if self._combo is not None and self.spec.choices is not None:
            for index, choice in enumerate(self.spec.choices):
                self._combo.setItemText(index, choice_text(choice))

    @property
    def field(self) -> QWidget:
        """The widget that takes typing, for tests and for scrolling it into view."""
        return self._line or self._number or self._combo or self._switch or self
