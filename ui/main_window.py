"""The kiosk window: the visitor's screens with the notice always shown, and behind a long
press on the top-left corner and the PIN, the operator's side (ui/operator/desk.py).

The window only draws and reacts: database writes, PIN hashing, recognition and sensor
probing go to BackgroundTasks and come back as queued signals. Every kiosk event has a
receiver here: frames and verdicts the visitor screens, the service state the
out-of-service screen, alerts the staff banner and the status panel.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.notice import notice_for
from kiosk.recognition.enrolment import EnrolmentPhase, EnrolmentProgress
from kiosk.recognition.worker import LookupResult
from kiosk.screening import Phase, ScreeningResult
from kiosk.service_state import ServiceState, ServiceStatus
from kiosk.services import KioskServices
from kiosk.settings import Settings
from ui import texts
from ui.background import BackgroundTasks
from ui.feedback import VerdictFeedback
from ui.i18n import Language
from ui.keyboard import KeyboardAvoidance, keyboard_language
from ui.metrics import Metrics, metrics_for
from ui.operator.desk import OperatorDesk
from ui.screens.attract import AttractScreen
from ui.screens.consent import ConsentScreen
from ui.screens.flow import FlowScreen, Step
from ui.screens.live import LiveScreen
from ui.screens.out_of_service import OutOfServiceScreen
from ui.screens.result import ResultScreen
from ui.texts import alert_title, both, tr
from ui.widgets import CornerHotspot, NoticeBanner, StaffBanner, TouchButton, text_label

FLOW_TIMEOUT_MS = 60_000  # an abandoned consent or forget-me screen returns to screening
DECLINE_SHOWN_MS = 4_000
# After a screen changes, taps are ignored this long: a second tap of the finger that
# changed it must not land on whatever the new screen has in the same place.
TAP_GUARD_S = 0.6
# The next visitor finds the kiosk in its first language once the last one has gone.
LANGUAGE_RESET_MS = 10_000
POINTER_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
)


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
        self._quit_allowed = False
        self._shown_result: ScreeningResult | None = None
        self._guard_until = 0.0
        self.tap_guard_s = TAP_GUARD_S
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
        self.visitor_screens = (
            self.attract,
            self.live,
            self.result,
            self.consent,
            self.flow,
            self.out_of_service,
        )
        for screen in self.visitor_screens:
            self.visitor.addWidget(screen)
        self.visitor.setCurrentWidget(self.out_of_service)
        self.visitor.currentChanged.connect(self._visitor_screen_changed)
        self.attract.offer_recognition(False)
        self.attract.consent_requested.connect(self.start_consent)
        self.attract.forget_requested.connect(self.start_forget)
        self.consent.decided.connect(self._consent_decided)
        self.notice = NoticeBanner(m, notice_for(settings))
        # With a face in view: recognition on request, and withdrawal, both one tap away.
        self.recognise_button = TouchButton(m, "#3c4043")
        self.recognise_button.clicked.connect(self.recognise_me)
        self.forget_button = TouchButton(m, "#3c4043")
        self.forget_button.clicked.connect(self.start_forget)
        self.recognition_note = text_label(m, 5.5, bold=True)
        actions = QHBoxLayout()
        actions.addWidget(self.recognition_note, 2)
        actions.addWidget(self.recognise_button, 1)
        actions.addWidget(self.forget_button, 1)
        self.visitor_actions = QWidget()
        self.visitor_actions.setLayout(actions)
        self.visitor_actions.setVisible(False)
        self._recognition_offered = False
        self._lookup_for = ""  # "recognise" or "forget" while a lookup is under way
        self._greeting = ""  # for the visitor in front, once recognised

        visitor_page = QWidget()
        visitor_layout = QVBoxLayout(visitor_page)
        visitor_layout.addWidget(self.demo_mark)
        visitor_layout.addWidget(self.staff_banner)
        visitor_layout.addLayout(header)
        visitor_layout.addWidget(self.visitor, 1)
        visitor_layout.addWidget(self.visitor_actions)
        visitor_layout.addWidget(self.notice)
        self.visitor_page = visitor_page
        self.hotspot = CornerHotspot(visitor_page, m.touch * 2, settings.operator.corner_hold_s)

        self.pages = QStackedWidget()
        self.pages.addWidget(visitor_page)
        self.pages.currentChanged.connect(lambda _i: self._guard_taps())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.desk = OperatorDesk(self)
        self.hotspot.held.connect(self.desk.ask_pin)

        self._flow_timer = self._timer(self.end_flow)
        self._language_timer = self._timer(self._back_to_first_language)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        # The keyboard is made the first time it opens: give it the kiosk's language then.
        QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard_shown)
        self.keyboard_avoidance = KeyboardAvoidance(self, spare_px=m.touch // 2)
        self.retranslate()

    def _timer(self, action: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(action)
        return timer

    # --- set-up ------------------------------------------------------------------------

    def attach(self, services: KioskServices) -> None:
        """Give the window the kiosk's services: consent, forget-me and the operator side."""
        self.services = services
        self.desk.attach(services)
        self.apply_live(services.settings)

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
        self.desk.stop()
        self.tasks.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.live.set_portrait(event.size().height() > event.size().width())
        self.hotspot.move(0, 0)
        self.hotspot.raise_()
        self.desk.confirmation.setGeometry(self.rect())

    # --- taps --------------------------------------------------------------------------

    def _guard_taps(self) -> None:
        self._guard_until = time.monotonic() + self.tap_guard_s

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow taps on the visitor's screens for a moment after the screen changed."""
        return (
            event.type() in POINTER_EVENTS
            and time.monotonic() < self._guard_until
            and isinstance(watched, QWidget)
            and watched is not self.hotspot
            and self.isAncestorOf(watched)
        )

    def _visitor_screen_changed(self, _index: int) -> None:
        self._guard_taps()
        current = self.visitor.currentWidget()
        if current is self.attract:
            self._language_timer.start(LANGUAGE_RESET_MS)
            self._greeting = ""  # the visitor has gone
            self.recognition_note.setText("")
        else:
            self._language_timer.stop()
        self.visitor_actions.setVisible(
            self._recognition_offered and current in (self.live, self.result)
        )

    def _keyboard_shown(self) -> None:
        if QGuiApplication.inputMethod().isVisible():
            keyboard_language(self.language.code)

    def _back_to_first_language(self) -> None:
        first = self.settings.privacy.notice.default_language
        if self.language.code != first and self.visitor.currentWidget() is self.attract:
            self.set_language(first)

    # --- the pipeline's updates --------------------------------------------------------

    def show_update(self, update: PipelineUpdate) -> None:
        if self.desk.wizard is not None and self.pages.currentWidget() is self.desk.wizard:
            self.desk.wizard.show_update(update)
        if self.service is not ServiceState.IN_SERVICE:
            return  # the out-of-service screen stays until the kiosk says it can screen
        current = self.visitor.currentWidget()
        if current is self.flow:
            self.flow.show_update(update)
        if current in (self.consent, self.flow):
            return  # screening is held meanwhile: no verdict nobody would see
        view = update.view
        if view.phase is Phase.RESULT and view.result is not None:
            if view.result is not self._shown_result:
                self._shown_result = view.result
                self.result.show_result(view.result, self._greeting)
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
        if self.desk.panel is not None and self.pages.currentWidget() is self.desk.panel:
            self.desk.refresh_status()

    def show_service(self, status: ServiceStatus) -> None:
        self._service_changed(status.state)

    def _service_changed(self, state: ServiceState) -> None:
        self.service = state
        self.out_of_service.show_state(state)
        if state is ServiceState.IN_SERVICE:
            if self.visitor.currentWidget() is self.out_of_service:
                self.visitor.setCurrentWidget(self.attract)
            return
        if self.visitor.currentWidget() in (self.consent, self.flow):
            self.end_flow()
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
        key, _ = min(self._alerts.items(), key=lambda kv: order.get(kv[1].get("severity"), 3))
        first = tr(alert_title(key))
        self.staff_banner.show_alerts(
            tr(texts.STAFF_ALERTS).format(count=len(self._alerts), first=first)
        )

    # --- language ----------------------------------------------------------------------

    def toggle_language(self) -> None:
        self.set_language(self.language.other())

    def set_language(self, code: str) -> None:
        self.language.switch(code)
        self.notice.set_language(code)
        keyboard_language(code)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr(texts.TITLE))
        self.language_button.setText(tr(texts.LANGUAGE_BUTTON))
        for screen in self.visitor_screens:
            screen.retranslate()
        self.desk.retranslate()
        self.recognise_button.setText(tr(texts.RECOGNISE_ME))
        self.forget_button.setText(tr(texts.FORGET_ME))
        self._show_staff_banner()

    # --- consent and forget-me ---------------------------------------------------------

    def _hold(self, held: bool) -> None:
        if self.services is not None:
            self.services.hold_screening(held)

    def _flow(
        self,
        title: str,
        text: str,
        steps: list[Step],
        *,
        timeout_ms: int = FLOW_TIMEOUT_MS,
        **values: object,
    ) -> None:
        self.flow.show_step(title, text, steps, **values)
        self.visitor.setCurrentWidget(self.flow)
        self._hold(True)
        # Every start names its own timeout: a short one for one visitor never stays set for
        # the next (QTimer.start(ms) keeps the interval it is given).
        self._flow_timer.start(timeout_ms)

    def end_flow(self) -> None:
        self._flow_timer.stop()
        self._hold(False)
        self.visitor.setCurrentWidget(self.attract)

    def _failed(self, title: str) -> Callable[[Exception], None]:
        return lambda _error: self._flow(
            title, texts.SOMETHING_WENT_WRONG, [(texts.BACK, self.end_flow)]
        )

    def start_consent(self) -> None:
        self.consent.reset()
        self.visitor.setCurrentWidget(self.consent)
        self._hold(True)
        self._flow_timer.start(FLOW_TIMEOUT_MS)

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
            back = [(texts.BACK, self.end_flow)]
            self._flow(title, texts.DECLINED, back, timeout_ms=DECLINE_SHOWN_MS)
            return
        self._flow(title, texts.ENROL_LOOK, [(texts.CANCEL, self._cancel_enrolment)])
        self.tasks.submit(
            lambda: services.start_enrolment(under_14, guardian),
            lambda started: None if started else self._enrolment_ended(texts.ENROL_FAILED),
            self._failed(title),
        )

    def _cancel_enrolment(self) -> None:
        if self.services is not None:
            self.services.cancel_enrolment()
        self.end_flow()

    def _enrolment_ended(self, text: str, **values: object) -> None:
        self._flow(texts.CONSENT_TITLE, text, [(texts.BACK, self.end_flow)], **values)

    def on_recognition(self, news: object) -> None:
        """A lookup's answer or an enrolment's progress, on the GUI thread."""
        if isinstance(news, EnrolmentProgress):
            self._show_enrolment(news)
        elif isinstance(news, LookupResult):
            self._looked_up(news)

    def _show_enrolment(self, progress: EnrolmentProgress) -> None:
        if self.visitor.currentWidget() is not self.flow:
            return  # the visitor left the enrolment screen
        phase = progress.phase
        if phase is EnrolmentPhase.DONE:
            self._enrolment_ended(texts.ENROLLED, number=progress.person_id)
        elif phase is EnrolmentPhase.REFUSED:
            self._enrolment_ended(texts.ENROL_REFUSED, number=progress.person_id)
        elif phase is EnrolmentPhase.FAILED:
            self._enrolment_ended(texts.ENROL_FAILED)
        elif phase is EnrolmentPhase.CANCELLED:
            self._enrolment_ended(texts.ENROL_CANCELLED)
        else:
            if phase is EnrolmentPhase.COUNTDOWN:
                text, values = texts.ENROL_COUNTDOWN, {"seconds": progress.seconds_left}
            elif progress.instruction is not None:
                text, values = texts.INSTRUCTIONS[str(progress.instruction)], {}
            else:
                text = texts.ENROL_MASKED if phase is EnrolmentPhase.MASKED else texts.ENROL_TAKING
                values = {"taken": progress.frames_taken, "needed": progress.frames_needed}
            steps = [(texts.CANCEL, self._cancel_enrolment)]
            self._flow(texts.CONSENT_TITLE, text, steps, **values)

    def recognise_me(self) -> None:
        services = self.services
        assert services is not None
        self._lookup_for = "recognise"
        self.recognition_note.setText(tr(texts.LOOKING_YOU_UP))
        self.tasks.submit(
            services.recognise_me,
            lambda asked: asked or self.recognition_note.setText(tr(texts.NO_FACE_IN_VIEW)),
        )

    def _looked_up(self, result: LookupResult) -> None:
        purpose, self._lookup_for = self._lookup_for, ""
        if purpose == "forget":
            self._found(result.person_id)
            return
        if result.person_id is None or result.label is None:
            if purpose == "recognise":  # an unknown face passing by is nobody's business
                self.recognition_note.setText(tr(texts.NOT_RECOGNISED))
            return
        self._greeting = tr(texts.WELCOME_BACK).format(label=result.label)
        self.recognition_note.setText(self._greeting)
        if self.visitor.currentWidget() is self.result:
            self.result.greet(self._greeting)

    def start_forget(self) -> None:
        steps = [(texts.FIND_ME, self._find_me), (texts.CANCEL, self.end_flow)]
        self._flow(texts.FORGET_TITLE, texts.FORGET_BODY, steps)

    def _find_me(self) -> None:
        services = self.services
        assert services is not None
        self._flow(texts.FORGET_TITLE, texts.SEARCHING, [(texts.CANCEL, self.end_flow)])
        self._lookup_for = "forget"
        self.tasks.submit(
            services.find_me,
            lambda asked: None if asked else self._found(None),
            self._failed(texts.FORGET_TITLE),
        )

    def _found(self, person_id: int | None) -> None:
        if self.visitor.currentWidget() is not self.flow:
            return
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

    # --- visitor and operator meet -----------------------------------------------------

    def show_visitor(self) -> None:
        self.desk.left()
        self.pages.setCurrentWidget(self.visitor_page)

    def apply_live(self, settings: Settings) -> None:
        """Take over the settings the running kiosk can change without a restart."""
        self.settings = settings
        self.notice.set_notice(notice_for(settings))
        self.feedback.apply(settings.operator)
        self.hotspot.set_hold(settings.operator.corner_hold_s)
        offered = settings.recognition.enabled and settings.privacy.enrolment_enabled
        self._recognition_offered = offered
        self.attract.offer_recognition(offered)
        self._visitor_screen_changed(self.visitor.currentIndex())
        self.desk.apply_live(settings)
        if self.isVisible() and settings.operator.kiosk_mode != self.isFullScreen():
            if settings.operator.kiosk_mode:
                self.enter_kiosk_mode()
            else:
                self.setWindowFlags(Qt.WindowType.Window)
                self.showNormal()
