"""The kiosk's settings: the schema, the sections, reading the operator's file and changing it.

- `schema`: `setting()` metadata (range, choices, editable, live, doc) and lookup by dotted key;
- the sections (`devices`, `fusion`, `screening`, `privacy`, `recognition`, `operator`) and
  `model.Settings`, the whole;
- `file`: the one resolver for the settings file, safe reading, the last-good fallback;
- `changes`: applying a change: validated as a whole, written into the operator's own file
  (only the changed keys, comments kept), audited with who made it.
"""

from kiosk.settings.devices import CameraSettings, SensorSettings
from kiosk.settings.file import load_settings
from kiosk.settings.fusion import FusionSettings
from kiosk.settings.model import Settings, parse_settings, settings_table
from kiosk.settings.operator import GateSettings, OperatorSettings
from kiosk.settings.privacy import NoticeSettings, PrivacySettings, RetentionSettings
from kiosk.settings.recognition import RecognitionSettings
from kiosk.settings.schema import SettingsError
from kiosk.settings.screening import ScreeningSettings

__all__ = [
    "CameraSettings",
    "FusionSettings",
    "GateSettings",
    "NoticeSettings",
    "OperatorSettings",
    "PrivacySettings",
    "RecognitionSettings",
    "RetentionSettings",
    "ScreeningSettings",
    "SensorSettings",
    "Settings",
    "SettingsError",
    "load_settings",
    "parse_settings",
    "settings_table",
]
