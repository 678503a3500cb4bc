"""Every sentence the kiosk shows, in English source form, for Qt's translation system.

Each text is marked with QT_TRANSLATE_NOOP so `pyside6-lupdate` collects it into
ui/i18n/kiosk_zh_CN.ts; screens show `tr(text)`, which gives the language now chosen.
Placeholders use str.format names, filled in after translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.screening import Guidance, Verdict
from ui.i18n import chinese_translator

CONTEXT = "Kiosk"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate reads
    """Marks `text` for pyside6-lupdate and returns it as str (PySide6's own returns object)."""
    return text


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def other_language(text: str) -> str:
    """`text` in the language the screen is not showing now (for a second line)."""
    chinese = chinese_translator().translate(CONTEXT, text) or text
    return text if tr(text) == chinese else chinese


def both(text: str) -> str:
    """`text` in Simplified Chinese and in English at once, for what every visitor must read
    whichever language the screen is in (out of service, the verdict)."""
    chinese = chinese_translator().translate(CONTEXT, text) or text
    return f"{chinese}\n{text}"


TITLE = QT_TRANSLATE_NOOP("Kiosk", "Temperature screening")
LANGUAGE_BUTTON = QT_TRANSLATE_NOOP("Kiosk", "中文")  # names the other language
STEP_UP = QT_TRANSLATE_NOOP("Kiosk", "Please step up to be screened")
STEP_UP_DETAIL = QT_TRANSLATE_NOOP(
    "Kiosk", "Stand in front of the screen and look at the camera. It takes a few seconds."
)
RECOGNITION_OFFER = QT_TRANSLATE_NOOP("Kiosk", "Face recognition (optional)")
FORGET_ME = QT_TRANSLATE_NOOP("Kiosk", "Forget me")

GUIDANCE: dict[Guidance | None, str] = {
    None: STEP_UP,
    Guidance.STEP_CLOSER: QT_TRANSLATE_NOOP("Kiosk", "Please step a little closer"),
    Guidance.STEP_BACK: QT_TRANSLATE_NOOP("Kiosk", "Please step back a little"),
    Guidance.ONE_PERSON: QT_TRANSLATE_NOOP("Kiosk", "One person at a time, please"),
    Guidance.LOOK_AT_SCREEN: QT_TRANSLATE_NOOP("Kiosk", "Please look straight at the screen"),
    Guidance.MOVE_TO_CENTRE: QT_TRANSLATE_NOOP("Kiosk", "Please move to the centre of the picture"),
    Guidance.HOLD_STILL: QT_TRANSLATE_NOOP("Kiosk", "Measuring — please hold still"),
    Guidance.REMOVE_GLASSES: QT_TRANSLATE_NOOP(
        "Kiosk", "Please take off your glasses for a moment"
    ),
}
GUIDANCE_HINT = QT_TRANSLATE_NOOP(
    "Kiosk", "If asked, please take off your hat or glasses. A mask can stay on."
)
MEASURING = QT_TRANSLATE_NOOP("Kiosk", "Measuring…")

VERDICT: dict[Verdict, tuple[str, str, str]] = {
    # icon, colour, words: never colour alone
    Verdict.NORMAL: ("✓", "#1b7f3b", QT_TRANSLATE_NOOP("Kiosk", "Normal — please go ahead")),
    Verdict.ELEVATED: ("!", "#b3261e", QT_TRANSLATE_NOOP("Kiosk", "Temperature elevated")),
    Verdict.RETAKE: ("↻", "#8a6d00", QT_TRANSLATE_NOOP("Kiosk", "Could not measure")),
    Verdict.NOT_SCREENED: ("✕", "#5f6368", QT_TRANSLATE_NOOP("Kiosk", "Not screened")),
}
VERDICT_DETAIL: dict[Verdict, str] = {
    Verdict.NORMAL: QT_TRANSLATE_NOOP("Kiosk", "Thank you."),
    Verdict.ELEVATED: QT_TRANSLATE_NOOP(
        "Kiosk",
        "Please see a member of staff for a confirmatory measurement with a clinical thermometer.",
    ),
    Verdict.RETAKE: QT_TRANSLATE_NOOP("Kiosk", "Please step back, then step up again."),
    Verdict.NOT_SCREENED: QT_TRANSLATE_NOOP(
        "Kiosk",
        "No skin temperature was found. Please step up in person; photos and screens "
        "cannot be screened.",
    ),
}
PAUSED = QT_TRANSLATE_NOOP("Kiosk", "Screening paused: a device is not ready. Please ask staff.")
OUT_OF_SERVICE = QT_TRANSLATE_NOOP("Kiosk", "Temporarily out of service")
OUT_OF_SERVICE_DETAIL = QT_TRANSLATE_NOOP(
    "Kiosk", "Please ask a member of staff to take your temperature."
)
STARTING = QT_TRANSLATE_NOOP("Kiosk", "Starting up — one moment, please")
DEMO_MARK = QT_TRANSLATE_NOOP("Kiosk", "DEMO — simulated visitors")
STAFF_ALERTS = QT_TRANSLATE_NOOP("Kiosk", "Staff: {count} alert(s) — {first}")

CONSENT_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Face recognition: your choice")
CONSENT_BODY = QT_TRANSLATE_NOOP(
    "Kiosk",
    "With your consent the kiosk keeps an encrypted face template on this device, so it "
    "can recognise you next time (fast pass, clock-in). Nothing leaves the device. You "
    "can delete it at any time with “Forget me”. Screening is exactly the same if you decline.",
)
CONSENT_AGE = QT_TRANSLATE_NOOP("Kiosk", "Is the person enrolling under 14?")
AGE_UNDER_14 = QT_TRANSLATE_NOOP("Kiosk", "Under 14")
AGE_14_OR_OLDER = QT_TRANSLATE_NOOP("Kiosk", "14 or older")
GUARDIAN_CONFIRMS = QT_TRANSLATE_NOOP("Kiosk", "I am the parent or guardian and I agree")
CONSENT_NEEDS_AGE = QT_TRANSLATE_NOOP("Kiosk", "Please answer the age question first.")
CONSENT_NEEDS_GUARDIAN = QT_TRANSLATE_NOOP(
    "Kiosk", "Under 14: a parent or guardian must confirm before agreeing."
)
AGREE = QT_TRANSLATE_NOOP("Kiosk", "I agree")
DECLINE = QT_TRANSLATE_NOOP("Kiosk", "No, thank you")
DECLINED = QT_TRANSLATE_NOOP("Kiosk", "Noted: no face recognition. Screening works as usual.")
ENROL_LOOK = QT_TRANSLATE_NOOP("Kiosk", "Please look at the camera while we enrol you…")
ENROLLED = QT_TRANSLATE_NOOP("Kiosk", "Done. Your enrolment number is {number}.")
ENROL_FAILED = QT_TRANSLATE_NOOP(
    "Kiosk", "Your face was not found clearly. Nothing was stored. Please try again."
)

FORGET_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Forget me")
FORGET_BODY = QT_TRANSLATE_NOOP(
    "Kiosk",
    "To find your enrolment the kiosk compares your face with the stored templates once. "
    "Look at the camera and tap “Find me”.",
)
FIND_ME = QT_TRANSLATE_NOOP("Kiosk", "Find me")
SEARCHING = QT_TRANSLATE_NOOP("Kiosk", "Looking for your enrolment…")
FOUND = QT_TRANSLATE_NOOP(
    "Kiosk", "Enrolment number {number} found. Delete it and its face template now?"
)
DELETE_NOW = QT_TRANSLATE_NOOP("Kiosk", "Delete now")
DELETED = QT_TRANSLATE_NOOP("Kiosk", "Deleted. Your face template is gone.")
NOT_FOUND = QT_TRANSLATE_NOOP(
    "Kiosk", "No enrolment matched your face. Staff can delete an enrolment by its number."
)
CANCEL = QT_TRANSLATE_NOOP("Kiosk", "Cancel")
BACK = QT_TRANSLATE_NOOP("Kiosk", "Back")
SOMETHING_WENT_WRONG = QT_TRANSLATE_NOOP(
    "Kiosk", "Sorry, that did not work. Please ask a member of staff."
)

# Operator side.
PIN_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Operator PIN")
PIN_WRONG = QT_TRANSLATE_NOOP("Kiosk", "Wrong PIN: {left} tries left.")
PIN_LOCKED = QT_TRANSLATE_NOOP("Kiosk", "Too many wrong PINs. Locked for {minutes}:{seconds:02d}.")
PIN_CHECKING = QT_TRANSLATE_NOOP("Kiosk", "Checking…")
OK = QT_TRANSLATE_NOOP("Kiosk", "OK")
CLEAR = QT_TRANSLATE_NOOP("Kiosk", "Clear")
PANEL_STATUS = QT_TRANSLATE_NOOP("Kiosk", "Status")
PANEL_SETTINGS = QT_TRANSLATE_NOOP("Kiosk", "Settings")
PANEL_EXPORT = QT_TRANSLATE_NOOP("Kiosk", "Export daily counts (CSV)")
PANEL_CHANGE_PIN = QT_TRANSLATE_NOOP("Kiosk", "Change PIN")
PANEL_BACK = QT_TRANSLATE_NOOP("Kiosk", "Back to screening")
PANEL_QUIT = QT_TRANSLATE_NOOP("Kiosk", "Quit the kiosk")
STATUS_CAMERA = QT_TRANSLATE_NOOP("Kiosk", "Camera: {state}, {fps:.1f} frames/s")
STATUS_SENSOR = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Sensor: {state}; frames {frames}, bad checksums {bad}, resyncs {resyncs}, "
    "reconnects {reconnects}",
)
STATUS_BLACKBODY = QT_TRANSLATE_NOOP("Kiosk", "Blackbody: {state}")
STATUS_GATE = QT_TRANSLATE_NOOP("Kiosk", "Gate: {state}")
STATUS_STAGES = QT_TRANSLATE_NOOP("Kiosk", "Stages: {stages}")
STATUS_STAGE = QT_TRANSLATE_NOOP("Kiosk", "{name} {age:.1f} s ago, {restarts} restarts")
STATUS_STARTING = QT_TRANSLATE_NOOP("Kiosk", "Starting up.")
STATUS_IN_SERVICE = QT_TRANSLATE_NOOP("Kiosk", "In service.")
STATUS_OUT_OF_SERVICE = QT_TRANSLATE_NOOP("Kiosk", "OUT OF SERVICE:")
ACKNOWLEDGE = QT_TRANSLATE_NOOP("Kiosk", "Acknowledge")
PANEL_TEST_GATE = QT_TRANSLATE_NOOP("Kiosk", "Test gate")
GATE_TESTED = QT_TRANSLATE_NOOP("Kiosk", "Gate pulsed: check that it opened.")
GATE_NOT_CONFIGURED = QT_TRANSLATE_NOOP("Kiosk", "No gate is configured (operator.gate).")
STATE_WORDS = {
    "starting": QT_TRANSLATE_NOOP("Kiosk", "starting"),
    "streaming": QT_TRANSLATE_NOOP("Kiosk", "streaming"),
    "disconnected": QT_TRANSLATE_NOOP("Kiosk", "disconnected"),
    "connected": QT_TRANSLATE_NOOP("Kiosk", "connected"),
    "no_data": QT_TRANSLATE_NOOP("Kiosk", "no data"),
    "error": QT_TRANSLATE_NOOP("Kiosk", "error"),
    "off": QT_TRANSLATE_NOOP("Kiosk", "off"),
    "ready": QT_TRANSLATE_NOOP("Kiosk", "ready"),
    "in place": QT_TRANSLATE_NOOP("Kiosk", "in place"),
}
# A gate or blackbody state "failing: <reason>": the reason is the device's own words.
STATE_FAILING = QT_TRANSLATE_NOOP("Kiosk", "failing: {reason}")
STAGE_NAMES = {
    "vision": QT_TRANSLATE_NOOP("Kiosk", "vision"),
    "camera": QT_TRANSLATE_NOOP("Kiosk", "camera"),
    "sensor": QT_TRANSLATE_NOOP("Kiosk", "sensor"),
    "recorder": QT_TRANSLATE_NOOP("Kiosk", "recorder"),
    "purger": QT_TRANSLATE_NOOP("Kiosk", "purger"),
    "service": QT_TRANSLATE_NOOP("Kiosk", "service monitor"),
    "recognition": QT_TRANSLATE_NOOP("Kiosk", "recognition"),
}


