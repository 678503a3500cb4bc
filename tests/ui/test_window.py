"""The real window, offscreen, fed by the real demo pipeline: notice, a verdict, its feedback."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from drivers.gate import RelayBoardSimulator
from kiosk.commands.run import devices
from kiosk.pipeline import Pipeline, PipelineUpdate
from kiosk.screening import Phase
from kiosk.store import KioskStore
from tests.ui.conftest import demo_settings, open_window


def test_verdict_with_notice_and_a_gate_pulse_on_normal(qtbot: QtBot, store: KioskStore) -> None:
    board = RelayBoardSimulator()
    settings = demo_settings(kiosk_mode=False)
    gate = replace(settings.operator.gate, enabled=True, port=board.port, pulse_s=0.1)
    settings = replace(settings, operator=replace(settings.operator, gate=gate))
    window, bridge, _services = open_window(qtbot, store, settings)
    phases: set[Phase] = set()
    draw = window.show_update

    def watch(update: PipelineUpdate) -> None:
        phases.add(update.view.phase)
        draw(update)

    window.show_update = watch  # type: ignore[method-assign]
    assert "人脸图像仅在内存中处理" in window.notice.first.text()
    assert "processed in memory only" in window.notice.second.text()
    try:
        with devices(settings, True) as (camera, sensor):
            pipeline = Pipeline(settings, camera, sensor, bridge.post_event, bridge.post_update)
            pipeline.start()
            try:
                qtbot.waitUntil(
                    lambda: window.visitor.currentWidget() is window.result, timeout=20000
                )
            finally:
                pipeline.stop()
        assert window.result.temperature.text().endswith("°C")
        assert window.result.words.text() == "体温正常，请进"
        assert window.result.icon.text() == "✓"
        assert Phase.MEASURING in phases
        # A normal verdict pulses the relay: closed, then open, in the board's own bytes.
        qtbot.waitUntil(lambda: board.states() == [(1, True), (1, False)], timeout=5000)
    finally:
        window.shutdown()
        board.stop()
