"""Guidance and measuring: the live preview with a face guide, a plain instruction, progress."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QFrame, QProgressBar, QVBoxLayout, QWidget

from kiosk.pipeline import PipelineUpdate
from kiosk.screening import Guidance, Phase, ScreeningView
from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import PreviewView, text_label


class LiveScreen(QWidget):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.preview = PreviewView()
        self.panel = QFrame()
        self.instruction = text_label(metrics, 10, bold=True)
        self.hint = text_label(metrics, 6)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(metrics.mm(8))
        self.progress.setStyleSheet(
            "QProgressBar { background: #dadce0; border: none; border-radius: 8px; }"
            "QProgressBar::chunk { background: #2f80ed; border-radius: 8px; }"
        )
        panel = QVBoxLayout(self.panel)
        panel.addStretch(1)
        for widget in (self.instruction, self.progress, self.hint):
            panel.addWidget(widget)
        panel.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.addWidget(self.preview, 3)
        self.box.addWidget(self.panel, 2)
        self._view = ScreeningView(Phase.IDLE)
        self.show_view(self._view)

    def set_portrait(self, portrait: bool) -> None:
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def show_update(self, update: PipelineUpdate) -> None:
        self.preview.show_update(update)
        self.show_view(update.view)

    def show_view(self, view: ScreeningView) -> None:
        self._view = view
        paused = view.phase is Phase.PAUSED
        background, colour = ("#5f6368", "#ffffff") if paused else ("#f2f2f7", "#1d1d1f")
        self.panel.setStyleSheet(
            f"QFrame {{ background: {background}; border-radius: 16px; }}"
            f"QLabel {{ color: {colour}; }}"
        )
        measuring = view.phase is Phase.MEASURING
        self.progress.setVisible(measuring)
        self.progress.setValue(int(view.progress * 100))
        self.hint.setVisible(view.phase is Phase.GUIDING)
        if view.guidance is Guidance.STEP_CLOSER and view.closer_by_m:
            # Said in steps of 5 cm: nobody steps to the centimetre.
            cm = max(5, round(view.closer_by_m * 100 / 5) * 5)
            self.instruction.setText(tr(texts.STEP_CLOSER_BY).format(cm=cm))
            return
        text = texts.PAUSED if paused else texts.GUIDANCE[view.guidance]
        self.instruction.setText(tr(text))

    def retranslate(self) -> None:
        self.hint.setText(tr(texts.GUIDANCE_HINT))
        self.show_view(self._view)
