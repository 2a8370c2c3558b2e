"""`coursesmith diff OLD NEW`: what an admin is told before replacing a module learners have started."""
from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest

from builder.build import build_course
from builder.cli import main
from conftest import EXAMPLE, edit
from test_e2e_update import make_version_2


def diff(capsys, old, new) -> tuple[int, str, str]:
    status = main(["diff", str(old), str(new)], prog="coursesmith")
    out, err = capsys.readouterr()
    return status, out, err


def section(text: str, heading: str) -> str:
    """The lines of one part of the report, up to the blank line that ends it."""
    return text.split(heading + "\n", 1)[1].split("\n\n", 1)[0]


@pytest.fixture
def two_versions(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "v1")
    shutil.copytree(EXAMPLE, tmp_path / "v2")
    make_version_2(tmp_path / "v2")
    edit(tmp_path / "v2" / "course.yaml", "version: 1.0.0", "version: 1.1.0")
    return tmp_path / "v1", tmp_path / "v2"


def build(course, tmp_path, fmt="scorm12"):
    result = build_course(course, [fmt], tmp_path / f"out-{course.name}-{fmt}")
    return result.outputs[0].target


def test_two_course_folders_pages_questions_progress_and_identity(capsys, two_versions):
    status, out, err = diff(capsys, *two_versions)
    assert status == 0 and err == ""
    assert "(course folder, version 1.0.0)" in out and "(course folder, version 1.1.0)" in out
    pages = section(out, "Pages")
    assert '  Added:\n    - "Sharing a course with another partnership" (b-sharing)' in pages
    assert '"Lessons and knowledge checks" (lessons-and-checks)' in pages.split("Edited:")[1]
    assert "Removed" not in pages
    assert "Unchanged: 5 pages." in pages
    questions = section(out, "Questions")
    assert re.search(r"Changed \(.*learners' answers to it are cleared\):\n"
                     r"    - check-where-settings, in \"Lessons and knowledge checks\"\n", questions)
    assert "Removed (learners' answers to it are dropped):\n    - check-short-text, in " in questions
    assert "Added:\n    - zip-to-upload, in the final assessment" in questions
    # Only its feedback was reworded: answers to it are kept.
    assert "Feedback reworded only (learners' answers are kept):\n    - folder-settings-file" in questions
    assert "Unchanged: 11 questions." in questions
    progress = section(out, "Learners' saved progress")
    assert "Carries over." in progress and "answers to the 12 unchanged questions" in progress
    assert "answers to the 2 changed or removed questions are cleared" in progress
    assert "an attempt in progress is kept if none of the questions it drew has changed" in progress
    identity = section(out, "Package identity (Moodle)")
    assert "The same: manifest identifier M-example-course, SCO identifier ITEM." in identity
    assert "Moodle keeps learners' tracking" in identity


def test_the_same_course_carries_over_exactly(capsys, tmp_path):
    status, out, _ = diff(capsys, EXAMPLE, EXAMPLE / "course.yaml")
    assert status == 0
    assert "No page added, removed or edited (8 pages)." in out
    assert "No question added, removed or changed (14 questions)." in out
    assert "Carries over exactly" in out


def test_two_zips_and_a_change_of_scorm_version(capsys, tmp_path, two_versions):
    old = build(two_versions[0], tmp_path)
    new = build(two_versions[1], tmp_path)
    status, out, _ = diff(capsys, old, new)
    assert status == 0
    assert "(SCORM 1.2 zip, version 1.0.0)" in out and "(SCORM 1.2 zip, version 1.1.0)" in out
    assert "check-where-settings" in section(out, "Questions")
    assert "The same: manifest identifier M-example-course" in out
    other = build(two_versions[1], tmp_path, "scorm2004")
    status, out, _ = diff(capsys, old, other)
    assert "The old package is SCORM 1.2 and the new one SCORM 2004: upload the same SCORM version" in out


def test_a_new_course_id_is_a_new_package_for_moodle(capsys, tmp_path, two_versions):
    old, new = two_versions
    edit(new / "course.yaml", "id: example-course", "id: example-course-2027")
    status, out, _ = diff(capsys, build(old, tmp_path), build(new, tmp_path))
    assert status == 0
    identity = section(out, "Package identity (Moodle)")
    assert "The manifest identifier changes from M-example-course to M-example-course-2027." in identity
    assert "Moodle treats this as a different package" in identity
    assert "These are different courses" in out


def test_a_web_folder_has_no_package_identity(capsys, tmp_path, two_versions):
    old = build(two_versions[0], tmp_path, "web")
    new = build(two_versions[1], tmp_path, "web")
    status, out, _ = diff(capsys, old, new)
    assert status == 0
    assert "(web folder)" in out
    assert "is a web folder: it has no package identifiers" in out
    assert "check-short-text" in section(out, "Questions")


