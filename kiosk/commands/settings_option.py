"""`--config` for every command, and the settings a command runs with.

All commands resolve the file the same way the kiosk does (kiosk.settings.file): the named
file, which must exist, or the kiosk's own; a refused file falls back to the last good copy,
said on stderr. No command runs on settings the kiosk itself would not use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.settings import Settings
from kiosk.settings.file import LoadedSettings, load_settings_or_last_good, settings_path


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="settings file (default: the kiosk's own)")


def command_settings(args: argparse.Namespace) -> Settings:
    """The settings for a command; raises SettingsError (one `kiosk:` line in cli.main)."""
    return loaded_command_settings(args).settings


def loaded_command_settings(args: argparse.Namespace) -> LoadedSettings:
    config = getattr(args, "config", None)
    loaded = load_settings_or_last_good(settings_path(config), required=config is not None)
    if loaded.warning:
        print(f"kiosk: {loaded.warning}", file=sys.stderr)
    return loaded
