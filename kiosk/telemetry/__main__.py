"""`python -m kiosk.telemetry drop-in [--write]`: the drop-in command from a source checkout,
for as long as `kiosk telemetry` is not among the kiosk command's own sub-commands."""

from __future__ import annotations

import argparse
import sys

from kiosk.settings import SettingsError
from kiosk.telemetry.drop_in import add_drop_in_arguments

parser = argparse.ArgumentParser(prog="python -m kiosk.telemetry")
add_drop_in_arguments(parser.add_subparsers(required=True).add_parser("drop-in"))
args = parser.parse_args()
try:
    sys.exit(args.handler(args))
except (SettingsError, OSError) as error:
    print(f"kiosk: {error}", file=sys.stderr)
    sys.exit(2)
