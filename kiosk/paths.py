"""Where the kiosk keeps its files: per-user data, config and cache directories.

KIOSK_HOME, when set, puts all three under one folder (tests, the self-test, a
portable install); otherwise platformdirs picks the operating system's places.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "thermal-kiosk"


@dataclass(frozen=True)
class KioskPaths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    def ensure(self) -> KioskPaths:
        """Create the directories, readable by the kiosk user only."""
        for directory in (self.data_dir, self.config_dir, self.cache_dir):
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def kiosk_paths() -> KioskPaths:
    home = os.environ.get("KIOSK_HOME")
    if home:
        root = Path(home)
        return KioskPaths(root / "data", root / "config", root / "cache")
    return KioskPaths(
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    )
