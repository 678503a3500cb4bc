"""The operator settings section: kiosk mode, the corner that opens the operator panel,
audio prompts and the gate relay."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from drivers.gate import gate_port_problem
from kiosk.settings.schema import SettingsError, setting


@dataclass(frozen=True)
class GateSettings:
    enabled: bool = setting(
        False, doc="pulse a relay (door, turnstile) on a normal verdict", editable=True, live=True
    )
    output: str = setting(
        "serial-relay",
        choices=("serial-relay", "gpio"),
        doc="'serial-relay': a USB relay board (LCUS type); 'gpio': a GPIO line's sysfs value file",
        editable=True,
        live=True,
    )
    port: str = setting(
        "/dev/ttyUSB1",
        doc="the relay board's serial port, or the GPIO value file (/sys/class/gpio/gpioN/value)",
        editable=True,
        live=True,
        address=True,
    )
    channel: int = setting(
        1, minimum=1, maximum=8, doc="relay channel on the board", editable=True, live=True
    )
    pulse_s: float = setting(
        1.0,
        minimum=0.1,
        maximum=10.0,
        doc="how long the relay stays closed",
        editable=True,
        live=True,
    )

    def __post_init__(self) -> None:
        problem = gate_port_problem(self.output, self.port)
        if problem:
            raise SettingsError("operator.gate.port", problem)


@dataclass(frozen=True)
class OperatorSettings:
    kiosk_mode: bool = setting(
        True,
        doc="full screen without window frame; leaving needs the operator PIN",
        editable=True,
        live=True,
    )
    corner_hold_s: float = setting(
        3.0,
        minimum=1.0,
        maximum=10.0,
        doc="press on the top-left corner this long for the PIN",
        editable=True,
        live=True,
    )
    audio_volume: int = setting(
        60,
        minimum=0,
        maximum=100,
        doc="volume of the short sound after every verdict (a distinct one when elevated), "
        "percent; 0 = off",
        editable=True,
        live=True,
    )
    gate: GateSettings = dataclasses.field(default_factory=GateSettings)
