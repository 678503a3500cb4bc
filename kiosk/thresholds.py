"""The alarm threshold a verdict is judged against: fixed, or adaptive in the ISO/TR 13154
manner (running mean of recent normal visitors plus a margin, which cancels slow drift and
the day's ambient), bounded so drift can never carry it to a meaningless value."""

from __future__ import annotations

from collections import deque

from kiosk.settings import ScreeningSettings


class AlarmThreshold:
    """Says the threshold now; told each normal verdict's temperature afterwards."""

    def __init__(self, settings: ScreeningSettings) -> None:
        self._settings = settings
        self._recent: deque[float] = deque(maxlen=settings.adaptive_window)

    @property
    def value_c(self) -> float:
        settings = self._settings
        if settings.threshold_mode == "fixed" or len(self._recent) < settings.adaptive_min_visitors:
            return settings.threshold_c
        low, high = settings.adaptive_bounds_c
        mean = sum(self._recent) / len(self._recent)
        return min(max(mean + settings.adaptive_margin_c, low), high)

    def observe_normal(self, temperature_c: float) -> None:
        """A visitor judged normal: part of the healthy running mean."""
        self._recent.append(temperature_c)
