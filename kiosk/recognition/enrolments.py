"""The operator's list of enrolments (number, label, enrolled, last seen, expiry) and the
audited deletion of one.

Expiry is the retention rule the purger enforces: a template is deleted once its person has
not been recognised for `retention.templates_unseen_days`. Listing shows labels, which may
be names, so every listing is audited (who, which page; never the labels themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.store.store import KioskStore

OPERATOR = "operator"
_ROWS = (
    "SELECT p.id, p.label, p.enrolled_at, p.last_seen_at, "
    "(SELECT count(*) FROM templates t WHERE t.person_id = p.id) FROM people p "
)


@dataclass(frozen=True)
class Enrolment:
    """One row of the operator's enrolment list."""

    person_id: int  # the enrolment number a visitor is told
    label: str
    enrolled_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # when the purger deletes it unless the person is recognised again
    templates: int


class EnrolmentRegister:
    """Read and delete enrolments for the operator panel; any thread."""

    def __init__(self, store: KioskStore) -> None:
        self._store = store

    def count(self) -> int:
        return self._store.count_people()

    def page(self, offset: int = 0, limit: int = 50, *, actor: str = OPERATOR) -> list[Enrolment]:
        """Enrolments newest first, `limit` of them from `offset`; the listing is audited."""
        keep_for = self._keep_for()
        with self._store.transaction() as db:
            rows = db.execute(
                _ROWS + "ORDER BY p.id DESC LIMIT ? OFFSET ?", [max(limit, 0), max(offset, 0)]
            ).fetchall()
        enrolments = [_enrolment(row, keep_for) for row in rows]
        self._store.audit("enrolments_listed", actor=actor, offset=offset, rows=len(enrolments))
        return enrolments

    def find(self, person_id: int, *, actor: str = OPERATOR) -> Enrolment | None:
        """One enrolment by its number (what a visitor or the refusal screen quotes); audited."""
        keep_for = self._keep_for()
        with self._store.transaction() as db:
            row = db.execute(_ROWS + "WHERE p.id = ?", [person_id]).fetchone()
        self._store.audit("enrolment_looked_up", actor=actor, person_id=person_id)
        return None if row is None else _enrolment(row, keep_for)

    def _keep_for(self) -> timedelta:
        return timedelta(days=self._store.settings.retention.templates_unseen_days)

    def delete(self, person_id: int, *, actor: str = OPERATOR) -> int:
        """Delete one enrolment now (templates, index entries, consent link); returns the
        templates removed. The store audits it as `person_forgotten` by `actor`, and raises
        UnknownPersonError for a number that is not enrolled."""
        return self._store.remove_person(person_id, requested_by=actor)


def _enrolment(row: tuple[int, str, float, float, int], keep_for: timedelta) -> Enrolment:
    person_id, label, enrolled, seen, templates = row
    last_seen = datetime.fromtimestamp(seen, UTC)
    return Enrolment(
        person_id=person_id,
        label=label,
        enrolled_at=datetime.fromtimestamp(enrolled, UTC),
        last_seen_at=last_seen,
        expires_at=last_seen + keep_for,
        templates=templates,
    )
