"""Every kind of bad input gets a problem naming the file, the line and what to change."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import validate_course
from conftest import EXAMPLE, edit, line_of


def problems(course: Path):
    result, found = validate_course(course)
    assert result is None, "the course should not validate"
    return found.errors


def only(course: Path, fragment: str):
    matching = [p for p in problems(course) if fragment in p.message]
    assert matching, f"no problem mentions {fragment!r}: {[p.message for p in problems(course)]}"
    return matching[0]


def test_the_example_course_is_valid():
    result, found = validate_course(EXAMPLE)
    assert result is not None
    assert found.items == []


def test_unknown_key_suggests_the_right_one(course):
    yaml = course / "course.yaml"
    edit(yaml, "estimated_minutes: 5", "estimated_minuets: 10")
    p = only(course, "unknown key 'estimated_minuets'")
    assert p.file == yaml and p.line == line_of(yaml, "estimated_minuets")
    assert "did you mean 'estimated_minutes'?" in p.hint


def test_unknown_key_in_a_question_and_in_front_matter(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "    answer: a\n", "    anwser: a\n")
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "menu_title:", "menu_titel:")
    found = problems(course)
    q = next(p for p in found if "anwser" in p.message)
    assert q.file == bank and q.line == line_of(bank, "anwser") and "answer" in q.hint
    f = next(p for p in found if "menu_titel" in p.message)
    assert f.file == lesson and f.line == 3 and "menu_title" in f.hint


def test_missing_required_field(course):
    yaml = course / "course.yaml"
    edit(yaml, "title: Writing a course with coursesmith\n", "")
    p = only(course, "missing the required key 'title'")
    assert p.file == yaml and p.line == 2 and "title:" in p.hint


def test_wrong_type(course):
    yaml = course / "course.yaml"
    edit(yaml, "estimated_minutes: 5", "estimated_minutes: ten")
    p = only(course, "'estimated_minutes' must be a whole number, not text")
    assert p.line == line_of(yaml, "estimated_minutes")


def test_lesson_file_that_does_not_exist(course):
    yaml = course / "course.yaml"
    edit(yaml, "lessons/04-summary.md", "lessons/04-sumary.md")
    p = only(course, "the lesson file 'lessons/04-sumary.md' does not exist")
    assert p.file == yaml and p.line == line_of(yaml, "04-sumary")


def test_duplicate_question_ids(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "id: images-need-alt", "id: folder-settings-file")
    p = only(course, "the question id 'folder-settings-file' is used twice")
    assert p.file == bank and p.line == line_of(bank, "id: folder-settings-file") + 0 or p.line > 1
    assert "assessment.yaml:2" in p.message


def test_duplicate_page_ids(course):
    edit(course / "lessons" / "01-course-folder.md", "menu_title: Course folder", "id: lessons-and-checks")
    only(course, "the page id 'lessons-and-checks' is used twice")


def test_answer_not_among_options(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "    answer: [a, c]", "    answer: [a, d]")
    p = only(course, "the answer 'd' of question 'checks-scored' is not among its options")
    assert p.line == line_of(bank, "answer: [a, d]")
    assert "a, b, c" in p.hint


def test_question_with_no_correct_answer(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "    answer: [a, c]", "    answer: []")
    p = only(course, "question 'checks-scored' has no correct answer")
    assert p.line == line_of(bank, "answer: []")


def test_knowledge_check_errors_point_into_the_lesson(course):
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    edit(lesson, "answer: a\n```", "answer: z\n```")
    p = only(course, "the answer 'z'")
    assert p.file == lesson and p.line == line_of(lesson, "answer: z")


def test_missing_image(course):
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "../images/folder.svg", "../images/folders.svg")
    p = only(course, "the image '../images/folders.svg' does not exist")
    assert p.file == lesson and p.line == line_of(lesson, "folders.svg")


def test_image_without_alt_text(course):
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "![A course folder holds course.yaml, a lessons folder and a questions folder]", "![]")
    p = only(course, "has no alt text")
    assert p.line == line_of(lesson, "![](")
    assert "{.decorative}" in p.hint


def test_decorative_image_may_have_empty_alt(course):
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "![A course folder holds course.yaml, a lessons folder and a questions folder](../images/folder.svg)",
         "![](../images/folder.svg){.decorative}")
    result, found = validate_course(course)
    assert result is not None and not found.errors


@pytest.mark.parametrize("value", ["101", "-5"])
def test_pass_mark_outside_0_to_100(course, value):
    yaml = course / "course.yaml"
    edit(yaml, "pass_mark: 80", f"pass_mark: {value}")
    p = only(course, f"'assessment.pass_mark' is {value}; it must be from 0 to 100")
    assert p.line == line_of(yaml, "pass_mark")


def test_malformed_yaml(course):
    yaml = course / "course.yaml"
    edit(yaml, "audience: Trainers", "audience: [Trainers")
    p = only(course, "malformed YAML")
    assert p.file == yaml and p.line is not None and p.column is not None


def test_malformed_front_matter(course):
    lesson = course / "lessons" / "04-summary.md"
    edit(lesson, "title: Summary\n", "title: Summary: the end\n")
    p = only(course, "malformed YAML")
    assert p.file == lesson and p.line == 2


def test_front_matter_never_closed(course):
    lesson = course / "lessons" / "04-summary.md"
    edit(lesson, "title: Summary\n---\n", "title: Summary\n")
    p = only(course, "never closed")
    assert p.file == lesson and p.line == 1


def test_h1_inside_a_lesson(course):
    lesson = course / "lessons" / "04-summary.md"
    edit(lesson, "## References", "# References")
    p = only(course, "a '# ' heading inside a lesson")
    assert p.line == line_of(lesson, "# References") and "## " in p.hint


def test_draw_larger_than_bank(course):
    edit(course / "course.yaml", "topics: {folder: 3, checks: 2, accessibility: 1}", "questions: 9")
    only(course, "draws 9 questions but the bank has only 8")


def test_every_problem_is_reported_at_once(course):
    edit(course / "course.yaml", "pass_mark: 80", "pass_mark: 180")
    edit(course / "course.yaml", "lessons/04-summary.md", "lessons/nope.md")
    edit(course / "questions" / "assessment.yaml", "    answer: [a, c]", "    answer: [a, x]")
    messages = " | ".join(p.message for p in problems(course))
    assert "pass_mark" in messages and "nope.md" in messages and "'x'" in messages


def test_duplicate_yaml_key(course):
    yaml = course / "course.yaml"
    edit(yaml, "version: 1.0.0\n", "version: 1.0.0\nversion: 1.0.1\n")
    p = only(course, "the key 'version' appears twice")
    assert p.line == line_of(yaml, "version: 1.0.1")


def test_no_course_yaml(tmp_path):
    p = only(tmp_path, "has no course.yaml")
    assert p.file == tmp_path / "course.yaml"


def test_default_local_information_page(course):
    # remove the course's own page, so the default page is used
    edit(course / "course.yaml", "local_information:\n  file: local-information.md\n", "")
    result, found = validate_course(course)
    assert result is not None, [p.message for p in found.items]
    page = next(p for p in result.pages if p.id == "local-information")
    assert (page.title, page.menu_title) == ("Local procedures and contacts", "Local information")
    assert "999" in page.body_html and "children’s social care" in page.body_html


def test_option_without_feedback_is_a_warning_and_strict_fails(course, tmp_path):
    from builder.build import build_course
    from builder.errors import BuildFailed
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "        feedback: No. Images resize to fit the screen.\n", "")
    result, found = validate_course(course)
    assert result is not None
    [w] = found.warnings
    assert "option 'c' of question 'images-need-alt' has no feedback" in w.message
    assert w.file == bank and w.line == line_of(bank, "A width in pixels")
    build_course(course, ["scorm12"], tmp_path / "ok")
    with pytest.raises(BuildFailed):
        build_course(course, ["scorm12"], tmp_path / "strict", strict=True)
    assert not (tmp_path / "strict").exists()


def test_branding_colour_too_light_for_white_text(course):
    edit(course / "course.yaml", 'colour: "#1d4f91"', 'colour: "#7fb2e5"')
    p = only(course, "too light")
    assert "4.5:1" in p.message
