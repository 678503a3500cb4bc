"""/metrics in Prometheus' text format (prometheus_client), on 127.0.0.1 only: the same health
and hourly counts as the MQTT messages, for a Prometheus (or its agent) on the kiosk's own
machine to scrape and forward.

Visitor figures are the published hourly counts as gauges of the last complete hour, never
running counters: a counter scraped every 15 s would show each visitor's verdict within
seconds. A count withheld as '< N' (or given as a bound) has no sample at all.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from wsgiref.simple_server import WSGIServer

from prometheus_client import start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector, CollectorRegistry

LOOPBACK = "127.0.0.1"
# What each device's health reads when it is doing its job.
_DEVICE_OK = {
    "camera": ("streaming",),
    "sensor": ("connected",),
    "blackbody": ("off", "in place"),
    "gate": ("off", "ready"),
    "store": ("recording",),
}


@dataclass
class Readings:
    """The newest figures, replaced whole by the telemetry thread, read by the scrape."""

    health: dict[str, Any] | None = None
    counts: dict[str, Any] | None = None
    backlog: dict[str, int] = field(default_factory=dict)
    broker_connected: bool | None = None  # None: no broker configured


def _gauge(name: str, doc: str, value: float, **labels: str) -> GaugeMetricFamily:
    metric = GaugeMetricFamily(name, doc, labels=list(labels))
    metric.add_metric(list(labels.values()), value)
    return metric


class KioskCollector(Collector):
    def __init__(self, readings: Readings) -> None:
        self.readings = readings

    def collect(self) -> Iterator[Metric]:
        readings = self.readings
        health = readings.health
        if health is not None:
            yield from self._health(health)
        if readings.counts is not None:
            yield from self._counts(readings.counts)
        waiting = GaugeMetricFamily(
            "thermal_kiosk_outbox_messages", "messages waiting for the broker", labels=["kind"]
        )
        for kind in ("counts", "alert"):
            waiting.add_metric([kind], readings.backlog.get(kind, 0))
        yield waiting
        yield CounterMetricFamily(
            "thermal_kiosk_outbox_dropped",
            "messages dropped because the outbox was full",
            readings.backlog.get("dropped", 0),
        )
        if readings.broker_connected is not None:
            yield _gauge(
                "thermal_kiosk_broker_connected",
                "1 while connected to the MQTT broker",
                int(readings.broker_connected),
            )

    @staticmethod
    def _health(health: dict[str, Any]) -> Iterator[Metric]:
        info = InfoMetricFamily("thermal_kiosk", "the kiosk and its software")
        info.add_metric(
            [],
            {
                "kiosk_id": health["kiosk_id"],
                "version": health["version"],
                "demo": str(health["demo"]).lower(),
            },
        )
        yield info
        yield _gauge(
            "thermal_kiosk_in_service",
            "1 while the kiosk screens",
            health["service"] == "in_service",
        )
        devices = GaugeMetricFamily(
            "thermal_kiosk_device_ok", "1 while the device does its job", labels=["device", "state"]
        )
        states = {
            "camera": health["camera"]["state"],
            "sensor": health["sensor"]["state"],
            "blackbody": health["blackbody"],
            "gate": health["gate"],
            "store": health["store"]["state"],
        }
        for device, state in states.items():
            ok = state in _DEVICE_OK[device]
            # Blackbody and gate problems are sentences (for staff): a label gets one word.
            label = state if ok or device not in ("blackbody", "gate") else "fault"
            devices.add_metric([device, label], int(ok))
        yield devices
        yield _gauge("thermal_kiosk_frames_per_second", "frames screened per second", health["fps"])
        yield _gauge(
            "thermal_kiosk_disk_free_bytes",
            "free space where the kiosk keeps its data",
            health["disk_free_mb"] * 2**20,
        )
        yield _gauge(
            "thermal_kiosk_uptime_seconds", "seconds since the kiosk started", health["uptime_s"]
        )
        yield _gauge(
            "thermal_kiosk_alerts_active", "operator alerts showing", len(health["alerts"])
        )
        beats = GaugeMetricFamily(
            "thermal_kiosk_stage_beat_age_seconds",
            "seconds since the stage's last beat",
            labels=["stage"],
        )
        restarts = CounterMetricFamily(
            "thermal_kiosk_stage_restarts", "watchdog restarts of the stage", labels=["stage"]
        )
        for stage, beat in health["stages"].items():
            beats.add_metric([stage], beat["beat_age_s"])
            restarts.add_metric([stage], beat["restarts"])
        yield beats
        yield restarts

    @staticmethod
    def _counts(counts: dict[str, Any]) -> Iterator[Metric]:
        yield _gauge(
            "thermal_kiosk_last_hour_start_timestamp_seconds",
            "start of the last complete hour counted (UTC)",
            counts["hour_start"],
        )
        visitors = GaugeMetricFamily(
            "thermal_kiosk_last_hour_visitors",
            "visitors in the last complete hour, by outcome; absent when withheld as small",
            labels=["outcome"],
        )
        for outcome, value in counts["counts"].items():
            if isinstance(value, int):
                visitors.add_metric([outcome], value)
        yield visitors


class MetricsEndpoint:
    """The HTTP server for /metrics on 127.0.0.1:`port`, on a thread of its own."""

    def __init__(self, port: int, readings: Readings) -> None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(KioskCollector(readings))
        server, thread = start_http_server(port, addr=LOOPBACK, registry=registry)
        self._server: WSGIServer = server
        self._thread: threading.Thread = thread
        self.port = int(server.server_address[1])

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5.0)
