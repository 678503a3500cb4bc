"""GY-MCU90640 (MLX90640 behind an STM32): the 1544-byte 32×24 frame and its commands.

Frame: `5A 5A`, length `02 06` (1538, uint16 LE), 768 int16 LE pixels °C × 100 row-major
32 wide, int16 LE ambient, uint16 LE checksum = sum of the 771 LE words before it mod 65536
(SENSORS.md; the checksum rule has one source, so mismatches are counted, not trusted away).
"""

from __future__ import annotations

import numpy as np

from drivers.thermal.base import ThermalReading, ThermalSensor
from drivers.thermal.framing import PHYSICAL_MAX_C, PHYSICAL_MIN_C, FrameDecoder, is_physical

ROWS = 24
COLUMNS = 32
PIXELS = ROWS * COLUMNS
HEADER = b"\x5a\x5a"
LENGTH_FIELD = (2 * PIXELS + 2).to_bytes(2, "little")  # 02 06: pixels + ambient
FRAME_LENGTH = 4 + 2 * PIXELS + 2 + 2
CHECKED_WORDS = (FRAME_LENGTH - 2) // 2
AMBIENT_OFFSET = 4 + 2 * PIXELS

COMMAND_START = 0xA5
COMMAND_LENGTH = 4


def command(code: int, argument: int) -> bytes:
    """`A5 CMD ARG SUM` with SUM = (A5 + CMD + ARG) & 0xFF."""
    return bytes((COMMAND_START, code, argument, (COMMAND_START + code + argument) & 0xFF))


CONTINUOUS_OUTPUT = command(0x35, 0x02)
REFRESH_4_HZ = command(0x25, 0x01)  # the only rate code sources agree on


def encode_frame(pixels_c: np.ndarray, ambient_c: float) -> bytes:
    """The bytes the board sends for a (24, 32) °C image (values clamped to int16)."""
    centi = np.clip(np.rint(np.asarray(pixels_c, dtype=np.float64) * 100), -32768, 32767)
    ambient = int(np.clip(round(ambient_c * 100), -32768, 32767))
    body = HEADER + LENGTH_FIELD + centi.astype("<i2").reshape(PIXELS).tobytes()
    body += ambient.to_bytes(2, "little", signed=True)
    checksum = int(np.frombuffer(body, dtype="<u2").sum(dtype=np.uint64)) & 0xFFFF
    return body + checksum.to_bytes(2, "little")


def split_commands(buffer: bytearray) -> list[bytes]:
    """Remove and return the complete, checksum-valid `A5 CMD ARG SUM` commands in `buffer`."""
    commands: list[bytes] = []
    while buffer:
        if buffer[0] != COMMAND_START:
            del buffer[0]
            continue
        if len(buffer) < COMMAND_LENGTH:
            break
        candidate = bytes(buffer[:COMMAND_LENGTH])
        if sum(candidate[:3]) & 0xFF == candidate[3]:
            commands.append(candidate)
            del buffer[:COMMAND_LENGTH]
        else:
            del buffer[0]
    return commands


class Decoder(FrameDecoder):
    header = HEADER
    frame_length = FRAME_LENGTH
    fields_length = 4

    def fields_valid(self, buffer: bytearray, start: int) -> bool:
        return buffer[start + 2 : start + 4] == LENGTH_FIELD

    def checksum_valid(self, frame: bytes) -> bool:
        words = np.frombuffer(frame, dtype="<u2", count=CHECKED_WORDS)
        expected = int(words.sum(dtype=np.uint64)) & 0xFFFF
        return expected == int.from_bytes(frame[-2:], "little")

    def decode(self, frame: bytes, t: float) -> ThermalReading:
        raw = np.frombuffer(frame, dtype="<i2", count=PIXELS, offset=4)
        pixels = raw.astype(np.float32) / np.float32(100)
        impossible = (pixels < PHYSICAL_MIN_C) | (pixels > PHYSICAL_MAX_C)
        dropped = int(np.count_nonzero(impossible))
        if dropped:
            pixels[impossible] = np.nan
            self.dropped_values += dropped
        pixels = pixels.reshape(ROWS, COLUMNS)
        pixels.flags.writeable = False  # shared across threads through frozen readings
        ambient_raw = frame[AMBIENT_OFFSET : AMBIENT_OFFSET + 2]
        ambient_c = int.from_bytes(ambient_raw, "little", signed=True) / 100
        ambient: float | None = ambient_c
        if not is_physical(ambient_c):
            self.dropped_values += 1
            ambient = None
        return ThermalReading(t=t, ambient_c=ambient, pixels=pixels)


class GyMcu90640(ThermalSensor):
    name = "gy-mcu90640"
    default_baud = 115200

    @classmethod
    def setup_commands(cls) -> tuple[bytes, ...]:
        return (CONTINUOUS_OUTPUT, REFRESH_4_HZ)

    @classmethod
    def new_decoder(cls) -> FrameDecoder:
        return Decoder()
