"""The settings file at start-up, with a last good copy to fall back on.

Every file that loads cleanly is copied to `settings.last-good.toml` beside it (0600).
When the file is later refused (bad TOML, unknown key, value out of range), the kiosk
runs on that copy and says so, naming the key and the reason, instead of quietly
applying defaults the operator never chose. With no copy to fall back on it refuses
to start.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings, load_settings
from kiosk.settings_schema import SettingsError

log = logging.getLogger(__name__)
LAST_GOOD_SUFFIX = ".last-good.toml"


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    # "" when the file itself was used; otherwise the operator-facing reason it was not.
    warning: str = ""


def last_good_path(path: Path) -> Path:
    return path.with_name(path.stem + LAST_GOOD_SUFFIX)


def load_settings_or_last_good(path: Path) -> LoadedSettings:
    """The settings in `path`, or the last good copy when `path` is refused.

    Raises SettingsError when the file is refused and no good copy exists.
    """
    try:
        settings = load_settings(path)
    except SettingsError as error:
        fallback = last_good_path(path)
        try:
            previous = load_settings(fallback) if fallback.exists() else None
        except SettingsError:
            previous = None  # a damaged copy is no better than none
        if previous is None:
            raise
        return LoadedSettings(
            previous,
            f"{error} (in {path}). The kiosk is running on the last settings that loaded "
            f"successfully ({fallback}); fix the file and restart to apply it.",
        )
    if path.exists():
        try:
            _keep_copy(path, last_good_path(path))
        except OSError as error:
            # The file itself is fine; only the fallback for a later bad edit is missing.
            log.warning("could not keep a copy of the good settings file: %s", error)
    return LoadedSettings(settings)


def _keep_copy(source: Path, target: Path) -> None:
    """Atomically replace `target` with `source`'s bytes, readable by the kiosk user only."""
    data = source.read_bytes()
    if target.exists() and target.read_bytes() == data:
        return
    fd, temporary = tempfile.mkstemp(prefix=target.name, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
