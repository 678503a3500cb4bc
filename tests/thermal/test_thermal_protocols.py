"""Byte-exact frames and commands of each protocol, and the parser's gates."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from drivers.thermal import cjmcu_ir, gy_mcu90614, gy_mcu90640
from drivers.thermal.framing import FrameDecoder
from drivers.thermal.registry import DRIVERS, UnknownDriverError, open_sensor

WORKED_EXAMPLE = bytes.fromhex("5A 5A 45 04 0C 78 0D 19 A7")


def test_gy_mcu90614_worked_example_decodes() -> None:
    decoder = gy_mcu90614.Decoder()
    (reading,) = decoder.feed(WORKED_EXAMPLE, t=5.0)
    assert reading.object_c == pytest.approx(31.92)
    assert reading.ambient_c == pytest.approx(33.53)
    assert reading.t == 5.0
    assert reading.pixels is None
    assert (decoder.frames, decoder.bad_checksums, decoder.resyncs) == (1, 0, 0)


def test_gy_mcu90614_encodes_the_worked_example() -> None:
    assert gy_mcu90614.encode_frame(31.92, 33.53) == WORKED_EXAMPLE


def test_gy_mcu90614_negative_big_endian_values() -> None:
    frame = gy_mcu90614.encode_frame(-12.5, 0.01)
    assert frame[4:8] == bytes.fromhex("FB 1E 00 01")
    (reading,) = gy_mcu90614.Decoder().feed(frame, t=0.0)
    assert (reading.object_c, reading.ambient_c) == (pytest.approx(-12.5), pytest.approx(0.01))


def test_gy_mcu90614_bad_checksum_is_counted_not_decoded() -> None:
    decoder = gy_mcu90614.Decoder()
    assert decoder.feed(WORKED_EXAMPLE[:-1] + b"\xa8", t=0.0) == []
    assert decoder.bad_checksums == 1
    assert decoder.feed(WORKED_EXAMPLE, t=1.0)[0].object_c == pytest.approx(31.92)


def test_gy_mcu90614_impossible_length_is_rejected() -> None:
    bogus = bytearray(WORKED_EXAMPLE)
    bogus[3] = 0x05
    bogus[8] = sum(bogus[:8]) & 0xFF
    decoder = gy_mcu90614.Decoder()
    assert decoder.feed(bytes(bogus), t=0.0) == []
    assert decoder.frames == 0
    assert decoder.resyncs == 1


def test_fragments_one_byte_at_a_time() -> None:
    decoder = gy_mcu90614.Decoder()
    stream = b"\x00\x5a" + WORKED_EXAMPLE + WORKED_EXAMPLE
    readings = [r for i, byte in enumerate(stream) for r in decoder.feed(bytes([byte]), t=i)]
    assert [r.t for r in readings] == [10, 19]  # t is when the frame's last byte arrived
    assert decoder.resyncs == 1


def test_a_frame_with_an_implausible_field_is_rejected_and_counted() -> None:
    decoder = gy_mcu90614.Decoder()
    # An object beyond any kiosk scene, a die at 231.3 °C (header bytes read as ambient), a
    # die colder than any room.
    for object_c, ambient_c in ((625.5, 25.0), (36.74, 231.3), (36.0, -55.0)):
        assert decoder.feed(gy_mcu90614.encode_frame(object_c, ambient_c), t=0.0) == []
    (reading,) = decoder.feed(gy_mcu90614.encode_frame(36.0, 25.0), t=1.0)
    assert (reading.object_c, reading.ambient_c) == (pytest.approx(36.0), pytest.approx(25.0))
    assert (decoder.frames, decoder.dropped_values, decoder.bad_checksums) == (1, 3, 0)


def _objects_and_ambients(
    decoder: FrameDecoder, frames: list[bytes]
) -> list[tuple[float | None, float | None]]:
    return [(r.object_c, r.ambient_c) for frame in frames for r in decoder.feed(frame, t=0.0)]


def test_a_visitor_stepping_in_is_kept_and_a_die_jump_is_contradicted() -> None:
    decoder = gy_mcu90614.Decoder()
    frames = [
        gy_mcu90614.encode_frame(*values)
        for values in ((5.0, 25.0), (36.6, 25.0), (36.6, 27.56), (36.6, 25.01), (-4.36, 25.0))
    ]
    # The room of a cold entrance, then a forehead; a die 2.56 °C warmer for one frame and an
    # object 40.96 °C colder (a flipped high-byte bit each) are dropped.
    assert _objects_and_ambients(decoder, frames) == [(5.0, 25.0), (36.6, 25.0), (36.6, 25.01)]
    assert (decoder.frames, decoder.contradicted) == (3, 2)


def test_two_agreeing_frames_replace_a_wrong_first_reference() -> None:
    decoder = cjmcu_ir.Decoder()
    frames = [cjmcu_ir.encode_frame(36.6, ambient_c) for ambient_c in (27.56, 25.0, 25.0, 25.0)]
    assert _objects_and_ambients(decoder, frames) == [(36.6, 27.56), (36.6, 25.0), (36.6, 25.0)]
    assert decoder.contradicted == 1


def test_a_frame_ending_in_a_header_byte_waits_for_the_next_byte() -> None:
    frame = gy_mcu90614.encode_frame(36.6, 25.54)
    assert frame[-1] == gy_mcu90614.HEADER[0]
    decoder = gy_mcu90614.Decoder()
    assert decoder.feed(frame, t=0.0) == []
    (reading,) = decoder.feed(b"\x00", t=1.0)
    assert (reading.object_c, reading.t) == (pytest.approx(36.6), 1.0)


def test_gy_mcu90614_commands_are_the_documented_bytes() -> None:
    assert DRIVERS["gy-mcu90614"].setup_commands() == (bytes.fromhex("A5 45 EA"),)
    buffer = bytearray(bytes.fromhex("00 A5 45 EA A5 AF"))
    assert gy_mcu90614.split_commands(buffer) == [bytes.fromhex("A5 45 EA")]
    assert buffer == bytes.fromhex("A5 AF")


def test_cjmcu_ir_frame_and_commands() -> None:
    frame = cjmcu_ir.encode_frame(36.6, 24.5)
    assert frame == bytes.fromhex("66 66 45 04 0E 4C 09 92") + bytes([sum(frame[:8]) & 0xFF])
    (reading,) = cjmcu_ir.Decoder().feed(b"\x66" + frame, t=0.0)
    assert (reading.object_c, reading.ambient_c) == (pytest.approx(36.6), pytest.approx(24.5))
    assert DRIVERS["cjmcu-ir"].setup_commands() == (bytes.fromhex("66 66 01 56"),)
    buffer = bytearray(bytes.fromhex("12 66 66 01 56 66 66 13 56 66"))
    assert cjmcu_ir.split_commands(buffer) == [
        bytes.fromhex("66 66 01 56"),
        bytes.fromhex("66 66 13 56"),
    ]


def test_cjmcu_ir_rejects_other_type_or_length_bytes() -> None:
    frame = bytearray(cjmcu_ir.encode_frame(36.6, 24.5))
    frame[2] = 0x46
    frame[8] = sum(frame[:8]) & 0xFF
    decoder = cjmcu_ir.Decoder()
    assert decoder.feed(bytes(frame), t=0.0) == []
    assert (decoder.frames, decoder.bad_checksums, decoder.resyncs) == (0, 0, 1)


def _array_frame(pixels_centi: np.ndarray, ambient_centi: int) -> bytes:
    """Built from SENSORS.md independently of the driver's encoder."""
    body = b"\x5a\x5a\x02\x06" + pixels_centi.astype("<i2").tobytes()
    body += struct.pack("<h", ambient_centi)
    words = struct.unpack(f"<{len(body) // 2}H", body)
    return body + struct.pack("<H", sum(words) % 65536)


