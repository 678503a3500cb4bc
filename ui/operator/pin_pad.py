"""A large numeric PIN pad; the window checks the PIN off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout, QWidget

from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import TouchButton, text_label


class PinPad(QWidget):
    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.title = text_label(metrics, 9, bold=True)
        self.display = QLineEdit()
        self.display.setEchoMode(QLineEdit.EchoMode.Password)
        self.display.setReadOnly(True)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setFixedHeight(metrics.touch)
        self.display.setStyleSheet(f"font-size: {metrics.mm(8)}px;")
        self.message = text_label(metrics, 5.5, bold=True)
        grid = QGridLayout()
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._key(metrics, digit), index // 3, index % 3)
        self.clear = TouchButton(metrics, "#5f6368")
        self.clear.clicked.connect(self.display.clear)
        self.ok = TouchButton(metrics, "#1b7f3b")
        self.ok.clicked.connect(lambda: self.entered.emit(self.display.text()))
        grid.addWidget(self.clear, 3, 0)
        grid.addWidget(self._key(metrics, "0"), 3, 1)
        grid.addWidget(self.ok, 3, 2)
        self.cancel = TouchButton(metrics, "#5f6368")
        self.cancel.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.display, self.message):
            layout.addWidget(widget)
        layout.addLayout(grid)
        layout.addWidget(self.cancel)
        layout.addStretch(1)
        self.retranslate()

    def _key(self, metrics: Metrics, digit: str) -> TouchButton:
        key = TouchButton(metrics)
        key.setText(digit)
        key.clicked.connect(lambda: self.display.setText(self.display.text() + digit))
        return key

    def reset(self, message: str = "") -> None:
        self.display.clear()
        self.message.setText(message)

    def retranslate(self) -> None:
        self.title.setText(tr(texts.PIN_TITLE))
        self.clear.setText(tr(texts.CLEAR))
        self.ok.setText(tr(texts.OK))
        self.cancel.setText(tr(texts.CANCEL))
