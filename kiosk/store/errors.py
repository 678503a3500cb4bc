"""Errors the store raises; each message tells the operator what happened and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The kiosk database or its key cannot be used as asked; the message is operator-facing."""


class DatabaseCorruptError(StoreError):
    """The database file is damaged or is not a kiosk database."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer kiosk version than this one."""


class DatabaseBusyError(StoreError):
    """Another program held the database's write lock for longer than the kiosk waits."""


class TemplateKeyError(StoreError):
    """The face-template key cannot be used with this database."""


class KeyMissingError(TemplateKeyError):
    """Templates exist but their key file is gone; a new key would orphan them."""


class WrongKeyError(TemplateKeyError):
    """The key file holds a different key from the one the templates were encrypted with."""


class AuditKeyError(StoreError):
    """The audit key is missing, damaged or not the one the audit log was written with."""


class TemplateUnreadableError(StoreError):
    """One stored template is truncated, tampered with or moved to another row."""

    def __init__(self, template_id: int, reason: str) -> None:
        super().__init__(
            f"face template {template_id} cannot be read: {reason}. It is kept unchanged; "
            f"ask the person to enrol again or remove them with 'kiosk forget'."
        )
        self.template_id = template_id


class UnknownPersonError(StoreError):
    """No enrolled person has the given id."""


class EnrolmentRefusedError(StoreError):
    """Enrolment is turned off, there is no granted consent to enrol under, or the label
    cannot be shown safely."""


class AuditEntryRejectedError(StoreError):
    """An audit entry would hold something other than plain scalar facts."""
