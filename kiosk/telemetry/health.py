"""The kiosk's health as telemetry reports it: devices, stages, store, disk, version, uptime.

Read from the running kiosk's own status (the same the operator panel shows), never from
frames or verdicts: nothing in it is about a visitor. `signature` is what counts as a change
worth reporting at once (a state, not a figure such as the frame rate).
"""

from __future__ import annotations

import re
import shutil
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kiosk.version import VERSION

if TYPE_CHECKING:  # the runtime builds telemetry: a run-time import would be circular
    from kiosk.runtime import KioskRuntime

FPS_WINDOW = 40  # health readings (one per telemetry loop) the frame rate is averaged over
# A stream URL's user name and password (rtsp://user:secret@camera/...) appear in camera
# messages; they must not leave the kiosk with them.
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def _redacted(message: str) -> str:
    return _URL_CREDENTIALS.sub("…@", message)


def utc_stamp(t: float) -> str:
    """Device time to the second, UTC (device data only: visitor data carries hours)."""
    return datetime.fromtimestamp(int(t), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class HealthReader:
    """Reads the health of `runtime`; the frame rate over the last few readings."""

    def __init__(
        self, runtime: KioskRuntime, kiosk_id: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._runtime = runtime
        self._kiosk_id = kiosk_id
        self._clock = clock
        self._started = clock()
        self._frames: deque[tuple[float, int]] = deque(maxlen=FPS_WINDOW)

    def read(self, wall_time: float) -> dict[str, Any]:
        runtime = self._runtime
        now = self._clock()
        service = runtime.service
        faults = {fault.key: fault.message for fault in service.faults}
        stages = runtime.health()
        report: dict[str, Any] = {
            "kiosk_id": self._kiosk_id,
            "demo": runtime.launch.demo,
            "version": VERSION,
            "at": utc_stamp(wall_time),
            "uptime_s": int(now - self._started),
            "service": str(service.state),
            "reasons": sorted(faults),
            "camera": self._device(runtime.camera),
            "sensor": self._device(runtime.sensor),
            "blackbody": self._runtime.blackbody_state(),
            "gate": "off" if runtime.gate is None else _redacted(runtime.gate.state()),
            "store": self._store(),
            "fps": self._fps(now),
            "disk_free_mb": shutil.disk_usage(runtime.paths.data_dir).free // 2**20,
            "stages": {
                s.name: {"beat_age_s": s.beat_age_s, "restarts": s.restarts} for s in stages
            },
            "restarts": sum(stage.restarts for stage in stages),
            "alerts": sorted(alert.key for alert in runtime.alerts.showing()),
        }
        return report

    @staticmethod
    def signature(report: dict[str, Any]) -> tuple[Any, ...]:
        """The states in a report; a report whose signature differs is sent at once."""
        return (
            report["service"],
            tuple(report["reasons"]),
            report["camera"]["state"],
            report["sensor"]["state"],
            report["blackbody"],
            report["gate"],
            report["store"]["state"],
            tuple(report["alerts"]),
        )

    @staticmethod
    def _device(device: Any) -> dict[str, str]:
        if device is None:
            return {"state": "absent", "message": ""}
        status = device.status()
        return {"state": str(status.state), "message": _redacted(status.message)}

    def _store(self) -> dict[str, Any]:
        records = self._runtime.records
        if records is None:
            return {"state": "absent", "backlog": 0}
        recorder = records.recorder
        if recorder.failing:
            state = "failing" if recorder.store is not None else "unavailable"
        else:
            state = "recording" if recorder.store is not None else "opening"
        return {"state": state, "backlog": recorder.backlog()}

    def _fps(self, now: float) -> float:
        pipeline = self._runtime.pipeline
        self._frames.append((now, 0 if pipeline is None else pipeline.times.processed))
        (first_t, first_n), (last_t, last_n) = self._frames[0], self._frames[-1]
        return round((last_n - first_n) / (last_t - first_t), 1) if last_t > first_t else 0.0
