"""Run the demo kiosk window and save screenshots of it (run under Xvfb: see README).

Usage: python scripts/screenshot.py OUT_DIR [SECONDS ...]
Saves OUT_DIR/kiosk-<seconds>s.png for each moment (seconds after start).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.commands.run import devices
from kiosk.config import Settings
from kiosk.pipeline import Pipeline
from ui.app import build_window


def main() -> int:
    out = Path(sys.argv[1])
    moments = [float(s) for s in sys.argv[2:]] or [1.0, 2.3, 3.5]
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    settings = Settings()
    settings = replace(settings, camera=replace(settings.camera, source="demo"))
    window, bridge = build_window(settings)
    with devices(settings) as (camera, sensor):
        pipeline = Pipeline(settings, camera, sensor, bridge.post_event, bridge.post_update)
        pipeline.start()
        window.resize(1280, 800)
        window.show()
        for moment in moments:
            path = out / f"kiosk-{moment:g}s.png"
            QTimer.singleShot(int(moment * 1000), lambda p=path: window.grab().save(str(p)))
        QTimer.singleShot(int(max(moments) * 1000) + 300, app.quit)
        app.exec()
        pipeline.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
