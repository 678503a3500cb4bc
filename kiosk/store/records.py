"""The values the store takes and gives back: screening records, consent decisions, people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, NamedTuple

import numpy as np

ConsentChoice = Literal["granted", "declined"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def epoch(moment: datetime) -> float:
    """Seconds since 1970 for an aware datetime; naive times are refused as ambiguous."""
    if moment.tzinfo is None:
        raise ValueError("use timezone-aware datetimes (e.g. datetime.now(UTC))")
    return moment.timestamp()


@dataclass(frozen=True)
class ScreeningRecord:
    """One screening outcome. Deliberately no identity and no image."""

    temperature_c: float | None
    verdict: str
    corrections: Mapping[str, float] = field(default_factory=dict)
    mask: bool | None = None
    at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class ConsentDecision:
    """A visitor's answer to the recognition consent screen. Holds no biometric."""

    choice: ConsentChoice
    notice_version: str
    purposes: tuple[str, ...]
    under_14: bool = False
    guardian_confirmed: bool = False
    at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class Person:
    """An enrolled person and the notice version they consented under."""

    person_id: int
    label: str
    consent_id: int
    notice_version: str | None
    enrolled_at: datetime
    last_seen_at: datetime


class StoredTemplate(NamedTuple):
    """A decrypted face template; unpacks as (template_id, person_id, vector)."""

    template_id: int
    person_id: int
    vector: np.ndarray


@dataclass(frozen=True)
class ScaleStatus:
    """How many people are enrolled and whether the operator must be alerted."""

    people: int
    threshold: int

    @property
    def alert(self) -> bool:
        return self.people >= self.threshold
