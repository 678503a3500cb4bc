"""GY-MCU90614 (MLX90614 behind an MCU): the 9-byte single-point frame and its commands.

Frame: `5A 5A 45 04 TO_H TO_L TA_H TA_L SUM`, temperatures int16 big-endian °C × 100,
SUM = low byte of the sum of bytes 0–7 (SENSORS.md).
"""

from __future__ import annotations

from drivers.thermal import mlx90614_frame
from drivers.thermal.base import ThermalSensor
from drivers.thermal.framing import FrameDecoder
from drivers.thermal.mlx90614_frame import Mlx90614FrameDecoder

HEADER = b"\x5a\x5a"
TEMPERATURE_TYPE = 0x45
PAYLOAD_LENGTH = 4

CONTINUOUS_OUTPUT = b"\xa5\x45\xea"
COMMAND_LENGTH = 3
COMMAND_START = 0xA5


def encode_frame(object_c: float, ambient_c: float) -> bytes:
    """The bytes the board sends for these temperatures (values clamped to int16)."""
    prefix = HEADER + bytes((TEMPERATURE_TYPE, PAYLOAD_LENGTH))
    return mlx90614_frame.encode_frame(prefix, object_c, ambient_c)


def split_commands(buffer: bytearray) -> list[bytes]:
    """Remove and return the complete `A5 CMD SUM` commands at the front of `buffer`.

    Bytes that do not start a command are skipped, as the board's firmware would.
    """
    commands: list[bytes] = []
    while buffer:
        if buffer[0] != COMMAND_START:
            del buffer[0]
            continue
        if len(buffer) < COMMAND_LENGTH:
            break
        commands.append(bytes(buffer[:COMMAND_LENGTH]))
        del buffer[:COMMAND_LENGTH]
    return commands


class Decoder(Mlx90614FrameDecoder):
    header = HEADER
    type_and_length = bytes((TEMPERATURE_TYPE, PAYLOAD_LENGTH))


class GyMcu90614(ThermalSensor):
    name = "gy-mcu90614"
    default_baud = 9600

    @classmethod
    def setup_commands(cls) -> tuple[bytes, ...]:
        # The board has no documented refresh-rate command; continuous output is all it needs.
        return (CONTINUOUS_OUTPUT,)

    @classmethod
    def new_decoder(cls) -> FrameDecoder:
        return Decoder()
