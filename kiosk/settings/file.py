"""The settings file: where it is, reading it safely, and the last good copy to fall back on.

One resolver (`settings_path`) says which file every command and the window use: the
`--config` file when given (it must exist), else the kiosk's own. The file is read only if
it is a regular file of at most 1 MB, opened without blocking (a FIFO or device cannot hang
the kiosk), and any failure to parse it — bad TOML, nesting deep enough to exhaust the
parser, a value the schema refuses — is one SettingsError naming the file or the key.

Every file that loads cleanly is copied to `settings.last-good.toml` beside it (0600).
When the file is later refused, the kiosk runs on that copy and says so, naming the key
and the reason, instead of quietly applying defaults the operator never chose. With no
copy to fall back on it refuses to start.
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.paths import kiosk_paths
from kiosk.safe_files import write_atomically
from kiosk.settings.model import Settings, parse_settings
from kiosk.settings.schema import SettingsError

log = logging.getLogger(__name__)
LAST_GOOD_SUFFIX = ".last-good.toml"
# A settings file is a few kilobytes; anything near this is not one.
MAX_SETTINGS_BYTES = 1 << 20


class SettingsFileMissing(SettingsError):
    """There is no settings file: the kiosk has not been set up (or --config names nothing)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "there is no such file")
        self.args = (
            f"the settings file {path} does not exist; check the path given with --config, "
            f"or leave --config out to use the kiosk's own settings",
        )


@dataclass(frozen=True)
class LoadedSettings:
    path: Path
    settings: Settings
    # "" when the file itself was used; otherwise the operator-facing reason it was not.
    warning: str = ""
    found: bool = True  # False: no settings file yet (first start), defaults in `settings`


def settings_path(config: Path | None = None) -> Path:
    """The settings file the kiosk uses: `--config` when given, else the kiosk's own."""
    return config if config is not None else kiosk_paths().settings_file


def last_good_path(path: Path) -> Path:
    return path.with_name(path.stem + LAST_GOOD_SUFFIX)


def read_settings_text(path: Path) -> str:
    """The file's text; SettingsFileMissing when absent, SettingsError when it is not a
    regular file, too large or unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise SettingsFileMissing(str(path)) from None
    except OSError as error:
        raise SettingsError(str(path), f"cannot be opened ({error.strerror})") from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise SettingsError(str(path), "is not a regular file (a folder, FIFO or device?)")
        if info.st_size > MAX_SETTINGS_BYTES:
            raise SettingsError(
                str(path), f"is {info.st_size} bytes; a settings file is at most 1 MB"
            )
        with os.fdopen(descriptor, "rb", closefd=True) as file:
            descriptor = -1
            data = file.read(MAX_SETTINGS_BYTES + 1)
    except OSError as error:
        raise SettingsError(str(path), f"cannot be read ({error.strerror})") from error
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > MAX_SETTINGS_BYTES:  # it grew while being read
        raise SettingsError(str(path), "is larger than 1 MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SettingsError(str(path), f"is not UTF-8 text ({error.reason})") from error


def parse_settings_text(text: str, path: Path) -> dict[str, Any]:
    """The TOML table in `text`; SettingsError naming `path` for anything that is not one."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(str(path), f"not valid TOML ({error})") from error
    except (RecursionError, MemoryError) as error:
        raise SettingsError(str(path), "nested too deeply or too large to be settings") from error


def load_settings(path: Path) -> Settings:
    """The settings in the file at `path` (which must exist)."""
    table = parse_settings_text(read_settings_text(path), path)
    try:
        return parse_settings(table)
    except RecursionError as error:
        raise SettingsError(str(path), "nested too deeply to be settings") from error


def load_settings_or_last_good(path: Path, *, required: bool = False) -> LoadedSettings:
    """The settings in `path`, or the last good copy when `path` is refused.

    A missing file gives the defaults with `found=False` (a first start), unless `required`
    (a file named by --config), when it is an error. Raises SettingsError when the file is
    refused and no good copy exists.
    """
    try:
        settings = load_settings(path)
    except SettingsFileMissing:
        if required:
            raise
        return LoadedSettings(path, Settings(), found=False)
    except SettingsError as error:
        fallback = last_good_path(path)
        try:
            previous = load_settings(fallback)
        except SettingsError:
            previous = None  # a missing or damaged copy is no better than none
        if previous is None:
            raise
        return LoadedSettings(
            path,
            previous,
            f"{error} (in {path}). The kiosk is running on the last settings that loaded "
            f"successfully ({fallback}); fix the file and restart to apply it.",
        )
    try:
        keep_last_good(path)
    except OSError as error:
        # The file is fine; only the fallback for a later bad edit is missing.
        log.warning("could not keep a copy of the good settings file: %s", error)
    return LoadedSettings(path, settings)


def keep_last_good(path: Path) -> None:
    """Copy the (just loaded) settings file to its last-good copy, unless it is already that."""
    data = read_settings_text(path)
    target = last_good_path(path)
    try:
        if read_settings_text(target) == data:
            return
    except SettingsError:
        pass
    write_atomically(target, data)