def test_gy_mcu90640_frame_layout_and_decode() -> None:
    centi = (np.arange(768, dtype=np.int32).reshape(24, 32) * 3 + 2000).astype(np.int16)
    frame = _array_frame(centi, 2875)
    assert len(frame) == 1544
    assert gy_mcu90640.encode_frame(centi / 100, 28.75) == frame
    (reading,) = gy_mcu90640.Decoder().feed(frame, t=1.0)
    assert reading.pixels is not None
    assert reading.pixels.dtype == np.float32 and reading.pixels.shape == (24, 32)
    assert reading.pixels[0, 0] == pytest.approx(20.00)
    assert reading.pixels[0, 1] == pytest.approx(20.03)  # row-major, little-endian
    assert reading.pixels[1, 0] == pytest.approx(20.96)
    assert reading.ambient_c == pytest.approx(28.75)
    assert reading.object_c is None
    assert not reading.pixels.flags.writeable


def test_gy_mcu90640_drops_impossible_pixels_as_nan() -> None:
    centi = np.full((24, 32), 3650, dtype=np.int16)
    centi[3, 4] = 32767  # 327.67 °C
    centi[5, 6] = -5000  # -50 °C
    decoder = gy_mcu90640.Decoder()
    (reading,) = decoder.feed(_array_frame(centi, 2500), t=0.0)
    assert reading.pixels is not None
    assert np.isnan(reading.pixels[3, 4]) and np.isnan(reading.pixels[5, 6])
    assert np.count_nonzero(np.isnan(reading.pixels)) == 2
    assert decoder.dropped_values == 2


