"""Screenshots of every kiosk screen, in both languages and both orientations, for docs/.

Run under Xvfb (see README): xvfb-run -a -s "-screen 0 1920x1920x24" \
    .venv/bin/python scripts/screenshots.py [OUT_DIR]
The preview shows the licensed demo photos (assets/faces/CREDITS.md) from the demo rig;
this script is the documented exception to "no frame is written to disk". The store is
a throw-away one in a temporary KIOSK_HOME.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.pipeline import Pipeline, PipelineUpdate
from kiosk.screening import Phase, ScreeningView, Verdict
from kiosk.services import KioskServices
from kiosk.settings import Settings
from ui.app import build_window
from ui.main_window import KioskWindow

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
PHASES_WANTED = (Phase.GUIDING, Phase.MEASURING, Phase.RESULT)


def demo_settings() -> Settings:
    settings = Settings()
    return replace(
        settings,
        recognition=replace(settings.recognition, enabled=True),
        operator=replace(settings.operator, kiosk_mode=False),
    )


def collect_updates(settings: Settings, app: QApplication) -> dict[Phase, PipelineUpdate]:
    """The first demo update of each phase, from the real pipeline."""
    from kiosk.runtime import devices

    found: dict[Phase, PipelineUpdate] = {}

    def keep(update: PipelineUpdate) -> None:
        found.setdefault(update.view.phase, update)

    with devices(settings, True) as (camera, sensor):
        pipeline = Pipeline(settings, camera, sensor, lambda _: None, keep)
        pipeline.start()
        deadline = time.monotonic() + 30
        while not all(p in found for p in PHASES_WANTED) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.05)
        pipeline.stop()
    return found


def with_view(update: PipelineUpdate, view: ScreeningView) -> PipelineUpdate:
    return replace(update, view=view)


def screens(
    window: KioskWindow, updates: dict[Phase, PipelineUpdate], services: KioskServices
) -> dict[str, Callable[[], None]]:
    result_update = updates[Phase.RESULT]
    normal = result_update.view.result
    assert normal is not None

    def result(verdict: Verdict, temperature: float | None) -> Callable[[], None]:
        shown = replace(normal, verdict=verdict, temperature_c=temperature)
        view = replace(result_update.view, result=shown)
        return lambda: window.show_update(with_view(result_update, view))

    def visitor(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            window.show_visitor()
            window.end_flow()
            action()

        return run

    def under_14() -> None:
        window.start_consent()
        window.consent.under_14.setChecked(True)

    def operator_tab(index: int) -> Callable[[], None]:
        def run() -> None:
            assert window.panel is not None
            window.pages.setCurrentWidget(window.panel)
            window.panel.tabs.setCurrentIndex(index)
            window.panel.status.show_status(services.status())

        return run

    def wizard() -> None:
        window._pin_known(False)
        window.ask_pin()  # the demo reaches set-up through the corner hold

    def live_picture() -> None:
        window.show_update(updates[Phase.MEASURING])

    idle = with_view(updates[Phase.GUIDING], ScreeningView(Phase.IDLE))
    paused = with_view(updates[Phase.GUIDING], ScreeningView(Phase.PAUSED))
    return {
        "01-attract": visitor(lambda: window.show_update(idle)),
        "02-guidance": visitor(lambda: window.show_update(updates[Phase.GUIDING])),
        "03-measuring": visitor(lambda: window.show_update(updates[Phase.MEASURING])),
        "04-result-normal": visitor(result(Verdict.NORMAL, normal.temperature_c)),
        "05-result-elevated": visitor(result(Verdict.ELEVATED, 38.2)),
        "06-result-retake": visitor(result(Verdict.RETAKE, None)),
        "07-paused": visitor(lambda: window.show_update(paused)),
        "08-consent": visitor(window.start_consent),
        "09-consent-under-14": visitor(under_14),
        "10-forget-me": visitor(lambda: (window.start_forget(), live_picture())),
        "11-forget-me-found": visitor(lambda: (window._found(7), live_picture())),
        "12-operator-pin": window.ask_pin,
        "13-operator-status": operator_tab(0),
        "14-operator-settings": operator_tab(1),
        "15-first-run-setup": wizard,
    }


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["KIOSK_HOME"] = tempfile.mkdtemp(prefix="kiosk-shots-")
    from kiosk.paths import kiosk_paths
    from kiosk.runtime import KioskRuntime, Launch
    from kiosk.service_state import ServiceState, ServiceStatus
    from kiosk.settings.file import LoadedSettings
    from kiosk.store import KioskStore

    app = QApplication(sys.argv[:1])
    settings = demo_settings()
    updates = collect_updates(settings, app)
    paths = kiosk_paths().ensure()
    with KioskStore.open(paths, settings.privacy) as store:
        for orientation, (width, height) in SIZES.items():
            for language in ("zh", "en"):
                window, _bridge = build_window(settings, demo=True)
                loaded = LoadedSettings(paths.settings_file, settings, found=False)
                runtime = KioskRuntime(Launch(loaded, demo=True), paths)
                services = KioskServices(runtime, store)
                services.pin.set_pin("246810")
                window.attach(services)
                window.show_service(ServiceStatus(ServiceState.IN_SERVICE))
                window.resize(width, height)
                window.show()
                window.set_language(language)
                for name, show in screens(window, updates, services).items():
                    show()
                    for _ in range(5):
                        app.processEvents()
                        time.sleep(0.02)
                    # Half size keeps docs/ small; every text is still legible.
                    picture = window.grab().scaledToWidth(
                        width // 2, Qt.TransformationMode.SmoothTransformation
                    )
                    picture.save(str(out / f"{name}-{language}-{orientation}.png"))
                window.shutdown()
                window.deleteLater()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
