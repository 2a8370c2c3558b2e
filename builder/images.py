"""The drawn size of a picture, read from its header, so a page can keep room for it before it
loads: nothing below it moves when it arrives (the Next button under a learner's finger included).
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

from lxml import etree

from .sanitise import safe_parser

NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None when the file does not say."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
            if path.suffix.lower() == ".svg":
                head += fh.read()
    except OSError:
        return None
    for reader in (_png, _gif, _jpeg, _webp, _svg):
        try:
            size = reader(head)
        except (struct.error, ValueError, IndexError, etree.Error):
            size = None
        if size:
            width, height = size
            if 0 < width <= 100_000 and 0 < height <= 100_000:
                return round(width), round(height)
    return None


def _png(data: bytes):
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _gif(data: bytes):
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    return None


def _jpeg(data: bytes):
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def _webp(data: bytes):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    kind = data[12:16]
    if kind == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if kind == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _svg(data: bytes):
    if b"<svg" not in data[:4096] and b":svg" not in data[:4096]:
        return None
    root = etree.fromstring(data, safe_parser())
    width, height = (NUMBER.match(root.get(a) or "") for a in ("width", "height"))
    if width and height:
        return float(width.group(1)), float(height.group(1))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return None
