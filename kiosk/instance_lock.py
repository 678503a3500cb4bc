"""One kiosk per KIOSK_HOME: an exclusive lock on a file in the data folder for as long as the
kiosk runs.

Two kiosks on one set of files would fight over the camera and the serial port, purge each
other's records and interleave their alerts. The lock is flock(2), which the kernel drops
when its holder exits however it exits (SIGKILL, a power cut), so a crashed kiosk never
leaves a stale lock for its restart. The holder writes its process id into the file so the
second kiosk can say which one to stop. Operator commands (`kiosk purge --now`, `kiosk audit
verify`…) do not take it: they are meant to run beside the kiosk; erasing the data does.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator

from kiosk.paths import KioskPaths
from kiosk.safe_files import refuse_link
from kiosk.store.errors import StoreError

LOCK_FILE_NAME = "kiosk.lock"


class KioskAlreadyRunningError(StoreError):
    """Another kiosk process holds the lock on these files; the message names it."""


@contextlib.contextmanager
def hold_instance_lock(paths: KioskPaths) -> Iterator[None]:
    """Hold the lock on `paths` for the block; KioskAlreadyRunningError if another has it."""
    path = paths.ensure().data_dir / LOCK_FILE_NAME
    refuse_link(path, "kiosk lock file")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        if error.errno != errno.EROFS:
            raise
        # A read-only disk: the kiosk still screens. A lock file from an earlier start
        # still locks; writing the process id into it is all that cannot be done.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip()
            raise KioskAlreadyRunningError(
                f"a kiosk (process {holder or 'unknown'}) is already running with the data in "
                f"{paths.data_dir}: stop the kiosk first, or give this one a KIOSK_HOME of "
                f"its own; nothing has been changed"
            ) from None
        with contextlib.suppress(OSError):  # read-only: the lock holds all the same
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing the last descriptor releases the lock
