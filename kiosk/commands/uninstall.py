"""`kiosk erase-all-data --yes`: what the uninstaller runs when asked to purge the data."""

from __future__ import annotations

import argparse
import dataclasses
import json

from kiosk.erase import erase_all
from kiosk.paths import kiosk_paths


def _erase(args: argparse.Namespace) -> int:
    report = erase_all(kiosk_paths())
    print(json.dumps(dataclasses.asdict(report), indent=2))
    return 1 if report.store_error else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = subparsers.add_parser(
        "erase-all-data",
        help="securely delete every record, template and the audit log, then the data "
        "directory and template key (settings are kept); used by the uninstaller",
    )
    erase.add_argument("--yes", action="store_true", required=True, help="confirm the erasure")
    erase.set_defaults(handler=_erase)
