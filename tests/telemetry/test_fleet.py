"""The demo kiosk (the real runtime, headless) against a real Mosquitto broker on loopback: it
appears in Home Assistant, reports health, says 'offline' when stopped or killed, survives a
broker restart with one operator message, and reports last hour's counts, a spike and the
same figures on /metrics. Every message any test sees is checked against the payload rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from kiosk.paths import kiosk_paths
from kiosk.runtime import KioskRuntime, Launch
from kiosk.settings import Settings
from kiosk.settings.file import LoadedSettings
from kiosk.store import KioskStore, ScreeningRecord
from kiosk.telemetry.hourly_counts import HOUR_S, hour_label, hour_start
from kiosk.telemetry.outbox import Outbox
from tests.conftest import REPO
from tests.telemetry.conftest import (
    Mosquitto,
    Subscriber,
    free_port,
    telemetry_settings,
    wait_until,
)
from tests.telemetry.payload_rules import violations

ROOT = "thermal-kiosk/east-gate-2"


@contextmanager
def demo_kiosk(settings: Settings, events: list[dict[str, Any]]) -> Iterator[KioskRuntime]:
    paths = kiosk_paths().ensure()
    loaded = LoadedSettings(paths.settings_file, settings, found=False)
    runtime = KioskRuntime(Launch(loaded, demo=True), paths)
    runtime.subscribe(events.append)
    with runtime:
        yield runtime


def assert_payload_rules(*subscribers: Subscriber) -> None:
    messages = [m for s in subscribers for m in s.all()]
    assert messages
    assert [problem for m in messages for problem in violations(m.topic, m.payload)] == []


def online(message: Any) -> bool:
    return bool(message.payload == "online")


def offline(message: Any) -> bool:
    return bool(message.payload == "offline")


def test_the_demo_kiosk_appears_in_home_assistant_and_says_offline_when_stopped(
    broker: Mosquitto, listen: Callable[[int], Subscriber]
) -> None:
    watch = listen(broker.port)
    events: list[dict[str, Any]] = []
    with demo_kiosk(telemetry_settings(host="127.0.0.1", port=broker.port), events):
        watch.wait_for(f"{ROOT}/status", online)
        health = watch.wait_for(f"{ROOT}/health", lambda m: m.json()["service"] == "in_service")
        assert health.retain is False  # live delivery; the broker keeps a retained copy
        report = health.json()
        assert report["demo"] is True and report["kiosk_id"] == "east-gate-2"
        assert report["camera"]["state"] == "streaming" and report["sensor"]["state"] == "connected"
        assert {"vision", "camera", "sensor", "recorder", "service"} <= set(report["stages"])
        assert report["store"]["state"] == "recording" and report["disk_free_mb"] > 0
        configs = wait_until(
            lambda: [m for m in watch.all() if m.topic.startswith("homeassistant/")] or None,
            "discovery messages",
        )
    watch.wait_for(f"{ROOT}/status", offline)
    # A subscriber arriving later is told at once, by the retained status.
    late = listen(broker.port)
    assert late.wait_for(f"{ROOT}/status").payload == "offline"
    assert late.wait_for(f"{ROOT}/status").retain
    assert late.on(f"{ROOT}/health")[-1].retain

    entities = [json.loads(m.payload) for m in configs]
    assert len({e["unique_id"] for e in entities}) == len(entities) >= 20
    components = {m.topic.split("/")[1] for m in configs}
    assert components == {"sensor", "binary_sensor", "event"}
    for entity, message in zip(entities, configs, strict=True):
        assert message.topic.endswith(f"/{entity['unique_id'].rsplit('east_gate_2_', 1)[1]}/config")
        assert entity["availability_topic"] == f"{ROOT}/status"
        assert entity["device"]["identifiers"] == ["thermal_kiosk_east_gate_2"]
        assert "(demo)" in entity["device"]["name"]
        assert entity["state_topic"] in {f"{ROOT}/health", f"{ROOT}/counts", f"{ROOT}/alert"}
        if entity["state_topic"].endswith("/health"):
            # Every field an entity shows is one the health report has.
            for field in re.findall(r"value_json\.(\w+)", entity["value_template"]):
                assert field in report, (entity["unique_id"], field)
    assert_payload_rules(watch, late)


def test_a_broker_restart_gives_one_operator_message_and_nothing_is_lost(
    broker: Mosquitto, listen: Callable[[int], Subscriber]
) -> None:
    events: list[dict[str, Any]] = []
    watch = listen(broker.port)
    with demo_kiosk(telemetry_settings(host="127.0.0.1", port=broker.port), events) as runtime:
        assert runtime.telemetry is not None and runtime.demo_rig is not None
        watch.wait_for(f"{ROOT}/health", lambda m: m.json()["service"] == "in_service")
        broker.stop()
        alert = wait_until(
            lambda: [a for a in runtime.alerts.showing() if a.key == "telemetry"], "an alert"
        )[0]
        assert f"lost the connection to the MQTT broker at 127.0.0.1:{broker.port}" in alert.message
        assert "Screening is not affected" in alert.message
        # A device fault while the broker is away waits in the outbox...
        runtime.demo_rig.simulator.unplug()
        wait_until(lambda: runtime.telemetry.outbox.backlog()["alert"] >= 2, "queued alerts")
        runtime.demo_rig.simulator.replug()
        wait_until(lambda: runtime.telemetry.link.failed_attempts >= 2, "reconnection attempts")
        broker.start()
        back = time.monotonic()
        after = listen(broker.port)
        after.wait_for(f"{ROOT}/status", online)
        print(f"\nonline again {time.monotonic() - back:.2f} s after the broker was back")
        # ...and reaches the fleet once the broker is back.
        sensor = after.wait_for(f"{ROOT}/alert", lambda m: m.json()["key"] == "sensor")
        assert sensor.json()["event_type"] == "device_fault"
        after.wait_for(f"{ROOT}/alert", lambda m: m.json()["event_type"] == "out_of_service")
        wait_until(lambda: runtime.telemetry.outbox.backlog()["alert"] == 0, "the outbox sent")
        wait_until(
            lambda: all(a.key != "telemetry" for a in runtime.alerts.showing()), "alert cleared"
        )
        # The restarted broker lost its retained messages: the kiosk announced itself again.
        after.wait_for("homeassistant/binary_sensor/thermal_kiosk_east_gate_2/problem/config")
    raised = [e for e in events if e.get("key") == "telemetry" and e.get("state") == "raised"]
    assert len(raised) == 1, raised
    assert_payload_rules(watch, after)


def test_a_killed_kiosk_is_declared_offline_by_its_last_will(
    broker: Mosquitto, listen: Callable[[int], Subscriber], tmp_path: Path
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(
        f'[telemetry]\nenabled = true\nhost = "127.0.0.1"\nport = {broker.port}\n'
        f'kiosk_id = "east-gate-2"\n',
        encoding="utf-8",
    )
    watch = listen(broker.port)
    env = dict(os.environ, KIOSK_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO))
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--demo", "--headless", "--config", str(config)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        watch.wait_for(f"{ROOT}/status", online)
        assert listen(broker.port).wait_for(f"{ROOT}/status").payload == "online"  # retained
        kiosk.kill()  # no goodbye possible: the broker must say it
        kiosk.wait(timeout=60)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
    watch.wait_for(f"{ROOT}/status", offline)
    assert listen(broker.port).wait_for(f"{ROOT}/status").payload == "offline"
    assert_payload_rules(watch)


def _seed_last_hour(last_hour: int) -> None:
    """A week of about 1 % elevated visitors, then an hour with 9 elevated of 153, as if the
    kiosk (with telemetry on) had been stopped before that hour ended."""
    paths = kiosk_paths().ensure()
    start = datetime.fromtimestamp(last_hour, UTC)
    with KioskStore.open(paths, Settings().privacy) as store:
        week = timedelta(days=7)
        for i in range(1010):
            verdict = "elevated" if i % 101 == 0 else "normal"
            store.record_screening(
                ScreeningRecord(36.6, verdict, at=start - week + week * i / 1010)
            )
        hour = [("normal", False)] * 120 + [("normal", True)] * 11 + [("elevated", False)] * 9
        hour += [("retake", False)] * 12 + [("not_screened", False)]
        for i, (verdict, mask) in enumerate(hour):
            at = start + timedelta(seconds=3000 * i / len(hour))
            store.record_screening(ScreeningRecord(36.6, verdict, mask=mask, at=at))
    outbox = Outbox.open(paths.data_dir)
    outbox.open_hour(last_hour, last_hour)
    outbox.close()


def test_last_hour_reaches_the_fleet_as_counts_a_spike_alert_and_metrics(
    broker: Mosquitto, listen: Callable[[int], Subscriber]
) -> None:
    if time.time() % HOUR_S > HOUR_S - 120:  # the hour must not turn while the test runs
        time.sleep(HOUR_S - time.time() % HOUR_S + 1)
    last_hour = hour_start(time.time()) - HOUR_S
    _seed_last_hour(last_hour)
    port = free_port()
    watch = listen(broker.port)
    settings = telemetry_settings(host="127.0.0.1", port=broker.port, prometheus_port=port)
    events: list[dict[str, Any]] = []
    with demo_kiosk(settings, events) as runtime:
        counts = watch.wait_for(f"{ROOT}/counts").json()
        spike = watch.wait_for(f"{ROOT}/alert", lambda m: m.json()["key"] == "elevated_spike")
        assert runtime.telemetry is not None and runtime.telemetry.metrics is not None
        wait_until(lambda: runtime.telemetry.readings.health, "a health reading")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as reply:
            assert reply.headers["Content-Type"].startswith("text/plain")
            families = {f.name: f for f in text_string_to_metric_families(reply.read().decode())}
        assert any(a.key == "elevated_spike" for a in runtime.alerts.showing())
    assert counts == {
        "kiosk_id": "east-gate-2",
        "demo": True,
        "hour": hour_label(last_hour),
        "screened": 153,
        "normal": ">= 130",  # 153 - 9 - 12, less at most 2 not screened
        "elevated": 9,
        "retakes": 12,
        "not_screened": "< 3",
        "masked": 11,
    }
    alert = spike.json()
    assert alert["event_type"] == "elevated_spike" and alert["state"] == "raised"
    assert alert["hour"] == hour_label(last_hour) and "at" not in alert
    assert "9 in the last hour" in alert["message"]

    visitors = {
        s.labels["outcome"]: s.value for s in families["thermal_kiosk_last_hour_visitors"].samples
    }
    assert visitors == {"screened": 153, "elevated": 9, "retakes": 12, "masked": 11}
    assert families["thermal_kiosk_in_service"].samples[0].value in (0.0, 1.0)
    info = families["thermal_kiosk_info"].samples[0].labels
    assert info["kiosk_id"] == "east-gate-2" and info["demo"] == "true"
    stages = {s.labels["stage"] for s in families["thermal_kiosk_stage_restarts"].samples}
    assert {"vision", "camera", "sensor"} <= stages
    assert runtime.telemetry.metrics.port == port
    assert_payload_rules(watch)


def test_a_broker_that_refuses_connections_is_one_message_and_screening_goes_on() -> None:
    events: list[dict[str, Any]] = []
    nobody = free_port()
    with demo_kiosk(telemetry_settings(host="127.0.0.1", port=nobody), events) as runtime:
        assert runtime.telemetry is not None and runtime.telemetry.link is not None
        link = runtime.telemetry.link
        wait_until(lambda: link.failed_attempts >= 3, "three attempts")
        wait_until(lambda: [e for e in events if e["event"] == "verdict"], "a verdict")
    raised = [e for e in events if e.get("key") == "telemetry" and e.get("state") == "raised"]
    assert len(raised) == 1
    assert f"the MQTT broker at 127.0.0.1:{nobody} refuses connections" in raised[0]["message"]
