"""Physical sizes on the kiosk's screen: touch targets of at least 15 mm, text readable at 1 m.

Sizes are computed from the screen's physical DPI; a screen that reports nonsense (some
drivers and virtual displays do) is taken as 96 DPI, a typical 21–24" full-HD panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QScreen

FALLBACK_DPI = 96.0
PLAUSIBLE_DPI = (50.0, 400.0)
TOUCH_TARGET_MM = 15.0


@dataclass(frozen=True)
class Metrics:
    dots_per_mm: float

    def mm(self, millimetres: float) -> int:
        return max(1, round(millimetres * self.dots_per_mm))

    @property
    def touch(self) -> int:
        """The smallest side of anything a visitor or operator taps."""
        return self.mm(TOUCH_TARGET_MM)


def metrics_for(screen: QScreen | None) -> Metrics:
    dpi = screen.physicalDotsPerInch() if screen is not None else FALLBACK_DPI
    low, high = PLAUSIBLE_DPI
    if not low <= dpi <= high:
        dpi = FALLBACK_DPI
    return Metrics(dpi / 25.4)
