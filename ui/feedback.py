"""After a verdict: the optional sound and, on a normal verdict, the optional gate pulse."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QSoundEffect

from drivers.gate import RelayOutput, open_gate
from kiosk.assets import assets_dir
from kiosk.screening import ScreeningResult, Verdict
from kiosk.settings.operator import OperatorSettings

SOUNDS = {Verdict.NORMAL: "normal.wav", Verdict.ELEVATED: "elevated.wav"}


class VerdictFeedback:
    def __init__(self, settings: OperatorSettings) -> None:
        self._sounds: dict[Verdict, QSoundEffect] = {}
        for verdict, name in SOUNDS.items():
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(assets_dir() / "sounds" / name)))
            self._sounds[verdict] = effect
        self.gate: RelayOutput | None = None
        self.settings = settings
        self.apply(settings)

    def apply(self, settings: OperatorSettings) -> None:
        """Take new settings at once: volume now, and the gate reopened if it changed."""
        for effect in self._sounds.values():
            effect.setVolume(settings.audio_volume / 100)
        if self.gate is None or settings.gate != self.settings.gate:
            self.close_gate()
            gate = settings.gate
            self.gate = open_gate(gate.output, gate.port, gate.channel) if gate.enabled else None
        self.settings = settings

    def on_result(self, result: ScreeningResult) -> None:
        effect = self._sounds.get(result.verdict)
        if effect is not None and self.settings.audio_volume > 0:
            effect.play()
        if self.gate is not None and result.verdict is Verdict.NORMAL:
            self.gate.pulse(self.settings.gate.pulse_s)

    def close_gate(self) -> None:
        if self.gate is not None:
            self.gate.stop()
            self.gate = None
