"""What the operator checks: camera and sensor alive, today's counts, enrolled people."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QVBoxLayout, QWidget

from drivers.camera import CameraStatus
from drivers.thermal.base import SensorStatus
from kiosk.operator.daily_counts import DailyCounts
from kiosk.store.records import ScaleStatus
from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import text_label


@dataclass(frozen=True)
class KioskStatus:
    camera: CameraStatus | None
    sensor: SensorStatus | None
    today: DailyCounts
    scale: ScaleStatus


class StatusPanel(QWidget):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.camera = text_label(metrics, 6)
        self.sensor = text_label(metrics, 6)
        self.blackbody = text_label(metrics, 6)
        self.today = text_label(metrics, 6, bold=True)
        self.people = text_label(metrics, 6)
        self.alert = text_label(metrics, 6, bold=True)
        self.alert.setStyleSheet("color: #b3261e;")
        layout = QVBoxLayout(self)
        for label in (self.camera, self.sensor, self.blackbody, self.today, self.people):
            layout.addWidget(label)
        layout.addWidget(self.alert)
        layout.addStretch(1)
        self.status: KioskStatus | None = None

    def show_status(self, status: KioskStatus) -> None:
        self.status = status
        if status.camera is not None:
            camera = status.camera
            self.camera.setText(tr(texts.STATUS_CAMERA).format(state=camera.state, fps=camera.fps))
        if status.sensor is not None:
            sensor = status.sensor
            self.sensor.setText(
                tr(texts.STATUS_SENSOR).format(
                    state=sensor.state,
                    frames=sensor.frames,
                    bad=sensor.bad_checksums,
                    resyncs=sensor.resyncs,
                    reconnects=sensor.reconnects,
                )
            )
        self.blackbody.setText(tr(texts.STATUS_BLACKBODY))
        today = status.today
        self.today.setText(
            tr(texts.STATUS_TODAY).format(
                screened=today.screened,
                elevated=today.elevated,
                retakes=today.retakes,
                masked=today.masked,
            )
        )
        scale = status.scale
        self.people.setText(
            tr(texts.STATUS_PEOPLE).format(people=scale.people, threshold=scale.threshold)
        )
        self.alert.setText(tr(texts.STATUS_SCALE_ALERT) if scale.alert else "")

    def retranslate(self) -> None:
        if self.status is not None:
            self.show_status(self.status)
