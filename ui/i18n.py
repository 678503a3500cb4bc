"""Switching the visitor's language through Qt's translators (.qm built from ui/i18n/*.ts)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

I18N_DIR = Path(__file__).parent / "i18n"
LANGUAGES = ("zh", "en")  # English is the source language: it needs no catalogue
CATALOGUES = {"zh": I18N_DIR / "kiosk_zh_CN.qm"}


_translator: QTranslator | None = None


def chinese_translator() -> QTranslator:
    """The one Chinese translator of the application: Qt installs translators app-wide."""
    global _translator
    if _translator is None:
        translator = QTranslator()
        if not translator.load(str(CATALOGUES["zh"])):
            raise FileNotFoundError(f"translation catalogue missing: {CATALOGUES['zh']}")
        _translator = translator
    return _translator


class Language:
    """The current language; `switch` installs or removes the Chinese catalogue."""

    def __init__(self, code: str) -> None:
        self._translator = chinese_translator()
        self.code = "en"
        self.switch(code)

    def switch(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}")
        if code == "zh":
            QCoreApplication.installTranslator(self._translator)
        else:
            QCoreApplication.removeTranslator(self._translator)
        self.code = code

    def other(self) -> str:
        return "en" if self.code == "zh" else "zh"