def state_word(state: object) -> str:
    """A device state ('streaming', 'no_data', …) as an untranslated word for tr()."""
    return STATE_WORDS.get(str(state), str(state))


STATUS_TODAY = QT_TRANSLATE_NOOP(
    "Kiosk", "Today: {screened} screened, {elevated} elevated, {retakes} retakes, {masked} masked"
)
STATUS_PEOPLE = QT_TRANSLATE_NOOP("Kiosk", "Enrolled people: {people} (alert at {threshold})")
STATUS_SCALE_ALERT = QT_TRANSLATE_NOOP(
    "Kiosk", "ALERT: the filing threshold for enrolled people has been reached."
)
SETTINGS_APPLY = QT_TRANSLATE_NOOP("Kiosk", "Apply")
SETTINGS_SAVED = QT_TRANSLATE_NOOP("Kiosk", "Saved.")
SETTINGS_REFUSED = QT_TRANSLATE_NOOP("Kiosk", "Not saved: {reason}")
WIZARD_TITLE = QT_TRANSLATE_NOOP("Kiosk", "First-run setup")
WIZARD_PIN = QT_TRANSLATE_NOOP("Kiosk", "Choose an operator PIN (6 to 12 digits), twice:")
WIZARD_PIN_MISMATCH = QT_TRANSLATE_NOOP("Kiosk", "The two PINs differ.")
WIZARD_OPERATOR = QT_TRANSLATE_NOOP("Kiosk", "Who runs this kiosk, and how visitors reach you:")
WIZARD_LANGUAGE = QT_TRANSLATE_NOOP("Kiosk", "Language visitors see first:")
WIZARD_DETECT = QT_TRANSLATE_NOOP("Kiosk", "Detect")
WIZARD_DETECTING = QT_TRANSLATE_NOOP("Kiosk", "Listening on every serial port…")
WIZARD_DETECTED = QT_TRANSLATE_NOOP("Kiosk", "Found {driver} on {port} at {baud} baud.")
WIZARD_NOT_DETECTED = QT_TRANSLATE_NOOP("Kiosk", "No sensor found: {message}")
WIZARD_THRESHOLD = QT_TRANSLATE_NOOP("Kiosk", "Temperature at or above which is elevated, °C:")
WIZARD_NEXT = QT_TRANSLATE_NOOP("Kiosk", "Next")
WIZARD_FINISH = QT_TRANSLATE_NOOP("Kiosk", "Finish")

