"""The `kiosk` command: the kiosk itself, the demo, and operator sub-commands."""

from __future__ import annotations

import argparse
import importlib
import sys

from kiosk.commands.run import add_run_arguments, run

# Each module adds its sub-commands through register(subparsers).
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.commands.sensor",
    "kiosk.commands.privacy",
    "kiosk.commands.recognition",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Thermal-screening kiosk")
    add_run_arguments(parser)
    parser.set_defaults(handler=run)
    subparsers = parser.add_subparsers(dest="command")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.handler(args))
