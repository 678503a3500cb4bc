"""Running the kiosk: with a window, or headless printing one JSON event per line."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk.assets import ModelError
from kiosk.demo.rig import demo_settings
from kiosk.logs import configure_logging
from kiosk.runtime import KioskRuntime, Launch, StartupError
from kiosk.settings import SettingsError
from kiosk.settings.file import SettingsFileMissing, load_settings_or_last_good, settings_path
from kiosk.supervision import EXIT_RESTART, ServiceNotifier, restart_in_place, stop_on_terminate

# Opens the kiosk window for a launch (for its seconds, or until quit); the ui/ layer passes
# it in, so the logic layer never imports Qt.
WindowRunner = Callable[[Launch], int]
HEARTBEAT_S = 1.0  # the main loop's pace: service-manager watchdog pings, the deadline
EXIT_STARTUP = 2


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo", action="store_true", help="simulated visitors, camera and thermometer"
    )
    parser.add_argument("--headless", action="store_true", help="no window: JSON events on stdout")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.add_argument("--config", type=Path, help="settings file (default: the kiosk's own)")


def launch_for(args: argparse.Namespace) -> Launch:
    """The launch the command line asks for; `loaded.warning` says when the file was refused
    for the last good copy, `loaded.found` is False on a first start without settings."""
    path = settings_path(args.config)
    try:
        loaded = load_settings_or_last_good(path, required=args.config is not None)
    except SettingsFileMissing as error:
        raise StartupError(str(error)) from error
    except SettingsError as error:
        raise StartupError(
            f"{error} (in {path}); fix the file or remove the key. No earlier good settings "
            f"were kept to fall back on, so the kiosk does not start on defaults."
        ) from error
    if args.demo:
        loaded = replace(loaded, settings=demo_settings(loaded.settings))
    return Launch(loaded, demo=bool(args.demo), seconds=args.seconds)


def not_set_up_message(path: Path) -> str:
    return (
        f"this kiosk has not been set up: there is no settings file at {path}. Set it up on "
        f"the touchscreen (run `kiosk` with its window), or write that file (every key is "
        f"in docs/settings.md); `kiosk --demo` runs the demo with simulated visitors."
    )


def headless_printer() -> Callable[[dict[str, Any]], None]:
    """JSON lines on stdout; what an operator watching the console must read, on stderr."""
    lock = threading.Lock()

    def emit(event: dict[str, Any]) -> None:
        with lock:
            print(json.dumps(event, ensure_ascii=False), flush=True)
            if event["event"] == "alert" and event.get("state") == "raised":
                print(f"kiosk: {event['message']}", file=sys.stderr, flush=True)

    return emit


def run_headless(launch: Launch) -> int:
    paths = launch.paths()
    configure_logging(paths.cache_dir)
    runtime = KioskRuntime(launch, paths)
    runtime.subscribe(headless_printer())
    notifier = ServiceNotifier()
    stop_on_terminate(runtime.stopping)
    with runtime:
        notifier.ready()
        deadline = None if launch.seconds is None else time.monotonic() + launch.seconds
        try:
            while deadline is None or time.monotonic() < deadline:
                if runtime.stopping.wait(min(HEARTBEAT_S, _left(deadline))):
                    break
                if runtime.healthy():
                    notifier.watchdog()
        except KeyboardInterrupt:
            pass
        notifier.stopping()
    return runtime.exit_code or 0


def _left(deadline: float | None) -> float:
    return HEARTBEAT_S if deadline is None else max(0.0, deadline - time.monotonic())


def run(args: argparse.Namespace) -> int:
    try:
        code = _run(args)
    except (StartupError, ModelError) as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_STARTUP
    if code == EXIT_RESTART and not ServiceNotifier().enabled:
        restart_in_place()  # no service manager to start it again: do it ourselves
    return code


def _run(args: argparse.Namespace) -> int:
    launch = launch_for(args)
    if args.headless:
        if not launch.set_up:
            raise StartupError(not_set_up_message(launch.loaded.path))
        return run_headless(launch)
    if args.open_window is None:
        raise StartupError(
            "this entry point has no window (kiosk/ never loads Qt): run the `kiosk` "
            "command, `python -m ui`, or add --headless"
        )
    if launch.loaded.warning:
        print(f"kiosk: {launch.loaded.warning}", file=sys.stderr)
    return int(args.open_window(launch))
