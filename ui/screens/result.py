"""The verdict: large temperature, colour, icon and words together (never colour alone), in
both languages at once, sized to be read from two metres.

Sizes come from the panel's physical size (ui.metrics): the verdict's letters are at least
10 mm tall and the line under it at least 7 mm — what a reader at 2 m needs (about 5 and
3.5 arc-minutes per stroke, comfortably above a 6/6 eye's limit).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.screening import ScreeningResult, Verdict
from ui import texts
from ui.metrics import Metrics
from ui.texts import other_language, tr
from ui.widgets import text_label

# Font sizes (em) giving the letter heights above: a Latin capital is about 0.72 em tall
# in the kiosk's fonts, a Chinese character about 0.9 em; tests measure the real font.
VERDICT_EM_MM = 14.5
SECOND_EM_MM = 10.0


class ResultScreen(QFrame):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.icon = text_label(metrics, 28, bold=True)
        self.temperature = text_label(metrics, 28, bold=True)
        self.words = text_label(metrics, VERDICT_EM_MM, bold=True)
        self.words_other = text_label(metrics, SECOND_EM_MM, bold=True)
        self.detail = text_label(metrics, SECOND_EM_MM)
        self.greeting = text_label(metrics, SECOND_EM_MM, bold=True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (
            self.icon,
            self.temperature,
            self.greeting,
            self.words,
            self.words_other,
            self.detail,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.result: ScreeningResult | None = None
        self._greeting = ""

    def show_result(self, result: ScreeningResult, greeting: str = "") -> None:
        self.result = result
        self._greeting = greeting
        icon, colour, words = texts.VERDICT[result.verdict]
        detail = texts.VERDICT_DETAIL[result.verdict]
        if result.verdict is Verdict.ELEVATED and result.clear_of_threshold is False:
            # Referred because a fever could not be ruled out, not because one was measured.
            words, detail = texts.VERDICT_REFER, texts.VERDICT_REFER_DETAIL
        self.setStyleSheet(
            f"ResultScreen {{ background: {colour}; border-radius: 16px; }}"
            "QLabel { color: white; }"
        )
        self.icon.setText(icon)
        value = result.temperature_c
        self.temperature.setText("" if value is None else f"{value:.1f} °C")
        self.temperature.setVisible(value is not None)
        self.words.setText(tr(words))
        self.words_other.setText(other_language(words))
        measured = result.measurement
        forehead = measured is not None and measured.low_confidence and value is not None
        self.detail.setText(tr(detail) + ("\n" + tr(texts.FOREHEAD_NOTE) if forehead else ""))
        self.greeting.setText(greeting)
        self.greeting.setVisible(bool(greeting))

    def greet(self, greeting: str) -> None:
        """Add a recognised visitor's greeting to the result on screen."""
        if self.result is not None:
            self.show_result(self.result, greeting)

    def retranslate(self) -> None:
        if self.result is not None:
            self.show_result(self.result, self._greeting)