# Touch operation (on-screen keyboard, settings screen, set-up, confirmations).
ON = QT_TRANSLATE_NOOP("Kiosk", "On")
OFF = QT_TRANSLATE_NOOP("Kiosk", "Off")
RESTART_KIOSK = QT_TRANSLATE_NOOP("Kiosk", "Restart kiosk")
RESTART_CONFIRM = QT_TRANSLATE_NOOP(
    "Kiosk", "Restart the kiosk now? Screening stops for a few seconds."
)
LEAVE_SETUP_CONFIRM = QT_TRANSLATE_NOOP("Kiosk", "Leave set-up? Nothing entered here is saved.")
LEAVE_SETUP = QT_TRANSLATE_NOOP("Kiosk", "Leave set-up")
QUIT_CONFIRM = QT_TRANSLATE_NOOP(
    "Kiosk", "Quit the kiosk? Screening stops until someone starts it again."
)
CONFIRM_NO = QT_TRANSLATE_NOOP("Kiosk", "No, go back")
SETTINGS_NEEDS_RESTART = QT_TRANSLATE_NOOP(
    "Kiosk", "Saved. {keys} take effect when the kiosk restarts."
)
EXPORTED_TO_USB = QT_TRANSLATE_NOOP("Kiosk", "Saved {name} on the USB stick ({days} days).")
EXPORTED_HERE = QT_TRANSLATE_NOOP(
    "Kiosk", "No USB stick found: saved {name} in the kiosk's data folder ({days} days)."
)
NEW_PIN = QT_TRANSLATE_NOOP("Kiosk", "New operator PIN (6 to 12 digits)")
REPEAT_PIN = QT_TRANSLATE_NOOP("Kiosk", "The same PIN again")
PIN_SAVED = QT_TRANSLATE_NOOP("Kiosk", "The new PIN is saved.")
PIN_TOO_SHORT = QT_TRANSLATE_NOOP("Kiosk", "The PIN must be 6 to 12 digits.")
WIZARD_BACK = QT_TRANSLATE_NOOP("Kiosk", "Back")
WIZARD_CANCEL = QT_TRANSLATE_NOOP("Kiosk", "Cancel set-up")
WIZARD_STEP = QT_TRANSLATE_NOOP("Kiosk", "Step {step} of {steps}")
WIZARD_LANGUAGE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Language")
WIZARD_PIN_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Operator PIN")
WIZARD_OPERATOR_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Who runs this kiosk")
WIZARD_CAMERA_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Camera")
WIZARD_SENSOR_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Thermometer")
WIZARD_THRESHOLD_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Alarm threshold")
WIZARD_CALIBRATION_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Aim and calibrate")
WIZARD_NAME_NEEDED = QT_TRANSLATE_NOOP(
    "Kiosk", "The notice must name the operator and a contact: fill in both."
)
WIZARD_PORT_NEEDED = QT_TRANSLATE_NOOP(
    "Kiosk", "Name the thermometer's serial port (or tap Detect)."
)
WIZARD_CAMERA_HINT = QT_TRANSLATE_NOOP(
    "Kiosk", "Stand in front of the kiosk: your face should be outlined in the picture."
)
WIZARD_SENSOR_HINT = QT_TRANSLATE_NOOP(
    "Kiosk", "Tap Detect to listen on every serial port, or choose the board and type its port."
)
WIZARD_AIM_HINT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "The warm areas the sensor sees are drawn over the camera picture. Stand at the marked "
    "spot: the warmest area should lie on your face. If it does not, adjust the sensor's "
    "mounting, or calibrate:",
)
WIZARD_CALIBRATION_STEPS = QT_TRANSLATE_NOOP(
    "Kiosk",
    "1. Hold a warm target (a cup of hot water) in front of the camera.\n"
    "2. Tap its centre in the picture: the kiosk finds it in the thermal image.\n"
    "3. Repeat at six or more places across the picture, near and far.\n"
    "4. Tap Fit: the kiosk checks the fit and saves it if it is good.",
)
CALIBRATION_POINTS = QT_TRANSLATE_NOOP("Kiosk", "{points} points marked (at least {needed}).")
CALIBRATION_FIT = QT_TRANSLATE_NOOP("Kiosk", "Fit")
CALIBRATION_UNDO = QT_TRANSLATE_NOOP("Kiosk", "Undo last point")
CALIBRATION_DONE = QT_TRANSLATE_NOOP(
    "Kiosk", "Calibrated: the average error is {residual:.2f} thermal pixels. Saved."
)
CALIBRATION_REFUSED = QT_TRANSLATE_NOOP(
    "Kiosk", "Not good enough ({residual:.2f} pixels, at most {limit}): re-mark point {worst}."
)
CALIBRATION_NO_SPOT = QT_TRANSLATE_NOOP(
    "Kiosk", "No warm target found in the thermal image: hold it closer and tap again."
)
CALIBRATION_SKIP = QT_TRANSLATE_NOOP(
    "Kiosk", "You can finish now and calibrate later from the settings."
)
ALERT_TITLES = {
    "camera": QT_TRANSLATE_NOOP("Kiosk", "The camera is not working"),
    "sensor": QT_TRANSLATE_NOOP("Kiosk", "The thermometer is not working"),
    "blackbody": QT_TRANSLATE_NOOP("Kiosk", "The blackbody reference is out of place"),
    "not_set_up": QT_TRANSLATE_NOOP("Kiosk", "Set-up is not finished"),
    "store": QT_TRANSLATE_NOOP("Kiosk", "Screening records are not being kept"),
    "clock_leap": QT_TRANSLATE_NOOP("Kiosk", "The clock jumped: check the date and time"),
    "restart_budget": QT_TRANSLATE_NOOP("Kiosk", "The kiosk keeps failing and restarts itself"),
    "gate": QT_TRANSLATE_NOOP("Kiosk", "The gate relay is not switching"),
    "settings": QT_TRANSLATE_NOOP("Kiosk", "The settings file was refused"),
    "restart": QT_TRANSLATE_NOOP("Kiosk", "A part of the kiosk was restarted"),
    "stage": QT_TRANSLATE_NOOP("Kiosk", "A part of the kiosk is not responding"),
    "telemetry": QT_TRANSLATE_NOOP("Kiosk", "Fleet reporting is not reaching its server"),
    "audit_tamper": QT_TRANSLATE_NOOP("Kiosk", "The audit log was tampered with"),
    "recognition": QT_TRANSLATE_NOOP("Kiosk", "Face recognition is unavailable"),
    "telemetry_setup": QT_TRANSLATE_NOOP("Kiosk", "Fleet reporting could not start"),
    "elevated_spike": QT_TRANSLATE_NOOP("Kiosk", "Unusually many elevated results this hour"),
}
ALERT_OTHER = QT_TRANSLATE_NOOP("Kiosk", "Kiosk alert")


