"""The kiosk window: the visitor's screens with the notice always shown, and behind a long
press on the top-left corner and the PIN, the operator's panel (or first-run setup).

The window only draws and reacts: database writes, PIN hashing, recognition and sensor
probing go to BackgroundTasks and come back as queued signals. Every kiosk event has a
receiver here: frames and verdicts the visitor screens, the service state the
out-of-service screen, alerts the staff banner and the status panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.operator.pin import PinCheck
from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.notice import build_notice
from kiosk.screening import Phase, ScreeningResult
from kiosk.service_state import ServiceState, ServiceStatus
from kiosk.services import KioskServices
from kiosk.settings import Settings
from kiosk.settings.changes import SettingsChange
from ui import texts
from ui.background import BackgroundTasks
from ui.feedback import VerdictFeedback
from ui.i18n import Language
from ui.metrics import Metrics, metrics_for
from ui.operator.panel import OperatorPanel
from ui.operator.pin_pad import PinPad
from ui.operator.wizard import SetupWizard
from ui.screens.attract import AttractScreen
from ui.screens.consent import ConsentScreen
from ui.screens.flow import FlowScreen, Step
from ui.screens.live import LiveScreen
from ui.screens.out_of_service import OutOfServiceScreen
from ui.screens.result import ResultScreen
from ui.texts import both, tr
from ui.widgets import CornerHotspot, NoticeBanner, StaffBanner, TouchButton, text_label

FLOW_TIMEOUT_MS = 60_000  # an abandoned consent or forget-me screen returns to screening
DECLINE_SHOWN_MS = 4_000
STATUS_REFRESH_MS = 2_000


class KioskWindow(QWidget):
    def __init__(
        self, settings: Settings, metrics: Metrics | None = None, *, demo: bool = False
    ) -> None:
        super().__init__()
        self.metrics = metrics or metrics_for(QGuiApplication.primaryScreen())
        self.settings = settings
        self.demo = demo
        self.service = ServiceState.STARTING
        self._alerts: dict[str, dict[str, Any]] = {}  # key → latest alert event, still showing
        self.language = Language(settings.privacy.notice.default_language)
        self.tasks = BackgroundTasks()
        self.feedback = VerdictFeedback(settings.operator)
        self.services: KioskServices | None = None
        self.panel: OperatorPanel | None = None
        self.wizard: SetupWizard | None = None
        self._pin_exists = True  # until the store says otherwise: ask for the PIN
        self._quit_allowed = False
        self._shown_result: ScreeningResult | None = None
        self._latest_frame: np.ndarray | None = None
        self.setWindowTitle(tr(texts.TITLE))
        self.setStyleSheet("KioskWindow { background: #ffffff; }")
        m = self.metrics

        self.title = text_label(m, 9, bold=True)
        self.language_button = TouchButton(m, "#3c4043")
        self.language_button.setFixedWidth(m.mm(40))
        self.language_button.clicked.connect(self.toggle_language)
        header = QHBoxLayout()
        header.addSpacing(m.mm(40))  # balances the language button so the title is centred
        header.addWidget(self.title, 1)
        header.addWidget(self.language_button)
        # Every demo screen says so, in both languages: simulated visitors are never mistaken
        # for real ones (a fresh install once showed simulated fevers as if real).
        self.demo_mark = text_label(m, 5, bold=True)
        self.demo_mark.setText(both(texts.DEMO_MARK).replace("\n", " / "))
        self.demo_mark.setStyleSheet(
            "background: #fbbc04; color: #202124; border-radius: 8px; padding: 4px;"
        )
        self.demo_mark.setVisible(demo)
        self.staff_banner = StaffBanner(m)

        self.attract = AttractScreen(m)
        self.live = LiveScreen(m)
        self.result = ResultScreen(m)
        self.consent = ConsentScreen(m)
        self.flow = FlowScreen(m)
        self.out_of_service = OutOfServiceScreen(m)
        self.visitor = QStackedWidget()
        for screen in (
            self.attract,
            self.live,
            self.result,
            self.consent,
            self.flow,
            self.out_of_service,
        ):
            self.visitor.addWidget(screen)
        self.visitor.setCurrentWidget(self.out_of_service)
        self.attract.offer_recognition(False)
        self.attract.consent_requested.connect(self.start_consent)
        self.attract.forget_requested.connect(self.start_forget)
        self.consent.decided.connect(self._consent_decided)
        self.notice = NoticeBanner(m, build_notice(settings.privacy))

        visitor_page = QWidget()
        visitor_layout = QVBoxLayout(visitor_page)
        visitor_layout.addWidget(self.demo_mark)
        visitor_layout.addWidget(self.staff_banner)
        visitor_layout.addLayout(header)
        visitor_layout.addWidget(self.visitor, 1)
        visitor_layout.addWidget(self.notice)
        self.visitor_page = visitor_page
        self.hotspot = CornerHotspot(visitor_page, m.touch * 2, settings.operator.corner_hold_s)
        self.hotspot.held.connect(self.ask_pin)

        self.pin_pad = PinPad(m)
        self.pin_pad.entered.connect(self._pin_entered)
        self.pin_pad.cancelled.connect(self.show_visitor)
        self.pages = QStackedWidget()
        self.pages.addWidget(visitor_page)
        self.pages.addWidget(self.pin_pad)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._flow_timer = self._timer(FLOW_TIMEOUT_MS, self.end_flow)
        self._status_timer = self._timer(STATUS_REFRESH_MS, self.refresh_status)
        self._status_timer.setSingleShot(False)
        self.retranslate()

    def _timer(self, ms: int, action: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(action)
        return timer

    # --- set-up ------------------------------------------------------------------------

    def attach(self, services: KioskServices) -> None:
        """Give the window the store and the rest: consent, forget-me and the operator side."""
        self.services = services
        self.panel = OperatorPanel(self.metrics, services.settings)
        self.panel.export_requested.connect(self._export)
        self.panel.pin_change_requested.connect(self._change_pin)
        self.panel.back_requested.connect(self.show_visitor)
        self.panel.quit_requested.connect(self.quit_kiosk)
        self.panel.test_gate_requested.connect(self._test_gate)
        self.panel.status.acknowledge_requested.connect(self._acknowledge)
        self.panel.settings.apply_requested.connect(self._apply_settings)
        self.pages.addWidget(self.panel)
        self.apply_live(services.settings)
        self.tasks.submit(services.pin.exists, self._pin_known)

    def _pin_known(self, exists: bool) -> None:
        self._pin_exists = exists
        services = self.services
        if services is None or (exists and services.set_up):
            return
        # A first start opens set-up; the demo opens on the visitor's screens instead and its
        # operator reaches set-up by the corner.
        if not services.demo:
            self._show_setup()

    def _show_setup(self) -> None:
        assert self.services is not None
        if self.wizard is not None:
            self.pages.setCurrentWidget(self.wizard)
            return
        self.wizard = SetupWizard(self.metrics, self.services.settings)
        self.wizard.finished.connect(self._setup_finished)
        self.wizard.detect_requested.connect(
            lambda: self.tasks.submit(KioskServices.detect_sensor, self._detected)
        )
        self.pages.addWidget(self.wizard)
        self.pages.setCurrentWidget(self.wizard)

    def _detected(self, report: dict[str, Any]) -> None:
        if self.wizard is not None:
            self.wizard.show_detection(report)

    def _setup_finished(self, pin: str, changes: dict[str, Any]) -> None:
        services = self.services
        assert services is not None and self.wizard is not None
        self.tasks.submit(
            lambda: services.first_setup(pin, changes),
            self._setup_done,
            lambda error: self.wizard.show_error(str(error)) if self.wizard else None,
        )

    def _setup_done(self, change: SettingsChange) -> None:
        self._pin_exists = True
        self.apply_live(change.settings)
        if self.panel is not None:
            self.panel.settings.load(change.settings)
        self.show_visitor()

    def enter_kiosk_mode(self) -> None:
        """Full screen, no frame; closing is refused until the operator quits with the PIN."""
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        # Without a window manager (a bare X server on a kiosk PC) full screen is only a
        # request: take the screen's geometry ourselves.
        self.setGeometry(self.screen().geometry())
        self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settings.operator.kiosk_mode and not self._quit_allowed:
            event.ignore()
            return
        event.accept()

    def quit_kiosk(self) -> None:
        self._quit_allowed = True
        QCoreApplication.quit()

    def shutdown(self) -> None:
        self._status_timer.stop()
        self.tasks.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.live.set_portrait(event.size().height() > event.size().width())
        self.hotspot.move(0, 0)
        self.hotspot.raise_()

    # --- the pipeline's updates --------------------------------------------------------

    def show_update(self, update: PipelineUpdate) -> None:
        self._latest_frame = update.frame.image
        if self.wizard is not None and self.pages.currentWidget() is self.wizard:
            self.wizard.show_update(update)
        if self.service is not ServiceState.IN_SERVICE:
            return  # the out-of-service screen stays until the kiosk says it can screen
        current = self.visitor.currentWidget()
        if current is self.flow:
            self.flow.show_update(update)
        if current in (self.consent, self.flow):
            return
        view = update.view
        if view.phase is Phase.RESULT and view.result is not None:
            if view.result is not self._shown_result:
                self._shown_result = view.result
                self.result.show_result(view.result)
                self.feedback.on_result(view.result)
            self.visitor.setCurrentWidget(self.result)
        elif view.phase is Phase.IDLE:
            self.visitor.setCurrentWidget(self.attract)
        else:
            self.live.show_update(update)
            self.visitor.setCurrentWidget(self.live)

    # --- the kiosk's events ------------------------------------------------------------

    def on_kiosk_event(self, event: dict[str, Any]) -> None:
        """Every kiosk event, on the GUI thread (verdicts and pauses also come with frames)."""
        kind = event.get("event")
        if kind == "service":
            self._service_changed(ServiceState(event["state"]))
        elif kind == "alert":
            self._alert_changed(event)
        if self.panel is not None and self.pages.currentWidget() is self.panel:
            self.refresh_status()

    def show_service(self, status: ServiceStatus) -> None:
        self._service_changed(status.state)

    def _service_changed(self, state: ServiceState) -> None:
        self.service = state
        self.out_of_service.show_state(state)
        if state is ServiceState.IN_SERVICE:
            if self.visitor.currentWidget() is self.out_of_service:
                self.visitor.setCurrentWidget(self.attract)
            return
        self._flow_timer.stop()
        self.visitor.setCurrentWidget(self.out_of_service)

    def _alert_changed(self, event: dict[str, Any]) -> None:
        key, state = event["key"], event["state"]
        if state == "raised" or (state == "over" and event.get("needs_ack")):
            self._alerts[key] = event
        else:
            self._alerts.pop(key, None)
        self._show_staff_banner()

    def _show_staff_banner(self) -> None:
        if not self._alerts:
            self.staff_banner.show_alerts("")
            return
        order = {"critical": 0, "warning": 1, "info": 2}
        first = min(self._alerts.values(), key=lambda e: order.get(e.get("severity", ""), 3))
        self.staff_banner.show_alerts(
            tr(texts.STAFF_ALERTS).format(count=len(self._alerts), first=first["message"])
        )

    # --- language ----------------------------------------------------------------------

    def toggle_language(self) -> None:
        self.set_language(self.language.other())

    def set_language(self, code: str) -> None:
        self.language.switch(code)
        self.notice.set_language(code)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr(texts.TITLE))
        self.language_button.setText(tr(texts.LANGUAGE_BUTTON))
        for screen in (self.attract, self.live, self.result, self.consent, self.flow):
            screen.retranslate()
        self.pin_pad.retranslate()
        for page in (self.panel, self.wizard):
            if page is not None:
                page.retranslate()

    # --- consent and forget-me ---------------------------------------------------------

    def _flow(self, title: str, text: str, steps: list[Step], **values: object) -> None:
        self.flow.show_step(title, text, steps, **values)
        self.visitor.setCurrentWidget(self.flow)
        self._flow_timer.start()

    def end_flow(self) -> None:
        self._flow_timer.stop()
        self.visitor.setCurrentWidget(self.attract)

    def _failed(self, title: str) -> Callable[[Exception], None]:
        return lambda _error: self._flow(
            title, texts.SOMETHING_WENT_WRONG, [(texts.BACK, self.end_flow)]
        )

    def start_consent(self) -> None:
        self.consent.reset()
        self.visitor.setCurrentWidget(self.consent)
        self._flow_timer.start()

    def _consent_decided(self, choice: str, under_14: bool, guardian: bool) -> None:
        services = self.services
        assert services is not None
        title = texts.CONSENT_TITLE
        if choice == "declined":
            self.tasks.submit(
                lambda: services.record_consent("declined", False, False),
                lambda _id: None,
                self._failed(title),
            )
            self._flow(title, texts.DECLINED, [(texts.BACK, self.end_flow)])
            self._flow_timer.start(DECLINE_SHOWN_MS)
            return
        frame = self._latest_frame
        self._flow(title, texts.ENROL_LOOK, [])

        def enrol() -> int | None:
            consent_id = services.record_consent("granted", under_14, guardian)
            return None if frame is None else services.enrol(frame, consent_id)

        self.tasks.submit(enrol, self._enrolled, self._failed(title))

    def _enrolled(self, number: int | None) -> None:
        back = [(texts.BACK, self.end_flow)]
        if number is None:
            self._flow(texts.CONSENT_TITLE, texts.ENROL_FAILED, back)
        else:
            self._flow(texts.CONSENT_TITLE, texts.ENROLLED, back, number=number)

    def start_forget(self) -> None:
        steps = [(texts.FIND_ME, self._find_me), (texts.CANCEL, self.end_flow)]
        self._flow(texts.FORGET_TITLE, texts.FORGET_BODY, steps)

    def _find_me(self) -> None:
        services, frame = self.services, self._latest_frame
        assert services is not None
        self._flow(texts.FORGET_TITLE, texts.SEARCHING, [])
        if frame is None:
            self._found(None)
            return
        self.tasks.submit(
            lambda: services.find_person(frame), self._found, self._failed(texts.FORGET_TITLE)
        )

    def _found(self, person_id: int | None) -> None:
        if person_id is None:
            self._flow(texts.FORGET_TITLE, texts.NOT_FOUND, [(texts.BACK, self.end_flow)])
            return
        steps = [(texts.DELETE_NOW, lambda: self._forget(person_id)), (texts.CANCEL, self.end_flow)]
        self._flow(texts.FORGET_TITLE, texts.FOUND, steps, number=person_id)

    def _forget(self, person_id: int) -> None:
        services = self.services
        assert services is not None
        self.tasks.submit(
            lambda: services.forget(person_id),
            lambda _templates: self._flow(
                texts.FORGET_TITLE, texts.DELETED, [(texts.BACK, self.end_flow)]
            ),
            self._failed(texts.FORGET_TITLE),
        )

    # --- operator ----------------------------------------------------------------------

    def ask_pin(self) -> None:
        if self.services is None:
            return
        if not self._pin_exists or not (self.services.set_up or self.services.demo):
            self._show_setup()
            return
        self.pin_pad.reset()
        self.pages.setCurrentWidget(self.pin_pad)

    def _pin_entered(self, pin: str) -> None:
        services = self.services
        assert services is not None
        self.pin_pad.reset(tr(texts.PIN_CHECKING))
        self.tasks.submit(lambda: services.pin.check(pin), self._pin_checked)

    def _pin_checked(self, check: PinCheck) -> None:
        if check.accepted and self.panel is not None:
            self.pages.setCurrentWidget(self.panel)
            self.panel.show_message("")
            self.refresh_status()
            self._status_timer.start()
            return
        if check.locked_for_s > 0:
            minutes, seconds = divmod(int(check.locked_for_s + 0.999), 60)
            message = tr(texts.PIN_LOCKED).format(minutes=minutes, seconds=seconds)
        else:
            message = tr(texts.PIN_WRONG).format(left=check.failures_left)
        self.pin_pad.reset(message)

    def show_visitor(self) -> None:
        self._status_timer.stop()
        self.pages.setCurrentWidget(self.visitor_page)

    def refresh_status(self) -> None:
        if self.services is not None and self.panel is not None:
            self.tasks.submit(self.services.status, self.panel.status.show_status)

    def _export(self) -> None:
        assert self.services is not None and self.panel is not None
        panel = self.panel
        self.tasks.submit(
            self.services.export_counts,
            lambda done: panel.show_message(
                tr(texts.PANEL_EXPORTED).format(path=done[0], days=done[1])
            ),
            lambda error: panel.show_message(str(error)),
        )

    def _change_pin(self, pin: str, repeated: str) -> None:
        assert self.services is not None and self.panel is not None
        panel = self.panel
        if pin != repeated:
            panel.show_message(tr(texts.WIZARD_PIN_MISMATCH))
            return
        self.tasks.submit(
            lambda: self.services.pin.set_pin(pin) if self.services else None,
            lambda _: panel.show_message(tr(texts.SETTINGS_SAVED)),
            lambda error: panel.show_message(str(error)),
        )

    def _apply_settings(self, changes: dict[str, Any]) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None
        if not changes:
            panel.settings.show_message(tr(texts.SETTINGS_SAVED))
            return

        def applied(change: SettingsChange) -> None:
            panel.settings.load(change.settings)
            self.apply_live(change.settings)
            done = texts.SETTINGS_RESTART if change.needs_restart else texts.SETTINGS_SAVED
            panel.settings.show_message(tr(done))

        self.tasks.submit(
            lambda: services.change_settings(changes),
            applied,
            lambda error: panel.settings.show_message(
                tr(texts.SETTINGS_REFUSED).format(reason=error)
            ),
        )

    def _test_gate(self) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None
        self.tasks.submit(
            services.test_gate,
            lambda pulsed: panel.show_message(
                tr(texts.GATE_TESTED if pulsed else texts.GATE_NOT_CONFIGURED)
            ),
            lambda error: panel.show_message(str(error)),
        )

    def _acknowledge(self, key: str) -> None:
        services = self.services
        assert services is not None
        self.tasks.submit(lambda: services.acknowledge(key), lambda _: self.refresh_status())

    def apply_live(self, settings: Settings) -> None:
        """Take over the settings the running kiosk can change without a restart."""
        self.settings = settings
        self.notice.set_notice(build_notice(settings.privacy))
        self.feedback.apply(settings.operator)
        self.hotspot.set_hold(settings.operator.corner_hold_s)
        self.attract.offer_recognition(
            settings.recognition.enabled and settings.privacy.enrolment_enabled
        )
