"""Locating the shipped assets (models, demo photos, notice templates) and verifying models.

Every model file is checked against the sha256 recorded in assets/models/MODELS.json
before it is loaded, so a swapped or damaged file is a clear error, not odd results.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


class ModelError(RuntimeError):
    """A model file is missing or is not the file the kiosk was built with."""


def assets_dir() -> Path:
    """assets/ beside the packages, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_model(name: str, models_dir: Path | None = None) -> Path:
    """The path of model `name` after checking its sha256; raises ModelError otherwise."""
    directory = models_dir or assets_dir() / "models"
    manifest = json.loads((assets_dir() / "models" / "MODELS.json").read_text(encoding="utf-8"))
    if name not in manifest:
        raise ModelError(f"model {name!r} is not one the kiosk ships (see MODELS.json)")
    path = directory / name
    if not path.is_file():
        raise ModelError(
            f"model file {path} is missing; reinstall the kiosk or run scripts/fetch_models.py"
        )
    actual = _sha256(path)
    expected = manifest[name]["sha256"]
    if actual != expected:
        raise ModelError(
            f"model file {path} has sha256 {actual}, expected {expected}: the file is damaged "
            "or was replaced; reinstall the kiosk or run scripts/fetch_models.py"
        )
    return path
