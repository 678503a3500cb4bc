"""Encryption of face templates at rest: the key file and AES-GCM sealing bound to a row.

The key lives in its own file in the config directory (never in the database). The
database records only a key id, so a wrong or missing key is recognised before any
template is touched, and a new key is never created over existing templates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.store.errors import TemplateKeyError, TemplateUnreadableError

log = logging.getLogger(__name__)

KEY_FILE_NAME = "template.key"
TEMPLATE_DIMENSIONS = 128
_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_VECTOR_BYTES = TEMPLATE_DIMENSIONS * 4
SEALED_BYTES = _NONCE_BYTES + _VECTOR_BYTES + _TAG_BYTES


def key_id(key: bytes) -> str:
    """A public name for a key: identifies it without revealing it (the key is 256 random bits)."""
    return hashlib.sha256(b"kiosk template key id\0" + key).hexdigest()[:32]


def read_key(path: Path) -> bytes | None:
    """The key in `path`, or None if there is no key file."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise TemplateKeyError(
            f"the face-template key file {path} cannot be read ({error}). "
            f"Check that the kiosk user owns it; nothing has been changed."
        ) from error
    if len(key) != _KEY_BYTES:
        raise TemplateKeyError(
            f"the face-template key file {path} is damaged ({len(key)} bytes, expected "
            f"{_KEY_BYTES}). Restore it from your backup; nothing has been changed."
        )
    if path.stat().st_mode & 0o077:
        log.warning("face-template key file %s was readable by others; restricting it", path)
        os.chmod(path, 0o600)
    return key


def create_key(path: Path) -> bytes:
    """Write a new random key to `path` (mode 0600); refuses to replace an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError as error:
        # Another kiosk process made one a moment ago; never replace a key.
        raise TemplateKeyError(
            f"the face-template key file {path} appeared while this kiosk was creating one; "
            f"start the kiosk again to use it. Nothing has been changed."
        ) from error
    with os.fdopen(fd, "wb") as file:
        file.write(key)
        file.flush()
        os.fsync(file.fileno())
    return key


def template_binding(template_id: int, person_id: int, kind: str) -> bytes:
    """Associated data tying a sealed template to its row, so moving it to another row fails."""
    return f"kiosk-template|{template_id}|{person_id}|{kind}".encode()


def seal_template(key: bytes, vector: np.ndarray, binding: bytes) -> bytes:
    """nonce ‖ AES-GCM(vector as little-endian float32) with `binding` as associated data."""
    values = np.asarray(vector)
    if values.shape != (TEMPLATE_DIMENSIONS,) or values.dtype != np.float32:
        raise ValueError(
            f"a face template is a float32 vector of {TEMPLATE_DIMENSIONS} values, "
            f"got {values.dtype} {values.shape}"
        )
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, values.astype("<f4").tobytes(), binding)


def open_template(key: bytes, sealed: bytes, binding: bytes, template_id: int) -> np.ndarray:
    """The vector sealed in `sealed`; TemplateUnreadableError if truncated, altered or moved."""
    if len(sealed) != SEALED_BYTES:
        raise TemplateUnreadableError(
            template_id, f"it is {len(sealed)} bytes long instead of {SEALED_BYTES} (truncated)"
        )
    try:
        plain = AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], binding)
    except InvalidTag as error:
        raise TemplateUnreadableError(
            template_id, "its authentication failed (altered, or copied from another row)"
        ) from error
    return np.frombuffer(plain, dtype="<f4").astype(np.float32)
