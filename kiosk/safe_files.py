"""Writing the kiosk's own files safely: whole or not at all, never through a link, private.

Every file the kiosk writes (settings, the operator PIN, exports, privacy documents) goes
through `write_atomically`, and every folder it makes through `private_directory`. Someone
with a shell who plants a symbolic link where the kiosk writes only ever gets the link
replaced, never its target overwritten; a power cut leaves the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


class UnsafePathError(OSError):
    """A path the kiosk would write or trust is a link, or not what it should be."""


def write_atomically(path: Path, data: bytes | str, *, mode: int = 0o600) -> None:
    """Replace `path` with `data`.

    The bytes go to a new file with a unique name in the same folder, created with
    O_EXCL | O_NOFOLLOW (so no planted file or link is opened) and `mode`, flushed to the
    disk, then renamed over `path`: a rename replaces a link at `path` instead of following
    it. The folder is synced too, so the rename itself survives a power cut.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(temporary, flags, mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            os.fchmod(file.fileno(), mode)  # the umask may have narrowed or widened it
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    sync_directory(folder)


def sync_directory(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(descriptor)


def refuse_link(path: Path, what: str) -> None:
    """Raise UnsafePathError when `path` is a symbolic link (a missing path is fine)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(
            f"the {what} {path} is a symbolic link; the kiosk never follows links to its own "
            f"files. Replace it with the real file (or remove it) and start again."
        )


def private_directory(path: Path) -> Path:
    """`path` as a folder only the kiosk user can use: created 0700 (with missing parents),
    refused when it is a link or belongs to someone else, tightened to 0700 if it is wider."""
    for folder in reversed((path, *path.parents)):
        if folder.exists():
            continue
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    refuse_link(path, "folder")
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(f"{path} should be a folder of the kiosk's but is a file")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafePathError(
            f"the folder {path} belongs to user id {info.st_uid}, not to the kiosk user "
            f"({os.getuid()}): another account could read or replace the kiosk's data. "
            f"Give it to the kiosk user (chown) and start again."
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path
