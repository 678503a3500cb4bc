"""The real window, offscreen, fed by the real demo kiosk (runtime, pipeline, sinks): the
notice, a verdict, the gate pulse from the kiosk layer, the DEMO mark."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from drivers.gate import RelayBoardSimulator
from kiosk.pipeline import PipelineUpdate
from kiosk.screening import Phase
from kiosk.store import KioskStore
from tests.ui.conftest import demo_settings, open_window


def test_verdict_with_notice_and_a_gate_pulse_on_normal(qtbot: QtBot, store: KioskStore) -> None:
    board = RelayBoardSimulator()
    settings = demo_settings(kiosk_mode=False)
    gate = replace(settings.operator.gate, enabled=True, port=board.port, pulse_s=0.1)
    settings = replace(settings, operator=replace(settings.operator, gate=gate))
    window, bridge, services = open_window(qtbot, store, settings)
    runtime = services.runtime
    runtime.subscribe(bridge.post_event)
    runtime.subscribe_updates(bridge.post_update)
    phases: set[Phase] = set()
    draw = window.show_update

    def watch(update: PipelineUpdate) -> None:
        phases.add(update.view.phase)
        draw(update)

    window.show_update = watch  # type: ignore[method-assign]
    assert "人脸图像仅在内存中处理" in window.notice.first.text()
    assert "processed in memory only" in window.notice.second.text()
    assert window.demo_mark.isVisible() and "演示" in window.demo_mark.text()
    try:
        with runtime:
            qtbot.waitUntil(lambda: window.visitor.currentWidget() is window.result, timeout=20000)
            # The relay is driven open at start; a normal verdict pulses it, from the kiosk
            # layer: closed, then open.
            qtbot.waitUntil(
                lambda: board.states() == [(1, False), (1, True), (1, False)], timeout=5000
            )
        assert window.result.temperature.text().endswith("°C")
        assert window.result.words.text() == "体温正常，请进"
        assert window.result.icon.text() == "✓"
        assert Phase.MEASURING in phases
    finally:
        window.shutdown()
        board.stop()
