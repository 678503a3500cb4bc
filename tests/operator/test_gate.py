"""The gate relay: byte-exact board frames over a real pty, the GPIO value file, pulses."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.gate import GpioLine, RelayBoardSimulator, SerialRelayBoard, open_gate, relay_frame


def test_relay_frames_are_the_boards_bytes() -> None:
    assert relay_frame(1, True) == bytes.fromhex("a00101a2")
    assert relay_frame(1, False) == bytes.fromhex("a00100a1")
    assert relay_frame(2, True) == bytes.fromhex("a00201a3")
    with pytest.raises(ValueError, match="channel"):
        relay_frame(9, True)


def _wait_for(predicate: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise AssertionError("timed out")


def test_a_pulse_closes_then_opens_the_relay_over_a_pty() -> None:
    board = RelayBoardSimulator()
    gate = SerialRelayBoard(board.port, channel=2)
    try:
        gate.pulse(0.2)
        _wait_for(lambda: len(board.switches) == 2)
        (t_on, channel_on, closed_on), (t_off, _, closed_off) = board.switches
        assert (channel_on, closed_on, closed_off) == (2, True, False)
        assert t_off - t_on >= 0.15
        assert board.bad_frames == 0 and gate.errors == 0
    finally:
        gate.stop()
        board.stop()


def test_a_missing_board_is_counted_not_raised() -> None:
    gate = open_gate("serial-relay", "/dev/does-not-exist")
    try:
        gate.pulse(0.01)
        _wait_for(lambda: gate.errors >= 1)
        assert "does-not-exist" in gate.last_error
    finally:
        gate.stop()


def test_gpio_line_writes_its_value_file(tmp_path: Path) -> None:
    value = tmp_path / "value"
    value.write_text("0")
    seen: list[str] = []
    gate = GpioLine(str(value))
    original = gate.set_closed

    def watch(closed: bool) -> None:
        original(closed)
        seen.append(value.read_text())

    gate.set_closed = watch  # type: ignore[method-assign]
    try:
        gate.pulse(0.05)
        _wait_for(lambda: len(seen) == 2)
    finally:
        gate.stop()
    assert seen == ["1", "0"]
