"""Recognition settings: whether the kiosk offers recognition, how sure a match must be, and
how an enrolment is taken."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.settings.schema import setting


@dataclass(frozen=True)
class RecognitionSettings:
    enabled: bool = setting(
        False,
        doc="offer consent-based face recognition (screening never needs it)",
        editable=True,
        live=True,
    )
    automatic: bool = setting(
        False,
        doc=(
            "recognise enrolled people without a tap: every visitor's face is compared with "
            "the enrolments and an unknown face's template is discarded at once (the notice "
            "says so while this is on)"
        ),
        editable=True,
        live=True,
    )
    match_threshold: float = setting(
        0.40,
        minimum=0.2,
        maximum=0.95,
        doc="SFace cosine an unmasked face must reach to be recognised (higher: fewer false "
        "matches); also the cosine at which a new enrolment is refused as already enrolled",
        live=True,
    )
    masked_match_threshold: float = setting(
        0.37,
        minimum=0.2,
        maximum=0.95,
        doc="SFace cosine a masked face must reach to be recognised, calibrated on real "
        "masked photos (docs/recognition.md)",
        live=True,
    )
    margin: float = setting(
        0.08,
        minimum=0.0,
        maximum=0.5,
        doc="how far the best person must lead the second-best person, in cosine",
        live=True,
    )
    ask_visitors_to_wear_mask: bool = setting(
        False, doc="remind unmasked visitors to put on a mask (recognition works either way)"
    )
    masked_enrolment: bool = setting(
        True,
        doc="also store an enrolment's first frame wearing drawn masks, so masked visitors match",
        live=True,
    )
    enrolment_countdown_s: float = setting(
        3.0,
        minimum=0.0,
        maximum=10.0,
        doc="seconds between 'I agree' and the first enrolment frame (time to look up)",
        editable=True,
        live=True,
    )
    enrolment_frames: int = setting(
        3,
        minimum=1,
        maximum=10,
        doc="unmasked frames that must pass the quality checks for an enrolment",
        live=True,
    )
    enrolment_timeout_s: float = setting(
        20.0,
        minimum=5.0,
        maximum=120.0,
        doc="seconds an enrolment may take before it gives up (nothing is stored)",
        live=True,
    )
    exact_search_limit: int = setting(
        100_000,
        minimum=1_000,
        maximum=10_000_000,
        doc="templates up to which search is exact; beyond it an IVF index is used",
    )
    ivf_probes: int = setting(
        64, minimum=1, maximum=1024, doc="IVF lists searched per query (more: slower, surer)"
    )
