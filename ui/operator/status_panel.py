"""What the operator checks: in service or not and why, each stage's heartbeat and restarts,
camera, sensor, blackbody and gate, the alerts (acknowledged here), today's counts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.services import KioskStatus
from ui import texts
from ui.metrics import Metrics
from ui.texts import tr
from ui.widgets import TouchButton, text_label

SEVERITY_COLOURS = {"critical": "#b3261e", "warning": "#8a6d00"}
SERVICE_TEXTS = {
    "starting": texts.STATUS_STARTING,
    "in_service": texts.STATUS_IN_SERVICE,
    "out_of_service": texts.STATUS_OUT_OF_SERVICE,
}


class StatusPanel(QWidget):
    acknowledge_requested = Signal(str)  # alert key

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self.service = text_label(metrics, 6, bold=True)
        self.camera = text_label(metrics, 5)
        self.sensor = text_label(metrics, 5)
        self.blackbody = text_label(metrics, 5)
        self.gate = text_label(metrics, 5)
        self.stages = text_label(metrics, 4.5)
        self.today = text_label(metrics, 5.5, bold=True)
        self.people = text_label(metrics, 5)
        self.scale_alert = text_label(metrics, 5.5, bold=True)
        self.scale_alert.setStyleSheet("color: #b3261e;")
        self.alerts = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.service)
        layout.addLayout(self.alerts)
        for label in (self.camera, self.sensor, self.blackbody, self.gate, self.stages):
            label.setAlignment(label.alignment().AlignLeft)
            layout.addWidget(label)
        for label in (self.today, self.people, self.scale_alert):
            layout.addWidget(label)
        layout.addStretch(1)
        self.status: KioskStatus | None = None

    def show_status(self, status: KioskStatus) -> None:
        self.status = status
        service = status.service
        text = tr(SERVICE_TEXTS[str(service.state)])
        # A reason already shown as an alert below is not repeated in the headline.
        alerted = {alert.message for alert in status.alerts}
        reasons = " ".join(f.message for f in service.faults if f.message not in alerted)
        self.service.setText(f"{text} {reasons}".strip())
        if status.camera is not None:
            camera = status.camera
            state = tr(texts.state_word(camera.state))
            self.camera.setText(tr(texts.STATUS_CAMERA).format(state=state, fps=camera.fps))
        if status.sensor is not None:
            sensor = status.sensor
            self.sensor.setText(
                tr(texts.STATUS_SENSOR).format(
                    state=tr(texts.state_word(sensor.state)),
                    frames=sensor.frames,
                    bad=sensor.bad_checksums,
                    resyncs=sensor.resyncs,
                    reconnects=sensor.reconnects,
                )
            )
        self.blackbody.setText(tr(texts.STATUS_BLACKBODY).format(state=_state(status.blackbody)))
        self.gate.setText(tr(texts.STATUS_GATE).format(state=_state(status.gate)))
        self.stages.setText(
            tr(texts.STATUS_STAGES).format(
                stages=", ".join(
                    tr(texts.STATUS_STAGE).format(
                        name=tr(texts.STAGE_NAMES.get(stage.name, stage.name)),
                        age=max(0.0, stage.beat_age_s),  # beats stamped during the read
                        restarts=stage.restarts,
                    )
                    for stage in status.stages
                )
            )
        )
        self._show_alerts(status)
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
        self.scale_alert.setText(tr(texts.STATUS_SCALE_ALERT) if scale.alert else "")

    def _show_alerts(self, status: KioskStatus) -> None:
        while (item := self.alerts.takeAt(0)) is not None:
            if (row := item.layout()) is not None:
                while (inner := row.takeAt(0)) is not None:
                    if (widget := inner.widget()) is not None:
                        widget.deleteLater()
        for alert in status.alerts:
            row = QHBoxLayout()
            label = QLabel(alert.message)
            label.setWordWrap(True)
            colour = SEVERITY_COLOURS.get(str(alert.severity), "#3c4043")
            label.setStyleSheet(f"color: {colour}; font-size: {self._metrics.mm(4.5)}px;")
            row.addWidget(label, 1)
            if alert.needs_ack:
                button = TouchButton(self._metrics, "#3c4043")
                button.setText(tr(texts.ACKNOWLEDGE))
                button.setFixedWidth(self._metrics.mm(45))
                key = alert.key
                button.clicked.connect(
                    lambda _=False, key=key: self.acknowledge_requested.emit(key)
                )
                row.addWidget(button)
            self.alerts.addLayout(row)

    def retranslate(self) -> None:
        if self.status is not None:
            self.show_status(self.status)


def _state(state: str) -> str:
    """A gate or blackbody state in the panel's language; a failure keeps the device's words."""
    failing, _, reason = state.partition(": ")
    if failing == "failing" and reason:
        return tr(texts.STATE_FAILING).format(reason=reason)
    return tr(texts.state_word(state))
