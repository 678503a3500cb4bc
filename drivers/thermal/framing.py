"""Incremental framing shared by the serial IR protocols: header search, resync, length and
checksum gates, and the counters that say how healthy the byte stream is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from drivers.thermal.base import ThermalReading

# Values outside this range cannot come from a person, a room or a calibration blackbody;
# they are decoding errors (wrong byte order, raw counts mistaken for °C) and are dropped.
PHYSICAL_MIN_C = -40.0
PHYSICAL_MAX_C = 300.0


def is_physical(value_c: float) -> bool:
    """True when `value_c` can be a real temperature seen by a kiosk sensor."""
    return PHYSICAL_MIN_C <= value_c <= PHYSICAL_MAX_C


class FrameDecoder(ABC):
    """Fed raw bytes in whatever fragments the port returns; yields decoded readings.

    A subclass states its fixed frame layout (header, length, how to check the fields that
    carry the length, the checksum) and how to turn a verified frame into a reading. Any
    candidate that fails a gate loses only its first byte, so a real frame hidden behind a
    false header is still found.
    """

    header: ClassVar[bytes]
    frame_length: ClassVar[int]
    # Bytes after which the length/type fields can be checked, before the frame is complete.
    fields_length: ClassVar[int]

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._skipping = False
        self.frames = 0
        self.bad_checksums = 0
        self.resyncs = 0
        self.dropped_values = 0

    def reset_stream(self) -> None:
        """Forget a partial frame (after a reconnect); counters are kept."""
        self._buffer.clear()
        self._skipping = False

    def feed(self, data: bytes, t: float) -> list[ThermalReading]:
        """Consume `data` (received at monotonic time `t`) and return every reading it completed."""
        buffer = self._buffer
        buffer += data
        readings: list[ThermalReading] = []
        start = 0
        while True:
            found = buffer.find(self.header, start)
            if found < 0:
                # Keep a trailing partial header; everything before it is noise.
                keep = 0
                for k in range(min(len(self.header) - 1, len(buffer) - start), 0, -1):
                    if buffer.endswith(self.header[:k]):
                        keep = k
                        break
                self._skip(len(buffer) - keep - start)
                start = len(buffer) - keep
                break
            self._skip(found - start)
            start = found
            available = len(buffer) - start
            if available < self.fields_length:
                break
            if not self.fields_valid(buffer, start):
                self._skip(1)
                start += 1
                continue
            if available < self.frame_length:
                break
            frame = bytes(buffer[start : start + self.frame_length])
            if not self.checksum_valid(frame):
                self.bad_checksums += 1
                self._skip(1)
                start += 1
                continue
            self.frames += 1
            self._skipping = False
            start += self.frame_length
            reading = self.decode(frame, t)
            if reading is not None:
                readings.append(reading)
        del buffer[:start]
        return readings

    def _skip(self, n_bytes: int) -> None:
        # One resync per run of discarded bytes, however many reads the run spans.
        if n_bytes > 0 and not self._skipping:
            self._skipping = True
            self.resyncs += 1

    @abstractmethod
    def fields_valid(self, buffer: bytearray, start: int) -> bool:
        """Whether the length/type fields after the header at `start` are possible."""

    @abstractmethod
    def checksum_valid(self, frame: bytes) -> bool:
        """Whether a complete candidate frame carries a correct checksum."""

    @abstractmethod
    def decode(self, frame: bytes, t: float) -> ThermalReading | None:
        """Turn a verified frame into a reading, dropping (and counting) impossible values."""


def single_point_reading(
    decoder: FrameDecoder, object_c: float, ambient_c: float, t: float
) -> ThermalReading | None:
    """A single-point reading; an impossible object value means no reading at all."""
    ambient: float | None = ambient_c
    if not is_physical(ambient_c):
        decoder.dropped_values += 1
        ambient = None
    if not is_physical(object_c):
        decoder.dropped_values += 1
        return None
    return ThermalReading(t=t, ambient_c=ambient, object_c=object_c)
