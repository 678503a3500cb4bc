"""Where an export can go by touch alone: a USB stick the desktop has mounted, if any.

A mount counts when its device is a removable block device (sysfs `removable`, or a disk
on the USB bus) mounted under the usual automount places (/media, /run/media, /mnt). The
kiosk never mounts anything itself and writes nothing but the export file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

AUTOMOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


@dataclass(frozen=True)
class RemovableMedium:
    mount_point: Path
    device: str  # /dev/sdb1


def _unescape(field: str) -> str:
    # /proc/mounts writes spaces and other bytes in paths as octal escapes (\040).
    return field.encode("latin-1").decode("unicode_escape").encode("latin-1").decode()


def _is_removable(device: str, sys_block: Path) -> bool:
    name = Path(device).name
    for disk in sys_block.iterdir():
        if name == disk.name or (disk / name).exists():
            removable = disk / "removable"
            if removable.exists() and removable.read_text().strip() == "1":
                return True
            return "/usb" in os.path.realpath(disk)
    return False


def removable_media(
    mounts: Path = Path("/proc/mounts"), sys_block: Path = Path("/sys/block")
) -> list[RemovableMedium]:
    """Writable removable media mounted now, in mount order."""
    found: list[RemovableMedium] = []
    try:
        lines = mounts.read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        fields = line.split()
        if len(fields) < 4 or not fields[0].startswith("/dev/"):
            continue
        device, mount_point, options = fields[0], _unescape(fields[1]), fields[3].split(",")
        if not mount_point.startswith(AUTOMOUNT_ROOTS) or "ro" in options:
            continue
        try:
            removable = _is_removable(device, sys_block)
        except OSError:
            continue
        if removable and os.access(mount_point, os.W_OK):
            found.append(RemovableMedium(Path(mount_point), device))
    return found
