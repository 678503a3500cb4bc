"""The operator's side of the window: the PIN pad behind the corner hold, the panel (status,
settings, exports, gate test, PIN change, restart and quit, both confirmed) and the
first-run set-up with its touch calibration. It asks the kiosk layer for everything
(kiosk.services) on the window's background thread and only shows the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QTimer

from kiosk.operator.pin import PinCheck
from kiosk.pipeline import PipelineUpdate
from kiosk.registration import MAX_MEAN_RESIDUAL_PX, RegistrationError
from kiosk.registration_session import RegistrationSession
from kiosk.services import CountsExport, KioskServices
from kiosk.settings import Settings
from kiosk.settings.changes import SettingsChange
from ui import texts
from ui.operator.panel import OperatorPanel
from ui.operator.pin_pad import PinPad
from ui.operator.setting_texts import LABELS
from ui.operator.wizard import SetupWizard
from ui.overlay import thermal_overlay
from ui.texts import tr
from ui.widgets import Confirmation

if TYPE_CHECKING:
    from ui.main_window import KioskWindow

STATUS_REFRESH_MS = 2_000


class OperatorDesk(QObject):
    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services: KioskServices | None = None
        self.panel: OperatorPanel | None = None
        self.wizard: SetupWizard | None = None
        self.registration: RegistrationSession | None = None
        self.pin_exists = True  # until the store says otherwise: ask for the PIN
        self.pin_pad = PinPad(window.metrics)
        self.pin_pad.entered.connect(self._pin_entered)
        self.pin_pad.cancelled.connect(window.show_visitor)
        window.pages.addWidget(self.pin_pad)
        self.confirmation = Confirmation(window, window.metrics)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)

    @property
    def tasks(self) -> Any:
        return self.window.tasks

    def attach(self, services: KioskServices) -> None:
        self.services = services
        panel = self.panel = OperatorPanel(self.window.metrics, services.settings)
        panel.export_requested.connect(self._export)
        panel.pin_change_requested.connect(self._change_pin)
        panel.back_requested.connect(self.window.show_visitor)
        panel.quit_requested.connect(self._ask_quit)
        panel.test_gate_requested.connect(self._test_gate)
        panel.status.acknowledge_requested.connect(self._acknowledge)
        panel.settings.apply_requested.connect(self._apply_settings)
        panel.settings.restart_requested.connect(self._ask_restart)
        panel.enrolments.refresh_requested.connect(self._list_enrolments)
        panel.enrolments.delete_requested.connect(self._ask_delete_enrolment)
        self.window.pages.addWidget(panel)
        self.tasks.submit(services.pin.exists, self._pin_known)

    def showing(self) -> bool:
        current = self.window.pages.currentWidget()
        return current is not None and current in (self.panel, self.wizard, self.pin_pad)

    def stop(self) -> None:
        self._status_timer.stop()

    # --- set-up ------------------------------------------------------------------------

    def _pin_known(self, exists: bool) -> None:
        self.pin_exists = exists
        services = self.services
        if services is None or (exists and services.set_up):
            return
        # A first start opens set-up; the demo opens on the visitor's screens instead and its
        # operator reaches set-up by the corner.
        if not services.demo:
            self.show_setup()

    def show_setup(self) -> None:
        services = self.services
        assert services is not None
        if self.wizard is None:
            wizard = self.wizard = SetupWizard(self.window.metrics, services.settings)
            wizard.finished.connect(self._setup_finished)
            wizard.cancelled.connect(self._ask_leave_setup)
            wizard.language_chosen.connect(self.window.set_language)
            wizard.detect_requested.connect(
                lambda: self.tasks.submit(KioskServices.detect_sensor, wizard.show_detection)
            )
            wizard.overlay = self._overlay
            wizard.target_tapped.connect(self._target_tapped)
            wizard.undo_requested.connect(self._undo_target)
            wizard.fit_requested.connect(self._fit_registration)
            self.registration = RegistrationSession(services.settings.fusion)
            self._show_registration(tr(texts.CALIBRATION_SKIP))
            self.window.pages.addWidget(wizard)
        self.window.pages.setCurrentWidget(self.wizard)

    def _overlay(self, update: PipelineUpdate) -> np.ndarray:
        services = self.services
        sensor = None if services is None else services.runtime.sensor
        reading = None if sensor is None else sensor.latest()
        return thermal_overlay(update.frame.image, reading, self.window.settings.fusion)

    def _setup_finished(self, pin: str, changes: dict[str, Any]) -> None:
        services, wizard = self.services, self.wizard
        assert services is not None and wizard is not None
        self.tasks.submit(
            lambda: services.first_setup(pin, changes),
            self._setup_done,
            lambda error: wizard.show_error(str(error)),
        )

    def _setup_done(self, change: SettingsChange) -> None:
        services = self.services
        assert services is not None
        self.pin_exists = True
        self.window.apply_live(change.settings)
        if self.panel is not None:
            self.panel.settings.load(change.settings)
        if change.needs_restart:
            # The devices chosen at set-up are opened by a fresh start of the kiosk.
            if self.wizard is not None:
                self.wizard.show_error(tr(texts.SETUP_RESTARTING))
            self.tasks.submit(lambda: services.request_restart("setup"), lambda _: None)
            return
        self.window.show_visitor()

    # --- touch calibration -------------------------------------------------------------

    def _target_tapped(self, x: float, y: float) -> None:
        services, session = self.services, self.registration
        if services is None or session is None:
            return
        sensor = services.runtime.sensor
        if not session.mark((x, y), None if sensor is None else sensor.latest()):
            self._show_registration(tr(texts.CALIBRATION_NO_SPOT))
            return
        self._show_registration("")

    def _undo_target(self) -> None:
        if self.registration is not None:
            self.registration.undo()
            self._show_registration("")

    def _show_registration(self, note: str) -> None:
        session, wizard = self.registration, self.wizard
        if session is None or wizard is None:
            return
        count = tr(texts.CALIBRATION_POINTS).format(
            points=len(session.camera_px), needed=session.needed
        )
        wizard.show_calibration(f"{count} {note}".strip(), session.camera_px)

    def _fit_registration(self) -> None:
        services, session = self.services, self.registration
        assert services is not None and session is not None
        try:
            fit = session.fit()
        except RegistrationError as error:
            self._show_registration(str(error))
            return
        if not fit.acceptable:
            worst = int(np.argmax(fit.residuals_px)) + 1
            self._show_registration(
                tr(texts.CALIBRATION_REFUSED).format(
                    residual=fit.mean_residual_px, limit=MAX_MEAN_RESIDUAL_PX, worst=worst
                )
            )
            return
        changes = {"fusion.rgb_to_thermal": fit.settings_value()}
        self.tasks.submit(
            lambda: services.change_settings(changes, actor="setup calibration"),
            lambda change: self._registered(change, fit.mean_residual_px),
            lambda error: self._show_registration(str(error)),
        )

    def _registered(self, change: SettingsChange, residual: float) -> None:
        self.window.apply_live(change.settings)
        self._show_registration(tr(texts.CALIBRATION_DONE).format(residual=residual))

    # --- the PIN -----------------------------------------------------------------------

    def ask_pin(self) -> None:
        services = self.services
        if services is None:
            return
        if not self.pin_exists or not (services.set_up or services.demo):
            self.show_setup()
            return
        self.pin_pad.reset()
        self.window.pages.setCurrentWidget(self.pin_pad)

    def _pin_entered(self, pin: str) -> None:
        services = self.services
        assert services is not None
        self.pin_pad.reset(tr(texts.PIN_CHECKING))
        self.tasks.submit(lambda: services.pin.check(pin), self._pin_checked)

    def _pin_checked(self, check: PinCheck) -> None:
        if check.accepted and self.panel is not None:
            self.window.pages.setCurrentWidget(self.panel)
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

    # --- the panel ---------------------------------------------------------------------

    def left(self) -> None:
        """The operator went back to the visitor screens."""
        self._status_timer.stop()

    def refresh_status(self) -> None:
        if self.services is not None and self.panel is not None:
            self.tasks.submit(self.services.status, self.panel.status.show_status)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], str]) -> None:
        """Run `work` in the background and show `done(result)` (or the error) on the panel."""
        panel = self.panel
        assert panel is not None
        self.tasks.submit(
            work,
            lambda result: panel.show_message(done(result)),
            lambda error: panel.show_message(str(error)),
        )

    def _export(self) -> None:
        assert self.services is not None

        def said(export: CountsExport) -> str:
            text = texts.EXPORTED_TO_USB if export.on_removable else texts.EXPORTED_HERE
            return tr(text).format(name=export.path.name, days=export.days)

        self._run(self.services.export_counts, said)

    def _change_pin(self, pin: str, repeated: str) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None
        if pin != repeated:
            panel.show_message(tr(texts.WIZARD_PIN_MISMATCH))
            return
        self._run(lambda: services.pin.set_pin(pin), lambda _: tr(texts.PIN_SAVED))

    def _test_gate(self) -> None:
        assert self.services is not None
        self._run(
            self.services.test_gate,
            lambda pulsed: tr(texts.GATE_TESTED if pulsed else texts.GATE_NOT_CONFIGURED),
        )

    def _acknowledge(self, key: str) -> None:
        services = self.services
        assert services is not None
        self.tasks.submit(lambda: services.acknowledge(key), lambda _: self.refresh_status())

    def _apply_settings(self, changes: dict[str, Any]) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None
        if not changes:
            panel.settings.show_message(tr(texts.SETTINGS_SAVED))
            return

        def applied(change: SettingsChange) -> None:
            panel.settings.load(change.settings)
            self.window.apply_live(change.settings)
            waiting = change.needs_restart
            if waiting:
                names = ", ".join(tr(LABELS.get(key, (key, ""))[0]) for key in waiting)
                text = tr(texts.SETTINGS_NEEDS_RESTART).format(keys=names)
            else:
                text = tr(texts.SETTINGS_SAVED)
            panel.settings.show_message(text, restart=bool(waiting))

        def refused(error: Exception) -> None:
            panel.settings.load(panel.settings.settings)
            key = getattr(error, "key", "")
            reason = getattr(error, "reason", str(error))
            label = tr(LABELS[key][0]) if key in LABELS else key
            text = tr(texts.SETTINGS_REFUSED).format(reason=f"{label}: {reason}".strip(": "))
            panel.settings.show_message(text)

        self.tasks.submit(lambda: services.change_settings(changes), applied, refused)

    def _list_enrolments(self) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None
        self.tasks.submit(services.enrolments, panel.enrolments.show_enrolments)

    def _ask_delete_enrolment(self, number: int) -> None:
        services, panel = self.services, self.panel
        assert services is not None and panel is not None

        def deleted(_templates: int) -> None:
            panel.show_message(tr(texts.ENROLMENT_DELETED).format(number=number))
            self._list_enrolments()

        self.confirmation.ask(
            tr(texts.DELETE_ENROLMENT_CONFIRM).format(number=number),
            tr(texts.DELETE),
            tr(texts.CONFIRM_NO),
            lambda: self.tasks.submit(
                lambda: services.delete_enrolment(number),
                deleted,
                lambda error: panel.show_message(str(error)),
            ),
        )

    def _ask_restart(self) -> None:
        services = self.services
        assert services is not None
        self.confirmation.ask(
            tr(texts.RESTART_CONFIRM),
            tr(texts.RESTART_KIOSK),
            tr(texts.CONFIRM_NO),
            lambda: self.tasks.submit(services.request_restart, lambda _: None),
        )

    def _ask_leave_setup(self) -> None:
        """An installer's taps are not thrown away by one stray touch on Cancel."""
        self.confirmation.ask(
            tr(texts.LEAVE_SETUP_CONFIRM),
            tr(texts.LEAVE_SETUP),
            tr(texts.CONFIRM_NO),
            self.window.show_visitor,
        )

    def _ask_quit(self) -> None:
        self.confirmation.ask(
            tr(texts.QUIT_CONFIRM),
            tr(texts.PANEL_QUIT),
            tr(texts.CONFIRM_NO),
            self.window.quit_kiosk,
        )

    def apply_live(self, settings: Settings) -> None:
        if self.registration is not None:
            self.registration.fusion = settings.fusion

    def retranslate(self) -> None:
        self.pin_pad.retranslate()
        for page in (self.panel, self.wizard):
            if page is not None:
                page.retranslate()
