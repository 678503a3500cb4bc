"""Privacy settings: the operator's part of the collection notice, retention windows, enrolment.

The notice and the purger both read these, so what the visitor is told and what the
kiosk does cannot disagree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kiosk.settings.schema import setting


@dataclass(frozen=True)
class NoticeSettings:
    """The operator-editable text of the collection notice, in both languages."""

    # Empty until set-up: a production notice never names a made-up operator.
    operator_name: str = setting(
        "", doc="who runs this kiosk (set-up asks for it)", editable=True, live=True
    )
    operator_contact: str = setting(
        "", doc="how visitors reach them (set-up asks for it)", editable=True, live=True
    )
    purposes_zh: tuple[str, ...] = setting(
        ("体温筛查，发现体温异常时提示复测", "仅在您单独同意后：刷脸快速通行与考勤打卡"),
        doc="purposes of processing, Simplified Chinese, one per line",
    )
    purposes_en: tuple[str, ...] = setting(
        (
            "temperature screening, asking for a re-test when it is elevated",
            "only with your separate consent: face-recognition fast pass and clock-in",
        ),
        doc="purposes of processing, English, one per line",
    )
    alternative_zh: str = setting(
        "如不愿使用本机，请告知工作人员，改用手持体温计测温。",
        doc="the alternative to the kiosk, Simplified Chinese",
    )
    alternative_en: str = setting(
        "If you prefer not to use this kiosk, ask a member of staff to measure you "
        "with a handheld thermometer.",
        doc="the alternative to the kiosk, English",
    )
    extra_zh: str = setting(
        "", doc="any further text the operator adds, Simplified Chinese", editable=True, live=True
    )
    extra_en: str = setting(
        "", doc="any further text the operator adds, English", editable=True, live=True
    )
    default_language: str = setting(
        "zh",
        choices=("zh", "en"),
        doc="language shown first on visitor screens",
        editable=True,
        live=True,
    )


@dataclass(frozen=True)
class RetentionSettings:
    """How long each data class is kept; the purger deletes anything older."""

    screening_records_days: int = setting(
        30,
        minimum=1,
        maximum=3650,
        doc="days a screening record is kept",
        editable=True,
    )
    templates_unseen_days: int = setting(
        90,
        minimum=1,
        maximum=3650,
        doc="days a face template is kept after its person was last recognised",
        editable=True,
    )
    consent_records_days: int = setting(
        365,
        minimum=1,
        maximum=3650,
        doc="days a consent decision is kept once no enrolment depends on it",
        editable=True,
    )
    audit_log_days: int = setting(
        365, minimum=30, maximum=3650, doc="days an audit entry is kept", editable=True
    )


@dataclass(frozen=True)
class PrivacySettings:
    notice: NoticeSettings = dataclasses.field(default_factory=NoticeSettings)
    retention: RetentionSettings = dataclasses.field(default_factory=RetentionSettings)
    enrolment_enabled: bool = setting(
        True,
        doc="offer face-recognition enrolment at all (off: screening only)",
        editable=True,
        live=True,
    )
    scale_alert_people: int = setting(
        100_000,
        minimum=1,
        maximum=10_000_000,
        doc="alert the operator when this many people are enrolled (regulator filing threshold)",
    )
    purge_interval_minutes: int = setting(
        60, minimum=1, maximum=1440, doc="how often expired data is purged"
    )
