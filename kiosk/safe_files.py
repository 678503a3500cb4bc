"""Writing and reading the kiosk's own files safely: whole or not at all, never through a link,
private.

Every file the kiosk writes (settings, the operator PIN, exports, privacy documents, the audit
anchor) goes through `write_atomically`; a key, which must never replace another, through
`write_new`; every file it trusts (keys, the PIN, the anchor) is read with `read_private`;
every folder it makes through `private_directory`, and KIOSK_HOME through `owned_directory`.
Someone with a shell who plants a symbolic link where the kiosk writes only ever gets the
link replaced, never its target overwritten; a power cut leaves the old file or the new one.
As OpenSSH does with its keys, the kiosk refuses a link or another user's file where it keeps
its secrets."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafePathError(OSError):
    """A path the kiosk would write or trust is a link, or not what it should be."""


def write_atomically(path: Path, data: bytes | str, *, mode: int = 0o600) -> None:
    """Replace `path` with `data`.

    The bytes go to a new file with a unique name in the same folder, created with
    O_EXCL | O_NOFOLLOW (so no planted file or link is opened) and `mode`, flushed to the
    disk, then renamed over `path`: a rename replaces a link at `path` instead of following
    it. The folder is synced too, so the rename itself survives a power cut.
    """
    temporary = _write_temporary(path, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    sync_directory(path.parent)


def write_new(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Create `path` holding `data`, whole or not at all; FileExistsError if anything (a
    file, a link) is already there. For keys: a new key must never replace an old one."""
    temporary = _write_temporary(path, data, mode)
    try:
        # link() fails on an existing name, link or not, and never follows one.
        os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    sync_directory(path.parent)


def _write_temporary(path: Path, data: bytes | str, mode: int) -> Path:
    """`data` in a new, synced file with a unique name beside `path`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    descriptor = os.open(temporary, flags, mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            os.fchmod(file.fileno(), mode)  # the umask may have narrowed or widened it
            os.fsync(file.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return temporary


def read_private(path: Path, what: str, max_bytes: int) -> bytes | None:
    """The contents of the kiosk's own file `path`, or None if there is none.

    Refused (UnsafePathError) when it is a link, not a regular file, another user's, or
    larger than `max_bytes`. Opened without following links and without blocking (a FIFO
    planted there cannot hang the kiosk); readable by others, it is made private again.
    """
    flags = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:
        refuse_link(path, what)  # O_NOFOLLOW says ELOOP: say what it is instead
        raise
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(f"the {what} {path} is not a regular file")
        _refuse_other_owner(path, what, info)
        if info.st_size > max_bytes:
            raise UnsafePathError(
                f"the {what} {path} is {info.st_size} bytes, larger than any it could be "
                f"({max_bytes}); it is not the kiosk's"
            )
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(file.fileno(), 0o600)
        return file.read(max_bytes + 1)


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


def _refuse_other_owner(path: Path, what: str, info: os.stat_result) -> None:
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafePathError(
            f"the {what} {path} belongs to user id {info.st_uid}, not to the kiosk user "
            f"({os.getuid()}): another account could read or replace the kiosk's data. "
            f"Give it to the kiosk user (chown) and start again."
        )


def _own_folder(path: Path) -> os.stat_result:
    """`path` created 0700 when missing (with its parents); refused unless it is a real
    folder, not a link, of the kiosk user's. Its status, for the caller's mode check."""
    create_directories(path)
    refuse_link(path, "folder")
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(f"{path} should be a folder of the kiosk's but is a file")
    _refuse_other_owner(path, "folder", info)
    return info


def private_directory(path: Path) -> Path:
    """`path` as a folder only the kiosk user can use: created 0700 (with missing parents),
    refused when it is a link or belongs to someone else, tightened to 0700 if it is wider."""
    info = _own_folder(path)
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def owned_directory(path: Path) -> Path:
    """`path` as a folder that holds the kiosk's private folders (KIOSK_HOME): created 0700
    when missing; when it exists it is checked, never changed (it may be an operator's own
    folder): refused when it is a link, another user's, or writable by others, who could
    then swap the folders inside it (OpenSSH's StrictModes asks the same of a home folder)."""
    info = _own_folder(path)
    if stat.S_IMODE(info.st_mode) & 0o022:
        raise UnsafePathError(
            f"the folder {path} can be written by other users, who could replace the kiosk's "
            f"data inside it. Make it the kiosk user's alone (chmod 700 {path}) or choose "
            f"another KIOSK_HOME, and start again."
        )
    return path


def create_directories(path: Path) -> None:
    """Create `path` and its missing parents, each 0700 whatever the umask; folders that
    exist are left as they are (an operator's own output folder, say)."""
    for folder in reversed((path, *path.parents)):
        if folder.exists():
            continue
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask, never widened
