"""Every text the UI marks for translation is in the Chinese catalogue, translated, and the
built .qm is up to date; screens never show a literal string that bypasses translation."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from kiosk.screening import Guidance, Verdict
from ui import texts
from ui.i18n import CATALOGUES, I18N_DIR
from ui.metrics import FALLBACK_DPI, metrics_for

UI = Path(__file__).resolve().parents[2] / "ui"


def _marked_texts() -> set[tuple[str, str]]:
    """(context, text) of every QT_TRANSLATE_NOOP in ui/."""
    found: set[tuple[str, str]] = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "QT_TRANSLATE_NOOP"
            ):
                context, text = node.args[0], node.args[1]
                assert isinstance(text, ast.Constant), f"{path}: translate a literal"
                assert isinstance(context, ast.Constant), f"{path}: name the context literally"
                found.add((context.value, text.value))
    return found


def test_every_marked_text_is_translated() -> None:
    tree = ET.parse(I18N_DIR / "kiosk_zh_CN.ts")
    translated = {
        message.findtext("source"): message.find("translation") for message in tree.iter("message")
    }
    marked_pairs = _marked_texts()
    marked = {text for _, text in marked_pairs}
    assert len(marked) > 60
    missing = sorted(marked - set(translated))
    assert not missing, f"run scripts/build_translations.sh and translate: {missing}"
    unfinished = [
        source
        for source in marked
        if (element := translated[source]) is None
        or element.get("type") == "unfinished"
        or not (element.text or "").strip()
    ]
    assert not unfinished, f"untranslated in kiosk_zh_CN.ts: {unfinished}"
    # The built catalogue the kiosk loads must say what the source catalogue says.
    translator = QTranslator()
    assert translator.load(str(CATALOGUES["zh"]))
    stale = [
        text
        for context, text in marked_pairs
        if translator.translate(context, text) != (translated[text].text or "")
    ]
    assert not stale, f"rebuild with scripts/build_translations.sh: {stale}"


def test_screens_set_no_literal_text() -> None:
    """A literal in setText would be shown untranslated: only tr(...) results and data."""
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setText"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).strip(" ☺0123456789")
            ):
                raise AssertionError(f"{path}:{node.lineno}: untranslated literal text")


def test_touch_size_falls_back_when_the_screen_reports_nonsense() -> None:
    assert metrics_for(None).dots_per_mm == FALLBACK_DPI / 25.4
    assert metrics_for(None).touch == round(15 * FALLBACK_DPI / 25.4)


def test_every_outcome_and_instruction_has_words() -> None:
    # A verdict or guidance without text would crash the screen mid-visit.
    assert set(texts.VERDICT) == set(Verdict) == set(texts.VERDICT_DETAIL)
    assert set(texts.GUIDANCE) - {None} == set(Guidance)
