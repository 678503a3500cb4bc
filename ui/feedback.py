"""After a verdict: the optional sound. (The gate relay is a kiosk-layer result sink.)"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QSoundEffect

from kiosk.assets import assets_dir
from kiosk.screening import ScreeningResult, Verdict
from kiosk.settings.operator import OperatorSettings

# Every verdict is heard; only an elevated one sounds like it (rhythm as well as pitch).
SOUNDS = {
    Verdict.NORMAL: "normal.wav",
    Verdict.ELEVATED: "elevated.wav",
    Verdict.RETAKE: "neutral.wav",
    Verdict.NOT_SCREENED: "neutral.wav",
}


class VerdictFeedback:
    def __init__(self, settings: OperatorSettings) -> None:
        self._sounds: dict[Verdict, QSoundEffect] = {}
        for verdict, name in SOUNDS.items():
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(assets_dir() / "sounds" / name)))
            self._sounds[verdict] = effect
        self.settings = settings
        self.apply(settings)

    def apply(self, settings: OperatorSettings) -> None:
        """Take new settings at once."""
        for effect in self._sounds.values():
            effect.setVolume(settings.audio_volume / 100)
        self.settings = settings

    def on_result(self, result: ScreeningResult) -> None:
        effect = self._sounds.get(result.verdict)
        if effect is not None and self.settings.audio_volume > 0:
            effect.play()
