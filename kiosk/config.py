"""The kiosk's settings: typed sections, defaults, and the TOML settings file.

A settings file only needs the keys an operator changes; everything else keeps its
default. A wrong key or value is refused with a message naming it (SettingsError).
"""

from __future__ import annotations

import dataclasses
import itertools
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
        DEFAULT_RGB_TO_THERMAL,
        doc="row-major 3×3 homography from camera pixels to the oriented thermal array's pixels "
        "(fitted by `kiosk calibrate homography`)",
    )
    thermal_mirror: bool = setting(
        False, doc="mirror the array left-right before use (some boards send columns reversed)"
    )
    thermal_rotation: int = setting(
        0, choices=(0, 90, 180, 270), doc="rotate the array clockwise by this many degrees first"
    )
    # Defaults: what `benchmarks/accuracy.py`'s calibration procedure gives on the demo's
    # simulated sensor at 0.4 m (no drift, no blackbody). Every installation recalibrates.
    offset_c: float = setting(
        0.85,
        minimum=-3.0,
        maximum=3.0,
        doc="constant canthus-to-body offset, °C, from calibration against a clinical thermometer",
    )
    ambient_k: float = setting(
        0.05,
        minimum=0.0,
        maximum=0.5,
        doc="heat-balance factor at the canthus: body = skin + k·(skin − ambient); 0 = off",
    )
    distance_curve_m: tuple[float, ...] = setting(
        (),
        doc="distances, m, of the calibrated distance-compensation points (increasing; fitted "
        "by `kiosk calibrate distance`); empty = no distance compensation",
    )
    distance_curve_c: tuple[float, ...] = setting(
        (),
        doc="offsets, °C, at those distances: interpolated between, held beyond the ends",
    )
    forehead_fallback: bool = setting(
        True, doc="read the forehead, flagged as lower confidence, when the eyes are covered"
    )
    forehead_offset_c: float = setting(
        -0.2, minimum=-3.0, maximum=6.0, doc="constant forehead-to-body offset, °C"
    )
    forehead_ambient_k: float = setting(
        0.18,
        minimum=0.0,
        maximum=0.6,
        doc="heat-balance factor on the forehead (more exposed to the air than the canthus)",
    )
    occlusion_margin_c: float = setting(
        1.0,
        minimum=0.2,
        maximum=5.0,
        doc="canthi reading this much below the forehead are covered (glasses, hair)",
    )
    canthus_radius: float = setting(
        0.25,
        minimum=0.02,
        maximum=0.5,
        doc="radius of the region read at each inner canthus, as a fraction of the eye spacing",
    )
    min_region_pixels: int = setting(
        4,
        minimum=1,
        maximum=100,
        doc="thermal pixels that must fall inside the two canthus regions, else 'step closer'",
    )
    blackbody: bool = setting(False, doc="a reference blackbody is in the array's view")
    blackbody_region: tuple[int, int, int, int] = setting(
        (29, 0, 3, 3), doc="column, row, width, height of the blackbody in the oriented array"
    )
    blackbody_c: float = setting(
        35.0, minimum=20.0, maximum=45.0, doc="the blackbody's set temperature, °C"
    )
    blackbody_tolerance_c: float = setting(
        2.0,
        minimum=0.2,
        maximum=5.0,
        doc="a blackbody reading further than this from its set point is out of place: pause",
    )
    blackbody_max_spread_c: float = setting(
        # Nine pixels with the MLX90640's 0.2 K noise at 4 Hz span up to ~4.5σ ≈ 0.9 °C.
        1.2,
        minimum=0.1,
        maximum=5.0,
        doc="largest spread across the blackbody region before it counts as partly out of view",
    )
    spot_centre_px: tuple[float, float] = setting(
        (320.0, 240.0), doc="single-point sensors: where the sensor's axis meets the camera image"
    )
    spot_radius_px: float = setting(
        60.0,
        minimum=5.0,
        maximum=1000.0,
        doc="single-point sensors: the canthi must lie within this many camera pixels of it",
    )
    spot_min_distance_m: float = setting(
        0.05, minimum=0.02, maximum=2.0, doc="single-point sensors: nearest measuring distance"
    )
    spot_max_distance_m: float = setting(
        0.10, minimum=0.03, maximum=2.0, doc="single-point sensors: farthest measuring distance"
    )
    stable_frames: int = setting(
        3, minimum=2, maximum=30, doc="consecutive thermal readings that must agree for a verdict"
    )
    stable_spread_c: float = setting(
        0.3, minimum=0.05, maximum=2.0, doc="largest spread among those readings, °C"
    )
    stable_distance_m: float = setting(
        0.05,
        minimum=0.01,
        maximum=0.5,
        doc="largest change of distance among those readings: the visitor stands still",
    )
    max_pairing_gap_s: float = setting(
        0.3, minimum=0.02, maximum=2.0, doc="largest time between a frame and its thermal reading"
    )

    def __post_init__(self) -> None:
        distances, offsets = self.distance_curve_m, self.distance_curve_c
        if len(distances) != len(offsets):
            raise SettingsError(
                "fusion.distance_curve_c", "needs one offset for each of fusion.distance_curve_m"
            )
        if any(b <= a for a, b in itertools.pairwise(distances)):
            raise SettingsError(
                "fusion.distance_curve_m", "distances must be in increasing order, each once"
            )
        if any(not 0.05 <= d <= 3.0 for d in distances) or any(abs(o) > 5.0 for o in offsets):
            raise SettingsError(
                "fusion.distance_curve_m", "distances within 0.05–3 m, offsets within ±5 °C"
            )
        if self.spot_min_distance_m >= self.spot_max_distance_m:
            raise SettingsError(
                "fusion.spot_min_distance_m", "must be smaller than fusion.spot_max_distance_m"
            )
        if any(v <= 0 for v in self.blackbody_region[2:]) or min(self.blackbody_region) < 0:
            raise SettingsError(
                "fusion.blackbody_region", "column and row from 0, width and height at least 1"
            )


