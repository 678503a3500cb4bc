"""How the settings screen presents the schema's editable keys: grouped the way operators think,
each with a translated label and help, and translated names for the choices.

Which keys are offered, and which apply at once, is the schema's (kiosk/settings): this
module only words them. A key the schema makes editable without a label here is still
offered (under "Other", with the schema's own English text), and a test fails until it
has words in both languages.
"""

from __future__ import annotations

from ui.texts import QT_TRANSLATE_NOOP

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Kiosk", "Temperature"),
        (
            "screening.threshold_c",
            "screening.threshold_mode",
            "screening.adaptive_margin_c",
            "screening.min_distance_m",
            "screening.max_distance_m",
            "fusion.offset_c",
            "screening.result_hold_s",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Kiosk", "Privacy and retention"),
        (
            "privacy.notice.operator_name",
            "privacy.notice.operator_contact",
            "privacy.notice.extra_zh",
            "privacy.notice.extra_en",
            "privacy.retention.screening_records_days",
            "privacy.retention.templates_unseen_days",
            "privacy.retention.consent_records_days",
            "privacy.retention.audit_log_days",
            "privacy.enrolment_enabled",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Kiosk", "Recognition"),
        ("recognition.enabled", "recognition.automatic", "recognition.enrolment_countdown_s"),
    ),
    (
        QT_TRANSLATE_NOOP("Kiosk", "Devices"),
        (
            "camera.source",
            "sensor.driver",
            "sensor.port",
            "sensor.baud",
            "sensor.lens",
            "fusion.thermal_mirror",
            "fusion.thermal_rotation",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Kiosk", "Sound and gate"),
        (
            "operator.audio_volume",
            "operator.gate.enabled",
            "operator.gate.output",
            "operator.gate.port",
            "operator.gate.channel",
            "operator.gate.pulse_s",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Kiosk", "Operator"),
        ("privacy.notice.default_language", "operator.corner_hold_s", "operator.kiosk_mode"),
    ),
)
OTHER_GROUP = QT_TRANSLATE_NOOP("Kiosk", "Other")

# key: (label, help); both translated through the Kiosk catalogue.
LABELS: dict[str, tuple[str, str]] = {
    "screening.threshold_c": (
        QT_TRANSLATE_NOOP("Kiosk", "Alarm threshold, °C"),
        QT_TRANSLATE_NOOP("Kiosk", "A body temperature at or above this is shown as elevated."),
    ),
    "screening.threshold_mode": (
        QT_TRANSLATE_NOOP("Kiosk", "Threshold mode"),
        QT_TRANSLATE_NOOP(
            "Kiosk", "Adaptive: the running mean of recent normal visitors plus a margin."
        ),
    ),
    "screening.adaptive_margin_c": (
        QT_TRANSLATE_NOOP("Kiosk", "Adaptive margin, °C"),
        QT_TRANSLATE_NOOP("Kiosk", "How far above the running mean is elevated."),
    ),
    "screening.min_distance_m": (
        QT_TRANSLATE_NOOP("Kiosk", "Nearest measuring distance, m"),
        QT_TRANSLATE_NOOP("Kiosk", "Visitors closer than this are asked to step back."),
    ),
    "screening.max_distance_m": (
        QT_TRANSLATE_NOOP("Kiosk", "Farthest measuring distance, m"),
        QT_TRANSLATE_NOOP("Kiosk", "Visitors farther than this are asked to step closer."),
    ),
    "fusion.offset_c": (
        QT_TRANSLATE_NOOP("Kiosk", "Calibration offset, °C"),
        QT_TRANSLATE_NOOP(
            "Kiosk", "Added to the eye-corner reading; found by calibrating with volunteers."
        ),
    ),
    "screening.result_hold_s": (
        QT_TRANSLATE_NOOP("Kiosk", "Result shown for, s"),
        QT_TRANSLATE_NOOP("Kiosk", "How long a result stays on the screen."),
    ),
    "privacy.notice.operator_name": (
        QT_TRANSLATE_NOOP("Kiosk", "Operator name"),
        QT_TRANSLATE_NOOP("Kiosk", "Who runs this kiosk, as the notice names it."),
    ),
    "privacy.notice.operator_contact": (
        QT_TRANSLATE_NOOP("Kiosk", "Operator contact"),
        QT_TRANSLATE_NOOP("Kiosk", "How visitors reach the operator, on the notice."),
    ),
    "privacy.notice.extra_zh": (
        QT_TRANSLATE_NOOP("Kiosk", "Extra notice text (Chinese)"),
        QT_TRANSLATE_NOOP("Kiosk", "Anything more the notice should say, in Chinese."),
    ),
    "privacy.notice.extra_en": (
        QT_TRANSLATE_NOOP("Kiosk", "Extra notice text (English)"),
        QT_TRANSLATE_NOOP("Kiosk", "Anything more the notice should say, in English."),
    ),
    "privacy.retention.screening_records_days": (
        QT_TRANSLATE_NOOP("Kiosk", "Keep screening records, days"),
        QT_TRANSLATE_NOOP("Kiosk", "Results (no identity, no image) are deleted after this."),
    ),
    "privacy.retention.templates_unseen_days": (
        QT_TRANSLATE_NOOP("Kiosk", "Keep face templates, days unseen"),
        QT_TRANSLATE_NOOP("Kiosk", "A template is deleted this long after it was last used."),
    ),
    "privacy.retention.consent_records_days": (
        QT_TRANSLATE_NOOP("Kiosk", "Keep consent records, days"),
        QT_TRANSLATE_NOOP("Kiosk", "Consent decisions are deleted this long after use."),
    ),
    "privacy.retention.audit_log_days": (
        QT_TRANSLATE_NOOP("Kiosk", "Keep the audit log, days"),
        QT_TRANSLATE_NOOP("Kiosk", "Audit entries are deleted after this."),
    ),
    "privacy.enrolment_enabled": (
        QT_TRANSLATE_NOOP("Kiosk", "Allow enrolment"),
        QT_TRANSLATE_NOOP("Kiosk", "Off: nobody can be enrolled; screening is unchanged."),
    ),
    "recognition.enabled": (
        QT_TRANSLATE_NOOP("Kiosk", "Offer face recognition"),
        QT_TRANSLATE_NOOP("Kiosk", "Visitors may agree to be recognised; the notice then says so."),
    ),
    "recognition.automatic": (
        QT_TRANSLATE_NOOP("Kiosk", "Recognise enrolled people automatically"),
        QT_TRANSLATE_NOOP(
            "Kiosk", "Without a tap; unknown faces are discarded at once. The notice says so."
        ),
    ),
    "recognition.enrolment_countdown_s": (
        QT_TRANSLATE_NOOP("Kiosk", "Enrolment countdown, s"),
        QT_TRANSLATE_NOOP("Kiosk", "Time for the visitor to look at the camera."),
    ),
    "camera.source": (
        QT_TRANSLATE_NOOP("Kiosk", "Camera"),
        QT_TRANSLATE_NOOP("Kiosk", "auto, a device number such as 0, a video file or a URL."),
    ),
    "sensor.driver": (
        QT_TRANSLATE_NOOP("Kiosk", "Thermometer board"),
        QT_TRANSLATE_NOOP(
            "Kiosk",
            "The board on the serial port: the GY-MCU90640 carries an MLX90640 32×24 array, "
            "the other two a single-point MLX90614.",
        ),
    ),
    "sensor.port": (
        QT_TRANSLATE_NOOP("Kiosk", "Thermometer serial port"),
        QT_TRANSLATE_NOOP("Kiosk", "For example /dev/ttyUSB0."),
    ),
    "sensor.baud": (
        QT_TRANSLATE_NOOP("Kiosk", "Serial speed"),
        QT_TRANSLATE_NOOP("Kiosk", "Empty: the board's usual speed."),
    ),
    "sensor.lens": (
        QT_TRANSLATE_NOOP("Kiosk", "Sensor lens"),
        QT_TRANSLATE_NOOP("Kiosk", "The lens printed on the sensor; it sets the field of view."),
    ),
    "fusion.thermal_mirror": (
        QT_TRANSLATE_NOOP("Kiosk", "Mirror the thermal image"),
        QT_TRANSLATE_NOOP("Kiosk", "Some boards send their columns reversed."),
    ),
    "fusion.thermal_rotation": (
        QT_TRANSLATE_NOOP("Kiosk", "Rotate the thermal image"),
        QT_TRANSLATE_NOOP("Kiosk", "As the sensor is mounted, clockwise."),
    ),
    "operator.audio_volume": (
        QT_TRANSLATE_NOOP("Kiosk", "Sound volume, %"),
        QT_TRANSLATE_NOOP("Kiosk", "A short sound after every result; 0 = silent."),
    ),
    "operator.gate.enabled": (
        QT_TRANSLATE_NOOP("Kiosk", "Open a gate on a normal result"),
        QT_TRANSLATE_NOOP("Kiosk", "Pulses a relay for a door or turnstile."),
    ),
    "operator.gate.output": (
        QT_TRANSLATE_NOOP("Kiosk", "Gate relay"),
        QT_TRANSLATE_NOOP("Kiosk", "A USB relay board, or a GPIO line."),
    ),
    "operator.gate.port": (
        QT_TRANSLATE_NOOP("Kiosk", "Gate relay port"),
        QT_TRANSLATE_NOOP("Kiosk", "The relay board's serial port, or the GPIO value file."),
    ),
    "operator.gate.channel": (
        QT_TRANSLATE_NOOP("Kiosk", "Relay channel"),
        QT_TRANSLATE_NOOP("Kiosk", "Which relay on the board."),
    ),
    "operator.gate.pulse_s": (
        QT_TRANSLATE_NOOP("Kiosk", "Gate open for, s"),
        QT_TRANSLATE_NOOP("Kiosk", "How long the relay stays closed."),
    ),
    "privacy.notice.default_language": (
        QT_TRANSLATE_NOOP("Kiosk", "First language"),
        QT_TRANSLATE_NOOP("Kiosk", "Visitor screens start in this language."),
    ),
    "operator.corner_hold_s": (
        QT_TRANSLATE_NOOP("Kiosk", "Corner hold for the PIN, s"),
        QT_TRANSLATE_NOOP("Kiosk", "Hold the top-left corner this long to open this panel."),
    ),
    "operator.kiosk_mode": (
        QT_TRANSLATE_NOOP("Kiosk", "Full-screen kiosk mode"),
        QT_TRANSLATE_NOOP("Kiosk", "Full screen, no window frame; leaving needs the PIN."),
    ),
}

# Names of choices (by their value's text) that are not words themselves.
CHOICE_NAMES: dict[str, str] = {
    "fixed": QT_TRANSLATE_NOOP("Kiosk", "Fixed"),
    "adaptive": QT_TRANSLATE_NOOP("Kiosk", "Adaptive"),
    "zh": "中文",
    "en": "English",
    "serial-relay": QT_TRANSLATE_NOOP("Kiosk", "USB relay board"),
    "gpio": QT_TRANSLATE_NOOP("Kiosk", "GPIO line"),
    "None": QT_TRANSLATE_NOOP("Kiosk", "Board default"),
    "": QT_TRANSLATE_NOOP("Kiosk", "From the board"),
    # Short enough for three side by side on a portrait screen; the chips are in the help.
    "gy-mcu90640": "GY-MCU90640 32×24",
    "gy-mcu90614": "GY-MCU90614",
    "cjmcu-ir": "CJMCU-IR",
    "mlx90640-bab-55x35": "MLX90640 BAB 55° × 35°",
    "mlx90640-baa-110x75": "MLX90640 BAA 110° × 75°",
    "mlx90614-xaa-90": "MLX90614 xAA 90°",
    "mlx90614-xcc-35": "MLX90614 xCC 35°",
    "mlx90614-xcf-10": "MLX90614 xCF 10°",
    "mlx90614-xci-5": "MLX90614 xCI 5°",
}
