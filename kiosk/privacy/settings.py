"""Privacy settings: the operator's part of the collection notice and the retention windows.

The notice and the purger both read these, so what the visitor is told and what the
kiosk does cannot disagree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kiosk.settings_schema import setting


@dataclass(frozen=True)
class NoticeSettings:
    operator_name: str = setting("Demo Mall Management", doc="who runs this kiosk")
    operator_contact: str = setting("service desk, +86 000 0000 0000", doc="how to reach them")


@dataclass(frozen=True)
class RetentionSettings:
    screening_records_days: int = setting(
        30, minimum=1, maximum=3650, doc="days a screening record is kept"
    )


@dataclass(frozen=True)
class PrivacySettings:
    notice: NoticeSettings = dataclasses.field(default_factory=NoticeSettings)
    retention: RetentionSettings = dataclasses.field(default_factory=RetentionSettings)
