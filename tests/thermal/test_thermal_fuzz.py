"""Property tests of the three frame parsers: any byte soup, any fragmentation, never an
escaped exception or an implausible value, and every intact frame recovered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.thermal import cjmcu_ir, gy_mcu90614, gy_mcu90640
from drivers.thermal.base import ThermalReading
from drivers.thermal.framing import DIE_C, FrameDecoder
from drivers.thermal.gy_mcu90640 import PIXEL_C
from drivers.thermal.mlx90614_frame import OBJECT_C, OBJECT_STEP_C

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Protocol:
    new_decoder: Callable[[], FrameDecoder]
    # The next frame of the example `seed` stands for: every value plausible, and every frame
    # able to follow the one before (the die steady, the object within a visitor's step).
    encode: Callable[[int, np.random.Generator], bytes]
    expected: Callable[[bytes], tuple[float, ...]]  # the values a frame carries


def _centi(value_c: float) -> int:
    return round(value_c * 100)


def _ambient_c(seed: int, rng: np.random.Generator) -> float:
    """The example's die temperature, anywhere in the plausible range, with ±0.4 °C of noise."""
    low, high = _centi(DIE_C.low_c) + 40, _centi(DIE_C.high_c) - 40
    return (low + seed % (high - low + 1) + int(rng.integers(-40, 41))) / 100


def _point_encoder(
    encode: Callable[[float, float], bytes],
) -> Callable[[int, np.random.Generator], bytes]:
    def make(seed: int, rng: np.random.Generator) -> bytes:
        low, high, step = _centi(OBJECT_C.low_c), _centi(OBJECT_C.high_c), _centi(OBJECT_STEP_C)
        lowest = low + seed % (high - step - low + 1)
        object_centi = int(rng.integers(lowest, lowest + step + 1))
        return encode(object_centi / 100, _ambient_c(seed, rng))

    return make


def _point_values(frame: bytes) -> tuple[float, ...]:
    return (
        int.from_bytes(frame[4:6], "big", signed=True) / 100,
        int.from_bytes(frame[6:8], "big", signed=True) / 100,
    )


def _array_frame(seed: int, rng: np.random.Generator) -> bytes:
    pixels = rng.integers(_centi(PIXEL_C.low_c), _centi(PIXEL_C.high_c) + 1, size=(24, 32)) / 100
    return gy_mcu90640.encode_frame(pixels, _ambient_c(seed, rng))


def _array_values(frame: bytes) -> tuple[float, ...]:
    pixels = np.frombuffer(frame, "<i2", count=768, offset=4).astype(np.float32) / np.float32(100)
    ambient = int.from_bytes(frame[1540:1542], "little", signed=True) / 100
    return (*pixels.tolist(), ambient)


PROTOCOLS = {
    "gy-mcu90614": Protocol(
        gy_mcu90614.Decoder, _point_encoder(gy_mcu90614.encode_frame), _point_values
    ),
    "cjmcu-ir": Protocol(cjmcu_ir.Decoder, _point_encoder(cjmcu_ir.encode_frame), _point_values),
    "gy-mcu90640": Protocol(gy_mcu90640.Decoder, _array_frame, _array_values),
}
# Clean frames whose bytes hold no header byte except their own header, so garbage before
# them cannot hide the second one (see test_parser_recovers_after_any_soup).
CLEAN_TAIL = {
    "gy-mcu90614": gy_mcu90614.encode_frame(36.0, 25.0),
    "cjmcu-ir": cjmcu_ir.encode_frame(36.0, 25.0),
    "gy-mcu90640": gy_mcu90640.encode_frame(np.full((24, 32), 30.0), 25.0),
}
HEADER_LEAD = {"gy-mcu90614": 0x5A, "cjmcu-ir": 0x66, "gy-mcu90640": 0x5A}

protocol_names = st.sampled_from(sorted(PROTOCOLS))
chunk_sizes = st.lists(st.integers(min_value=1, max_value=700), min_size=1, max_size=20)


def _chunks(stream: bytes, sizes: list[int]) -> Iterator[bytes]:
    position, index = 0, 0
    while position < len(stream):
        size = sizes[index % len(sizes)]
        yield stream[position : position + size]
        position += size
        index += 1


