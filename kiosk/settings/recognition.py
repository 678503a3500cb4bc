"""Recognition settings: whether the kiosk offers recognition, and how sure a match must be."""

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
    match_threshold: float = setting(
        0.40,
        minimum=0.2,
        maximum=0.95,
        doc="SFace cosine a face must reach to be recognised (higher: fewer false matches)",
    )
    margin: float = setting(
        0.08,
        minimum=0.0,
        maximum=0.5,
        doc="how far the best person must lead the second-best person, in cosine",
    )
    ask_visitors_to_wear_mask: bool = setting(
        False, doc="remind unmasked visitors to put on a mask (recognition works either way)"
    )
    masked_enrolment: bool = setting(
        True,
        doc="also store each enrolment photo wearing drawn masks, so masked visitors match",
    )
    exact_search_limit: int = setting(
        100_000,
        minimum=1_000,
        maximum=10_000_000,
        doc="templates up to which search is exact; beyond it an IVF index is used",
    )
    ivf_probes: int = setting(
        128, minimum=1, maximum=1024, doc="IVF lists searched per query (more: slower, surer)"
    )
