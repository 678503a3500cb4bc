"""Recognition consent on its own screen: agree and decline equally prominent, decline is
one tap, and an under-14 visitor needs a parent or guardian to confirm."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QVBoxLayout, QWidget

from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import TouchButton, text_label

# Both answers wear the same colour and size: neither is nudged.
ANSWER_COLOUR = "#0b3d91"
QUESTION_COLOUR = "#5f6368"


class ConsentScreen(QWidget):
    # choice ("granted" / "declined"), under 14, guardian confirmed
    decided = Signal(str, bool, bool)

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.title = text_label(metrics, 10, bold=True)
        self.body = text_label(metrics, 6)
        self.age_question = text_label(metrics, 6.5, bold=True)
        self.under_14 = TouchButton(metrics, QUESTION_COLOUR)
        self.older = TouchButton(metrics, QUESTION_COLOUR)
        self.guardian = TouchButton(metrics, QUESTION_COLOUR)
        for button in (self.under_14, self.older, self.guardian):
            button.setCheckable(True)
        # The guardian's button keeps its place while hidden: nothing moves under a finger
        # when it appears.
        policy = self.guardian.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.guardian.setSizePolicy(policy)
        self.ages = QButtonGroup(self)
        self.ages.addButton(self.under_14)
        self.ages.addButton(self.older)
        self.under_14.toggled.connect(self._age_changed)
        self.message = text_label(metrics, 5.5, bold=True)
        self.message.setStyleSheet("color: #b3261e;")
        self.agree = TouchButton(metrics, ANSWER_COLOUR)
        self.decline = TouchButton(metrics, ANSWER_COLOUR)
        self.agree.clicked.connect(self._agree)
        self.decline.clicked.connect(lambda: self.decided.emit("declined", False, False))
        ages = QHBoxLayout()
        ages.addWidget(self.under_14)
        ages.addWidget(self.older)
        answers = QHBoxLayout()
        answers.addWidget(self.decline, 1)
        answers.addWidget(self.agree, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(self.age_question)
        layout.addLayout(ages)
        layout.addWidget(self.guardian)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(answers)
        self.reset()
        self.retranslate()

    def reset(self) -> None:
        """A fresh question for the next visitor: nothing pre-selected."""
        self.ages.setExclusive(False)
        for button in (self.under_14, self.older, self.guardian):
            button.setChecked(False)
        self.ages.setExclusive(True)
        self.guardian.setVisible(False)
        self.message.setText("")

    def _age_changed(self) -> None:
        self.guardian.setVisible(self.under_14.isChecked())
        self.message.setText("")

    def _agree(self) -> None:
        if not (self.under_14.isChecked() or self.older.isChecked()):
            self.message.setText(tr(texts.CONSENT_NEEDS_AGE))
            return
        under_14 = self.under_14.isChecked()
        if under_14 and not self.guardian.isChecked():
            self.message.setText(tr(texts.CONSENT_NEEDS_GUARDIAN))
            return
        self.decided.emit("granted", under_14, self.guardian.isChecked())

    def retranslate(self) -> None:
        self.title.setText(tr(texts.CONSENT_TITLE))
        self.body.setText(tr(texts.CONSENT_BODY))
        self.age_question.setText(tr(texts.CONSENT_AGE))
        self.under_14.setText(tr(texts.AGE_UNDER_14))
        self.older.setText(tr(texts.AGE_14_OR_OLDER))
        self.guardian.setText(tr(texts.GUARDIAN_CONFIRMS))
        self.agree.setText(tr(texts.AGREE))
        self.decline.setText(tr(texts.DECLINE))