def _feed(decoder: FrameDecoder, stream: bytes, sizes: list[int]) -> list[ThermalReading]:
    return [r for t, chunk in enumerate(_chunks(stream, sizes)) for r in decoder.feed(chunk, t)]


def _values(reading: ThermalReading) -> tuple[float, ...]:
    if reading.pixels is not None:
        assert reading.ambient_c is not None
        return (*reading.pixels.ravel().tolist(), reading.ambient_c)
    assert reading.object_c is not None and reading.ambient_c is not None
    return (reading.object_c, reading.ambient_c)


def _assert_plausible(reading: ThermalReading) -> None:
    assert reading.ambient_c is not None and reading.ambient_c in DIE_C
    if reading.pixels is not None:
        assert reading.pixels.shape == (24, 32)
        assert all(v in PIXEL_C for v in reading.pixels[~np.isnan(reading.pixels)].tolist())
    else:
        assert reading.object_c is not None and reading.object_c in OBJECT_C


@FUZZ
@given(name=protocol_names, soup=st.binary(max_size=5000), sizes=chunk_sizes)
def test_random_bytes_never_raise_or_yield_implausible_values(
    name: str, soup: bytes, sizes: list[int]
) -> None:
    decoder = PROTOCOLS[name].new_decoder()
    for reading in _feed(decoder, soup, sizes):
        _assert_plausible(reading)
    assert decoder.frames >= 0 and decoder.bad_checksums >= 0
    # At most a candidate and the frame that may start inside it are kept.
    assert len(decoder._buffer) < 2 * decoder.frame_length


@FUZZ
@given(
    name=protocol_names,
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    pieces=st.lists(st.one_of(st.binary(max_size=300), st.none()), max_size=12),
    sizes=chunk_sizes,
)
def test_every_frame_between_garbage_is_recovered(
    name: str, seed: int, pieces: list[bytes | None], sizes: list[int]
) -> None:
    """None in `pieces` is a valid frame; garbage holds no header byte, so nothing is ambiguous."""
    protocol = PROTOCOLS[name]
    rng = np.random.default_rng(seed)
    lead = HEADER_LEAD[name]
    stream, frames = b"", []
    for piece in pieces:
        if piece is None:
            frames.append(protocol.encode(seed, rng))
            stream += frames[-1]
        else:
            stream += bytes(b for b in piece if b != lead)
    # The next bytes on the wire: they release a last frame whose end could begin a header.
    stream += bytes(4)
    decoder = protocol.new_decoder()
    readings = _feed(decoder, stream, sizes)
    assert [_values(r) for r in readings] == [protocol.expected(f) for f in frames]
    assert decoder.bad_checksums == 0


@FUZZ
@given(
    name=protocol_names,
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    recipe=st.lists(
        st.tuples(
            st.sampled_from(["garbage", "frame", "truncated", "spliced", "corrupted"]),
            st.integers(0, 2000),
        ),
        max_size=10,
    ),
    sizes=chunk_sizes,
)
def test_parser_recovers_after_any_soup(
    name: str, seed: int, recipe: list[tuple[str, int]], sizes: list[int]
) -> None:
    """Truncated, spliced and corrupted frames among garbage: the clean frames after them decode.

    The first clean frame may be dropped as contradicting a frame of the soup (the neighbour
    rules allow it); two agreeing clean frames replace that reference, so the second decodes.
    """
    protocol = PROTOCOLS[name]
    rng = np.random.default_rng(seed)
    stream = b""
    for kind, number in recipe:
        frame = protocol.encode(seed, rng)
        cut = number % len(frame)
        if kind == "garbage":
            stream += rng.bytes(number % 400)
        elif kind == "frame":
            stream += frame
        elif kind == "truncated":
            stream += frame[:cut]
        elif kind == "spliced":
            stream += frame[:cut] + protocol.encode(seed, rng)[cut:]
        else:
            flipped = bytearray(frame)
            flipped[max(cut, 2)] ^= 0x10
            stream += bytes(flipped)
    tail = CLEAN_TAIL[name]
    assert tail.count(HEADER_LEAD[name]) == 2
    decoder = protocol.new_decoder()
    readings = _feed(decoder, stream + tail + tail, sizes)
    for reading in readings:
        _assert_plausible(reading)
    assert readings and _values(readings[-1]) == protocol.expected(tail)
