"""Consent to face recognition: recording decisions, asking again after a notice change, withdrawal.

Screening never needs consent and never computes a template; only recognition
(enrolment, fast pass, clock-in) does, under its own explicit decision. Records hold
the time, notice version, purposes and choice, never a biometric.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.privacy.notice import Notice, build_notice
from kiosk.settings.privacy import PrivacySettings
from kiosk.store.records import ConsentChoice, ConsentDecision, utc_now
from kiosk.store.store import FORGET_ME_PURPOSE, KioskStore

RECOGNITION_PURPOSES: tuple[str, ...] = ("fast_pass", "clock_in")


class ConsentError(ValueError):
    """A consent decision that may not be recorded as given; the message says why."""


class ConsentLedger:
    """Records recognition consent against the current notice and answers who must be asked."""

    def __init__(
        self, store: KioskStore, settings: PrivacySettings, notice: Notice | None = None
    ) -> None:
        """`notice`: the one the kiosk shows (kiosk.privacy.notice.notice_for); by default the
        notice the privacy settings alone imply."""
        self.store = store
        self.settings = settings
        self.notice: Notice = notice if notice is not None else build_notice(settings)

    def record_decision(
        self,
        choice: ConsentChoice,
        purposes: tuple[str, ...] = RECOGNITION_PURPOSES,
        *,
        under_14: bool = False,
        guardian_confirmed: bool = False,
        at: datetime | None = None,
    ) -> int:
        """Record a visitor's answer under the current notice; returns the consent id.

        Declining is recorded just like agreeing (and gives the same screening).
        """
        unknown = set(purposes) - set(RECOGNITION_PURPOSES)
        if unknown or not purposes:
            raise ConsentError(
                f"purposes must be some of {', '.join(RECOGNITION_PURPOSES)}, got {purposes!r}"
            )
        if choice == "granted":
            if not self.settings.enrolment_enabled:
                raise ConsentError("face recognition is turned off on this kiosk")
            if under_14 and not guardian_confirmed:
                raise ConsentError("a visitor under 14 needs a parent or guardian's consent")
        decision = ConsentDecision(
            choice=choice,
            notice_version=self.notice.version,
            purposes=purposes,
            under_14=under_14,
            guardian_confirmed=guardian_confirmed,
            at=at or utc_now(),
        )
        return self.store.record_consent(decision)

    def record_forget_me_request(self, at: datetime | None = None) -> int:
        """Record a visitor's request to be found and forgotten; returns its consent id.

        Finding them computes a template, which needs a recorded consent: this is that
        consent, for this one purpose only. It cannot be used to enrol, and it works even
        when enrolment is turned off, because withdrawal must always be possible.
        """
        decision = ConsentDecision(
            choice="granted",
            notice_version=self.notice.version,
            purposes=(FORGET_ME_PURPOSE,),
            at=at or utc_now(),
        )
        return self.store.record_consent(decision)

    def needs_consent(self, person_id: int) -> bool:
        """True when the person's consent was given under another notice version (ask again)."""
        person = self.store.person(person_id)
        return person is None or person.notice_version != self.notice.version

    def renew(self, person_id: int, consent_id: int) -> None:
        """After asking again: a granted answer keeps the enrolment, a declined one forgets it."""
        person = self.store.person(person_id)
        if person is None:
            raise ConsentError(f"no enrolled person has id {person_id}")
        choice = self.store.consent_choice(consent_id)
        if choice == "granted":
            self.store.relink_consent(person_id, consent_id)
        else:
            self.withdraw(person_id)

    def withdraw(self, person_id: int) -> int:
        """'Forget me' from the kiosk: template and enrolment deleted now; returns templates."""
        return self.store.remove_person(person_id, requested_by="visitor")
