"""GY-MCU90640 (MLX90640 behind an STM32): the 1544-byte 32×24 frame and its commands.

Frame: `5A 5A`, length `02 06` (1538, uint16 LE), 768 int16 LE pixels °C × 100 row-major
32 wide, int16 LE ambient, uint16 LE checksum = sum of the 771 LE words before it mod 65536
(SENSORS.md; the checksum rule has one source, so mismatches are counted, not trusted away).
"""

from __future__ import annotations

import numpy as np

from drivers.thermal.base import ThermalReading, ThermalSensor
from drivers.thermal.framing import DIE_C, DIE_STEP_C, FrameDecoder, Plausible, change_c

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

# The MLX90640 datasheet measures objects at −40…300 °C. In a kiosk the array sees visitors,
# the room, windows and what people carry (a hot drink is under 100 °C); a lamp or a heater is
# a fraction of a pixel (1.7° with the 55° lens) at kiosk distances and averages down. A pixel
# outside −40…150 °C is a misread value: it is blanked (NaN) and counted.
PIXEL_C = Plausible(-40.0, 150.0)
# A real scene blanks at most a few pixels (the datasheet allows up to 4 defective ones, which
# firmware may report as −273.15 °C; a hot lamp), while a frame shifted by a byte or read in
# the wrong byte order blanks most: beyond a tenth of the array the frame is rejected.
MAX_BLANKED_PIXELS = PIXELS // 10
# Between two frames of a still scene a pixel moves by its noise (the datasheet's NETD is
# 0.1 K rms at 1 Hz and grows with the refresh rate), and anything real that moves (a face, a
# hand, a cup) covers several pixels (one pixel of the 55° lens is about 3 cm at 1 m) and is
# blurred into its neighbours. A frame where only one or two pixels moved by more than 2 °C is
# corrupted: the 2-bit errors the word-sum checksum misses change one or two words.
PIXEL_STEP_C = 2.0
LONE_PIXELS = 2


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

    def decode(self, frame: bytes, t: float) -> ThermalReading | None:
        ambient_raw = frame[AMBIENT_OFFSET : AMBIENT_OFFSET + 2]
        ambient_c = int.from_bytes(ambient_raw, "little", signed=True) / 100
        if ambient_c not in DIE_C:
            return None
        raw = np.frombuffer(frame, dtype="<i2", count=PIXELS, offset=4)
        pixels = raw.astype(np.float32) / np.float32(100)
        implausible = (pixels < PIXEL_C.low_c) | (pixels > PIXEL_C.high_c)
        blanked = int(np.count_nonzero(implausible))
        if blanked > MAX_BLANKED_PIXELS:
            return None
        if blanked:
            pixels[implausible] = np.nan
        pixels = pixels.reshape(ROWS, COLUMNS)
        pixels.flags.writeable = False  # shared across threads through frozen readings
        return ThermalReading(t=t, ambient_c=ambient_c, pixels=pixels)

    def consistent(self, previous: ThermalReading, reading: ThermalReading) -> bool:
        assert previous.pixels is not None and reading.pixels is not None
        # A blanked pixel shows nothing, so it is no change (NaN compares false).
        moved = int(np.count_nonzero(np.abs(reading.pixels - previous.pixels) > PIXEL_STEP_C))
        return (
            change_c(previous.ambient_c, reading.ambient_c) <= DIE_STEP_C
            and not 0 < moved <= LONE_PIXELS
        )


class GyMcu90640(ThermalSensor):
    name = "gy-mcu90640"
    default_baud = 115200
    array_shape = (ROWS, COLUMNS)

    @classmethod
    def setup_commands(cls) -> tuple[bytes, ...]:
        return (CONTINUOUS_OUTPUT, REFRESH_4_HZ)

    @classmethod
    def new_decoder(cls) -> FrameDecoder:
        return Decoder()
