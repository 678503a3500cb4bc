"""The label shown when an enrolled person is recognised: short, printable, and read the way it
is written.

A label reaches the operator panel, the visitor screen and exports, so it must not be able to
smuggle a terminal escape, a line break that forges a log line, or a bidirectional control
that makes "ada" display as someone else's name (Trojan Source, CVE-2021-42574). `str.isprintable`
already refuses every control and format character (Unicode Cc and Cf, the bidirectional
embeddings, overrides, isolates and marks among them) and every separator but the space.
"""

from __future__ import annotations

from kiosk.store.errors import EnrolmentRefusedError

MAX_LABEL_CHARACTERS = 64


def validate_label(label: str) -> None:
    """Raise EnrolmentRefusedError saying why `label` cannot be stored."""
    if not 0 < len(label) <= MAX_LABEL_CHARACTERS:
        raise EnrolmentRefusedError(
            f"the label must be 1 to {MAX_LABEL_CHARACTERS} characters, not {len(label)}"
        )
    if not label.isprintable() or label != label.strip():
        raise EnrolmentRefusedError(
            "the label may hold only printable characters, with no control, line-break or "
            "text-direction characters and no leading or trailing spaces"
        )
