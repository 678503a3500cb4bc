"""Where the kiosk keeps its files: per-user data, config and cache directories.

KIOSK_HOME, when set, puts all three under one folder (tests, the self-test, a
portable install); otherwise platformdirs picks the operating system's places.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kiosk.safe_files import owned_directory, private_directory

APP_NAME = "thermal-kiosk"
DEMO_FOLDER = "demo"


@dataclass(frozen=True)
class KioskPaths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path
    home: Path | None = None  # KIOSK_HOME, the folder holding the other three, when set

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    def for_demo(self) -> KioskPaths:
        """The demo's own folders, inside these: its simulated visitors' records, its
        simulated enrolment, its keys, audit log and lock never mix with the kiosk's real
        ones (the settings are still read from the kiosk's file, or --config)."""
        return KioskPaths(
            self.data_dir / DEMO_FOLDER,
            self.config_dir / DEMO_FOLDER,
            self.cache_dir / DEMO_FOLDER,
            self.home,
        )

    def ensure(self) -> KioskPaths:
        """Create the directories 0700 (KIOSK_HOME too), or check them: each must be a real
        folder of the kiosk user's, not a link, and no one else may write KIOSK_HOME; the
        kiosk's own three are tightened to 0700 if wider (see safe_files)."""
        if self.home is not None:
            owned_directory(self.home)
        for directory in (self.data_dir, self.config_dir, self.cache_dir):
            private_directory(directory)
        return self


def kiosk_paths() -> KioskPaths:
    home = os.environ.get("KIOSK_HOME")
    if home:
        root = Path(home)
        return KioskPaths(root / "data", root / "config", root / "cache", root)
    return KioskPaths(
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    )
