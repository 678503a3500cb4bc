"""The outbox on a real SQLite file: private, WAL, kept across a restart, bounded."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from kiosk.telemetry.outbox import LIMITS, OUTBOX_NAME, Outbox


def test_waiting_messages_survive_a_restart_until_delivered(tmp_path: Path) -> None:
    outbox = Outbox.open(tmp_path)
    outbox.put("alert", '{"n": 1}')
    outbox.close_hour(3600, '{"hour": 1}')
    outbox.close()
    again = Outbox.open(tmp_path)
    waiting = again.waiting(10)
    assert [(m.kind, m.payload) for m in waiting] == [
        ("alert", '{"n": 1}'),
        ("counts", '{"hour": 1}'),
    ]
    assert again.waiting(10, skip=frozenset({waiting[0].id})) == waiting[1:]
    again.delivered(waiting[0].id)
    assert again.backlog() == {"counts": 1, "alert": 0, "dropped": 0}
    assert again.last_counts() == '{"hour": 1}'
    again.close()
    mode = stat.S_IMODE((tmp_path / OUTBOX_NAME).stat().st_mode)
    assert mode == 0o600
    with sqlite3.connect(tmp_path / OUTBOX_NAME) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_each_kind_is_bounded_and_the_oldest_go_first(tmp_path: Path) -> None:
    outbox = Outbox.open(tmp_path)
    for i in range(LIMITS["alert"] + 5):
        outbox.put("alert", str(i))
    outbox.put("counts", "kept")
    waiting = outbox.waiting(LIMITS["alert"] + 10)
    assert waiting[0].payload == "5" and waiting[-1].payload == "kept"
    assert outbox.backlog() == {"counts": 1, "alert": LIMITS["alert"], "dropped": 5}
    outbox.close()


def test_an_open_hour_keeps_the_moment_it_was_first_seen(tmp_path: Path) -> None:
    outbox = Outbox.open(tmp_path)
    outbox.open_hour(7200, 7300.0)
    outbox.open_hour(7200, 7200.0)  # a restart within the hour
    outbox.open_hour(10800, 10800.0)
    assert outbox.open_hours() == [(7200, 7300.0), (10800, 10800.0)]
    outbox.close_hour(7200, None)
    assert outbox.open_hours() == [(10800, 10800.0)] and outbox.waiting(5) == []
    outbox.close()


def test_a_damaged_outbox_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    (tmp_path / OUTBOX_NAME).write_bytes(b"this is not a database" * 100)
    outbox = Outbox.open(tmp_path)
    outbox.put("alert", "x")
    assert len(outbox.waiting(5)) == 1
    outbox.close()
    assert [p.name for p in tmp_path.glob(f"{OUTBOX_NAME}.damaged-*")]
