"""The screening section: the alarm threshold, the measuring zone and the verdict's timing."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.settings.schema import SettingsError, setting
from kiosk.thermometry import people


@dataclass(frozen=True)
class ScreeningSettings:
    threshold_c: float = setting(
        37.3,
        minimum=36.0,
        maximum=40.0,
        doc="body temperature at or above which is 'elevated': a visitor is normal only when "
        "the reading plus screening.coverage_factor uncertainties stays below it",
        editable=True,
        live=True,
    )
    coverage_factor: float = setting(
        people.COVERAGE_FACTOR,
        minimum=0.0,
        maximum=3.0,
        doc="uncertainties added to a reading before it is judged against the threshold; the "
        "default gives 95 % sensitivity on the clinical study (docs/thermometry.md)",
        live=True,
    )
    threshold_mode: str = setting(
        "fixed",
        choices=("fixed", "adaptive"),
        doc="'adaptive': running mean of recent normal visitors plus a margin (ISO/TR 13154)",
        live=True,
    )
    adaptive_margin_c: float = setting(
        0.8,
        minimum=0.2,
        maximum=3.0,
        doc="adaptive threshold: margin above the running mean",
        live=True,
    )
    adaptive_window: int = setting(
        50,
        minimum=5,
        maximum=1000,
        doc="adaptive threshold: recent normal visitors averaged",
        live=True,
    )
    adaptive_min_visitors: int = setting(
        10,
        minimum=3,
        maximum=1000,
        doc="adaptive threshold: the fixed threshold applies until this many were seen",
        live=True,
    )
    adaptive_bounds_c: tuple[float, float] = setting(
        (37.0, 38.0),
        doc="adaptive threshold: never below / above these, °C",
        live=True,
    )
    min_distance_m: float = setting(
        0.25,
        minimum=0.1,
        maximum=2.0,
        doc="nearest distance a visitor is measured at",
        editable=True,
        live=True,
    )
    max_distance_m: float = setting(
        0.8,
        minimum=0.2,
        maximum=3.0,
        doc="farthest distance a visitor is measured at (the 55° lens resolves the face to "
        "0.8 m; the reading's uncertainty says when nearer would decide)",
        editable=True,
        live=True,
    )
    min_skin_c: float = setting(
        30.0,
        minimum=20.0,
        maximum=34.0,
        doc="below this at the canthus it is not living skin",
        live=True,
    )
    max_skin_c: float = setting(
        43.0,
        minimum=40.0,
        maximum=46.0,
        doc="above this the reading is implausible: retake",
        live=True,
    )
    min_body_c: float = setting(
        35.0,
        minimum=30.0,
        maximum=36.0,
        doc="a corrected reading below this is not a plausible body temperature (covered "
        "canthi, too far): retake rather than report it",
        live=True,
    )
    result_hold_s: float = setting(
        4.0,
        minimum=1.0,
        maximum=30.0,
        doc="how long a verdict stays on screen",
        live=True,
    )
    measure_timeout_s: float = setting(
        4.0,
        minimum=1.0,
        maximum=30.0,
        doc="give up and ask for a retake after this long",
        live=True,
    )
    allow_session_recording: bool = setting(
        False,
        doc="let `kiosk record` store camera video and sensor bytes for replay (stores images "
        "of visitors: only for commissioning, with their consent)",
        live=True,
    )

    def __post_init__(self) -> None:
        low, high = self.adaptive_bounds_c
        if not 36.0 <= low < high <= 40.0:
            raise SettingsError(
                "screening.adaptive_bounds_c", "expected [low, high] with 36 ≤ low < high ≤ 40"
            )
