"""The kiosk's settings: typed sections, defaults, and the TOML settings file.

A settings file only needs the keys an operator changes; everything else keeps its
default. A wrong key or value is refused with a message naming it (SettingsError).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.operator.settings import OperatorSettings
from kiosk.privacy.settings import PrivacySettings
from kiosk.recognition_settings import RecognitionSettings
from kiosk.settings_schema import SettingsError, parse_section, section_to_table, setting

# RGB 640×480 → MLX90640 32×24 for an array mounted beside the camera whose lens sees the
# central half of the camera's view: at 0.4 m a thermal pixel then spans about 7 mm, so the
# inner canthus is resolved. An installer replaces it with a calibrated homography.
DEFAULT_RGB_TO_THERMAL = (0.1, 0.0, -16.0, 0.0, 0.1, -12.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class CameraSettings:
    source: str = setting(
        "demo", doc="'demo', a device index such as '0', a video file path or a stream URL"
    )
    width: int = setting(640, minimum=160, maximum=3840, doc="capture width, pixels")
    height: int = setting(480, minimum=120, maximum=2160, doc="capture height, pixels")
    horizontal_fov_deg: float = setting(
        62.0, minimum=20.0, maximum=150.0, doc="camera's horizontal field of view, degrees"
    )


@dataclass(frozen=True)
class SensorSettings:
    driver: str = setting(
        "gy-mcu90640",
        choices=("gy-mcu90640", "gy-mcu90614", "cjmcu-ir"),
        doc="the thermometer board",
    )
    port: str = setting("demo", doc="serial port such as /dev/ttyUSB0, or 'demo' for the simulator")
    baud: int | None = setting(
        None, choices=(None, 9600, 57600, 115200, 460800), doc="line rate; empty = board default"
    )


@dataclass(frozen=True)
class FusionSettings:
    rgb_to_thermal: tuple[float, float, float, float, float, float, float, float, float] = setting(
        DEFAULT_RGB_TO_THERMAL, doc="row-major 3×3 homography from camera pixels to thermal pixels"
    )
    offset_c: float = setting(
        0.5,
        minimum=-3.0,
        maximum=3.0,
        doc="constant canthus-to-body offset, °C, from calibration against a clinical thermometer",
    )
    canthus_radius: float = setting(
        0.12,
        minimum=0.02,
        maximum=0.5,
        doc="radius of the region read at each inner canthus, as a fraction of the eye spacing",
    )
    stable_frames: int = setting(
        3, minimum=2, maximum=30, doc="consecutive thermal readings that must agree for a verdict"
    )
    stable_spread_c: float = setting(
        0.3, minimum=0.05, maximum=2.0, doc="largest spread among those readings, °C"
    )
    max_pairing_gap_s: float = setting(
        0.3, minimum=0.02, maximum=2.0, doc="largest time between a frame and its thermal reading"
    )


@dataclass(frozen=True)
class ScreeningSettings:
    threshold_c: float = setting(
        37.3, minimum=36.0, maximum=40.0, doc="body temperature at or above which is 'elevated'"
    )
    min_distance_m: float = setting(
        0.28, minimum=0.1, maximum=2.0, doc="nearest distance a visitor is measured at"
    )
    max_distance_m: float = setting(
        0.55, minimum=0.2, maximum=3.0, doc="farthest distance a visitor is measured at"
    )
    min_skin_c: float = setting(
        30.0, minimum=20.0, maximum=34.0, doc="below this at the canthus it is not living skin"
    )
    max_skin_c: float = setting(
        43.0, minimum=40.0, maximum=46.0, doc="above this the reading is implausible: retake"
    )
    result_hold_s: float = setting(
        4.0, minimum=1.0, maximum=30.0, doc="how long a verdict stays on screen"
    )
    measure_timeout_s: float = setting(
        4.0, minimum=1.0, maximum=30.0, doc="give up and ask for a retake after this long"
    )


@dataclass(frozen=True)
class Settings:
    camera: CameraSettings = dataclasses.field(default_factory=CameraSettings)
    sensor: SensorSettings = dataclasses.field(default_factory=SensorSettings)
    fusion: FusionSettings = dataclasses.field(default_factory=FusionSettings)
    screening: ScreeningSettings = dataclasses.field(default_factory=ScreeningSettings)
    privacy: PrivacySettings = dataclasses.field(default_factory=PrivacySettings)
    recognition: RecognitionSettings = dataclasses.field(default_factory=RecognitionSettings)
    operator: OperatorSettings = dataclasses.field(default_factory=OperatorSettings)

    def validated(self) -> Settings:
        """Check rules that span several keys; returns self or raises SettingsError."""
        if self.screening.min_distance_m >= self.screening.max_distance_m:
            raise SettingsError(
                "screening.min_distance_m", "must be smaller than screening.max_distance_m"
            )
        if (self.camera.source == "demo") != (self.sensor.port == "demo"):
            raise SettingsError(
                "sensor.port",
                "the demo camera and the demo sensor go together: set camera.source and "
                "sensor.port both to 'demo', or both to real devices",
            )
        return self


def parse_settings(table: dict[str, Any]) -> Settings:
    """Settings from a parsed TOML document."""
    return parse_section(Settings, table, "").validated()


def load_settings(path: Path) -> Settings:
    """Read a settings file; a missing file means all defaults."""
    if not path.exists():
        return Settings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(str(path), f"not valid TOML ({error})") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(str(path), f"cannot be read ({error})") from error
    return parse_settings(table)


def settings_table(settings: Settings) -> dict[str, Any]:
    """The settings as a TOML-ready table."""
    return section_to_table(settings)
