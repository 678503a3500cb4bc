"""Reading a photo file given to `kiosk enrol` or `kiosk identify`, safely.

A decoder allocates what the file's header claims: a 900-kilobyte PNG can claim 900
megapixels (2.7 GB as BGR; `kiosk enrol` crashed), and a JPEG cut short decodes into a grey
half-picture that would be enrolled. So the file is read whole into memory (a regular file,
at most 100 MB, opened without blocking), its structure is walked without decoding — the
size from the PNG IHDR or the JPEG frame header, checked against 40 megapixels; every PNG
chunk up to IEND with its CRC; every JPEG segment and the entropy-coded data up to EOI —
and only then does OpenCV decode it. JPEG and PNG only: the formats a camera or phone gives.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np

MAX_MEGAPIXELS = 40  # a 40-megapixel photo is 120 MB as BGR; any camera photo is smaller
MAX_FILE_BYTES = 100 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SOI = b"\xff\xd8"
# Start-of-frame markers: every JPEG coding process except the ones that reuse the numbers
# (DHT C4, JPG C8, DAC CC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0–7 carry no length


class ImageFileError(OSError):
    """The photo cannot be used; the message names the file, the reason and what to do.
    An OSError, like Pillow's UnidentifiedImageError: a file that is not what it claims."""


def read_image(path: str | Path) -> np.ndarray:
    """The photo at `path` as a BGR array; ImageFileError when it is not a sound JPEG or PNG
    of at most MAX_MEGAPIXELS."""
    data = _read_bytes(Path(path))
    if data.startswith(_PNG_SIGNATURE):
        size, damage = _png_structure(data)
    elif data.startswith(_JPEG_SOI):
        size, damage = _jpeg_structure(data)
    else:
        raise ImageFileError(f"{path} is not a JPEG or PNG photo")
    if size is not None and size[0] * size[1] > MAX_MEGAPIXELS * 1_000_000:
        width, height = size
        raise ImageFileError(
            f"{path} is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"photos of at most {MAX_MEGAPIXELS} megapixels are read: use a smaller one"
        )
    if size is None or damage:
        raise ImageFileError(
            f"{path} is truncated or damaged ({damage or 'it has no image header'}): "
            f"copy the photo again"
        )
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    # Compared as a pixel count: the decoder turns the picture as its EXIF orientation says.
    if image is None or image.ndim != 3 or image.shape[0] * image.shape[1] != size[0] * size[1]:
        raise ImageFileError(f"{path} cannot be decoded as the photo its header describes")
    return image


def _read_bytes(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ImageFileError(f"{path} cannot be opened ({error.strerror})") from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ImageFileError(f"{path} is not a photo file (a folder, FIFO or device?)")
        if info.st_size > MAX_FILE_BYTES:
            raise ImageFileError(
                f"{path} is {info.st_size / 1e6:.0f} MB; a photo file is at most "
                f"{MAX_FILE_BYTES // 1_000_000} MB"
            )
        with open(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(descriptor)


Size = tuple[int, int] | None  # width, height from the header, when it was found


def _png_structure(data: bytes) -> tuple[Size, str]:
    """IHDR's width and height, and what is wrong ('' when every chunk up to IEND is whole
    and its CRC right)."""
    offset, size = len(_PNG_SIGNATURE), None
    while True:
        if offset + 8 > len(data):
            return size, "it ends before its last chunk"
        length, kind = struct.unpack_from(">I4s", data, offset)
        name = kind.decode(errors="replace")
        end = offset + 8 + length + 4
        if size is None:
            if kind != b"IHDR" or length < 8 or offset + 16 > len(data):
                return None, "it does not start with an IHDR chunk"
            size = struct.unpack_from(">II", data, offset + 8)
        if end > len(data):
            return size, f"its {name} chunk is cut short"
        if zlib.crc32(data[offset + 4 : end - 4]) != struct.unpack_from(">I", data, end - 4)[0]:
            return size, f"its {name} chunk fails its CRC"
        if kind == b"IEND":
            return size, ""
        offset = end


def _jpeg_structure(data: bytes) -> tuple[Size, str]:
    """The frame header's width and height, and what is wrong ('' when every segment and
    scan is there up to EOI: a file cut short ends inside them)."""
    offset, size = 2, None
    while True:
        if offset + 2 > len(data) or data[offset] != 0xFF:
            return size, "it ends before its end-of-image marker"
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte before a marker
            offset += 1
        elif marker == 0xD9:  # EOI
            return size, "" if size is not None else "it has no frame header"
        elif marker in _STANDALONE:
            offset += 2
        elif offset + 4 > len(data):
            return size, "a segment is cut short"
        else:
            if marker in _SOF and offset + 9 <= len(data):
                height, width = struct.unpack_from(">HH", data, offset + 5)
                size = (width, height)
            offset += 2 + struct.unpack_from(">H", data, offset + 2)[0]
            if marker == 0xDA:  # SOS: entropy-coded data up to the next marker but RST
                offset = _end_of_scan(data, offset)


def _end_of_scan(data: bytes, offset: int) -> int:
    """The offset of the marker that ends the scan at `offset` (len(data) when none does)."""
    while True:
        offset = data.find(b"\xff", offset)
        if offset < 0 or offset + 1 >= len(data):
            return len(data)
        following = data[offset + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            offset += 1  # a stuffed 0xFF, a restart marker, or fill: still inside the scan
            continue
        return offset
