"""Telemetry as one of the kiosk's event subscribers: what it hears, what it counts, what it
sends, all on one thread of its own.

It hears only alerts and service changes (never a verdict: visitor figures come from the
store's records, hour by hour), keeps counts and alerts in the outbox until the broker has
them, reports health every `health_interval_s` and at once on any change, and feeds the
Prometheus endpoint. `hear()` never blocks, so no stage of the kiosk ever waits on it, and
nothing here waits on the network but its own thread.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.alerts import Severity
from kiosk.safe_files import UnsafePathError, read_private
from kiosk.settings.telemetry import TelemetrySettings
from kiosk.store.errors import StoreError
from kiosk.telemetry.alert_messages import (
    OUT_OF_SERVICE_KEY,
    OWN_KEY,
    SPIKE_KEY,
    alert_payload,
)
from kiosk.telemetry.discovery import discovery_messages
from kiosk.telemetry.elevated_spike import SpikeTest, check_hour
from kiosk.telemetry.health import HealthReader
from kiosk.telemetry.hourly_counts import (
    HOUR_S,
    hour_counts,
    hour_label,
    hour_start,
    published_counts,
)
from kiosk.telemetry.outbox import Outbox
from kiosk.telemetry.prometheus_exporter import MetricsEndpoint, Readings
from kiosk.telemetry.topics import ONLINE, Topics, kiosk_name
from kiosk.watchdog import Beat, Worker

if TYPE_CHECKING:  # the runtime builds telemetry: a run-time import would be circular
    from kiosk.runtime import KioskRuntime
    from kiosk.telemetry.broker import BrokerLink

log = logging.getLogger(__name__)
LOOP_S = 0.5
EVENT_BACKLOG = 1000  # alerts waiting for the telemetry thread before new ones are dropped
STORE_RETRY_S = 60.0  # a store that cannot be read for the counts is tried again this late
# An hour left open longer than this (the kiosk was off for a week) is not counted: its
# records may have been purged, and the fleet has long stopped waiting for it.
OPEN_HOUR_LIMIT_S = 7 * 24 * HOUR_S
SETUP_KEY = "telemetry_setup"
STORE_ERRORS = (StoreError, sqlite3.Error)


class Telemetry:
    """Telemetry for one running kiosk; `stop()` says 'offline' and closes everything."""

    def __init__(
        self,
        runtime: KioskRuntime,
        settings: TelemetrySettings,
        password: str | None,
        *,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._runtime = runtime
        self._settings = settings
        self._wall = wall_clock
        self.kiosk_id = kiosk_name(settings)
        self.topics = Topics.of(settings, self.kiosk_id)
        self._demo = runtime.launch.demo
        self.outbox = Outbox.open(runtime.paths.data_dir)
        self._health = HealthReader(runtime, self.kiosk_id)
        self.readings = Readings()
        self._events: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=EVENT_BACKLOG)
        self._out_of_service: tuple[str, ...] | None = None
        self._started = wall_clock()
        self._counting_hour = -1
        self._store_retry_at = 0.0
        self._last_signature: tuple[Any, ...] | None = None
        self._next_health = 0.0
        self.link: BrokerLink | None = None
        if settings.host:
            from kiosk.telemetry.broker import BrokerLink  # paho only where MQTT is used

            self.link = BrokerLink(
                settings,
                self.topics,
                password,
                on_problem=self._broker_problem,
                on_delivered=self.outbox.delivered,
            )
            self.readings.broker_connected = False
        self.metrics: MetricsEndpoint | None = None
        if settings.prometheus_port is not None:
            try:
                self.metrics = MetricsEndpoint(settings.prometheus_port, self.readings)
            except OSError as error:
                runtime.alerts.raise_alert(
                    SETUP_KEY,
                    Severity.WARNING,
                    f"Telemetry: /metrics cannot listen on 127.0.0.1:{settings.prometheus_port} "
                    f"({error.strerror or error}); choose another telemetry.prometheus_port.",
                )
        self._worker = Worker("telemetry", self._run)
        self._worker.start()

    # --- from the kiosk's threads -------------------------------------------------------

    def hear(self, event: dict[str, Any]) -> None:
        """A kiosk event; only alerts and service changes are kept (without waiting)."""
        kind = event.get("event")
        if (kind == "alert" and event.get("key") != OWN_KEY) or kind == "service":
            try:
                self._events.put_nowait(event)
            except queue.Full:
                log.warning("telemetry is behind: an alert event was not queued")

    def stop(self) -> None:
        # Long enough for a connection attempt in progress (its timeout) and the goodbye.
        self._worker.stop(timeout=15.0)
        if self.metrics is not None:
            self.metrics.close()
        self.outbox.close()

    # --- the telemetry thread -----------------------------------------------------------

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        while not stop.is_set():
            beat()
            busy = False
            try:
                busy = self._step(time.monotonic())
            except Exception:  # telemetry must outlive any one bad step; screening goes on
                log.exception("telemetry step failed")
            if not busy:
                stop.wait(LOOP_S)
        if self.link is not None:
            self.link.close()

    def _step(self, now: float) -> bool:
        link = self.link
        busy = link.step(now) if link is not None else False
        if link is not None:
            self.readings.broker_connected = link.connected
            if link.fresh:
                link.fresh = False
                self._announce(link)
        self._take_events()
        self._count_hours(now)
        self._report_health(now)
        if link is not None and link.connected and link.room():
            for message in self.outbox.waiting(link.room(), link.in_flight()):
                topic = self.topics.counts if message.kind == "counts" else self.topics.alert
                link.send(message, topic)
        return busy

    def _announce(self, link: BrokerLink) -> None:
        """Connected (again): the broker may have lost its retained messages in a restart."""
        link.publish(self.topics.status, ONLINE, retain=True)
        if self._settings.discovery:
            for topic, config in discovery_messages(
                self._settings, self.kiosk_id, self.topics, self._demo
            ):
                link.publish(topic, config, retain=True)
        self._last_signature = None  # the health report goes out on this step
        last = self.outbox.last_counts()
        if last is not None and not self.outbox.backlog()["counts"]:
            link.publish(self.topics.counts, last, retain=True)

    def _take_events(self) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return
            alert = event if event["event"] == "alert" else self._service_alert(event)
            if alert is not None:
                self.outbox.put(
                    "alert", alert_payload(alert, self.kiosk_id, self._demo, self._wall())
                )

    def _service_alert(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """Out of service (and why), and back in service, as an alert for the fleet."""
        reasons = tuple(event.get("reasons", ()))
        if event["state"] == "out_of_service" and reasons != self._out_of_service:
            self._out_of_service = reasons
            state = "raised"
        elif event["state"] == "in_service" and self._out_of_service is not None:
            self._out_of_service = None
            state = "over"
        else:
            return None
        return {
            "key": OUT_OF_SERVICE_KEY,
            "state": state,
            "severity": str(Severity.CRITICAL),
            "message": event.get("message", ""),
        }

    def _count_hours(self, now: float) -> None:
        """Note the hour telemetry runs in; count every earlier hour it ran in, once."""
        current = hour_start(self._wall())
        if current != self._counting_hour:
            # Visitors before telemetry started were told nothing is sent: not counted.
            self.outbox.open_hour(current, max(current, self._started))
            self._counting_hour = current
        closed = [(start, since) for start, since in self.outbox.open_hours() if start < current]
        if not closed or now < self._store_retry_at:
            return
        records = self._runtime.records
        store = None if records is None else records.recorder.store
        if store is None:  # still opening (or failing): the recorder reports that itself
            return
        try:
            for start, since in closed:
                if start < current - OPEN_HOUR_LIMIT_S:
                    self.outbox.close_hour(start, None)
                    continue
                counts = hour_counts(store, start, since)
                shown = published_counts(counts, self._settings.small_count_threshold)
                payload = {"kiosk_id": self.kiosk_id, "demo": self._demo, "hour": hour_label(start)}
                self.outbox.close_hour(start, json.dumps({**payload, **shown}))
                self.readings.counts = {"hour_start": start, "counts": shown}
                # Only the hour just ended: a spike found late, about an older hour, helps nobody.
                if start == current - HOUR_S:
                    self._check_spike(
                        check_hour(store, counts, self._settings.small_count_threshold)
                    )
        except STORE_ERRORS as error:
            log.warning("telemetry cannot read the hourly counts yet: %s", error)
            self._store_retry_at = now + STORE_RETRY_S

    def _check_spike(self, test: SpikeTest) -> None:
        alerts = self._runtime.alerts
        if not test.spike:
            alerts.clear(SPIKE_KEY)
            return
        alerts.raise_alert(
            SPIKE_KEY,
            Severity.WARNING,
            f"Elevated results spiked at this kiosk: {test.elevated} in the last hour, far "
            f"above its usual {test.baseline_rate:.1%} of visitors. Check the thermometer and "
            f"blackbody (drifting warm?) and the entrance (sun, heating), then confirm "
            f"elevated visitors with a clinical thermometer.",
            needs_ack=True,
        )

    def _report_health(self, now: float) -> None:
        report = self._health.read(self._wall())
        report["outbox"] = self.outbox.backlog()
        self.readings.health = report
        self.readings.backlog = report["outbox"]
        signature = self._health.signature(report)
        if signature == self._last_signature and now < self._next_health:
            return
        if self.link is not None and self.link.connected:
            self.link.publish(
                self.topics.health, json.dumps(report, ensure_ascii=False), retain=True
            )
            self._last_signature = signature
            self._next_health = now + self._settings.health_interval_s

    def _broker_problem(self, message: str | None) -> None:
        if message is None:
            self._runtime.alerts.clear(OWN_KEY)
        else:
            self._runtime.alerts.raise_alert(OWN_KEY, Severity.WARNING, message)


def read_password(path: Path) -> str:
    """The broker password from `path`: the kiosk user's own file, readable by it alone."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        raise UnsafePathError(f"the MQTT password file {path} does not exist") from None
    if mode & 0o077:
        raise UnsafePathError(
            f"the MQTT password file {path} can be read by other users: make it the kiosk "
            f"user's alone (chmod 600 {path}) and consider changing the password"
        )
    data = read_private(path, "MQTT password file", 4096) or b""
    password = data.decode("utf-8").strip("\r\n")
    if not password:
        raise UnsafePathError(f"the MQTT password file {path} is empty")
    return password


def start_telemetry(runtime: KioskRuntime) -> Telemetry | None:
    """Telemetry for `runtime` when [telemetry] is on, else None. A problem with its own set-up
    (the password file, the outbox, TLS files) is an operator alert, and the kiosk screens
    without telemetry rather than not at all."""
    settings = runtime.settings.telemetry
    if not settings.enabled:
        return None
    try:
        password = read_password(Path(settings.password_file)) if settings.password_file else None
        return Telemetry(runtime, settings, password)
    except (OSError, ValueError, sqlite3.Error) as error:
        message = f"Telemetry is off: {error}."
        log.error("%s", message)
        runtime.alerts.raise_alert(SETUP_KEY, Severity.WARNING, message)
        return None
