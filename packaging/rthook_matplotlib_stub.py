"""PyInstaller runtime hook: a placeholder for matplotlib, which the bundle leaves out.

`import mediapipe` imports matplotlib.pyplot (for mediapipe's plotting helper, which the
kiosk never calls). Shipping matplotlib would add tens of megabytes and a slower start,
so the bundle registers an empty stand-in that fails loudly if anything really uses it.
"""

import sys
import types


def _unavailable(name: str) -> object:
    if name.startswith("__"):
        raise AttributeError(name)  # import machinery probes dunders; let it see "absent"
    raise ModuleNotFoundError("matplotlib is not part of the kiosk bundle")


_package = types.ModuleType("matplotlib")
_pyplot = types.ModuleType("matplotlib.pyplot")
for _module in (_package, _pyplot):
    _module.__dict__["__getattr__"] = _unavailable
_package.pyplot = _pyplot  # type: ignore[attr-defined]
sys.modules.setdefault("matplotlib", _package)
sys.modules.setdefault("matplotlib.pyplot", _pyplot)
