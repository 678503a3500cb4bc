"""The `kiosk` command: the kiosk itself, the demo, and operator sub-commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kiosk import selftest
from kiosk.assets import ModelError
from kiosk.commands.run import WindowRunner, add_run_arguments, run
from kiosk.safe_files import UnsafePathError
from kiosk.settings import SettingsError
from kiosk.store import StoreError
from kiosk.version import VERSION

log = logging.getLogger("kiosk")
EXIT_STORE = 1
EXIT_USAGE = 2

# Each module adds its sub-commands through register(subparsers).
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.commands.sensor",
    "kiosk.commands.privacy",
    "kiosk.commands.recognition",
    "kiosk.commands.calibrate",
    "kiosk.commands.replay",
    "kiosk.commands.uninstall",
    "kiosk.telemetry.drop_in",
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
    """The command line; without `open_window` (headless entry points) only --headless runs.

    Whatever goes wrong is one `kiosk:` line saying what to do, never a traceback: the
    settings, the store, a model, a path or the operating system refusing something.
    """
    args = build_parser(open_window).parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return int(args.handler(args))
    except SettingsError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_STORE
    except (ModelError, UnsafePathError) as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(f"kiosk: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_USAGE
