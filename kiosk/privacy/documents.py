"""The retention policy and the privacy impact assessment template, generated from the
settings the kiosk runs with, so the paperwork says what the purger and notice do."""

from __future__ import annotations

from kiosk.privacy.notice import notice_for, retention_schedule
from kiosk.settings import Settings

DATA_CLASSES = {
    # data class: (English description, Chinese description)
    "screening_records": (
        "screening records: time, temperature, verdict, corrections, mask flag; no identity",
        "筛查记录：时间、体温、结果、修正项、是否戴口罩；不含身份信息",
    ),
    "templates_since_last_seen": (
        "encrypted face templates of consenting visitors, counted from when last recognised",
        "已同意访客的加密人脸特征，自最后一次识别起计算",
    ),
    "consent_records": (
        "consent decisions: time, notice version, purposes, choice; no biometric",
        "同意记录：时间、告知版本、目的、选择；不含生物特征",
    ),
    "audit_log": (
        "audit log: consents, withdrawals, purges, settings changes, operator log-ins",
        "审计日志：同意、撤回、清除、设置变更、操作员登录",
    ),
}


def retention_policy(settings: Settings) -> str:
    """The retention schedule as a bilingual Markdown document."""
    notice = notice_for(settings)
    days = retention_schedule(settings.privacy.retention)
    lines = [
        "# Retention policy / 数据保存政策",
        "",
        f"Operator / 运营方: {settings.privacy.notice.operator_name} "
        f"({settings.privacy.notice.operator_contact})",
        f"Collection notice version / 告知版本: {notice.version}",
        "",
        "| data class / 数据类别 | kept for / 保存期限 |",
        "| --- | --- |",
    ]
    for name, (english, chinese) in DATA_CLASSES.items():
        lines.append(f"| {english}<br>{chinese} | {days[name]} days / {days[name]}天 |")
    lines += [
        "",
        "Camera frames, face crops and thermal images are processed in memory and never "
        "written to disk. / 摄像头画面、人脸截图和热成像图像仅在内存中处理，从不写入磁盘。",
        "",
        f"Expired data is deleted automatically at start-up and every "
        f"{settings.privacy.purge_interval_minutes} minutes, with secure delete and a "
        "checkpoint of the database journal; each purge is audited. / 过期数据在启动时及每"
        f"{settings.privacy.purge_interval_minutes}分钟自动安全删除，并记入审计日志。",
        "",
    ]
    return "\n".join(lines)


def privacy_impact_assessment(settings: Settings) -> str:
    """A privacy impact assessment template pre-filled with what this kiosk does."""
    privacy = settings.privacy
    recognition = settings.recognition
    days = retention_schedule(privacy.retention)
    recognition_state = (
        "offered, only after separate consent on its own screen"
        if recognition.enabled
        else "turned off"
    )
    return "\n".join(
        [
            "# Privacy impact assessment (template) / 个人信息保护影响评估（模板）",
            "",
            "Generated from the kiosk's current settings; complete the sections marked TO "
            "COMPLETE and keep it with the operator's records (PIPL art. 55–56).",
            "",
            "## 1. Controller / 个人信息处理者",
            f"- Operator: {privacy.notice.operator_name}",
            f"- Contact: {privacy.notice.operator_contact}",
            f"- Collection notice version: {notice_for(settings).version}",
            "- Data protection contact: TO COMPLETE",
            "",
            "## 2. Purposes and legal basis / 处理目的与依据",
            *[f"- {purpose}" for purpose in privacy.notice.purposes_en],
            "- Legal basis for temperature screening: TO COMPLETE",
            f"- Face recognition: {recognition_state}; enrolment "
            f"{'on' if privacy.enrolment_enabled else 'off'}; under-14s need a guardian.",
            "",
            "## 3. Data processed / 处理的数据",
            "- Camera frames: in memory only, to aim the measurement; never stored.",
            "- Temperature and verdict: stored as screening records without identity.",
            "- Face templates (128-d, AES-GCM encrypted, key outside the database): only "
            "with consent.",
            "",
            "## 4. Retention / 保存期限",
            *[f"- {DATA_CLASSES[name][0]}: {days[name]} days" for name in DATA_CLASSES],
            "",
            "## 5. Safeguards / 保护措施",
            "- Data stays on the device; the kiosk opens no outbound network connection.",
            "- Database readable by the kiosk user only; secure delete; WAL checkpointed on purge.",
            "- Tamper-evident audit log; operator panel behind a scrypt-hashed PIN with lock-out.",
            f"- Operator alert at {privacy.scale_alert_people:,} enrolled people "
            "(regulator filing threshold).",
            '- Visitors can withdraw on the kiosk ("Forget me"); the operator can delete by '
            "enrolment id.",
            "",
            "## 6. Risks and mitigations / 风险与应对",
            "- TO COMPLETE: risks identified at this site and how each is mitigated.",
            "",
            "## 7. Sign-off / 审批",
            "- Assessed by: TO COMPLETE      Date: TO COMPLETE",
            "",
        ]
    )
