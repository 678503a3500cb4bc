"""The 9-byte frame MLX90614 UART boards send: `H H TYPE LEN TO_H TO_L TA_H TA_L SUM`, and
what a single-point reading may be in a kiosk.

Object (TO) and ambient (TA) are int16 big-endian °C × 100; SUM is the low byte of the
sum of bytes 0–7. Boards differ only in the header and in which TYPE/LEN they promise.
"""

from __future__ import annotations

import struct
from typing import ClassVar

from drivers.thermal.base import ThermalReading
from drivers.thermal.framing import DIE_C, DIE_STEP_C, FrameDecoder, Plausible, change_c

FRAME_LENGTH = 9

# The MLX90614 datasheet measures objects at −70…380 °C. A kiosk's single-point sensor reads a
# forehead at 5–10 cm or, with nobody there, the scene in its wide field of view: people, room
# surfaces, a hot drink. Nothing there is below −40 °C (only a clear winter sky is colder) and
# a hot spot is averaged with the rest of the field, so the reading stays below 150 °C.
OBJECT_C = Plausible(-40.0, 150.0)
# A visitor stepping in moves the reading from the background (about 0 °C at worst, in an
# unheated entrance) to skin (under about 40 °C) within one frame: 35 °C covers it. A larger
# step is a corrupted field; the checksum-colliding changes of the high byte are 2.56 °C × 2^k,
# so those of 40.96 °C and more are caught here (smaller ones look like a visitor arriving).
OBJECT_STEP_C = 35.0


def encode_frame(prefix: bytes, object_c: float, ambient_c: float) -> bytes:
    """The frame a board with this 4-byte header+type+length prefix sends (int16-clamped)."""
    body = prefix + struct.pack(">hh", _centi(object_c), _centi(ambient_c))
    return body + bytes((sum(body) & 0xFF,))


def _centi(value_c: float) -> int:
    return max(-32768, min(32767, round(value_c * 100)))


class Mlx90614FrameDecoder(FrameDecoder):
    """Fields, checksum, payload and neighbour rule of the 9-byte frame; subclasses give the
    header and the TYPE/LEN bytes their board sends."""

    frame_length = FRAME_LENGTH
    fields_length = 4
    type_and_length: ClassVar[bytes]

    def fields_valid(self, buffer: bytearray, start: int) -> bool:
        return buffer[start + 2 : start + 4] == self.type_and_length

    def checksum_valid(self, frame: bytes) -> bool:
        return sum(frame[:8]) & 0xFF == frame[8]

    def decode(self, frame: bytes, t: float) -> ThermalReading | None:
        object_centi, ambient_centi = struct.unpack_from(">hh", frame, 4)
        object_c, ambient_c = object_centi / 100, ambient_centi / 100
        if object_c not in OBJECT_C or ambient_c not in DIE_C:
            return None
        return ThermalReading(t=t, ambient_c=ambient_c, object_c=object_c)

    def consistent(self, previous: ThermalReading, reading: ThermalReading) -> bool:
        return (
            change_c(previous.ambient_c, reading.ambient_c) <= DIE_STEP_C
            and change_c(previous.object_c, reading.object_c) <= OBJECT_STEP_C
        )
