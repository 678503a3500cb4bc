"""Tampering found in the audit log: recorded in the log itself, reported at every start until
a member of staff acknowledges it.

Each finding becomes an `audit_tamper_detected` entry (kind, the entry concerned, what was
found) the first time it is seen, so the fact survives whatever is done to the files next and
is itself covered by the keyed chain. Until an `audit_tamper_acknowledged` entry follows, every
`KioskStore.open` reports the findings again: an alert missed at one start is raised at the
next, the way a clock leap is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from kiosk.store.audit import AuditChain, AuditProblem, read_entries

DETECTED = "audit_tamper_detected"
ACKNOWLEDGED = "audit_tamper_acknowledged"
WHAT_TO_DO = (
    "Find out who had access to the kiosk's files, restore the database from your own backup "
    "if records are missing, then acknowledge the alert on the operator panel (or run "
    "'kiosk audit acknowledge')."
)


@dataclass(frozen=True)
class TamperFinding:
    """One unacknowledged finding, as recorded in the audit log."""

    kind: str  # an AuditProblem kind, or "database_deleted" / "database_emptied"
    found: str  # what was found
    recorded_in: int  # the audit entry that records it
    at: float  # when it was found (seconds since 1970)

    @property
    def message(self) -> str:
        """Operator-facing: what was found and what to do."""
        return f"the audit log was tampered with: {self.found}. {WHAT_TO_DO}"


def record_findings(
    chain: AuditChain, db: sqlite_utils.Database, at: float, problems: Sequence[AuditProblem]
) -> int:
    """Append an entry for each problem not recorded before; returns how many were new."""
    known = {
        (entry.details.get("kind"), entry.details.get("entry"), entry.details.get("message"))
        for entry in read_entries(db, DETECTED)
    }
    new = []
    for problem in problems:
        signature = (problem.kind, problem.seq, problem.message)
        if signature not in known:  # found again, or found twice (before and after keying)
            known.add(signature)
            new.append(problem)
    for problem in new:
        chain.append(
            db,
            at,
            DETECTED,
            {"kind": problem.kind, "entry": problem.seq, "message": problem.message},
        )
    return len(new)


def unresolved_findings(db: sqlite_utils.Database) -> tuple[TamperFinding, ...]:
    """The findings recorded since the last acknowledgement, oldest first."""
    acknowledged = max((entry.seq for entry in read_entries(db, ACKNOWLEDGED)), default=0)
    return tuple(
        TamperFinding(
            str(entry.details.get("kind")), str(entry.details.get("message")), entry.seq, entry.at
        )
        for entry in read_entries(db, DETECTED)
        if entry.seq > acknowledged
    )


def acknowledge_findings(
    chain: AuditChain, db: sqlite_utils.Database, at: float, actor: str
) -> int:
    """Record that staff saw the unresolved findings; returns how many there were."""
    count = len(unresolved_findings(db))
    if count:
        chain.append(db, at, ACKNOWLEDGED, {"findings": count, "actor": actor})
    return count
