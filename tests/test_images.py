"""A picture's size goes into its <img>, so the page keeps room for it before it loads and
nothing under it (the Next button under a learner's finger) moves when it arrives."""
from __future__ import annotations

import struct
import zlib

import pytest

from builder.build import build_course
from builder.images import intrinsic_size


def _png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IEND", b""))


def _jpeg(width, height):
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\0"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


@pytest.mark.parametrize("name,data,size", [
    ("a.png", _png(800, 450), (800, 450)),
    ("a.jpg", _jpeg(1024, 768), (1024, 768)),
    ("a.gif", b"GIF89a" + struct.pack("<HH", 40, 30) + b"\0" * 10, (40, 30)),
    ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 120"/>', (320, 120)),
    ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="48" viewBox="0 0 1 1"/>', (64, 48)),
    ("c.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>', None),
    ("a.png", b"not a picture", None),
])
def test_sizes_come_from_the_file_header(tmp_path, name, data, size):
    path = tmp_path / name
    path.write_bytes(data)
    assert intrinsic_size(path) == size


def test_a_lesson_image_carries_its_size(course, tmp_path):
    (course / "images" / "photo.png").write_bytes(_png(640, 360))
    with (course / "lessons" / "02-lessons-and-checks.md").open("a") as fh:
        fh.write("\n![A training room](../images/photo.png)\n")
    result = build_course(course, ["web"], tmp_path / "out")
    html = (result.outputs[0].target / "index.html").read_text()
    assert '<img src="images/photo.png" alt="A training room" width="640" height="360" loading="lazy">' in html
