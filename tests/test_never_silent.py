"""What a trainer wrote never fails silently: each of these passed validation before, even with
--strict, and now gets an error or a warning that names the file and line and says what to do."""
from __future__ import annotations

import struct
import zlib

from builder.build import validate_course
from conftest import edit, line_of

BANK = ("questions", "assessment.yaml")


def found(course, level="error"):
    _, problems = validate_course(course)
    return [p for p in problems.items if p.level == level]


def test_an_unquoted_colour_is_not_a_silent_comment(course):
    yaml = course / "course.yaml"
    edit(yaml, 'colour: "#1d4f91"', "colour: #00a3ad")
    [problem] = found(course)
    assert (problem.file, problem.line) == (yaml, line_of(yaml, "colour:"))
    assert "comment" in problem.message and 'colour: "#00a3ad"' in problem.hint


def test_a_tab_is_called_a_tab_and_nothing_else_follows_from_it(course):
    bank = course.joinpath(*BANK)
    edit(bank, "    topic: folder\n", "\ttopic: folder\n")
    problems = found(course)
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].file == bank and "tab" in problems[0].message and "spaces" in problems[0].hint


def test_a_lesson_file_that_lessons_does_not_list(course):
    (course / "lessons" / "05-extra.md").write_text("---\ntitle: Extra\n---\nText.\n")
    yaml = course / "course.yaml"
    [warning] = found(course, "warning")
    assert (warning.file, warning.line) == (yaml, line_of(yaml, "lessons:"))
    assert "'lessons/05-extra.md' is not listed" in warning.message


def _png(width: int, height: int, noise: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + noise[(y * width * 3) % len(noise):][:width * 3].ljust(width * 3, b"\1")
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b""))


def test_an_image_too_large_for_a_phone(course):
    import os
    (course / "images" / "photo.png").write_bytes(_png(800, 600, os.urandom(800 * 600 * 3)))
    with (course / "lessons" / "02-lessons-and-checks.md").open("a") as fh:
        fh.write("\n![A photo of a training room](../images/photo.png)\n")
    [warning] = found(course, "warning")
    assert warning.file == course / "images" / "photo.png"
    assert "MB" in warning.message and "1,200 pixels" in warning.hint
