"""A test guard that makes any outbound network connection fail loudly.

`forbid_outbound_sockets(monkeypatch)` patches socket connect/connect_ex/sendto and
create_connection so only loopback and AF_UNIX destinations work. A blocked attempt
raises OutboundConnectionBlocked (not an OSError, so code that quietly retries on
network errors cannot swallow it) and is also listed in the returned guard's
`attempts`, for tests to assert on.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class OutboundConnectionBlocked(RuntimeError):
    """The code under test tried to reach a host other than this machine."""


@dataclass
class NetGuard:
    attempts: list[str] = field(default_factory=list)

    def check(self, family: int, address: Any) -> None:
        if family == getattr(socket, "AF_UNIX", object()) or _is_loopback(address):
            return
        self.attempts.append(repr(address))
        raise OutboundConnectionBlocked(f"outbound connection to {address!r} is forbidden")


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # any other name would need a DNS look-up: that is outbound too


def forbid_outbound_sockets(monkeypatch: pytest.MonkeyPatch) -> NetGuard:
    """Block every non-loopback connection for the rest of the test; returns the guard."""
    guard = NetGuard()
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex
    sendto = socket.socket.sendto
    create_connection = socket.create_connection

    def guarded_connect(self: socket.socket, address: Any) -> None:
        guard.check(self.family, address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        guard.check(self.family, address)
        return connect_ex(self, address)

    def guarded_sendto(self: socket.socket, data: bytes, *args: Any) -> int:
        guard.check(self.family, args[-1])
        return sendto(self, data, *args)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        # Checked before create_connection resolves the name, so no DNS query leaves either.
        guard.check(socket.AF_INET, address)
        return create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", guarded_sendto)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    return guard
