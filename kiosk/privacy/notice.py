"""The collection notice, in Simplified Chinese and English, built from the privacy settings.

The retention periods come from the same RetentionSettings the purger enforces, so the
notice cannot promise one thing while the kiosk does another. The version is a hash
of the rendered texts, i.e. of this module's wording plus the operator's settings:
any edit to either gives a new version, and visitors who consented to an older one
are asked again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.settings import Settings
from kiosk.settings.privacy import PrivacySettings, RetentionSettings


@dataclass(frozen=True)
class NoticeOffers:
    """What the kiosk offers beyond screening, each of which the notice must mention only
    while it is offered (and whose switching changes the notice and so its version)."""

    recognition: bool  # consent-based face recognition can be asked for here
    # [telemetry] is on: device health and hourly counts leave the device (kiosk/telemetry/)
    telemetry: bool = False

    @classmethod
    def of(cls, settings: Settings) -> NoticeOffers:
        privacy = settings.privacy
        return cls(
            recognition=settings.recognition.enabled and privacy.enrolment_enabled,
            telemetry=settings.telemetry.enabled,
        )

    @classmethod
    def default_for(cls, privacy: PrivacySettings) -> NoticeOffers:
        """The offers implied by the privacy settings alone (recognition needs enrolment)."""
        return cls(recognition=privacy.enrolment_enabled)


@dataclass(frozen=True)
class Notice:
    version: str
    short_zh: str
    short_en: str
    full_zh: str
    full_en: str
    default_language: str


def _days_zh(days: int) -> str:
    return f"{days}天"


def _days_en(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


# With [telemetry] on: what leaves the device, and what never does.
TELEMETRY_ZH = (
    "有关您的信息仅保存在本设备上，不会传出本机。本机仅向运营方自己的监控系统发送设备运行状态"
    "（摄像头、测温传感器等是否正常）和每小时人数统计（人数很少时不给出具体数字），"
    "不发送任何一位访客的体温、图像或身份。"
)
TELEMETRY_EN = (
    "Everything about you stays on this device. Only the kiosk's own health (whether its "
    "camera, thermometer and other parts work) and hourly counts of visitors (small numbers "
    "withheld) are sent to the operator's own monitoring system; no visitor's temperature, "
    "image or identity is sent."
)
TELEMETRY_SHORT_ZH = "仅设备状态和每小时人数统计发送给运营方。"
TELEMETRY_SHORT_EN = " Only device status and hourly counts are sent to the operator."


def _or_unset_zh(value: str) -> str:
    # Empty only before set-up names them (set-up refuses to finish without both).
    return value or "尚未设置，请询问工作人员"


def _or_unset_en(value: str) -> str:
    return value or "not set yet: please ask staff"


def _operator_zh(name: str, contact: str) -> str:
    """The short notice's operator line: name and contact, or one 'not set yet'."""
    if not (name or contact):
        return _or_unset_zh("")
    return f"{_or_unset_zh(name)}（{_or_unset_zh(contact)}）"


def _operator_en(name: str, contact: str) -> str:
    if not (name or contact):
        return _or_unset_en("")
    return f"{_or_unset_en(name)} ({_or_unset_en(contact)})"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"· {item}" for item in items)


def _full_zh(settings: PrivacySettings, offers: NoticeOffers) -> str:
    n, r = settings.notice, settings.retention
    if offers.recognition:
        template = (
            f"· 人脸特征模板：仅在您于单独的同意页面明确同意后生成，加密保存在本机；"
            f"自最后一次被识别起保存{_days_zh(r.templates_unseen_days)}，到期自动删除。"
            f"未满14周岁者须由监护人同意。"
        )
    else:
        template = "· 人脸特征模板：本机已关闭人脸识别，不生成、不保存人脸特征模板。"
    lines = [
        f"运营方：{_or_unset_zh(n.operator_name)}",
        f"联系方式：{_or_unset_zh(n.operator_contact)}",
        "",
        "处理目的：",
        _bullets(n.purposes_zh),
        "",
        "收集的信息及保存期限：",
        "· 人脸图像：仅在本机内存中处理，用于对准测温位置，不保存到任何位置，不上传。",
        f"· 体温：测量结果（不含身份、不含图像）保存{_days_zh(r.screening_records_days)}。",
        template,
        f"· 同意记录（时间、告知版本、目的、选择，不含生物特征）：登记删除后保存"
        f"{_days_zh(r.consent_records_days)}。",
        f"· 审计日志（不含生物特征）：保存{_days_zh(r.audit_log_days)}。",
        "",
        TELEMETRY_ZH if offers.telemetry else "所有信息仅保存在本设备上，不会传出本机。",
        "",
        f"替代方式：{n.alternative_zh}",
        "",
        "撤回与删除：您可随时在本机点击“删除我的数据”，立即删除您的人脸模板和登记信息，"
        "也可联系运营方按登记编号删除。不同意或撤回同意不影响体温筛查服务。",
    ]
    if n.extra_zh:
        lines += ["", n.extra_zh]
    return "\n".join(lines)


