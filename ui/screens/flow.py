"""A step of enrolment or forget-me: the live picture, one message, and the buttons of the step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pipeline import PipelineUpdate
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import PreviewView, TouchButton, text_label

Step = tuple[str, Callable[[], None]]  # untranslated button text, action


class FlowScreen(QWidget):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self.title = text_label(metrics, 10, bold=True)
        self.preview = PreviewView((240, 180))
        self.message = text_label(metrics, 7)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons)
        self._title = ""
        self._text = ""
        self._format: dict[str, object] = {}
        self._steps: list[Step] = []

    def show_step(self, title: str, text: str, steps: list[Step], **values: object) -> None:
        """Show `text` (untranslated, formatted with `values`) and one button per step.

        The same buttons as before stay the same widgets (a step that updates its text ten
        times a second, like a countdown, must not pull a button from under a finger)."""
        same_buttons = [label for label, _ in steps] == [label for label, _ in self._steps]
        self._title, self._text, self._format, self._steps = title, text, values, steps
        if not same_buttons:
            while (item := self.buttons.takeAt(0)) is not None:
                if (widget := item.widget()) is not None:
                    widget.deleteLater()
            for index, (label, _action) in enumerate(steps):
                button = TouchButton(self._metrics)
                button.setText(tr(label))
                button.clicked.connect(lambda _=False, i=index: self._steps[i][1]())
                self.buttons.addWidget(button)
        self.retranslate()

    def show_update(self, update: PipelineUpdate) -> None:
        self.preview.show_update(update)

    def retranslate(self) -> None:
        self.title.setText(tr(self._title))
        self.message.setText(tr(self._text).format(**self._format) if self._text else "")
        for index, (label, _) in enumerate(self._steps):
            item = self.buttons.itemAt(index)
            widget = None if item is None else item.widget()
            if isinstance(widget, TouchButton):
                widget.setText(tr(label))
