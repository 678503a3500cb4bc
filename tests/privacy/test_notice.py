"""The collection notice: built from the settings in both languages, retention taken from
the purger's own settings, and a version that changes whenever the text would."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.paths import KioskPaths
from kiosk.privacy.notice import build_notice
from kiosk.settings import parse_settings
from kiosk.settings.privacy import NoticeSettings, PrivacySettings, RetentionSettings
from kiosk.store import KioskStore, Purger, ScreeningRecord

OPERATOR = NoticeSettings(
    operator_name="Riverside Clinic",
    operator_contact="privacy@riverside.example",
    purposes_zh=("门诊入口体温筛查",),
    purposes_en=("temperature screening at the clinic entrance",),
    alternative_zh="请到前台由护士测温。",
    alternative_en="Ask the nurse at reception.",
)
RETENTION = RetentionSettings(
    screening_records_days=7,
    templates_unseen_days=45,
    consent_records_days=200,
    audit_log_days=400,
)
SETTINGS = PrivacySettings(notice=OPERATOR, retention=RETENTION)


def test_the_notice_says_who_why_what_how_long_where_and_how_to_leave() -> None:
    notice = build_notice(SETTINGS)
    for text in (notice.full_zh, notice.full_en):
        assert "Riverside Clinic" in text and "privacy@riverside.example" in text
        assert notice.version in text
    zh, en = notice.full_zh, notice.full_en
    assert "门诊入口体温筛查" in zh and "temperature screening at the clinic entrance" in en
    assert "仅在本机内存中处理" in zh and "processed in this device's memory only" in en
    assert "单独的同意" in zh and "only if you agree on the separate consent screen" in en
    assert "不会传出本机" in zh and "nothing is sent anywhere" in en
    assert "请到前台由护士测温。" in zh and "Ask the nurse at reception." in en
    assert "删除我的数据" in zh and "Forget me" in en
    assert "监护人" in zh and "guardian" in en


@pytest.mark.parametrize("days", [1, 7, 45])
def test_retention_on_the_notice_is_what_the_purger_enforces(paths: KioskPaths, days: int) -> None:
    settings = replace(SETTINGS, retention=replace(RETENTION, screening_records_days=days))
    notice = build_notice(settings)
    shown_en = re.search(r"Temperature: .* is kept (\d+) days?", notice.full_en)
    shown_zh = re.search(r"体温：.*保存(\d+)天", notice.full_zh)
    assert shown_en and shown_zh
    assert int(shown_en.group(1)) == int(shown_zh.group(1)) == days
    now = datetime(2026, 6, 1, tzinfo=UTC)
    with KioskStore.open(paths, settings) as store:
        store.record_screening(
            ScreeningRecord(36.5, "normal", at=now - timedelta(days=days, hours=1))
        )
        store.record_screening(
            ScreeningRecord(36.5, "normal", at=now - timedelta(days=days, hours=-1))
        )
        Purger(store, settings.retention, timedelta(hours=1)).run_once(now)
        assert store.screening_count() == 1


def test_every_retention_window_appears_in_both_languages() -> None:
    notice = build_notice(SETTINGS)
    for days in (7, 45, 200, 400):
        assert f"{days} days" in notice.full_en
        assert f"{days}天" in notice.full_zh


def test_the_banner_is_short_and_bilingual() -> None:
    notice = build_notice(SETTINGS)
    for banner in (notice.short_zh, notice.short_en):
        assert 2 <= len(banner.splitlines()) <= 3
        assert "Riverside Clinic" in banner
    assert "内存" in notice.short_zh and "memory" in notice.short_en
    assert "7天" in notice.short_zh and "7 days" in notice.short_en


def test_before_set_up_the_banner_says_once_that_the_operator_is_not_named() -> None:
    unset = replace(SETTINGS, notice=replace(OPERATOR, operator_name="", operator_contact=""))
    notice = build_notice(unset)
    assert notice.short_zh.count("尚未设置") == 1
    assert notice.short_en.count("not set yet") == 1
    named = build_notice(replace(SETTINGS, notice=replace(OPERATOR, operator_contact="")))
    assert "Riverside Clinic (not set yet" in named.short_en


def test_the_version_follows_the_operators_text() -> None:
    base = build_notice(SETTINGS).version
    assert build_notice(SETTINGS).version == base
    edits = [
        replace(SETTINGS, notice=replace(OPERATOR, operator_name="Riverside Clinic Ltd")),
        replace(SETTINGS, notice=replace(OPERATOR, extra_en="CCTV also operates here.")),
        replace(SETTINGS, notice=replace(OPERATOR, purposes_zh=("体温筛查",))),
        replace(SETTINGS, retention=replace(RETENTION, templates_unseen_days=46)),
        replace(SETTINGS, enrolment_enabled=False),
    ]
    versions = {build_notice(edited).version for edited in edits}
    assert base not in versions and len(versions) == len(edits)
    # Showing English first changes no text, so no one is asked again.
    unchanged = replace(SETTINGS, notice=replace(OPERATOR, default_language="en"))
    assert build_notice(unchanged).version == base
    assert build_notice(unchanged).default_language == "en"


def test_with_enrolment_off_the_notice_promises_no_template() -> None:
    notice = build_notice(replace(SETTINGS, enrolment_enabled=False))
    assert "不生成、不保存人脸特征模板" in notice.full_zh
    assert "no template is made" in notice.full_en
    assert "本机不做人脸识别" in notice.short_zh and "No face recognition" in notice.short_en


def test_the_operator_edits_the_notice_in_the_settings_file() -> None:
    settings = parse_settings(
        {
            "privacy": {
                "notice": {"operator_name": "Harbour Office", "purposes_en": ["entry screening"]},
                "retention": {"screening_records_days": 14},
                "scale_alert_people": 5000,
            }
        }
    )
    notice = build_notice(settings.privacy)
    assert "Harbour Office" in notice.full_en and "· entry screening" in notice.full_en
    assert "14 days" in notice.full_en
    assert settings.privacy.scale_alert_people == 5000
    assert PrivacySettings().scale_alert_people == 100_000
