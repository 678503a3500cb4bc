"""CJMCU-IR (another MLX90614 UART board): the 9-byte `66 66` frame and its commands.

SENSORS.md gives only the header, the 9-byte length and a sum checksum. The rest of the
layout is taken from the GY-MCU90614 (same MLX90614 family): `66 66 45 04 TO_H TO_L TA_H TA_L
SUM`, int16 big-endian °C × 100, SUM = low byte of the sum of bytes 0–7. Confirm on a real
board. Bytes 2–3 are checked as part of that assumed layout: without them a header byte
(common in noise) and a 1-in-256 checksum were all a false frame needed, and a board with
another layout would decode wrong temperatures anyway; rejecting its frames makes it show as
"bytes but no valid frame", which points the operator to the probe.
"""

from __future__ import annotations

from drivers.thermal import mlx90614_frame
from drivers.thermal.base import ThermalSensor
from drivers.thermal.framing import FrameDecoder
from drivers.thermal.mlx90614_frame import Mlx90614FrameDecoder

HEADER = b"\x66\x66"
FRAME_TYPE_AND_LENGTH = b"\x45\x04"

COMMAND_PREFIX = b"\x66\x66"
COMMAND_SUFFIX = 0x56
COMMAND_LENGTH = 4
CONTINUOUS_OUTPUT = b"\x66\x66\x01\x56"


def encode_frame(object_c: float, ambient_c: float) -> bytes:
    """The bytes the board sends for these temperatures (values clamped to int16)."""
    return mlx90614_frame.encode_frame(HEADER + FRAME_TYPE_AND_LENGTH, object_c, ambient_c)


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


class Decoder(Mlx90614FrameDecoder):
    header = HEADER
    type_and_length = FRAME_TYPE_AND_LENGTH


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