def _full_en(settings: PrivacySettings, offers: NoticeOffers) -> str:
    n, r = settings.notice, settings.retention
    if offers.recognition:
        template = (
            f"· Face template: made only if you agree on the separate consent screen; "
            f"stored encrypted on this device and deleted "
            f"{_days_en(r.templates_unseen_days)} after you were last recognised. "
            f"Under-14s need a parent or guardian's consent."
        )
    else:
        template = "· Face template: face recognition is turned off here; no template is made."
    lines = [
        f"Operator: {_or_unset_en(n.operator_name)}",
        f"Contact: {_or_unset_en(n.operator_contact)}",
        "",
        "Purposes:",
        _bullets(n.purposes_en),
        "",
        "What is collected and how long it is kept:",
        "· Face image: processed in this device's memory only, to aim the measurement; "
        "never saved anywhere, never sent.",
        f"· Temperature: the result (no identity, no image) is kept "
        f"{_days_en(r.screening_records_days)}.",
        template,
        f"· Consent record (time, notice version, purposes, your choice; no biometric): kept "
        f"{_days_en(r.consent_records_days)} after any enrolment it covers is deleted.",
        f"· Audit log (no biometric): kept {_days_en(r.audit_log_days)}.",
        "",
        TELEMETRY_EN
        if offers.telemetry
        else "Everything stays on this device; nothing is sent anywhere.",
        "",
        f"Alternative: {n.alternative_en}",
        "",
        "Withdraw or delete: tap “Forget me” on this kiosk at any time to delete your face "
        "template and enrolment at once, or ask the operator to delete it by enrolment "
        "number. Declining or withdrawing never affects temperature screening.",
    ]
    if n.extra_en:
        lines += ["", n.extra_en]
    return "\n".join(lines)


def _short_zh(settings: PrivacySettings, offers: NoticeOffers) -> str:
    n, r = settings.notice, settings.retention
    recognition = (
        "人脸识别须您单独同意，可随时删除。" if offers.recognition else "本机不做人脸识别。"
    )
    return (
        f"本机测量体温：人脸图像仅在内存中处理，不保存、不外传；体温记录保存"
        f"{_days_zh(r.screening_records_days)}。"
        f"{TELEMETRY_SHORT_ZH if offers.telemetry else ''}\n"
        f"{recognition}不愿使用请找工作人员手持测温。\n"
        f"运营方：{_operator_zh(n.operator_name, n.operator_contact)}"
    )


def _short_en(settings: PrivacySettings, offers: NoticeOffers) -> str:
    n, r = settings.notice, settings.retention
    recognition = (
        "Face recognition only with your separate consent; delete it any time."
        if offers.recognition
        else "No face recognition here."
    )
    return (
        f"This kiosk measures temperature: your face image is processed in memory only, never "
        f"saved or sent; results are kept {_days_en(r.screening_records_days)}."
        f"{TELEMETRY_SHORT_EN if offers.telemetry else ''}\n"
        f"{recognition} Prefer not? Ask staff for a handheld thermometer.\n"
        f"Operator: {_operator_en(n.operator_name, n.operator_contact)}"
    )


def retention_schedule(retention: RetentionSettings) -> dict[str, int]:
    """Days each data class is kept, as shown on the notice and enforced by the purger."""
    return {
        "screening_records": retention.screening_records_days,
        "templates_since_last_seen": retention.templates_unseen_days,
        "consent_records": retention.consent_records_days,
        "audit_log": retention.audit_log_days,
    }


def notice_for(settings: Settings) -> Notice:
    """The notice the kiosk shows and records consent under, for the whole settings."""
    return build_notice(settings.privacy, NoticeOffers.of(settings))


def build_notice(settings: PrivacySettings, offers: NoticeOffers | None = None) -> Notice:
    """The current notice; its version changes whenever any of its text would."""
    offered = offers if offers is not None else NoticeOffers.default_for(settings)
    texts = (
        _short_zh(settings, offered),
        _short_en(settings, offered),
        _full_zh(settings, offered),
        _full_en(settings, offered),
    )
    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()
    version = f"notice-{digest[:12]}"
    short_zh, short_en, full_zh, full_en = texts
    return Notice(
        version=version,
        short_zh=short_zh,
        short_en=short_en,
        full_zh=f"个人信息收集告知（版本 {version}）\n\n{full_zh}",
        full_en=f"Personal information collection notice (version {version})\n\n{full_en}",
        default_language=settings.notice.default_language,
    )
