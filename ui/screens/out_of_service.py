"""Out of service (or starting up): calm, in both languages, and "please ask staff".

Shown from the kiosk's service state — device and stage status — never from camera frames,
so it appears also when no frame arrives at all. Why it is out of service is for staff: it
is on the operator banner and the status panel, not here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.service_state import ServiceState
from ui import texts
from ui.metrics import Metrics
from ui.texts import both
from ui.widgets import text_label


class OutOfServiceScreen(QFrame):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.setStyleSheet(
            "OutOfServiceScreen { background: #e8eaed; border-radius: 16px; }"
            "QLabel { color: #3c4043; }"
        )
        self.icon = text_label(metrics, 24, bold=True)
        self.headline = text_label(metrics, 11, bold=True)
        self.detail = text_label(metrics, 7)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.icon, self.headline, self.detail):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.state = ServiceState.STARTING
        self.show_state(self.state)

    def show_state(self, state: ServiceState) -> None:
        self.state = state
        starting = state is ServiceState.STARTING
        self.icon.setText("…" if starting else "ⓘ")
        self.headline.setText(both(texts.STARTING if starting else texts.OUT_OF_SERVICE))
        self.detail.setText("" if starting else both(texts.OUT_OF_SERVICE_DETAIL))

    def retranslate(self) -> None:
        self.show_state(self.state)  # always both languages
