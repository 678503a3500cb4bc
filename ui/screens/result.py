"""The verdict: large temperature, colour, icon and words together (never colour alone)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.screening import ScreeningResult
from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import text_label


class ResultScreen(QFrame):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.icon = text_label(metrics, 32, bold=True)
        self.temperature = text_label(metrics, 30, bold=True)
        self.words = text_label(metrics, 12, bold=True)
        self.detail = text_label(metrics, 8)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.icon, self.temperature, self.words, self.detail):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.result: ScreeningResult | None = None

    def show_result(self, result: ScreeningResult) -> None:
        self.result = result
        icon, colour, words = texts.VERDICT[result.verdict]
        self.setStyleSheet(
            f"ResultScreen {{ background: {colour}; border-radius: 16px; }}"
            "QLabel { color: white; }"
        )
        self.icon.setText(icon)
        value = result.temperature_c
        self.temperature.setText("" if value is None else f"{value:.1f} °C")
        self.temperature.setVisible(value is not None)
        self.words.setText(tr(words))
        self.detail.setText(tr(texts.VERDICT_DETAIL[result.verdict]))

    def retranslate(self) -> None:
        if self.result is not None:
            self.show_result(self.result)
