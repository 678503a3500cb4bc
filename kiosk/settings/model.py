"""The kiosk's settings as one value: every section, and the rules that span sections.

A settings file only needs the keys an operator changes; everything else keeps its
default. A wrong key or value is refused with a message naming it (SettingsError).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from drivers.thermal.registry import DRIVERS
from kiosk.settings.devices import CameraSettings, SensorSettings
from kiosk.settings.fusion import FusionSettings, check_registration, derived_registration
from kiosk.settings.operator import OperatorSettings
from kiosk.settings.privacy import PrivacySettings
from kiosk.settings.recognition import RecognitionSettings
from kiosk.settings.schema import SettingsError, parse_section, section_to_table
from kiosk.settings.screening import ScreeningSettings
from kiosk.settings.telemetry import TelemetrySettings


@dataclass(frozen=True)
class Settings:
    camera: CameraSettings = dataclasses.field(default_factory=CameraSettings)
    sensor: SensorSettings = dataclasses.field(default_factory=SensorSettings)
    fusion: FusionSettings = dataclasses.field(default_factory=FusionSettings)
    screening: ScreeningSettings = dataclasses.field(default_factory=ScreeningSettings)
    privacy: PrivacySettings = dataclasses.field(default_factory=PrivacySettings)
    recognition: RecognitionSettings = dataclasses.field(default_factory=RecognitionSettings)
    operator: OperatorSettings = dataclasses.field(default_factory=OperatorSettings)
    telemetry: TelemetrySettings = dataclasses.field(default_factory=TelemetrySettings)

    def validated(self) -> Settings:
        """Check rules that span several keys; returns self or raises SettingsError."""
        if self.screening.min_distance_m >= self.screening.max_distance_m:
            raise SettingsError(
                "screening.min_distance_m", "must be smaller than screening.max_distance_m"
            )
        array_shape = DRIVERS[self.sensor.driver].array_shape
        if array_shape is not None:
            check_registration(
                self.fusion.rgb_to_thermal,
                (self.camera.width, self.camera.height),
                array_shape,
            )
        return self


def parse_settings(table: dict[str, Any]) -> Settings:
    """Settings from a parsed TOML document.

    A file that does not give `fusion.rgb_to_thermal` gets the one its own camera, lens and
    mounting imply (kiosk.thermometry.optics): a new camera resolution or lens then needs no
    hand-made matrix, and a matrix an installer calibrated is never replaced.
    """
    settings = parse_section(Settings, table, "")
    fusion_table = table.get("fusion", {})
    if "rgb_to_thermal" not in fusion_table and settings.sensor.installed_lens().array_shape:
        derived = derived_registration(settings.camera, settings.sensor, settings.fusion)
        settings = replace(settings, fusion=replace(settings.fusion, rgb_to_thermal=derived))
    return settings.validated()


def settings_table(settings: Settings) -> dict[str, Any]:
    """The settings as a TOML-ready table."""
    return section_to_table(settings)
