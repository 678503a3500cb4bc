"""Where a kiosk's messages go: `<topic_root>/<kiosk_id>/status|health|counts|alert`, and
the kiosk's name in them (its `kiosk_id`, or the machine's host name)."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

from kiosk.settings.telemetry import TelemetrySettings

ONLINE = "online"
OFFLINE = "offline"


def kiosk_name(settings: TelemetrySettings) -> str:
    """The configured kiosk_id, or the host name made into one (lower case, other characters
    as '-'), so a fleet set up without names still tells its kiosks apart."""
    if settings.kiosk_id:
        return settings.kiosk_id
    host = re.sub(r"[^a-z0-9_-]+", "-", socket.gethostname().lower()).strip("-_")
    return host[:64] or "kiosk"


@dataclass(frozen=True)
class Topics:
    root: str  # <topic_root>/<kiosk_id>

    @classmethod
    def of(cls, settings: TelemetrySettings, kiosk_id: str) -> Topics:
        return cls(f"{settings.topic_root}/{kiosk_id}")

    @property
    def status(self) -> str:
        """'online' / 'offline', retained; 'offline' is also the broker's last will."""
        return f"{self.root}/status"

    @property
    def health(self) -> str:
        return f"{self.root}/health"

    @property
    def counts(self) -> str:
        return f"{self.root}/counts"

    @property
    def alert(self) -> str:
        return f"{self.root}/alert"
