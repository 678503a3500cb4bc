"""The systemd drop-in that lets the kiosk's locked-down unit reach its broker, and
`kiosk telemetry drop-in`, which prints or writes it from the settings.

The kiosk's unit (packaging/linux/thermal-kiosk.service) allows no internet socket at all
(RestrictAddressFamilies=AF_UNIX AF_NETLINK, IPAddressDeny=any). With telemetry on, the
drop-in adds the internet families and allows exactly the broker's addresses and loopback:
loopback carries the MQTT client's own wake-up socket pair, /metrics, and a local DNS stub.
IPAddressAllow= takes addresses, not names, so a broker given by name is resolved when the
drop-in is written; write it again if the broker's address changes (an IP address in
telemetry.host avoids that). Without telemetry the drop-in is removed, and the unit is as
closed as before.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
from pathlib import Path
from typing import Any

from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.safe_files import create_directories, write_atomically
from kiosk.settings.telemetry import TelemetrySettings

UNIT = "thermal-kiosk.service"
DROP_IN_NAME = "telemetry.conf"


def broker_addresses(settings: TelemetrySettings) -> list[str]:
    """The broker's IP addresses: the host itself when it is one, else what its name resolves
    to now (raises socket.gaierror when it does not)."""
    if not settings.host:
        return []
    try:
        return [str(ipaddress.ip_address(settings.host))]
    except ValueError:
        found = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)
        return sorted({str(info[4][0]) for info in found})


def drop_in_text(settings: TelemetrySettings) -> str | None:
    """The drop-in for these settings, or None when telemetry is off (no drop-in at all)."""
    if not settings.enabled:
        return None
    addresses = broker_addresses(settings)
    broker = f"{settings.host}:{settings.port}" if settings.host else "none (Prometheus only)"
    lines = [
        "# Written by `kiosk telemetry drop-in` from [telemetry]; write it again after changing",
        f"# the broker. Broker: {broker}.",
        "[Service]",
        "RestrictAddressFamilies=",
        "RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6",
        "# The MQTT client's wake-up socket pair, /metrics and a local DNS stub are on loopback.",
        "IPAddressAllow=localhost",
        *(f"IPAddressAllow={address}" for address in addresses),
    ]
    return "\n".join(lines) + "\n"


def drop_in_path(units_dir: Path) -> Path:
    return units_dir / f"{UNIT}.d" / DROP_IN_NAME


def default_units_dir() -> Path:
    """Where install.sh --user puts the unit (a system-wide install uses /etc/systemd/user)."""
    return Path.home() / ".config" / "systemd" / "user"


def add_drop_in_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)
    parser.add_argument(
        "--write",
        action="store_true",
        help="write it beside the kiosk's unit (or remove it when telemetry is off)",
    )
    parser.add_argument(
        "--units-dir",
        type=Path,
        default=None,
        help="the folder holding thermal-kiosk.service (default: ~/.config/systemd/user)",
    )
    parser.set_defaults(handler=drop_in_command)


def drop_in_command(args: argparse.Namespace) -> int:
    settings = command_settings(args).telemetry
    text = drop_in_text(settings)
    path = drop_in_path(args.units_dir or default_units_dir())
    if not args.write:
        print(text if text is not None else "# telemetry is off: no drop-in; the unit stays closed")
        return 0
    if text is None:
        if path.exists():
            path.unlink()
            print(f"removed {path}")
    else:
        create_directories(path.parent)
        write_atomically(path, text, mode=0o644)
        print(f"wrote {path}")
    print("then: systemctl --user daemon-reload && systemctl --user restart thermal-kiosk")
    return 0


def register(subparsers: Any) -> None:
    """`kiosk telemetry drop-in` (for kiosk.cli's COMMAND_MODULES)."""
    telemetry = subparsers.add_parser("telemetry", help="fleet telemetry set-up")
    commands = telemetry.add_subparsers(dest="telemetry_command", required=True)
    add_drop_in_arguments(
        commands.add_parser(
            "drop-in", help="the systemd drop-in that lets the unit reach the broker"
        )
    )
