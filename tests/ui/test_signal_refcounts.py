"""The Qt binding keeps Python's reference counts straight across 100,000 signal emissions.

PySide6 6.12.0 on Python 3.11 dropped one reference to True on every Signal.emit(); the
kiosk window, emitting about 30 times a second, aborted with "bool_dealloc" after about
five minutes. This test emits far more than that in every way the kiosk does: with and
without arguments, delivered directly and queued from a worker thread.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from pytestqt.qtbot import QtBot

EMITS = 100_000


class Emitter(QObject):
    bare = Signal()
    with_event = Signal(dict)
    with_flag = Signal(bool)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.received = 0

    def take(self, *_: object) -> None:
        self.received += 1


def singleton_counts() -> tuple[int, int, int]:
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def emit(emitter: Emitter, n: int) -> None:
    for i in range(n // 3 + 1):
        emitter.bare.emit()
        emitter.with_event.emit({"event": "status", "ok": True, "message": None})
        emitter.with_flag.emit(i % 2 == 0)


def connect(emitter: Emitter, receiver: Receiver, kind: Qt.ConnectionType) -> None:
    for signal in (emitter.bare, emitter.with_event, emitter.with_flag):
        signal.connect(receiver.take, kind)


def test_direct_emissions_keep_reference_counts(qtbot: QtBot) -> None:
    emitter, receiver = Emitter(), Receiver()
    connect(emitter, receiver, Qt.ConnectionType.DirectConnection)
    emit(emitter, 3_000)  # warm-up: first uses may create lasting references of their own
    before = singleton_counts()
    emit(emitter, EMITS)
    assert singleton_counts() == before
    assert receiver.received >= EMITS


def test_queued_emissions_from_a_worker_keep_reference_counts(qtbot: QtBot) -> None:
    emitter, receiver = Emitter(), Receiver()
    connect(emitter, receiver, Qt.ConnectionType.QueuedConnection)

    def from_worker(n: int) -> None:
        worker = threading.Thread(target=emit, args=(emitter, n))
        worker.start()
        while worker.is_alive() or receiver.received < target:
            QCoreApplication.processEvents()
        worker.join()

    target = 3_000
    from_worker(3_000)
    before = singleton_counts()
    target = receiver.received + EMITS
    from_worker(EMITS)
    assert singleton_counts() == before
