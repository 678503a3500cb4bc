"""The 9-byte frame MLX90614 UART boards send: `H H TYPE LEN TO_H TO_L TA_H TA_L SUM`.

Object (TO) and ambient (TA) are int16 big-endian °C × 100; SUM is the low byte of the
sum of bytes 0–7. Boards differ only in the header and in which TYPE/LEN they promise.
"""

from __future__ import annotations

import struct

from drivers.thermal.base import ThermalReading
from drivers.thermal.framing import FrameDecoder, single_point_reading

FRAME_LENGTH = 9


def encode_frame(prefix: bytes, object_c: float, ambient_c: float) -> bytes:
    """The frame a board with this 4-byte header+type+length prefix sends (int16-clamped)."""
    body = prefix + struct.pack(">hh", _centi(object_c), _centi(ambient_c))
    return body + bytes((sum(body) & 0xFF,))


def _centi(value_c: float) -> int:
    return max(-32768, min(32767, round(value_c * 100)))


class Mlx90614FrameDecoder(FrameDecoder):
    """Checksum and payload of the 9-byte frame; subclasses give the header and field rule."""

    frame_length = FRAME_LENGTH

    def checksum_valid(self, frame: bytes) -> bool:
        return sum(frame[:8]) & 0xFF == frame[8]

    def decode(self, frame: bytes, t: float) -> ThermalReading | None:
        object_centi, ambient_centi = struct.unpack_from(">hh", frame, 4)
        return single_point_reading(self, object_centi / 100, ambient_centi / 100, t)
