"""Encryption of face templates at rest: the key file and AES-GCM sealing bound to a row.

The key lives in its own file in the config directory (never in the database, see keys.py).
The database records only a key id, so a wrong or missing key is recognised before any
template is touched, and a new key is never created over existing templates.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.store import keys
from kiosk.store.errors import TemplateKeyError, TemplateUnreadableError

KEY_FILE_NAME = "template.key"
TEMPLATE_DIMENSIONS = 128
_WHAT = "face-template key"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_VECTOR_BYTES = TEMPLATE_DIMENSIONS * 4
SEALED_BYTES = _NONCE_BYTES + _VECTOR_BYTES + _TAG_BYTES


def key_id(key: bytes) -> str:
    """A public name for the template key: identifies it without revealing it."""
    return keys.key_id(key, "template key")


def read_key(path: Path) -> bytes | None:
    """The key in `path`, or None if there is no key file."""
    return keys.read_key(path, _WHAT, TemplateKeyError)


def create_key(path: Path) -> bytes:
    """Write a new random key to `path` (mode 0600); refuses to replace an existing file."""
    return keys.create_key(path, _WHAT, TemplateKeyError)


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
