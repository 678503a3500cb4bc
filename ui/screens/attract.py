"""The attract screen: what the kiosk does and 'step up to be screened'; recognition offered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import TouchButton, text_label


class AttractScreen(QWidget):
    consent_requested = Signal()
    forget_requested = Signal()

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.icon = text_label(metrics, 30, bold=True)
        self.icon.setText("☺")
        self.headline = text_label(metrics, 13, bold=True)
        self.detail = text_label(metrics, 7)
        self.recognition = TouchButton(metrics, "#3c4043")
        self.forget = TouchButton(metrics, "#3c4043")
        self.recognition.clicked.connect(self.consent_requested)
        self.forget.clicked.connect(self.forget_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recognition)
        buttons.addWidget(self.forget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.icon, self.headline, self.detail):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def offer_recognition(self, offered: bool) -> None:
        self.recognition.setVisible(offered)
        self.forget.setVisible(offered)

    def retranslate(self) -> None:
        self.headline.setText(tr(texts.STEP_UP))
        self.detail.setText(tr(texts.STEP_UP_DETAIL))
        self.recognition.setText(tr(texts.RECOGNITION_OFFER))
        self.forget.setText(tr(texts.FORGET_ME))
