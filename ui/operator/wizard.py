"""First-run set-up an installer finishes by touch alone: language, PIN, operator and contact,
camera (a large live picture with the face outlined), thermometer (detected on the serial
ports, its warm areas drawn over the picture to aim it), threshold, and the camera-to-
thermal calibration marked by tapping a warm target in the picture.

Every page is checked before Next (the schema's own rules), Back and Cancel are always
there, and every field is labelled and opens the on-screen keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.operator.pin import PinError, validate_pin
from kiosk.pipeline import PipelineUpdate
from kiosk.settings import Settings
from kiosk.settings.changes import refusal
from kiosk.settings.schema import spec_of
from ui import texts
from ui.keyboard import for_keyboard
from ui.metrics import Metrics
from ui.operator.fields import SettingEditor
from ui.operator.setting_texts import LABELS
from ui.texts import tr
from ui.widgets import PreviewView, TouchButton, text_label

CAMERA_CHOICES = ("auto", "0", "1", "2")
LANGUAGES = (("zh", "中文"), ("en", "English"))
Overlay = Callable[[PipelineUpdate], np.ndarray]


class WizardPage(QWidget):
    """One step: a title, a hint, its fields, and what it adds to the settings."""

    def __init__(self, metrics: Metrics, title: str, hint: str = "") -> None:
        super().__init__()
        self.title_text, self.hint_text = title, hint
        self.hint = text_label(metrics, 5.5)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.hint)

    def labelled(self, metrics: Metrics, label: str, field: QWidget) -> None:
        caption = text_label(metrics, 5, bold=True)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft)
        caption.setProperty("untranslated", label)
        self.body.addWidget(caption)
        self.body.addWidget(field)

    def retranslate(self) -> None:
        self.hint.setText(tr(self.hint_text) if self.hint_text else "")
        for index in range(self.body.count()):
            widget = self.body.itemAt(index).widget()
            if widget is not None and widget.property("untranslated"):
                widget.setText(tr(widget.property("untranslated")))  # type: ignore[attr-defined]


def _line(
    metrics: Metrics, text: str = "", *, digits: bool = False, address: bool = False
) -> QLineEdit:
    line = QLineEdit(text)
    font = line.font()
    font.setPixelSize(metrics.mm(6.5))
    line.setFont(font)
    line.setMinimumHeight(metrics.touch)
    if digits:
        line.setEchoMode(QLineEdit.EchoMode.Password)
    for_keyboard(line, digits=digits, secret=digits, address=address)
    return line


class SetupWizard(QWidget):
    finished = Signal(str, dict)  # the PIN, settings changes (dotted keys)
    cancelled = Signal()
    detect_requested = Signal()
    language_chosen = Signal(str)
    target_tapped = Signal(float, float)  # camera pixels of a calibration target
    fit_requested = Signal()
    undo_requested = Signal()

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        super().__init__()
        self._metrics = metrics
        self.settings = settings
        self.overlay: Overlay | None = None  # set by the window: the thermal picture on top
        self.title = text_label(metrics, 9, bold=True)
        self.step = text_label(metrics, 4.5)
        self.pages = QStackedWidget()
        self.message = text_label(metrics, 5.5, bold=True)
        self.message.setStyleSheet("color: #b3261e;")
        self.back = TouchButton(metrics, "#5f6368")
        self.cancel = TouchButton(metrics, "#5f6368")
        self.next = TouchButton(metrics, "#1b7f3b")
        self.back.clicked.connect(self._back)
        self.cancel.clicked.connect(self.cancelled)
        self.next.clicked.connect(self._next)
        self._checks: list[Callable[[], str]] = []
        self._build_language()
        self._build_pin()
        self._build_operator()
        self._build_camera()
        self._build_sensor()
        self._build_threshold()
        self._build_calibration()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel, 1)
        buttons.addWidget(self.back, 1)
        buttons.addWidget(self.next, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.step)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()

    def _add(self, page: WizardPage, check: Callable[[], str]) -> None:
        self.pages.addWidget(page)
        self._checks.append(check)

    # --- the pages ---------------------------------------------------------------------

    def _build_language(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_LANGUAGE_TITLE, texts.WIZARD_LANGUAGE)
        self.languages = QButtonGroup(self)
        row = QHBoxLayout()
        for index, (code, name) in enumerate(LANGUAGES):
            button = TouchButton(m, "#5f6368")
            button.setCheckable(True)
            button.setText(name)
            button.setProperty("code", code)
            self.languages.addButton(button, index)
            row.addWidget(button)
            if code == self.settings.privacy.notice.default_language:
                button.setChecked(True)
        self.languages.idClicked.connect(
            lambda index: self.language_chosen.emit(LANGUAGES[index][0])
        )
        page.body.addLayout(row)
        page.body.addStretch(1)
        self._add(page, lambda: "")

    def _build_pin(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_PIN_TITLE, texts.WIZARD_PIN)
        self.pin = _line(m, digits=True)
        self.pin_again = _line(m, digits=True)
        page.labelled(m, texts.NEW_PIN, self.pin)
        page.labelled(m, texts.REPEAT_PIN, self.pin_again)
        page.body.addStretch(1)

        def check() -> str:
            try:
                validate_pin(self.pin.text())
            except PinError:
                return tr(texts.PIN_TOO_SHORT)
            if self.pin.text() != self.pin_again.text():
                return tr(texts.WIZARD_PIN_MISMATCH)
            return ""

        self._add(page, check)

    def _build_operator(self) -> None:
        m = self._metrics
        notice = self.settings.privacy.notice
        page = WizardPage(m, texts.WIZARD_OPERATOR_TITLE, texts.WIZARD_OPERATOR)
        self.operator_name = _line(m, notice.operator_name)
        self.operator_contact = _line(m, notice.operator_contact)
        page.labelled(m, LABELS["privacy.notice.operator_name"][0], self.operator_name)
        page.labelled(m, LABELS["privacy.notice.operator_contact"][0], self.operator_contact)
        page.body.addStretch(1)

        def check() -> str:
            if not (self.operator_name.text().strip() and self.operator_contact.text().strip()):
                return tr(texts.WIZARD_NAME_NEEDED)
            return self._refused(
                {
                    "privacy.notice.operator_name": self.operator_name.text().strip(),
                    "privacy.notice.operator_contact": self.operator_contact.text().strip(),
                }
            )

        self._add(page, check)

    def _build_camera(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_CAMERA_TITLE, texts.WIZARD_CAMERA_HINT)
        self.cameras = QButtonGroup(self)
        row = QHBoxLayout()
        current = self.settings.camera.source
        for index, choice in enumerate(CAMERA_CHOICES):
            button = TouchButton(m, "#5f6368")
            button.setCheckable(True)
            button.setText(choice_name(choice))
            self.cameras.addButton(button, index)
            row.addWidget(button)
            button.setChecked(choice == current)
        self.camera_other = _line(
            m,
            "" if current in CAMERA_CHOICES else current,
            address=spec_of(Settings, "camera.source").address,
        )
        self.camera_other.textEdited.connect(lambda _t: self._uncheck(self.cameras))
        self.camera_preview = PreviewView((m.mm(120), m.mm(90)))
        page.body.addLayout(row)
        page.labelled(m, texts.WIZARD_CAMERA_OTHER, self.camera_other)
        page.body.addWidget(self.camera_preview, 1)
        self._add(page, lambda: self._refused({"camera.source": self.camera_source()}))

    def _build_sensor(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_SENSOR_TITLE, texts.WIZARD_SENSOR_HINT)
        self.sensor_driver = SettingEditor(m, "sensor.driver", self.settings.sensor.driver)
        # The lens sets the field of view, and so the registration the overlay shows.
        self.sensor_lens = SettingEditor(m, "sensor.lens", self.settings.sensor.lens)
        self.sensor_port = _line(
            m, self.settings.sensor.port, address=spec_of(Settings, "sensor.port").address
        )
        self.detect = TouchButton(m)
        self.detect.clicked.connect(self._detect)
        port_row = QHBoxLayout()
        port_row.addWidget(self.sensor_port, 1)
        port_row.addWidget(self.detect)
        holder = QWidget()
        holder.setLayout(port_row)
        self.sensor_preview = PreviewView((m.mm(100), m.mm(75)))
        page.labelled(m, LABELS["sensor.driver"][0], self.sensor_driver)
        page.labelled(m, LABELS["sensor.port"][0], holder)
        page.labelled(m, LABELS["sensor.lens"][0], self.sensor_lens)
        page.body.addWidget(self.sensor_preview, 1)

        def check() -> str:
            if not self.sensor_port.text().strip():
                return tr(texts.WIZARD_PORT_NEEDED)
            return self._refused(
                {
                    "sensor.driver": self.sensor_driver.value(),
                    "sensor.port": self.sensor_port.text().strip(),
                    "sensor.lens": self.sensor_lens.value(),
                }
            )

        self._add(page, check)

    def _build_threshold(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_THRESHOLD_TITLE, texts.WIZARD_THRESHOLD)
        self.threshold = SettingEditor(
            m, "screening.threshold_c", self.settings.screening.threshold_c
        )
        page.body.addWidget(self.threshold)
        page.body.addStretch(1)
        self._add(page, lambda: self._refused({"screening.threshold_c": self.threshold.value()}))

    def _build_calibration(self) -> None:
        m = self._metrics
        page = WizardPage(m, texts.WIZARD_CALIBRATION_TITLE, texts.WIZARD_AIM_HINT)
        self.calibration_steps = text_label(m, 4.5)
        self.calibration_steps.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.calibration_preview = PreviewView((m.mm(120), m.mm(90)))
        self.calibration_preview.tapped.connect(self.target_tapped)
        self.calibration_status = text_label(m, 5, bold=True)
        self.fit = TouchButton(m, "#1b7f3b")
        self.undo = TouchButton(m, "#5f6368")
        self.fit.clicked.connect(self.fit_requested)
        self.undo.clicked.connect(self.undo_requested)
        actions = QGridLayout()
        actions.addWidget(self.undo, 0, 0)
        actions.addWidget(self.fit, 0, 1)
        page.body.addWidget(self.calibration_steps)
        page.body.addWidget(self.calibration_preview, 1)
        page.body.addWidget(self.calibration_status)
        page.body.addLayout(actions)
        self._add(page, lambda: "")

    # --- moving between pages ----------------------------------------------------------

    def _refused(self, changes: dict[str, Any]) -> str:
        error = refusal(self.settings, changes)
        return "" if error is None else tr(texts.SETTINGS_REFUSED).format(reason=error.reason)

    def _next(self) -> None:
        index = self.pages.currentIndex()
        problem = self._checks[index]()
        self.message.setText(problem)
        if problem:
            return
        if index < self.pages.count() - 1:
            self.pages.setCurrentIndex(index + 1)
            self.retranslate()
            return
        self.finished.emit(self.pin.text(), self.changes())

    def _back(self) -> None:
        self.message.setText("")
        self.pages.setCurrentIndex(max(0, self.pages.currentIndex() - 1))
        self.retranslate()

    def _detect(self) -> None:
        self.message.setText(tr(texts.WIZARD_DETECTING))
        self.detect_requested.emit()

    @staticmethod
    def _uncheck(group: QButtonGroup) -> None:
        group.setExclusive(False)
        for button in group.buttons():
            button.setChecked(False)
        group.setExclusive(True)

    def camera_source(self) -> str:
        checked = self.cameras.checkedId()
        return CAMERA_CHOICES[checked] if checked >= 0 else self.camera_other.text().strip()

    def language(self) -> str:
        checked = self.languages.checkedId()
        return LANGUAGES[max(checked, 0)][0]

    def changes(self) -> dict[str, Any]:
        return {
            "privacy.notice.operator_name": self.operator_name.text().strip(),
            "privacy.notice.operator_contact": self.operator_contact.text().strip(),
            "privacy.notice.default_language": self.language(),
            "camera.source": self.camera_source(),
            "sensor.driver": self.sensor_driver.value(),
            "sensor.port": self.sensor_port.text().strip(),
            "sensor.lens": self.sensor_lens.value(),
            "screening.threshold_c": self.threshold.value(),
        }

    # --- what the window tells it ------------------------------------------------------

    def show_detection(self, report: dict[str, Any]) -> None:
        if report.get("found"):
            self.sensor_driver.set_value(report["driver"])
            self.sensor_port.setText(report["port"])
            self.message.setText(tr(texts.WIZARD_DETECTED).format(**report))
        else:
            self.message.setText(tr(texts.WIZARD_NOT_DETECTED).format(message=report["message"]))

    def show_calibration(self, text: str, marks: list[tuple[float, float]]) -> None:
        self.calibration_status.setText(text)
        self.calibration_preview.marks = list(marks)

    def show_update(self, update: PipelineUpdate) -> None:
        page = self.pages.currentIndex()
        if page == 3:
            self.camera_preview.show_update(update)
        elif page in (4, 6):
            image = None if self.overlay is None else self.overlay(update)
            preview = self.sensor_preview if page == 4 else self.calibration_preview
            preview.show_update(update, image)

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    def retranslate(self) -> None:
        self.title.setText(tr(texts.WIZARD_TITLE))
        index = self.pages.currentIndex()
        page = self.pages.currentWidget()
        assert isinstance(page, WizardPage)
        self.step.setText(
            tr(texts.WIZARD_STEP).format(step=index + 1, steps=self.pages.count())
            + " — "
            + tr(page.title_text)
        )
        for position in range(self.pages.count()):
            widget = self.pages.widget(position)
            if isinstance(widget, WizardPage):
                widget.retranslate()
        for button, choice in zip(self.cameras.buttons(), CAMERA_CHOICES, strict=True):
            button.setText(choice_name(choice))
        self.calibration_steps.setText(tr(texts.WIZARD_CALIBRATION_STEPS))
        self.detect.setText(tr(texts.WIZARD_DETECT))
        self.fit.setText(tr(texts.CALIBRATION_FIT))
        self.undo.setText(tr(texts.CALIBRATION_UNDO))
        self.back.setText(tr(texts.WIZARD_BACK))
        self.back.setEnabled(index > 0)
        self.cancel.setText(tr(texts.WIZARD_CANCEL))
        last = index == self.pages.count() - 1
        self.next.setText(tr(texts.WIZARD_FINISH if last else texts.WIZARD_NEXT))
        self.threshold.retranslate()
        self.sensor_driver.retranslate()
        self.sensor_lens.retranslate()


def choice_name(choice: str) -> str:
    if choice == "auto":
        return tr(texts.CAMERA_AUTO)
    return tr(texts.CAMERA_NUMBER).format(number=choice)
