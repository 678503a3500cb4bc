"""The camera and thermometer sections: which devices the kiosk reads and how.

The thermometer boards an operator can name are the driver registry's: adding a driver
adds a choice here, with nothing to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.thermal.registry import DRIVERS
from kiosk.settings.schema import SettingsError, setting
from kiosk.thermometry.optics import LENSES, SensorLens, standard_lens

# The demo is a mode of the kiosk (`kiosk --demo`), never a device a settings file can name:
# a production kiosk must not show simulated visitors because of a default or a typo.
DEMO_WORD = "demo"


@dataclass(frozen=True)
class CameraSettings:
    source: str = setting(
        "auto",
        max_length=1000,
        doc="the camera: 'auto' (the first camera that opens), a device index such as '0', "
        "a video file path or a stream URL",
        editable=True,
        address=True,
    )
    width: int = setting(640, minimum=160, maximum=3840, doc="capture width, pixels")
    height: int = setting(480, minimum=120, maximum=2160, doc="capture height, pixels")
    horizontal_fov_deg: float = setting(
        62.0, minimum=20.0, maximum=150.0, doc="camera's horizontal field of view, degrees"
    )

    def __post_init__(self) -> None:
        if self.source.strip().lower() == DEMO_WORD:
            raise SettingsError(
                "camera.source", "'demo' is not a camera: the demo runs only with `kiosk --demo`"
            )
        if not self.source.strip():
            raise SettingsError("camera.source", "empty: name a camera, or 'auto'")


@dataclass(frozen=True)
class SensorSettings:
    driver: str = setting(
        "gy-mcu90640", choices=tuple(DRIVERS), doc="the thermometer board", editable=True
    )
    port: str = setting(
        "",
        max_length=255,
        doc="the thermometer's serial port, such as /dev/ttyUSB0 or /dev/serial/by-id/…; "
        "empty until set-up names it",
        editable=True,
        address=True,
    )
    baud: int | None = setting(
        None,
        choices=(None, 9600, 57600, 115200, 460800),
        doc="line rate; empty = board default",
        editable=True,
    )
    lens: str = setting(
        "",
        choices=("", *LENSES),
        doc="the sensor part and lens on the board (datasheet field of view); empty = the "
        "board's standard one: the 55° × 35° MLX90640BAB on an array board, the 90° MLX90614 "
        "on a single-point board",
        editable=True,
    )

    def __post_init__(self) -> None:
        if self.port.strip().lower() == DEMO_WORD:
            raise SettingsError(
                "sensor.port",
                "'demo' is not a serial port: the demo runs only with `kiosk --demo`",
            )
        array = DRIVERS[self.driver].array_shape
        if self.lens and LENSES[self.lens].array_shape != array:
            kind = "a 32 × 24 array" if array is not None else "a single-point sensor"
            raise SettingsError(
                "sensor.lens", f"{self.lens} does not fit the {self.driver} board ({kind})"
            )

    def installed_lens(self) -> SensorLens:
        """The lens the settings name, or the board's standard one."""
        if self.lens:
            return LENSES[self.lens]
        return standard_lens(array=DRIVERS[self.driver].array_shape is not None)
