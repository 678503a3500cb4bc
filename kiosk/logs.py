"""Logging, set up once when the kiosk starts: a rotating file in the cache folder and stderr.

Under systemd, stderr goes to the journal (`journalctl --user -u thermal-kiosk`); the file
keeps the last few megabytes for a technician who only has the data folder. Nothing about
a visitor is logged: no image, no template, no label; verdicts are logged as counts only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_FILE_NAME = "kiosk.log"
LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 4  # 10 MB at most, a few days of a busy kiosk's warnings
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file is created 0600, never through a planted link."""

    def _open(self):  # type: ignore[no-untyped-def]  # the stdlib's own untyped hook
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.baseFilename, flags, 0o600)
        return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)


def configure_logging(cache_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the kiosk's log records to `cache_dir/kiosk.log` (rotated) and to stderr."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "kiosk_handler", False):
            root.removeHandler(handler)
            handler.close()
    path = cache_dir / LOG_FILE_NAME
    console = logging.StreamHandler(sys.stderr)
    # The console (and so the journal) gets what needs a person; the file gets the rest too.
    console.setLevel(logging.WARNING)
    handlers: list[logging.Handler] = [console]
    try:
        handlers.append(
            _PrivateRotatingFile(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, delay=True)
        )
    except OSError as error:  # a log that cannot be written must not stop screening
        message = f"kiosk: cannot write the log file {path} ({error}); logging to stderr only"
        print(message, file=sys.stderr)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.kiosk_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    return path
