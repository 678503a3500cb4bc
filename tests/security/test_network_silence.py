"""Nothing leaves the kiosk, native code included: the headless demo and `kiosk identify` run
under strace, inside a network namespace of their own when one can be made (so nothing could
leave even if a call got through), and any connect or send on an internet socket fails the test.

MediaPipe's native library posts usage metrics to play.googleapis.com from every task it
creates (one DNS query per Face Landmarker, found by this trace); a guard that patches
Python's socket module cannot see that, a system-call trace can. One internet socket is
allowed to exist: the library's start-up probe opens an AF_INET datagram socket to ask
whether IPv4 works, and never connects or sends on it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FACES, REPO
from tests.security.conftest import run_kiosk
from tests.structure.test_layers import imported_modules

# A call that makes traffic: the destination is an internet address, or the descriptor is an
# internet socket (strace -yy names it: TCP, UDP, TCPv6, UDPv6, RAW…), as for a connected
# UDP socket's sendmmsg of two DNS questions.
TRAFFIC = re.compile(r"^\d+\s+(connect|sendto|sendmsg|sendmmsg)\(")
INTERNET = re.compile(r"sa_family=AF_INET6?\b|<(TCP|UDP|RAW|UDPLITE|SCTP)(v6)?:")


def _works(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="module")
def tracer() -> list[str]:
    """strace (following every thread and child), inside `unshare -n` when permitted."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed: `scripts/setup.sh --dev` installs it")
    probe = _works([strace, "-f", "-o", "/dev/null", "true"])
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (ptrace refused?): {probe.stderr.strip()}")
    unshare = shutil.which("unshare")
    isolate = [unshare, "-n"] if unshare and _works([unshare, "-n", "true"]).returncode == 0 else []
    return [*isolate, strace, "-f", "-qq", "-yy", "-e", "trace=%network"]


def internet_traffic(trace: Path) -> list[str]:
    return [
        line
        for line in trace.read_text(errors="replace").splitlines()
        if TRAFFIC.match(line) and INTERNET.search(line)
    ]


@pytest.mark.parametrize(
    "command",
    [
        ("--demo", "--headless", "--seconds", "6"),
        ("identify", "--image", str(FACES / "person_a_1.jpg"), "--record-consent"),
    ],
    ids=["headless demo", "identify"],
)
def test_no_kiosk_process_touches_the_internet(
    tracer: list[str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    trace = tmp_path / "network.trace"
    done = run_kiosk(tmp_path / "home", *command, prefix=[*tracer, "-o", str(trace)])
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    traced = trace.read_text(errors="replace")
    assert "socket(" in traced, "the trace saw no socket call at all: is strace tracing?"
    assert internet_traffic(trace) == []


def test_mediapipe_is_loaded_only_behind_the_offline_guard() -> None:
    """kiosk/vision/__init__.py keeps MediaPipe offline before any module of the package
    runs; a module elsewhere importing mediapipe could create a task before it."""
    outside = [
        str(path.relative_to(REPO))
        for package in ("kiosk", "ui")
        for path in sorted((REPO / package).rglob("*.py"))
        if any(name.split(".")[0] == "mediapipe" for name in imported_modules(path))
        and (REPO / "kiosk" / "vision") not in path.parents
    ]
    assert outside == []
