"""Incremental framing shared by the serial IR protocols: header search and resynchronisation,
the gates a candidate frame must pass, the die-temperature rules both boards share, and the
counters that say how healthy the byte stream is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

import numpy as np

from drivers.thermal.base import ThermalReading


@dataclass(frozen=True)
class Plausible:
    """The closed range, in °C, that a field of a kiosk's sensor can really read."""

    low_c: float
    high_c: float

    def __contains__(self, value_c: float) -> bool:
        return self.low_c <= value_c <= self.high_c


# The "ambient" field of every board is its sensor's die temperature, and the die sits in the
# kiosk's housing next to the board's MCU. The datasheets allow −40…125 °C (MLX90614) and
# −40…85 °C (MLX90640), but a kiosk is a room appliance (its display and computer want roughly
# 0…40 °C air) and self-heating in the housing adds about ten degrees: −20…70 °C still covers
# an unheated entrance in winter and a sun-warmed housing. Outside it, the field is misread.
DIE_C = Plausible(-20.0, 70.0)
# The die is a TO-39 can on a circuit board: its thermal mass lets it drift by hundredths of a
# degree between frames 70–250 ms apart. A step of more than 1 °C is a corrupted field (bit 7
# of its low byte is already 1.28 °C, each bit of its high byte 2.56 °C or more).
DIE_STEP_C = 1.0


def change_c(previous_c: float | None, current_c: float | None) -> float:
    """How far a field moved from one reading to the next (0 when either lacks it)."""
    if previous_c is None or current_c is None:
        return 0.0
    return abs(current_c - previous_c)


class _Rejected(Enum):
    FIELDS = "impossible type or length"
    CHECKSUM = "bad checksum"
    IMPLAUSIBLE = "implausible value"


class FrameDecoder(ABC):
    """Fed raw bytes in whatever fragments the port returns; yields decoded readings.

    A subclass states its fixed frame layout (header, length, how to check the fields that
    carry type and length, the checksum), how to decode a frame (None when a field is
    implausible) and which readings cannot follow one another. A candidate is a frame only
    when it passes, in order: fields, checksum, plausibility, no such candidate starting
    inside it, and agreement with the frames before it. One that fails loses only its first
    byte, so the search resumes at the next header inside it: a real frame behind a false
    header, or after a lost byte, is still found.

    A complete frame whose last bytes could begin a header is released when the bytes that
    decide arrive (within the next frame's first bytes on a streaming board).
    """

    header: ClassVar[bytes]
    frame_length: ClassVar[int]
    # Bytes after which the length/type fields can be checked, before the frame is complete.
    fields_length: ClassVar[int]

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._skipping = False
        self._reference: ThermalReading | None = None  # the last accepted reading
        self._challenger: ThermalReading | None = None  # the last one that contradicted it
        self.frames = 0
        self.bad_checksums = 0
        self.resyncs = 0
        # One per frame rejected for an implausible field, one per blanked (NaN) pixel.
        self.dropped_values = 0
        self.contradicted = 0

    def reset_stream(self) -> None:
        """Forget a partial frame and the frames before it (after a reconnect); counters are
        kept."""
        self._buffer.clear()
        self._skipping = False
        self._reference = self._challenger = None

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
            outcome = self._examine(buffer, start, t)
            if outcome is None:
                break
            if isinstance(outcome, ThermalReading):
                inside = self._frame_inside(buffer, start, t)
                if inside is None:
                    break
                if not inside and self._follows_neighbours(outcome):
                    self.frames += 1
                    if outcome.pixels is not None:
                        self.dropped_values += int(np.count_nonzero(np.isnan(outcome.pixels)))
                    self._skipping = False
                    start += self.frame_length
                    readings.append(outcome)
                    continue
            elif outcome is _Rejected.CHECKSUM:
                self.bad_checksums += 1
            elif outcome is _Rejected.IMPLAUSIBLE:
                self.dropped_values += 1
            self._skip(1)
            start += 1
        del buffer[:start]
        return readings

    def _examine(
        self, buffer: bytearray, start: int, t: float
    ) -> ThermalReading | _Rejected | None:
        """The reading the candidate at `start` decodes to, why it is none, or None while it
        is incomplete."""
        available = len(buffer) - start
        if available < self.fields_length:
            return None
        if not self.fields_valid(buffer, start):
            return _Rejected.FIELDS
        if available < self.frame_length:
            return None
        frame = bytes(buffer[start : start + self.frame_length])
        if not self.checksum_valid(frame):
            return _Rejected.CHECKSUM
        reading = self.decode(frame, t)
        return _Rejected.IMPLAUSIBLE if reading is None else reading

    def _frame_inside(self, buffer: bytearray, start: int, t: float) -> bool | None:
        """Whether a candidate decoding to a reading starts inside the one at `start` (None
        until the bytes that decide have arrived).

        Boards send frames back to back and a real frame holds no such candidate (a header
        inside it would need an implausible value), so one inside means this candidate was
        completed by the head of the next frame after bytes were lost: the inner one is real.
        """
        end = start + self.frame_length
        search_end = end - 1 + len(self.header)  # a header may begin on the last byte
        position = buffer.find(self.header, start + 1, search_end)
        while position >= 0:
            inner = self._examine(buffer, position, t)
            if inner is None:
                return None
            if isinstance(inner, ThermalReading):
                return True
            position = buffer.find(self.header, position + 1, search_end)
        for position in range(max(start + 1, end - len(self.header) + 1), end):
            if len(buffer) < position + len(self.header) and self.header.startswith(
                buffer[position:]
            ):
                return None
        return False

    def _follows_neighbours(self, reading: ThermalReading) -> bool:
        """Whether `reading` can follow the frames before it; counts it when it cannot.

        A reading that contradicts the last accepted one is held as the challenger. The next
        reading that agrees with the challenger instead is accepted and becomes the reference:
        either the reference was a corruption that came first, or the scene really changed.
        """
        if self._reference is None or self.consistent(self._reference, reading):
            self._reference, self._challenger = reading, None
            return True
        challenger, self._challenger = self._challenger, reading
        if challenger is not None and self.consistent(challenger, reading):
            self._reference, self._challenger = reading, None
            return True
        self.contradicted += 1
        return False

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
        """The reading a checksum-valid frame carries; None when a field is implausible."""

    @abstractmethod
    def consistent(self, previous: ThermalReading, reading: ThermalReading) -> bool:
        """Whether `reading` can physically follow `previous` one frame later."""
