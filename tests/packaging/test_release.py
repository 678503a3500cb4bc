"""The Linux release archive: install for a user into a scratch home, uninstall keeping the
operator's data, uninstall with --purge-data. The frozen bundle is replaced by a stand-in
that runs this checkout's kiosk, so the test needs no build; packaging/build.sh runs the
same check on the real archive."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"


def stand_in_bundle(directory: Path) -> Path:
    bundle = directory / "kiosk"
    bundle.mkdir()
    executable = bundle / "kiosk"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ui "$@"\n', encoding="utf-8")
    executable.chmod(0o755)
    return bundle


def test_release_installs_and_uninstalls(tmp_path: Path) -> None:
    archive = tmp_path / "thermal-kiosk-test-linux.tar.gz"
    subprocess.run(
        ["bash", str(LINUX / "make_release.sh"), str(stand_in_bundle(tmp_path)), str(archive)],
        check=True,
    )
    listing = subprocess.run(
        ["tar", "-tzf", str(archive)], check=True, capture_output=True, text=True
    ).stdout.split()
    top = "thermal-kiosk-test-linux/"
    for name in ("install.sh", "uninstall.sh", "thermal-kiosk.desktop", "LICENSE", "NOTICE"):
        assert top + name in listing
    check = subprocess.run(
        ["bash", str(LINUX / "check_release.sh"), str(archive), str(tmp_path / "scratch")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_spec_excludes_every_development_tool() -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        dev = tomllib.load(handle)["project"]["optional-dependencies"]["dev"]
    spec = (REPO / "packaging" / "kiosk.spec").read_text(encoding="utf-8")
    # Distribution names as the modules they install are called.
    modules = {"pytest-qt": "pytestqt", "pyinstaller": "PyInstaller"}
    for requirement in dev:
        name = requirement.split("=")[0].split("[")[0].strip()
        assert f'"{modules.get(name, name)}"' in spec, f"{name} is not excluded in kiosk.spec"
