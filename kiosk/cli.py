"""The `kiosk` command: the kiosk itself, the demo, and operator sub-commands."""

from __future__ import annotations

import argparse
import importlib
import sys

from kiosk import selftest
from kiosk.commands.run import WindowRunner, add_run_arguments, run
from kiosk.version import VERSION

# Each module adds its sub-commands through register(subparsers).
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.commands.sensor",
    "kiosk.commands.privacy",
    "kiosk.commands.recognition",
    "kiosk.commands.calibrate",
    "kiosk.commands.replay",
    "kiosk.commands.uninstall",
)


def build_parser(open_window: WindowRunner | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Thermal-screening kiosk")
    add_run_arguments(parser)
    parser.set_defaults(handler=run, open_window=open_window)
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument(
        "--self-test",
        dest="handler",
        action="store_const",
        const=selftest.command,
        help="check models, store and the demo pipeline headless; JSON summary (--seconds N)",
    )
    subparsers = parser.add_subparsers(dest="command")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None, *, open_window: WindowRunner | None = None) -> int:
    """The command line; without `open_window` (headless entry points) only --headless runs."""
    args = build_parser(open_window).parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.handler(args))
