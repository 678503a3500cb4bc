"""The layer rule, read from every module's imports: drivers/ → nothing of ours, kiosk/ → drivers/
only (never Qt, never ui/), ui/ on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

QT = ("PySide6", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".", 1)[0]


@pytest.mark.parametrize("path", modules("kiosk"), ids=lambda p: str(p.relative_to(REPO)))
def test_kiosk_never_imports_qt_or_ui(path: Path) -> None:
    bad = {m for m in imported_modules(path) if top(m) in (*QT, "ui")}
    assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", modules("drivers"), ids=lambda p: str(p.relative_to(REPO)))
def test_drivers_import_nothing_above_them(path: Path) -> None:
    bad = {m for m in imported_modules(path) if top(m) in (*QT, "ui", "kiosk")}
    assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"


def test_the_rule_is_checked_on_real_modules() -> None:
    assert len(modules("kiosk")) > 40 and len(modules("drivers")) > 5
    assert "PySide6.QtWidgets" in imported_modules(REPO / "ui" / "main_window.py")
