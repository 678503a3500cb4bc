"""The gate as a kiosk-layer result sink: a wrong or unplugged relay port is an operator alert
from the start, a board that comes back clears it, and a normal verdict pulses the relay."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from drivers.gate import RelayBoardSimulator
from kiosk.alerts import AlertBoard
from kiosk.gate_sink import GateSink
from kiosk.settings import GateSettings


def _wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("timed out")


def _board() -> tuple[AlertBoard, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []
    return AlertBoard(events.append), events


def test_a_gate_port_with_no_device_is_an_alert_before_any_visitor() -> None:
    alerts, events = _board()
    sink = GateSink(GateSettings(enabled=True, port="/dev/ttyUSB97"), alerts)
    try:
        _wait_for(lambda: any(a.key == "gate" for a in alerts.showing()))
        (alert,) = alerts.showing()
        assert "/dev/ttyUSB97" in alert.message and "operator.gate.port" in alert.message
        assert sink.state().startswith("failing: ")
        assert events[-1]["state"] == "raised"
    finally:
        sink.close()


def test_a_working_board_is_driven_open_at_start_and_pulsed_on_demand() -> None:
    board = RelayBoardSimulator()
    alerts, _events = _board()
    sink = GateSink(GateSettings(enabled=True, port=board.port, pulse_s=0.05), alerts)
    try:
        _wait_for(lambda: board.states() == [(1, False)])
        assert sink.state() == "ready" and alerts.showing() == []
        assert sink.pulse()
        _wait_for(lambda: board.states() == [(1, False), (1, True), (1, False)])
    finally:
        sink.close()
        board.stop()


def test_fixing_the_port_clears_the_alert() -> None:
    board = RelayBoardSimulator()
    alerts, events = _board()
    sink = GateSink(GateSettings(enabled=True, port="/dev/ttyUSB97"), alerts)
    try:
        _wait_for(lambda: bool(alerts.showing()))
        sink.apply(GateSettings(enabled=True, port=board.port))
        _wait_for(lambda: board.states() == [(1, False)])
        _wait_for(lambda: alerts.showing() == [])
        assert sink.state() == "ready"
        assert events[-1] == {**events[-1], "key": "gate", "state": "over"}
    finally:
        sink.close()
        board.stop()
