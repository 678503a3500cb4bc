"""Photos given to `kiosk enrol` and `kiosk identify` that are built to hurt: a PNG whose
header claims 900 megapixels or 2.5 gigapixels (decoding would take gigabytes or crash),
and a JPEG cut short. Each is refused with one line before any decoder sees its pixels,
and nobody is enrolled. The commands run as real processes: a crash fails the test."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore
from tests.conftest import FACES
from tests.security.conftest import assert_one_kiosk_line, run_kiosk


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(folder: Path, width: int, height: int) -> Path:
    """A grey PNG whose header claims width × height pixels. Its first rows are real
    deflated zeros, then the file stops: the header alone is the attack."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compressobj(9).compress(bytes((width + 1) * 64))
    path = folder / f"{width}x{height}.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows))
    return path


def truncated_jpeg(folder: Path) -> Path:
    photo = (FACES / "person_a_1.jpg").read_bytes()
    path = folder / "cut-short.jpg"
    path.write_bytes(photo[: len(photo) * 3 // 5])
    return path


def kiosk_home() -> Path:
    return Path(os.environ["KIOSK_HOME"])


HOSTILE = {
    "900 megapixels": (lambda folder: decompression_bomb(folder, 30_000, 30_000), "900 megapixels"),
    "2.5 gigapixels": (
        lambda folder: decompression_bomb(folder, 50_000, 50_000),
        "2500 megapixels",
    ),
    "truncated jpeg": (truncated_jpeg, "truncated"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["enrol", "identify"])
def test_a_hostile_photo_is_refused_in_one_line(tmp_path: Path, kind: str, command: str) -> None:
    make, refusal = HOSTILE[kind]
    photo = make(tmp_path)
    extra = ("--label", "visitor") if command == "enrol" else ()
    done = run_kiosk(kiosk_home(), command, "--image", str(photo), *extra, "--record-consent")
    assert done.returncode == 2, done.stderr
    line = assert_one_kiosk_line(done.stderr)
    assert refusal in line and str(photo) in line
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert store.count_people() == 0
