"""The no-network guard blocks every destination but this machine, before any DNS query."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from tests.netguard import OutboundConnectionBlocked, forbid_outbound_sockets


def test_outbound_connections_are_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = forbid_outbound_sockets(monkeypatch)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(OutboundConnectionBlocked):
            sock.connect(("192.0.2.1", 80))
        with pytest.raises(OutboundConnectionBlocked):
            sock.connect_ex(("198.51.100.7", 443))
    with pytest.raises(OutboundConnectionBlocked):
        socket.create_connection(("updates.example.com", 443), timeout=1)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(OutboundConnectionBlocked),
    ):
        udp.sendto(b"hello", ("203.0.113.9", 53))
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock6,
        pytest.raises(OutboundConnectionBlocked),
    ):
        sock6.connect(("2001:db8::1", 80))
    assert len(guard.attempts) == 5


def test_a_blocked_connection_is_not_an_oserror(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_outbound_sockets(monkeypatch)
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    except OSError:  # code that tolerates network errors must not hide the attempt
        pytest.fail("the guard's error was swallowed as a network error")
    except OutboundConnectionBlocked:
        pass


def test_loopback_and_unix_sockets_still_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    guard = forbid_outbound_sockets(monkeypatch)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        accepter = threading.Thread(target=lambda: server.accept()[0].close())
        accepter.start()
        socket.create_connection(server.getsockname(), timeout=5).close()
        accepter.join(5)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            assert client.connect_ex(("localhost", server.getsockname()[1])) == 0
    address = str(tmp_path / "kiosk.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(address)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(address)
    assert guard.attempts == []


def test_the_guard_is_undone_after_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    original = socket.socket.connect
    forbid_outbound_sockets(monkeypatch)
    assert socket.socket.connect is not original
    monkeypatch.undo()
    assert socket.socket.connect is original
