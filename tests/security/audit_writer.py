"""A kiosk process that writes audit entries, for the concurrency tests.

`python -m tests.security.audit_writer COUNT START_FILE [PAUSE_S]` opens the store on
KIOSK_HOME, waits until START_FILE exists (so several writers begin together), then appends
COUNT entries (0: until killed), PAUSE_S apart, and prints `appended A failed F`, with the
first failure's message if any.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import sys
import time
from pathlib import Path

from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, StoreError


def main() -> None:
    count, start = int(sys.argv[1]), Path(sys.argv[2])
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    appended, failures = 0, []
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        print("ready", flush=True)
        while not start.exists():
            time.sleep(0.001)
        for index in itertools.count() if count == 0 else range(count):
            try:
                store.audit("operator_login", operator=f"writer {os.getpid()}", attempt=index)
                appended += 1
            except (StoreError, sqlite3.Error) as error:
                failures.append(str(error))
            time.sleep(pause)
    first = f" first: {failures[0]}" if failures else ""
    print(f"appended {appended} failed {len(failures)}{first}", flush=True)


if __name__ == "__main__":
    main()
