"""The `kiosk` command as installed: the logic layer's command line, able to open the window."""

from __future__ import annotations

from kiosk.cli import main as kiosk_main
from kiosk.commands.run import Launch


def open_window(launch: Launch) -> int:
    from ui.app import run_window  # Qt is loaded only when a window is wanted

    return run_window(launch)


def main(argv: list[str] | None = None) -> int:
    return kiosk_main(argv, open_window=open_window)
