"""The staff's list of enrolments: number, label, enrolled, last seen and when it will be
deleted, each deletable after a confirmation (the deletion is audited in the kiosk layer)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.recognition.enrolments import Enrolment
from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import TouchButton, text_label

DATE = "%Y-%m-%d"


class EnrolmentsPanel(QWidget):
    delete_requested = Signal(int)  # enrolment number
    refresh_requested = Signal()

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self.summary = text_label(metrics, 5.5, bold=True)
        self.rows = QVBoxLayout()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addLayout(self.rows)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        QScroller.grabGesture(
            scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self._shown: tuple[int, list[Enrolment]] = (0, [])
        self.delete_buttons: dict[int, TouchButton] = {}

    def show_enrolments(self, listing: tuple[int, list[Enrolment]]) -> None:
        self._shown = listing
        count, enrolments = listing
        self.summary.setText(tr(texts.ENROLMENTS_COUNT).format(count=count))
        while (item := self.rows.takeAt(0)) is not None:
            if (row := item.layout()) is not None:
                while (inner := row.takeAt(0)) is not None:
                    if (widget := inner.widget()) is not None:
                        widget.deleteLater()
        self.delete_buttons = {}
        for enrolment in enrolments:
            row = QHBoxLayout()
            text = QLabel(
                tr(texts.ENROLMENT_ROW).format(
                    number=enrolment.person_id,
                    label=enrolment.label,
                    enrolled=enrolment.enrolled_at.strftime(DATE),
                    seen=enrolment.last_seen_at.strftime(DATE),
                    expires=enrolment.expires_at.strftime(DATE),
                )
            )
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)  # a label is whatever staff typed
            text.setStyleSheet(f"font-size: {self._metrics.mm(4.5)}px;")
            delete = TouchButton(self._metrics, "#b3261e")
            delete.setText(tr(texts.DELETE))
            delete.setFixedWidth(self._metrics.mm(35))
            number = enrolment.person_id
            delete.clicked.connect(lambda _=False, n=number: self.delete_requested.emit(n))
            self.delete_buttons[number] = delete
            row.addWidget(text, 1)
            row.addWidget(delete)
            self.rows.addLayout(row)

    def retranslate(self) -> None:
        self.show_enrolments(self._shown)