def alert_title(key: str) -> str:
    """The untranslated headline for an alert key ('restart:vision' → the 'restart' one)."""
    return ALERT_TITLES.get(key.split(":", 1)[0], ALERT_OTHER)


WIZARD_CAMERA_OTHER = QT_TRANSLATE_NOOP("Kiosk", "Or another camera (file or URL):")
CAMERA_AUTO = QT_TRANSLATE_NOOP("Kiosk", "Automatic")
CAMERA_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "Camera {number}")
SETUP_RESTARTING = QT_TRANSLATE_NOOP(
    "Kiosk", "Set-up saved. The kiosk restarts now to use the camera and thermometer."
)

# Recognition in the kiosk (recognise me, enrolment progress, staff list).
RECOGNISE_ME = QT_TRANSLATE_NOOP("Kiosk", "Recognise me")
LOOKING_YOU_UP = QT_TRANSLATE_NOOP("Kiosk", "Looking you up…")
NO_FACE_IN_VIEW = QT_TRANSLATE_NOOP("Kiosk", "Please look at the camera, then tap again.")
WELCOME_BACK = QT_TRANSLATE_NOOP("Kiosk", "Welcome back, {label}")
NOT_RECOGNISED = QT_TRANSLATE_NOOP(
    "Kiosk", "Not recognised. Screening goes on as usual; nothing was kept."
)
ENROL_COUNTDOWN = QT_TRANSLATE_NOOP("Kiosk", "Look at the camera… {seconds}")
ENROL_TAKING = QT_TRANSLATE_NOOP("Kiosk", "Hold still… {taken} of {needed}")
ENROL_MASKED = QT_TRANSLATE_NOOP("Kiosk", "Now with your mask on, please… {taken} of {needed}")
ENROL_REFUSED = QT_TRANSLATE_NOOP(
    "Kiosk", "You are already enrolled, as number {number}. Nothing new was stored."
)
ENROL_CANCELLED = QT_TRANSLATE_NOOP("Kiosk", "Enrolment cancelled. Nothing was stored.")
INSTRUCTIONS = {
    "look_at_the_screen": QT_TRANSLATE_NOOP("Kiosk", "Please look at the screen"),
    "one_face_only": QT_TRANSLATE_NOOP("Kiosk", "Only one face in the picture, please"),
    "come_closer": QT_TRANSLATE_NOOP("Kiosk", "Please come a little closer"),
    "face_the_screen": QT_TRANSLATE_NOOP("Kiosk", "Please face the screen straight on"),
    "hold_still": QT_TRANSLATE_NOOP("Kiosk", "Please hold still"),
    "open_your_eyes": QT_TRANSLATE_NOOP("Kiosk", "Please keep your eyes open"),
    "lower_your_mask": QT_TRANSLATE_NOOP("Kiosk", "Please lower your mask for a moment"),
    "put_your_mask_back_on": QT_TRANSLATE_NOOP("Kiosk", "Please put your mask back on"),
}
PANEL_ENROLMENTS = QT_TRANSLATE_NOOP("Kiosk", "Enrolments")
ENROLMENTS_COUNT = QT_TRANSLATE_NOOP("Kiosk", "{count} people enrolled (newest first).")
ENROLMENT_ROW = QT_TRANSLATE_NOOP(
    "Kiosk",
    "No. {number} · {label} · enrolled {enrolled} · last seen {seen} · deleted on {expires}",
)
DELETE = QT_TRANSLATE_NOOP("Kiosk", "Delete")
DELETE_ENROLMENT_CONFIRM = QT_TRANSLATE_NOOP(
    "Kiosk", "Delete enrolment number {number} and its face templates now?"
)
ENROLMENT_DELETED = QT_TRANSLATE_NOOP("Kiosk", "Enrolment {number} deleted.")

# Thermometry the visitor sees (how much closer, a referral that is a precaution).
STEP_CLOSER_BY = QT_TRANSLATE_NOOP("Kiosk", "Please step about {cm} cm closer")
VERDICT_REFER = QT_TRANSLATE_NOOP("Kiosk", "Please see staff for a check")
VERDICT_REFER_DETAIL = QT_TRANSLATE_NOOP(
    "Kiosk",
    "The kiosk could not rule out an elevated temperature. A member of staff will check it "
    "with a clinical thermometer.",
)
FOREHEAD_NOTE = QT_TRANSLATE_NOOP("Kiosk", "Measured at the forehead: less certain.")