def test_gy_mcu90640_rejects_a_frame_read_in_the_wrong_byte_order() -> None:
    centi = np.full((24, 32), 3650, dtype=np.int16)
    centi[:4] = 2250
    decoder = gy_mcu90640.Decoder()
    assert decoder.feed(_array_frame(centi.byteswap(), 2500), t=0.0) == []
    assert (decoder.frames, decoder.dropped_values) == (0, 1)


def test_gy_mcu90640_drops_a_lone_pixel_jump_and_keeps_a_face_arriving() -> None:
    room = np.full((24, 32), 2200, dtype=np.int16)
    lone = room.copy()
    lone[12, 16] += 256  # bit 8 of one word: 2.56 °C
    face = room.copy()
    face[8:16, 12:20] = 3660
    decoder = gy_mcu90640.Decoder()
    stream = [_array_frame(room, 2800), _array_frame(lone, 2800), _array_frame(face, 2800)]
    stream.append(_array_frame(face, 2800 + 150))  # the die 1.5 °C warmer in a quarter second
    readings = [r for frame in stream for r in decoder.feed(frame, t=0.0)]
    assert [float(np.max(r.pixels)) for r in readings if r.pixels is not None] == [
        pytest.approx(22.0),
        pytest.approx(36.6),
    ]
    assert (decoder.frames, decoder.contradicted) == (2, 2)


def test_gy_mcu90640_rejects_bad_checksum_and_length() -> None:
    frame = bytearray(_array_frame(np.full((24, 32), 3000, dtype=np.int16), 2500))
    decoder = gy_mcu90640.Decoder()
    corrupted = bytes(frame[:-2]) + bytes([frame[-2] ^ 1, frame[-1]])
    assert decoder.feed(corrupted, t=0.0) == []
    assert decoder.bad_checksums == 1
    wrong_length = bytes(frame[:2]) + b"\x02\x07" + bytes(frame[4:])
    assert decoder.feed(wrong_length, t=0.0) == []
    assert decoder.frames == 0
    assert len(decoder.feed(bytes(frame), t=0.0)) == 1


def test_gy_mcu90640_commands_are_the_documented_bytes() -> None:
    assert DRIVERS["gy-mcu90640"].setup_commands() == (
        bytes.fromhex("A5 35 02 DC"),  # continuous output
        bytes.fromhex("A5 25 01 CB"),  # 4 Hz refresh
    )
    assert gy_mcu90640.command(0x15, 0x03) == bytes.fromhex("A5 15 03 BD")
    assert gy_mcu90640.command(0x55, 0x01) == bytes.fromhex("A5 55 01 FB")
    buffer = bytearray(bytes.fromhex("A5 35 02 DD A5 35 02 DC A5"))
    assert gy_mcu90640.split_commands(buffer) == [bytes.fromhex("A5 35 02 DC")]


def test_registry_names_and_unknown_driver() -> None:
    assert set(DRIVERS) == {"gy-mcu90640", "gy-mcu90614", "cjmcu-ir"}
    assert all(name == driver.name for name, driver in DRIVERS.items())
    with pytest.raises(UnknownDriverError, match="gy-mcu90640, gy-mcu90614, cjmcu-ir"):
        open_sensor("mlx-whatever", "/dev/null")
    sensor = open_sensor("gy-mcu90614", "/dev/ttyUSB9")
    assert (sensor.port, sensor.baud) == ("/dev/ttyUSB9", 9600)
    assert open_sensor("gy-mcu90640", "/dev/ttyUSB9", 460800).baud == 460800