@dataclass(frozen=True)
class ScreeningSettings:
    threshold_c: float = setting(
        37.3, minimum=36.0, maximum=40.0, doc="body temperature at or above which is 'elevated'"
    )
    threshold_mode: str = setting(
        "fixed",
        choices=("fixed", "adaptive"),
        doc="'adaptive': running mean of recent normal visitors plus a margin (ISO/TR 13154)",
    )
    adaptive_margin_c: float = setting(
        0.8, minimum=0.2, maximum=3.0, doc="adaptive threshold: margin above the running mean"
    )
    adaptive_window: int = setting(
        50, minimum=5, maximum=1000, doc="adaptive threshold: recent normal visitors averaged"
    )
    adaptive_min_visitors: int = setting(
        10,
        minimum=3,
        maximum=1000,
        doc="adaptive threshold: the fixed threshold applies until this many were seen",
    )
    adaptive_bounds_c: tuple[float, float] = setting(
        (37.0, 38.0), doc="adaptive threshold: never below / above these, °C"
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
    min_body_c: float = setting(
        35.0,
        minimum=30.0,
        maximum=36.0,
        doc="a corrected reading below this is not a plausible body temperature (covered "
        "canthi, too far): retake rather than report it",
    )
    result_hold_s: float = setting(
        4.0, minimum=1.0, maximum=30.0, doc="how long a verdict stays on screen"
    )
    measure_timeout_s: float = setting(
        4.0, minimum=1.0, maximum=30.0, doc="give up and ask for a retake after this long"
    )
    allow_session_recording: bool = setting(
        False,
        doc="let `kiosk record` store camera video and sensor bytes for replay (stores images "
        "of visitors: only for commissioning, with their consent)",
    )

    def __post_init__(self) -> None:
        low, high = self.adaptive_bounds_c
        if not 36.0 <= low < high <= 40.0:
            raise SettingsError(
                "screening.adaptive_bounds_c", "expected [low, high] with 36 ≤ low < high ≤ 40"
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
