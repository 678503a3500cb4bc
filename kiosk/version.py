"""The kiosk's version, from one place: `version` in pyproject.toml.

Installed (also editable) and in the PyInstaller bundle, which carries a copy of the
package metadata, importlib.metadata answers. A source checkout that was never
installed falls back to reading pyproject.toml beside the packages.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "thermal-screening-kiosk"


def kiosk_version() -> str:
    """The version string, e.g. '0.1.0'."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        with pyproject.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])


VERSION = kiosk_version()
