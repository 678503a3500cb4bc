"""Fleet telemetry: device health, hourly counts and alerts to the chain's own MQTT broker
(with Home Assistant discovery) and a local Prometheus endpoint; off unless [telemetry] is on.

- `sink`: the subscriber the runtime starts, and its thread;
- `broker`: the MQTT connection (paho-mqtt), its last will and reconnection;
- `outbox`: counts and alerts waiting for the broker, kept on disk, bounded;
- `hourly_counts`, `elevated_spike`: the only visitor figures that leave, and the spike rule;
- `health`, `alert_messages`, `discovery`, `prometheus_exporter`, `topics`: the messages;
- `drop_in`: the systemd drop-in that lets the kiosk's unit reach the broker.

Nothing about a visitor ever leaves: no temperature, image, template, label or id, and no
visitor figure finer than a clock hour or smaller than the small-count threshold (docs/fleet.md).
"""
