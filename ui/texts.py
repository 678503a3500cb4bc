"""Every visitor-facing sentence of the screening screens, in Simplified Chinese and English."""

from __future__ import annotations

from kiosk.screening import Guidance, Verdict

GUIDANCE: dict[Guidance | None, tuple[str, str]] = {
    None: ("请走近屏幕测量体温", "Please step up to be screened"),
    Guidance.STEP_CLOSER: ("请再靠近一点", "Please step a little closer"),
    Guidance.STEP_BACK: ("请稍微后退", "Please step back a little"),
    Guidance.ONE_PERSON: ("请一次一人测量", "One person at a time, please"),
    Guidance.LOOK_AT_SCREEN: ("请正对屏幕", "Please look straight at the screen"),
    Guidance.MOVE_TO_CENTRE: ("请站到画面中央", "Please move to the centre of the picture"),
    Guidance.HOLD_STILL: ("正在测量，请保持不动", "Measuring — please hold still"),
}

VERDICT: dict[Verdict, tuple[str, str, str, str]] = {
    # icon, colour, Chinese, English: never colour alone
    Verdict.NORMAL: ("✓", "#1b7f3b", "体温正常，请进", "Normal — please go ahead"),
    Verdict.ELEVATED: (
        "!",
        "#b3261e",
        "体温偏高，请联系工作人员用体温计复测",
        "Elevated — please see staff for a check with a clinical thermometer",
    ),
    Verdict.RETAKE: (
        "↻",
        "#8a6d00",
        "未能测量，请重新测量",
        "Could not measure — please try again",
    ),
}

PAUSED = (
    "测温暂停：设备未就绪，请联系工作人员",
    "Screening paused: a device is not ready. Please ask staff.",
)
TITLE = ("体温筛查", "Temperature screening")
