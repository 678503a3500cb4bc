"""Every kind of kiosk event is documented and reaches a person: the table in
docs/architecture.md lists what the code emits, and in the window each kind that needs
staff turns into something they see."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from kiosk.paths import kiosk_paths
from kiosk.runtime import KioskRuntime, Launch
from kiosk.service_state import ServiceState
from kiosk.settings import Settings
from kiosk.settings.file import LoadedSettings
from tests.conftest import REPO

EMITTED = re.compile(r'"event":\s*"([a-z_]+)"')


def documented_kinds() -> set[str]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))


def emitted_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in (REPO / "kiosk").rglob("*.py"):
        kinds.update(EMITTED.findall(path.read_text(encoding="utf-8")))
    return kinds


def test_every_emitted_event_kind_is_in_the_architecture_table() -> None:
    emitted = emitted_kinds()
    assert {"verdict", "service", "alert", "store", "watchdog"} <= emitted
    assert emitted <= documented_kinds(), emitted - documented_kinds()


def test_staff_events_become_alerts_on_the_banner(qtbot: QtBot) -> None:
    from ui.app import build_window

    loaded = LoadedSettings(kiosk_paths().settings_file, Settings(), found=False)
    runtime = KioskRuntime(Launch(loaded, demo=True), kiosk_paths().ensure())
    window, bridge = build_window(Settings(), demo=True)
    qtbot.addWidget(window)
    runtime.subscribe(bridge.post_event)
    staff_events = [
        {"event": "store", "state": "failing", "message": "disk full"},
        {"event": "store", "state": "clock_leap", "message": "the clock leapt"},
        {"event": "watchdog", "state": "restarted", "stage": "vision", "message": "restarted"},
        {"event": "watchdog", "state": "budget_spent", "stage": "vision", "message": "spent"},
        {"event": "settings", "state": "last_good", "message": "refused: fix it"},
    ]
    for event in staff_events:
        runtime.emit(event)
    keys = {"store", "clock_leap", "restart:vision", "restart_budget", "settings"}
    qtbot.waitUntil(lambda: set(window._alerts) == keys)
    assert not window.staff_banner.isHidden()
    assert "筛查记录未能保存" in window.staff_banner.text.text()  # in the operator's words
    # A recovered store clears its condition but stays until acknowledged: records were lost.
    runtime.emit({"event": "store", "state": "recording", "message": ""})
    qtbot.waitUntil(lambda: window._alerts["store"]["state"] == "over")
    assert runtime.alerts.acknowledge("store")
    qtbot.waitUntil(lambda: "store" not in window._alerts)

    runtime.emit({"event": "service", "state": "out_of_service", "reasons": ["camera"],
                  "message": "camera gone"})  # fmt: skip
    qtbot.waitUntil(lambda: window.service is ServiceState.OUT_OF_SERVICE)
    assert window.visitor.currentWidget() is window.out_of_service
    window.shutdown()
