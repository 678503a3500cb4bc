"""Synthesise the verdict sounds in assets/sounds/ (numpy + wave; run once, files committed).

normal.wav: two rising soft tones (a friendly "go ahead"); elevated.wav: three lower,
evenly spaced tones, distinct in rhythm as well as pitch so they do not rely on hearing pitch;
neutral.wav: one short mid tone for a result without a number (retake, not screened), so
every verdict is heard and only the elevated one sounds like it.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22_050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"


def tone(frequency: float, seconds: float) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    # A few milliseconds of fade at each end: no click when the tone starts or stops.
    fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.01)
    return 0.6 * np.sin(2 * np.pi * frequency * t) * fade


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


def save(name: str, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(OUT / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    save("normal.wav", np.concatenate([tone(660, 0.15), silence(0.05), tone(880, 0.25)]))
    elevated = [tone(440, 0.2), silence(0.12)] * 2 + [tone(440, 0.2)]
    save("elevated.wav", np.concatenate(elevated))
    save("neutral.wav", tone(550, 0.18))


if __name__ == "__main__":
    main()
