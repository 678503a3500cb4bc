"""The kiosk's key files: 32 random bytes each, in the config folder, never in the database.

Two keys live there: the face-template key (crypto.py) and the audit key (audit.py). Both are
created whole or not at all and never over an existing file, read without following links,
and refused when they are another user's or the wrong size (see safe_files). The database
records only a key's id, so a lost or replaced key is recognised before it is used.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from kiosk.safe_files import UnsafePathError, read_private, write_new
from kiosk.store.errors import StoreError

KEY_BYTES = 32


def key_id(key: bytes, purpose: str) -> str:
    """A public name for a key: identifies it without revealing it (the key is 256 random bits)."""
    return hashlib.sha256(f"kiosk {purpose} id\0".encode() + key).hexdigest()[:32]


def read_key(path: Path, what: str, error: type[StoreError]) -> bytes | None:
    """The key in `path`, or None if there is no key file; `error` says why it is unusable."""
    try:
        key = read_private(path, what, KEY_BYTES)
    except UnsafePathError as refused:
        raise error(f"{refused} Nothing has been changed.") from refused
    except OSError as unreadable:
        raise error(
            f"the {what} file {path} cannot be read ({unreadable.strerror}). "
            f"Check that the kiosk user owns it; nothing has been changed."
        ) from unreadable
    if key is not None and len(key) != KEY_BYTES:
        raise error(
            f"the {what} file {path} is damaged ({len(key)} bytes, expected {KEY_BYTES}). "
            f"Restore it from your backup; nothing has been changed."
        )
    return key


def create_key(path: Path, what: str, error: type[StoreError]) -> bytes:
    """Write a new random key to `path` (0600), never over anything already there.

    When another connection made one a moment ago (the kiosk opens its store from several
    threads at its first start), that key is used: it was linked into place whole, and it is
    read with every check a key gets (a planted link or a short file is still refused).
    """
    key = secrets.token_bytes(KEY_BYTES)
    try:
        write_new(path, key)
    except FileExistsError as exists:
        existing = read_key(path, what, error)
        if existing is None:  # made and removed again at once: nothing sensible to use
            raise error(
                f"the {what} file {path} appeared and vanished while this kiosk was creating "
                f"one; start the kiosk again. Nothing has been changed."
            ) from exists
        return existing
    return key
