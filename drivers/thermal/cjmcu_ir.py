"""CJMCU-IR (another MLX90614 UART board): the 9-byte `66 66` frame and its commands.

SENSORS.md gives only the header, the 9-byte length and a sum checksum. The rest of the
layout is taken from the GY-MCU90614 (same MLX90614 family): `66 66 TYPE LEN TO_H TO_L TA_H
TA_L SUM`, int16 big-endian °C × 100, SUM = low byte of the sum of bytes 0–7. Bytes 2–3 are
not checked (unconfirmed); the checksum is. Confirm on a real board.
"""

from __future__ import annotations

import struct

from drivers.thermal.base import ThermalReading, ThermalSensor
from drivers.thermal.framing import FrameDecoder, single_point_reading

HEADER = b"\x66\x66"
FRAME_TYPE_AND_LENGTH = b"\x45\x04"
FRAME_LENGTH = 9

COMMAND_PREFIX = b"\x66\x66"
COMMAND_SUFFIX = 0x56
COMMAND_LENGTH = 4
CONTINUOUS_OUTPUT = b"\x66\x66\x01\x56"


def encode_frame(object_c: float, ambient_c: float) -> bytes:
    """The bytes the board sends for these temperatures (values clamped to int16)."""
    body = HEADER + FRAME_TYPE_AND_LENGTH
    body += struct.pack(">hh", _centi(object_c), _centi(ambient_c))
    return body + bytes((sum(body) & 0xFF,))


def split_commands(buffer: bytearray) -> list[bytes]:
    """Remove and return the complete `66 66 CMD 56` commands at the front of `buffer`."""
    commands: list[bytes] = []
    while buffer:
        found = buffer.find(COMMAND_PREFIX)
        if found < 0:
            del buffer[: len(buffer) - 1 if buffer.endswith(COMMAND_PREFIX[:1]) else len(buffer)]
            break
        del buffer[:found]
        if len(buffer) < COMMAND_LENGTH:
            break
        if buffer[3] == COMMAND_SUFFIX:
            commands.append(bytes(buffer[:COMMAND_LENGTH]))
            del buffer[:COMMAND_LENGTH]
        else:
            del buffer[0]
    return commands


def _centi(value_c: float) -> int:
    return max(-32768, min(32767, round(value_c * 100)))


class Decoder(FrameDecoder):
    header = HEADER
    frame_length = FRAME_LENGTH
    fields_length = 2

    def fields_valid(self, buffer: bytearray, start: int) -> bool:
        return True

    def checksum_valid(self, frame: bytes) -> bool:
        return sum(frame[:8]) & 0xFF == frame[8]

    def decode(self, frame: bytes, t: float) -> ThermalReading | None:
        object_centi, ambient_centi = struct.unpack_from(">hh", frame, 4)
        return single_point_reading(self, object_centi / 100, ambient_centi / 100, t)


class CjmcuIr(ThermalSensor):
    name = "cjmcu-ir"
    default_baud = 9600

    @classmethod
    def setup_commands(cls) -> tuple[bytes, ...]:
        # No refresh-rate command is documented for this board.
        return (CONTINUOUS_OUTPUT,)

    @classmethod
    def new_decoder(cls) -> FrameDecoder:
        return Decoder()
