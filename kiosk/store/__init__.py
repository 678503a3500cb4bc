"""The kiosk's local storage: one SQLite database, encrypted templates, audit log, retention."""

from kiosk.store.errors import (
    AuditEntryRejectedError,
    DatabaseCorruptError,
    DatabaseTooNewError,
    EnrolmentRefusedError,
    KeyMissingError,
    StoreError,
    TemplateKeyError,
    TemplateUnreadableError,
    UnknownPersonError,
    WrongKeyError,
)
from kiosk.store.records import (
    ConsentDecision,
    Person,
    ScaleStatus,
    ScreeningRecord,
    StoredTemplate,
)
from kiosk.store.retention import Purger, PurgeReport
from kiosk.store.store import KioskStore

__all__ = [
    "AuditEntryRejectedError",
    "ConsentDecision",
    "DatabaseCorruptError",
    "DatabaseTooNewError",
    "EnrolmentRefusedError",
    "KeyMissingError",
    "KioskStore",
    "Person",
    "PurgeReport",
    "Purger",
    "ScaleStatus",
    "ScreeningRecord",
    "StoreError",
    "StoredTemplate",
    "TemplateKeyError",
    "TemplateUnreadableError",
    "UnknownPersonError",
    "WrongKeyError",
]
