"""First-run setup when no PIN exists: PIN, operator and contact, language, camera with its
live picture, sensor detection, threshold, and where calibration stands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.pipeline import PipelineUpdate
from kiosk.settings import Settings
from ui import texts
from ui.metrics import Metrics
from ui.operator.fields import SettingEditor
from ui.texts import tr
from ui.widgets import PreviewView, TouchButton, text_label


class SetupWizard(QWidget):
    finished = Signal(str, dict)  # the PIN, settings changes (dotted keys)
    detect_requested = Signal()

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        super().__init__()
        self._metrics = metrics
        self.title = text_label(metrics, 9, bold=True)
        self.pages = QStackedWidget()
        self.message = text_label(metrics, 5, bold=True)
        self.next = TouchButton(metrics, "#1b7f3b")
        self.next.clicked.connect(self._next)
        self.prompts: list[tuple[Any, str]] = []  # (label, untranslated text)
        self.pin = self._password()
        self.pin_again = self._password()
        self._page(texts.WIZARD_PIN, self.pin, self.pin_again)
        self.operator_name = QLineEdit(settings.privacy.notice.operator_name)
        self.operator_contact = QLineEdit(settings.privacy.notice.operator_contact)
        self._page(texts.WIZARD_OPERATOR, self.operator_name, self.operator_contact)
        self.language = QComboBox()
        self.language.addItems(["zh", "en"])
        self.language.setCurrentText(settings.privacy.notice.default_language)
        self._page(texts.WIZARD_LANGUAGE, self.language)
        self.camera = QLineEdit(settings.camera.source)
        self.preview = PreviewView((320, 240))
        self._page(texts.WIZARD_CAMERA, self.camera, self.preview)
        self.sensor_driver = SettingEditor("sensor.driver", settings.sensor.driver)
        self.sensor_port = QLineEdit(settings.sensor.port)
        self.detect = TouchButton(metrics)
        self.detect.clicked.connect(self._detect)
        self._page(texts.WIZARD_SENSOR, self.sensor_driver.widget, self.sensor_port, self.detect)
        self.threshold = SettingEditor("screening.threshold_c", settings.screening.threshold_c)
        self._page(texts.WIZARD_THRESHOLD, self.threshold.widget)
        matrix = settings.fusion.rgb_to_thermal
        self.matrix_text = "\n".join(
            "  ".join(f"{v:9.4f}" for v in matrix[row * 3 : row * 3 + 3]) for row in range(3)
        )
        self.calibration = text_label(metrics, 5)
        self.calibration.setStyleSheet("font-family: monospace;")
        self._page("", self.calibration)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.next)
        self.retranslate()

    def _password(self) -> QLineEdit:
        line = QLineEdit()
        line.setEchoMode(QLineEdit.EchoMode.Password)
        return line

    def _page(self, prompt: str, *widgets: QWidget) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = text_label(self._metrics, 6)
        self.prompts.append((label, prompt))
        layout.addWidget(label)
        for widget in widgets:
            widget.setMinimumHeight(self._metrics.touch)
            layout.addWidget(widget)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def _next(self) -> None:
        if self.pages.currentIndex() == 0 and self.pin.text() != self.pin_again.text():
            self.message.setText(tr(texts.WIZARD_PIN_MISMATCH))
            return
        self.message.setText("")
        if self.pages.currentIndex() < self.pages.count() - 1:
            self.pages.setCurrentIndex(self.pages.currentIndex() + 1)
            self.retranslate()
            return
        self.finished.emit(self.pin.text(), self.changes())

    def changes(self) -> dict[str, Any]:
        return {
            "privacy.notice.operator_name": self.operator_name.text(),
            "privacy.notice.operator_contact": self.operator_contact.text(),
            "privacy.notice.default_language": self.language.currentText(),
            "camera.source": self.camera.text().strip(),
            "sensor.driver": self.sensor_driver.value(),
            "sensor.port": self.sensor_port.text().strip(),
            "screening.threshold_c": self.threshold.value(),
        }

    def _detect(self) -> None:
        self.message.setText(tr(texts.WIZARD_DETECTING))
        self.detect_requested.emit()

    def show_detection(self, report: dict[str, Any]) -> None:
        if report.get("found"):
            self.sensor_driver.widget.setCurrentText(report["driver"])  # type: ignore[attr-defined]
            self.sensor_port.setText(report["port"])
            self.message.setText(tr(texts.WIZARD_DETECTED).format(**report))
        else:
            self.message.setText(tr(texts.WIZARD_NOT_DETECTED).format(message=report["message"]))

    def show_update(self, update: PipelineUpdate) -> None:
        if self.pages.currentIndex() == 3:
            self.preview.show_update(update)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentIndex(0)

    def retranslate(self) -> None:
        self.title.setText(tr(texts.WIZARD_TITLE))
        for label, prompt in self.prompts:
            label.setText(tr(prompt) if prompt else "")
        self.calibration.setText(tr(texts.WIZARD_CALIBRATION).format(matrix=self.matrix_text))
        self.detect.setText(tr(texts.WIZARD_DETECT))
        last = self.pages.currentIndex() == self.pages.count() - 1
        self.next.setText(tr(texts.WIZARD_FINISH if last else texts.WIZARD_NEXT))
