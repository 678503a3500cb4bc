"""Visitor flows on real widgets: language, consent (decline, under-14, agree and enrol),
forget-me through the recognition service, with the real store and the demo pipeline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.pipeline import Pipeline
from kiosk.runtime import devices
from kiosk.screening import Phase
from kiosk.services import KioskServices
from kiosk.store import KioskStore
from tests.ui.conftest import demo_settings
from ui.bridge import PipelineBridge
from ui.main_window import KioskWindow

LEFT = Qt.MouseButton.LeftButton
Kiosk = tuple[KioskWindow, PipelineBridge, KioskServices]


def _consents(store: KioskStore) -> list[tuple[str, str, int, int]]:
    rows = store.db.execute(
        "SELECT choice, notice_version, under_14, guardian_confirmed FROM consent_events "
        "WHERE kind = 'decision' ORDER BY id"
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_language_button_switches_every_visitor_text(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, _, _ = kiosk
    assert window.attract.headline.text() == "请走近屏幕测量体温"
    assert window.language_button.text() == "English"
    qtbot.mouseClick(window.language_button, LEFT)
    assert window.attract.headline.text() == "Please step up to be screened"
    assert window.language_button.text() == "中文"
    assert window.notice.first.text().startswith("This kiosk measures temperature")
    qtbot.mouseClick(window.language_button, LEFT)
    assert window.title.text() == "体温筛查"


def test_decline_is_one_tap_and_recorded_with_the_notice_version(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, services = kiosk
    qtbot.mouseClick(window.attract.recognition, LEFT)
    assert window.visitor.currentWidget() is window.consent
    # Agree and decline are the same size: neither is nudged.
    assert window.consent.agree.size() == window.consent.decline.size()
    qtbot.mouseClick(window.consent.decline, LEFT)
    qtbot.waitUntil(lambda: len(_consents(store)) == 1)
    assert _consents(store) == [("declined", services.ledger.notice.version, 0, 0)]
    assert window.flow.message.text() == "已记录：不使用人脸识别。测温照常进行。"


def test_under_14_needs_a_guardian_before_agreeing(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, _ = kiosk
    window.start_consent()
    qtbot.mouseClick(window.consent.agree, LEFT)
    assert window.consent.message.text() == "请先回答年龄问题。"
    qtbot.mouseClick(window.consent.under_14, LEFT)
    assert window.consent.guardian.isVisible()
    qtbot.mouseClick(window.consent.agree, LEFT)
    assert "监护人" in window.consent.message.text()
    assert _consents(store) == []


def test_enrol_then_forget_me_deletes_the_person_at_once(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, bridge, _ = kiosk
    settings = demo_settings()
    with devices(settings, True) as (camera, sensor):
        pipeline = Pipeline(settings, camera, sensor, bridge.post_event, bridge.post_update)
        pipeline.start()
        try:
            qtbot.waitUntil(lambda: window.visitor.currentWidget() is window.live, timeout=20000)
            qtbot.waitUntil(lambda: window.live._view.phase is Phase.MEASURING, timeout=20000)
        finally:
            pipeline.stop()
    window.start_consent()
    qtbot.mouseClick(window.consent.older, LEFT)
    qtbot.mouseClick(window.consent.agree, LEFT)
    qtbot.waitUntil(lambda: "登记编号" in window.flow.message.text(), timeout=30000)
    [person_id] = store.person_ids()
    assert str(person_id) in window.flow.message.text()
    assert _consents(store)[0][0] == "granted"

    window.end_flow()
    qtbot.mouseClick(window.attract.forget, LEFT)
    find_me = window.flow.buttons.itemAt(0).widget()
    qtbot.mouseClick(find_me, LEFT)
    qtbot.waitUntil(lambda: "已找到登记编号" in window.flow.message.text(), timeout=30000)
    delete_now = window.flow.buttons.itemAt(0).widget()
    qtbot.mouseClick(delete_now, LEFT)
    qtbot.waitUntil(lambda: window.flow.message.text().startswith("已删除"), timeout=10000)
    assert store.person_ids() == [] and store.template_count() == 0
    assert store.audit_entries("person_forgotten")[0].details["requested_by"] == "visitor"
