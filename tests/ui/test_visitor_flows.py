"""Visitor flows on real widgets: language (and back to the first one once the visitor has
gone), consent (decline, under-14, a layout that does not jump), flow timers that an earlier
visitor cannot shorten, taps swallowed just after a screen changes, screening held while a
visitor is on a consent screen; enrolment, recognition and forget-me with the real models
on the real demo kiosk; results readable from two metres, in both languages."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from kiosk.screening import ScreeningResult, Verdict
from kiosk.services import KioskServices
from kiosk.store import KioskStore
from ui.bridge import PipelineBridge
from ui.main_window import DECLINE_SHOWN_MS, FLOW_TIMEOUT_MS, LANGUAGE_RESET_MS, KioskWindow
from ui.screens.result import ResultScreen

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


def test_the_next_visitor_finds_the_first_language_again(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, _, _ = kiosk
    window.visitor.setCurrentWidget(window.live)  # a visitor in front…
    qtbot.mouseClick(window.language_button, LEFT)  # …who reads English
    window.visitor.setCurrentWidget(window.attract)  # …and has gone
    assert window.language.code == "en" and window._language_timer.isActive()
    assert window._language_timer.interval() == LANGUAGE_RESET_MS
    window._language_timer.timeout.emit()
    assert window.language.code == "zh" and window.title.text() == "体温筛查"


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


def test_an_earlier_visitors_short_screen_never_shortens_the_next_ones(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window, _, _ = kiosk
    window.start_consent()
    qtbot.mouseClick(window.consent.decline, LEFT)
    assert window._flow_timer.interval() == DECLINE_SHOWN_MS
    window.end_flow()
    window.start_consent()  # the next visitor
    assert window._flow_timer.interval() == FLOW_TIMEOUT_MS
    window.end_flow()
    window.start_forget()
    assert window._flow_timer.interval() == FLOW_TIMEOUT_MS


def test_a_second_tap_right_after_a_screen_change_is_ignored(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, _, _ = kiosk
    window.tap_guard_s = 0.6
    window.start_consent()
    qtbot.wait(700)
    qtbot.mouseClick(window.consent.decline, LEFT)  # the finger lands…
    assert window.visitor.currentWidget() is window.flow
    back = window.flow.buttons.itemAt(0).widget()
    qtbot.mouseClick(back, LEFT)  # …and taps again where "Back" now is: swallowed
    assert window.visitor.currentWidget() is window.flow
    qtbot.wait(700)
    qtbot.mouseClick(back, LEFT)  # a deliberate tap afterwards works
    assert window.visitor.currentWidget() is window.attract


def test_the_consent_layout_does_not_jump_when_the_guardian_question_appears(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, _, _ = kiosk
    window.start_consent()
    qtbot.wait(20)
    before = QRect(window.consent.agree.geometry())
    qtbot.mouseClick(window.consent.under_14, LEFT)
    qtbot.wait(20)
    assert window.consent.guardian.isVisibleTo(window.consent)
    assert window.consent.agree.geometry() == before
    qtbot.mouseClick(window.consent.agree, LEFT)
    assert "监护人" in window.consent.message.text()
    assert _consents(store) == []


def test_screening_is_held_while_a_visitor_is_on_a_consent_screen(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window, _, services = kiosk
    held: list[bool] = []
    services.runtime.hold_screening = held.append  # type: ignore[method-assign]
    window.start_consent()
    window.end_flow()
    window.start_forget()
    window.end_flow()
    assert held == [True, False, True, False]


def test_results_are_readable_from_two_metres_in_both_languages(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, _, _ = kiosk
    screen: ResultScreen = window.result
    screen.show_result(ScreeningResult(0.0, Verdict.ELEVATED, 38.1, "", None, 1.0, 37.3))
    assert screen.words.text() == "体温偏高" and screen.words_other.text() == "Temperature elevated"
    per_mm = window.metrics.dots_per_mm
    verdict = QFontMetrics(screen.words.font())
    second = QFontMetrics(screen.words_other.font())
    # A Chinese character fills about its ascent; a Latin capital its cap height.
    assert verdict.capHeight() / per_mm >= 10.0 and verdict.ascent() / per_mm >= 10.0
    assert second.capHeight() / per_mm >= 7.0
    qtbot.mouseClick(window.language_button, LEFT)
    assert screen.words.text() == "Temperature elevated" and screen.words_other.text() == "体温偏高"


def test_enrol_recognise_and_forget_on_the_running_demo_kiosk(
    qtbot: QtBot, kiosk: Kiosk, store: KioskStore
) -> None:
    window, bridge, services = kiosk
    runtime = services.runtime
    runtime.subscribe(bridge.post_event)
    runtime.subscribe_updates(bridge.post_update)
    runtime.subscribe_recognition(bridge.post_recognition)
    with runtime:
        assert runtime.recognition is not None
        qtbot.waitUntil(lambda: window.visitor.currentWidget() is window.live, timeout=30000)
        # The demo's enrolled visitor, masked, asks to be recognised: greeted by name.
        qtbot.waitUntil(lambda: "欢迎回来" in window.recognition_note.text(), timeout=60000)
        assert "Demo visitor B" in window.recognition_note.text()

        window.start_consent()
        qtbot.mouseClick(window.consent.older, LEFT)
        qtbot.mouseClick(window.consent.agree, LEFT)
        qtbot.waitUntil(lambda: "编号" in window.flow.message.text(), timeout=60000)
        assert _consents(store)[-1][0] == "granted"
        window.end_flow()

        people = len(store.person_ids())
        # Whoever stands in front is looked up: try until an enrolled visitor is there.
        for _attempt in range(20):
            window.start_forget()
            qtbot.mouseClick(window.flow.buttons.itemAt(0).widget(), LEFT)  # find me
            qtbot.waitUntil(
                lambda: (
                    "已找到登记编号" in window.flow.message.text()
                    or "没有与您面部匹配" in window.flow.message.text()
                ),
                timeout=30000,
            )
            if "已找到登记编号" in window.flow.message.text():
                break
            window.end_flow()
            qtbot.wait(1000)
        qtbot.mouseClick(window.flow.buttons.itemAt(0).widget(), LEFT)  # delete now
        qtbot.waitUntil(lambda: window.flow.message.text().startswith("已删除"), timeout=10000)
    assert len(store.person_ids()) == people - 1
    assert store.audit_entries("person_forgotten")[-1].details["requested_by"] == "visitor"


def test_step_closer_says_how_much_and_a_precautionary_referral_says_so(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    from kiosk.screening import Guidance, Phase, ScreeningView

    window, _, _ = kiosk
    window.live.show_view(ScreeningView(Phase.GUIDING, Guidance.STEP_CLOSER, closer_by_m=0.19))
    assert window.live.instruction.text() == "请再走近约 20 厘米"
    window.live.show_view(ScreeningView(Phase.GUIDING, Guidance.STEP_CLOSER))
    assert window.live.instruction.text() == "请再靠近一点"
    referred = ScreeningResult(0.0, Verdict.ELEVATED, 37.1, "", None, 1.0, 37.5, None, False)
    window.result.show_result(referred)
    assert window.result.words.text() == "请联系工作人员复测"
    assert "无法排除" in window.result.detail.text()
    measured = ScreeningResult(0.0, Verdict.ELEVATED, 38.4, "", None, 1.0, 37.5, None, True)
    window.result.show_result(measured)
    assert window.result.words.text() == "体温偏高"
