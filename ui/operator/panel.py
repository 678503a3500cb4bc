"""The operator panel: status, settings, aggregate export, PIN change, back to screening, quit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.settings import Settings
from ui import texts
from ui.keyboard import for_keyboard
from ui.metrics import Metrics
from ui.operator.enrolments_panel import EnrolmentsPanel
from ui.operator.settings_panel import SettingsPanel
from ui.operator.status_panel import StatusPanel
from ui.texts import tr
from ui.widgets import TouchButton, TouchTabs, text_label


class OperatorPanel(QWidget):
    export_requested = Signal()
    pin_change_requested = Signal(str, str)  # new PIN, repeated
    back_requested = Signal()
    quit_requested = Signal()
    test_gate_requested = Signal()

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        super().__init__()
        self.status = StatusPanel(metrics)
        self.settings = SettingsPanel(metrics, settings)
        self.enrolments = EnrolmentsPanel(metrics)
        self.tabs = TouchTabs(metrics)
        # Changing the PIN sits at the top of the status page: the on-screen keyboard opens
        # over the bottom of the screen, and the PIN typed must stay in sight above it.
        self.status_page = QWidget()
        self.tabs.addTab(self.status_page, "")
        self.tabs.addTab(self.settings, "")
        self.tabs.addTab(self.enrolments, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.message = text_label(metrics, 5, bold=True)
        self.new_pin = QLineEdit()
        self.repeat_pin = QLineEdit()
        for line in (self.new_pin, self.repeat_pin):
            line.setEchoMode(QLineEdit.EchoMode.Password)
            line.setFixedHeight(metrics.touch)
            font = line.font()
            font.setPixelSize(metrics.mm(6.5))
            line.setFont(font)
            for_keyboard(line, digits=True, secret=True)
        self.export = TouchButton(metrics)
        self.test_gate = TouchButton(metrics)
        self.test_gate.clicked.connect(self.test_gate_requested)
        self.change_pin = TouchButton(metrics)
        self.back = TouchButton(metrics, "#1b7f3b")
        self.quit = TouchButton(metrics, "#b3261e")
        self.export.clicked.connect(self.export_requested)
        self.change_pin.clicked.connect(
            lambda: self.pin_change_requested.emit(self.new_pin.text(), self.repeat_pin.text())
        )
        self.back.clicked.connect(self.back_requested)
        self.quit.clicked.connect(self.quit_requested)
        pin_row = QHBoxLayout()
        for widget in (self.new_pin, self.repeat_pin, self.change_pin):
            pin_row.addWidget(widget)
        actions = QHBoxLayout()
        for button in (self.export, self.test_gate, self.back, self.quit):
            actions.addWidget(button)
        status_layout = QVBoxLayout(self.status_page)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.addLayout(pin_row)
        status_layout.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.retranslate()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def retranslate(self) -> None:
        self.new_pin.setPlaceholderText(tr(texts.NEW_PIN))
        self.repeat_pin.setPlaceholderText(tr(texts.REPEAT_PIN))
        self.tabs.setTabText(0, tr(texts.PANEL_STATUS))
        self.tabs.setTabText(1, tr(texts.PANEL_SETTINGS))
        self.tabs.setTabText(2, tr(texts.PANEL_ENROLMENTS))
        self.export.setText(tr(texts.PANEL_EXPORT))
        self.test_gate.setText(tr(texts.PANEL_TEST_GATE))
        self.change_pin.setText(tr(texts.PANEL_CHANGE_PIN))
        self.back.setText(tr(texts.PANEL_BACK))
        self.quit.setText(tr(texts.PANEL_QUIT))
        self.status.retranslate()
        self.settings.retranslate()
        self.enrolments.retranslate()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.enrolments:
            self.enrolments.refresh_requested.emit()
