"""Screenshots of every kiosk screen, in both languages and both orientations, for docs/.

Run under Xvfb (see README): xvfb-run -a -s "-screen 0 1920x1920x24" \
    .venv/bin/python scripts/screenshots.py [OUT_DIR]
The pictures come from the real demo kiosk (its runtime, pipeline and licensed demo photos,
assets/faces/CREDITS.md); this script is the documented exception to "no frame is written to
disk". The store is a throw-away one in a temporary KIOSK_HOME. The on-screen keyboard is
photographed by tests/ui/keyboard_probe.py, which needs the keyboard's own window.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ["KIOSK_HOME"] = tempfile.mkdtemp(prefix="kiosk-shots-")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.demo.rig import demo_settings
from kiosk.paths import kiosk_paths
from kiosk.pipeline import PipelineUpdate
from kiosk.recognition.enrolment import EnrolmentPhase, EnrolmentProgress
from kiosk.recognition.quality import Instruction
from kiosk.runtime import KioskRuntime, Launch
from kiosk.screening import Phase, ScreeningView, Verdict
from kiosk.service_state import Fault, ServiceState, ServiceStatus
from kiosk.services import KioskServices
from kiosk.settings import GateSettings, Settings
from kiosk.settings.file import LoadedSettings
from kiosk.store import KioskStore
from ui.app import build_window
from ui.main_window import KioskWindow

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
PHASES_WANTED = (Phase.GUIDING, Phase.MEASURING, Phase.RESULT)
PIN = "246810"


def shot_settings() -> Settings:
    settings = demo_settings(Settings())
    return replace(
        settings,
        recognition=replace(settings.recognition, enabled=True),
        operator=replace(settings.operator, kiosk_mode=False),
    )


def demo_launch(settings: Settings) -> Launch:
    loaded = LoadedSettings(kiosk_paths().settings_file, settings, found=False)
    return Launch(loaded, demo=True)


def collect_updates(settings: Settings, app: QApplication) -> dict[Phase, PipelineUpdate]:
    """The first demo update of each phase, from the real demo kiosk."""
    found: dict[Phase, PipelineUpdate] = {}

    def keep(update: PipelineUpdate) -> None:
        if update.vision is not None or update.view.phase is not Phase.PAUSED:
            found.setdefault(update.view.phase, update)

    runtime = KioskRuntime(demo_launch(settings), kiosk_paths().ensure())
    runtime.subscribe_updates(keep)
    with runtime:
        deadline = time.monotonic() + 60
        while not all(p in found for p in PHASES_WANTED) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.05)
    return found


def screens(
    window: KioskWindow, updates: dict[Phase, PipelineUpdate], services: KioskServices
) -> dict[str, Callable[[], None]]:
    result_update = updates[Phase.RESULT]
    normal = result_update.view.result
    assert normal is not None
    desk = window.desk

    def in_service() -> None:
        window.show_service(ServiceStatus(ServiceState.IN_SERVICE))

    def visitor(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            window.show_visitor()
            in_service()
            window.end_flow()
            window._greeting = ""
            window.recognition_note.setText("")
            action()

        return run

    def result(
        verdict: Verdict, temperature: float | None, greet: bool = False
    ) -> Callable[[], None]:
        def run() -> None:
            if greet:
                window._greeting = (
                    "欢迎回来，Demo visitor B"
                    if window.language.code == "zh"
                    else ("Welcome back, Demo visitor B")
                )
                window.recognition_note.setText(window._greeting)
            shown = replace(normal, verdict=verdict, temperature_c=temperature)
            window._shown_result = None
            window.show_update(
                replace(result_update, view=replace(result_update.view, result=shown))
            )

        return run

    def service(state: ServiceState) -> Callable[[], None]:
        def run() -> None:
            window.show_visitor()
            fault = Fault("sensor", "The thermal sensor on /dev/ttyUSB0 has sent nothing for 3 s.")
            window.show_service(
                ServiceStatus(state, (fault,) if state is not ServiceState.STARTING else ())
            )

        return run

    def under_14() -> None:
        window.start_consent()
        window.consent.under_14.setChecked(True)

    def enrolment(progress: EnrolmentProgress) -> Callable[[], None]:
        def run() -> None:
            window.start_consent()
            window._flow("", "", [])
            window.flow.show_update(updates[Phase.MEASURING])
            window._show_enrolment(progress)

        return run

    def forget_found() -> None:
        window.start_forget()
        window.flow.show_update(updates[Phase.MEASURING])
        window._found(7)

    def log_in() -> None:
        in_service()
        # A real alert for the operator screens: a gate relay configured on a port with no
        # board behind it, raised by the gate sink itself.
        gate = services.runtime.gate
        assert gate is not None
        gate.apply(GateSettings(enabled=True, port="/dev/ttyUSB1"))
        for _ in range(40):
            time.sleep(0.05)
            if gate.last_error:
                break
        desk.ask_pin()
        desk.pin_pad.display.setText(PIN)
        desk.pin_pad.ok.click()
        for _ in range(40):
            QApplication.processEvents()
            time.sleep(0.05)
            if window.pages.currentWidget() is desk.panel:
                break

    def operator_tab(index: int, group: int | None = None) -> Callable[[], None]:
        def run() -> None:
            if window.pages.currentWidget() is not desk.panel:
                log_in()
            assert desk.panel is not None
            desk.panel.tabs.setCurrentIndex(index)
            desk.panel.status.show_status(services.status())
            desk.panel.enrolments.show_enrolments(services.enrolments())
            if group is not None:
                desk.panel.settings.groups.button(group).click()

        return run

    def confirm_quit() -> None:
        operator_tab(0)()
        desk._ask_quit()

    def wizard(page: int) -> Callable[[], None]:
        def run() -> None:
            desk.confirmation.hide()
            desk.show_setup()
            assert desk.wizard is not None
            desk.wizard.pages.setCurrentIndex(page)
            desk.wizard.retranslate()
            desk.wizard.show_update(updates[Phase.MEASURING])

        return run

    idle = replace(updates[Phase.GUIDING], view=ScreeningView(Phase.IDLE))
    groups = len(desk.panel.settings.groups.buttons()) if desk.panel else 0
    countdown = EnrolmentProgress(EnrolmentPhase.COUNTDOWN, 3, None, 0, 3)
    lower_mask = EnrolmentProgress(EnrolmentPhase.UNMASKED, 0, Instruction.LOWER_MASK, 0, 3)
    shots: dict[str, Callable[[], None]] = {
        "01-attract": visitor(lambda: window.show_update(idle)),
        "02-guidance": visitor(lambda: window.show_update(updates[Phase.GUIDING])),
        "03-measuring": visitor(lambda: window.show_update(updates[Phase.MEASURING])),
        "04-result-normal": visitor(result(Verdict.NORMAL, normal.temperature_c)),
        "05-result-elevated": visitor(result(Verdict.ELEVATED, 38.2)),
        "06-result-retake": visitor(result(Verdict.RETAKE, None)),
        "07-result-not-screened": visitor(result(Verdict.NOT_SCREENED, None)),
        "08-result-recognised": visitor(result(Verdict.NORMAL, normal.temperature_c, greet=True)),
        "09-out-of-service": service(ServiceState.OUT_OF_SERVICE),
        "10-starting": service(ServiceState.STARTING),
        "11-consent": visitor(window.start_consent),
        "12-consent-under-14": visitor(under_14),
        "13-enrolment-countdown": visitor(enrolment(countdown)),
        "14-enrolment-lower-mask": visitor(enrolment(lower_mask)),
        "15-enrolled": visitor(
            enrolment(EnrolmentProgress(EnrolmentPhase.DONE, 0, None, 3, 3, person_id=12))
        ),
        "16-already-enrolled": visitor(
            enrolment(EnrolmentProgress(EnrolmentPhase.REFUSED, 0, None, 3, 3, person_id=4))
        ),
        "17-forget-me": visitor(
            lambda: (window.start_forget(), window.flow.show_update(updates[Phase.MEASURING]))
        ),
        "18-forget-me-found": visitor(forget_found),
        "20-operator-pin": lambda: (window.show_visitor(), desk.ask_pin()),
        "21-operator-status": operator_tab(0),
    }
    for group in range(groups):
        shots[f"22-operator-settings-{group + 1}"] = operator_tab(1, group)
    shots["23-operator-enrolments"] = operator_tab(2)
    shots["24-operator-confirm-quit"] = confirm_quit
    for page in range(7):
        shots[f"30-setup-{page + 1}"] = wizard(page)
    return shots


def enrol_one(store: KioskStore, settings: Settings) -> None:
    """One enrolment for the staff list: a licensed photo, under a recorded consent."""
    import cv2

    from kiosk.assets import assets_dir
    from kiosk.privacy.consent import ConsentLedger
    from kiosk.recognition.faces import FaceFinder
    from kiosk.recognition.service import FaceRecognition

    image = cv2.imread(str(assets_dir() / "faces" / "person_a_1.jpg"))
    with FaceFinder(settings.camera.horizontal_fov_deg) as finder:
        face = finder.find(image, 0.0)
    assert face is not None
    consent = ConsentLedger(store, settings.privacy).record_decision("granted")
    FaceRecognition(store, settings.recognition).enrol(image, face, "Front desk (staff)", consent)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    settings = shot_settings()
    updates = collect_updates(settings, app)
    paths = kiosk_paths().ensure()
    runtime = KioskRuntime(demo_launch(settings), paths)
    with KioskStore.open(paths, settings.privacy) as store, runtime:
        enrol_one(store, settings)
        time.sleep(3.0)  # the devices stream: the status panel shows them working
        for orientation, (width, height) in SIZES.items():
            for language in ("zh", "en"):
                window, _bridge = build_window(settings, demo=True)
                window.tap_guard_s = 0.0
                services = KioskServices(runtime, store)
                services.pin.set_pin(PIN)
                window.attach(services)
                window.resize(width, height)
                window.show()
                window.set_language(language)
                for name, show in screens(window, updates, services).items():
                    show()
                    for _ in range(8):
                        app.processEvents()
                        time.sleep(0.02)
                    # Half size keeps docs/ small; every text is still legible.
                    picture = window.grab().scaledToWidth(
                        width // 2, Qt.TransformationMode.SmoothTransformation
                    )
                    picture.save(str(out / f"{name}-{language}-{orientation}.png"))
                assert runtime.gate is not None
                runtime.gate.apply(settings.operator.gate)  # the next window starts clean
                window.shutdown()
                window.deleteLater()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
