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


LESSON = ("lessons", "02-lessons-and-checks.md")


def _append(course, text: str):
    lesson = course.joinpath(*LESSON)
    before = len(lesson.read_text().splitlines())
    with lesson.open("a") as fh:
        fh.write(text)
    return lesson, before


def test_an_unknown_callout_kind_is_an_error_with_the_kinds(course):
    lesson, before = _append(course, "\n::: danger Do not wait\nCall the police on 999.\n\nThen tell your lead.\n:::\n")
    [problem] = found(course)
    assert (problem.file, problem.line) == (lesson, before + 2)
    assert "'::: danger' is not a kind of callout" in problem.message
    assert "did you mean '::: warning'" in problem.hint and "key-point" in problem.hint


def test_a_misspelt_callout_kind_gets_the_nearest_kind(course):
    _append(course, "\n::: keypoint\nText.\n:::\n")
    [problem] = found(course)
    assert "did you mean '::: key-point'" in problem.hint


def test_a_closing_line_with_no_callout(course):
    lesson, before = _append(course, "\nText.\n\n:::\n")
    [problem] = found(course)
    assert (problem.line, problem.message) == (before + 4, "a ':::' line that closes no callout")


def test_raw_html_is_a_warning_that_says_what_to_write(course):
    lesson, before = _append(course, "\nOne line<br>and the next, <b>bold</b> and `<br>` as code.\n\n<!-- to do -->\n")
    warnings = found(course, "warning")
    assert [(w.line, w.message.split("'")[1]) for w in warnings] == [
        (before + 2, "<br>"), (before + 2, "<b>"), (before + 4, "<!-- to do -->")]
    assert all(w.file == lesson for w in warnings)
    assert "backslash" in warnings[0].hint and "**bold**" in warnings[1].hint and "course.yaml" in warnings[2].hint


def test_a_missing_image_suggests_the_path_that_exists(course):
    lesson, before = _append(course, "\n![The course folder](images/folder.svg)\n")
    [problem] = found(course)
    assert (problem.file, problem.line) == (lesson, before + 2)
    assert "'images/folder.svg' does not exist" in problem.message
    assert "did you mean '../images/folder.svg'?" in problem.hint


def test_a_missing_file_found_elsewhere_in_the_course_is_suggested(course):
    (course / "files").mkdir(exist_ok=True)
    (course / "files" / "procedures.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    _append(course, "\n[Our procedures](../procedures.pdf)\n")
    [problem] = found(course)
    assert "did you mean '../files/procedures.pdf'?" in problem.hint