def test_an_old_build_without_a_content_map_sets_answers_aside(capsys, tmp_path):
    """A module built before the map existed: the runtime sets its answers aside, and diff says so."""
    new = build(EXAMPLE, tmp_path)
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(new) as src, zipfile.ZipFile(old, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "index.html":
                data = re.sub(rb',?"map":"[^"]*"', b"", data)
                assert b'"map"' not in data
            dst.writestr(name, data)
    status, out, _ = diff(capsys, old, new)
    assert status == 0
    assert "built before coursesmith could carry progress over an update" in out


@pytest.mark.parametrize("make,message", [
    (lambda p: p / "missing.zip", "there is no such file or folder"),
    (lambda p: (p / "notes.txt").write_text("hello") and p / "notes.txt", "not a module or a course"),
    (lambda p: (p / "broken.zip").write_bytes(b"PK not really") and p / "broken.zip", "cannot read this zip"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "not a module or a course"),
])
def test_what_is_not_a_module_is_named_plainly(capsys, tmp_path, make, message):
    status, out, err = diff(capsys, make(tmp_path), EXAMPLE)
    assert status == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_a_course_with_errors_is_reported_with_file_and_line(capsys, course):
    edit(course / "course.yaml", "pass_mark: 80", "pass_mark: eighty")
    status, out, err = diff(capsys, EXAMPLE, course)
    assert status == 1
    assert "course.yaml:" in err and "pass_mark" in err
    assert "the course has errors (listed above)" in err


def test_the_map_in_a_build_matches_the_builder(tmp_path):
    """diff reads the fingerprints the runtime uses from the build itself."""
    from builder.state import content_map
    from builder.loader import load_course
    target = build(EXAMPLE, tmp_path)
    text = zipfile.ZipFile(target).read("index.html").decode()
    data = json.loads(re.search(r'id="course-data">(.*?)</script>', text, re.S).group(1))
    assert data["map"] == content_map(load_course(EXAMPLE))


BANK = "questions/assessment.yaml"
CHANGES = {
    # (file, old, new): whether learners' answers to the question are kept
    "feedback reworded": (BANK, "feedback: Right. Every course folder has one course.yaml.",
                          "feedback: Right. Each course folder has one course.yaml.", True),
    "stem reworded": (BANK, "prompt: Which file holds the settings of a course?",
                      "prompt: Which file holds a course's settings?", False),
    "option reworded": (BANK, "      - text: settings.md\n", "      - text: settings.txt\n", False),
    "key changed": (BANK, "    answer: a\n  - id: images-need-alt", "    answer: b\n  - id: images-need-alt", False),
    "context added": (BANK, "    topic: folder\n    prompt: Which file",
                      "    topic: folder\n    context: A new trainer asks.\n    prompt: Which file", False),
    "topic changed": (BANK, "    topic: folder\n    prompt: Which file", "    topic: checks\n    prompt: Which file", True),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_what_counts_as_a_changed_question(course, change):
    """Conservative: any change to the stem, its context, the options or the key is a changed
    question; feedback and topic are not."""
    from builder.loader import load_course
    from builder.state import question_fingerprint
    before = {q.id: question_fingerprint(q) for q in load_course(course).questions}
    path, old, new, kept = CHANGES[change]
    edit(course / path, old, new)
    after = {q.id: question_fingerprint(q) for q in load_course(course).questions}
    assert (after["folder-settings-file"] == before["folder-settings-file"]) is kept
    assert {k: v for k, v in after.items() if k != "folder-settings-file"} == \
        {k: v for k, v in before.items() if k != "folder-settings-file"}


def test_a_page_is_known_by_its_id_and_a_scenario_by_its_steps(course):
    from builder.loader import load_course
    from builder.state import content_map
    before = content_map(load_course(course)).split(".")
    edit(course / "lessons" / "03-case.md", "title: A case to work through", "title: Working through a case")
    edit(course / "lessons" / "01-course-folder.md", "title: The course folder", "title: Your course folder")
    after = content_map(load_course(course)).split(".")
    assert after == before  # retitled pages are the same pages; the scenario's steps are unchanged
    scenario = (course / "lessons" / "03-case.md").read_text()
    first_choice = re.search(r"- text: (.+)", scenario.split("choices:", 1)[1]).group(1)
    edit(course / "lessons" / "03-case.md", first_choice, first_choice + " at once")
    changed = content_map(load_course(course)).split(".")
    assert changed[0] == before[0] and changed[1] != before[1]
