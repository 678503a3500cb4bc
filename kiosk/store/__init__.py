"""The kiosk's local storage: one SQLite database, encrypted templates, audit log, retention."""

from kiosk.store.audit import ChainHead
from kiosk.store.errors import (
    AuditEntryRejectedError,
    AuditKeyError,
    DatabaseBusyError,
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
from kiosk.store.tamper import TamperFinding

__all__ = [
    "AuditEntryRejectedError",
    "AuditKeyError",
    "ChainHead",
    "ConsentDecision",
    "DatabaseBusyError",
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
    "TamperFinding",
    "TemplateKeyError",
    "TemplateUnreadableError",
    "UnknownPersonError",
    "WrongKeyError",
]
