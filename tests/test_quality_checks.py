"""Content quality checks (builder/checks): each is a warning with file, line and hint, an error
under --strict, and can be turned off with a reason. For each check, a course that trips it and
one that comes close and does not. The example course passes them all."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.build import build_course, validate_course
from builder.checks import CHECKS
from builder.checks.coverage import chance_left_out
from builder.checks.questions import chance_of_at_least
from builder.errors import BuildFailed
from conftest import EXAMPLE, ROOT, edit, line_of


def findings(course: Path, check: str | None = None):
    result, found = validate_course(course)
    assert result is not None, [p.format() for p in found.errors]
    return [w for w in found.warnings if check is None or w.message.endswith(f"[{check}]")]


def the_finding(course: Path, check: str):
    found = findings(course, check)
    assert len(found) == 1, [w.format() for w in findings(course)]
    assert found[0].hint
    return found[0]


def add_to_bank(course: Path, text: str) -> Path:
    bank = course / "questions" / "assessment.yaml"
    bank.write_text(bank.read_text().rstrip("\n") + "\n" + text)
    return bank


def single(qid: str, options: list[str], answer: str = "a", topic: str = "folder") -> str:
    lines = [f"  - id: {qid}", f"    topic: {topic}", f"    prompt: Question {qid}?", "    options:"]
    for text in options:
        lines += [f"      - text: {text}", "        feedback: Because."]
    return "\n".join(lines + [f"    answer: {answer}", ""])


def test_the_example_course_passes_every_check():
    assert findings(EXAMPLE) == []
    assert len(CHECKS) == 12


# -- answer cues ------------------------------------------------------------------------------

def test_answer_length_flags_a_key_much_longer_than_the_others(course):
    bank = add_to_bank(course, single("long-key", [
        "Tell the designated safeguarding lead today and write down what the child said", "Wait and see",
        "Ask the child more"]))
    w = the_finding(course, "answer-length")
    assert "'long-key'" in w.message and w.file == bank and w.line == line_of(bank, "id: long-key")
    assert "similar" in w.hint or "alike" in w.hint


def test_answer_length_lets_options_of_similar_length_pass(course):
    add_to_bank(course, single("even-key", [
        "Tell the designated safeguarding lead today", "Wait until you are sure before acting",
        "Ask the child more questions to be certain"]))
    assert findings(course, "answer-length") == []


def test_answer_length_looks_at_scenario_steps(course):
    lesson = course / "lessons" / "03-case.md"
    edit(lesson, "      - text: Build the zip straight away\n",
         "      - text: Wait\n        consequence: Nothing happens.\n"
         "      - text: Ask\n        consequence: Nobody knows.\n"
         "      - text: Build the zip straight away\n")
    edit(lesson, "      - text: Run the validator\n",
         "      - text: Run the validator, read every problem it lists and fix each one before you build\n")
    w = the_finding(course, "answer-length")
    assert "step 'start' of scenario 'case-publishing'" in w.message
    assert w.file == lesson and w.line == line_of(lesson, "id: start")


def test_answer_length_habit_counts_the_course(course):
    for n in range(8):
        add_to_bank(course, single(f"habit-{n}", [f"The right answer, a little longer {n}", f"Wrong {n}",
                                                 f"Also wrong {n}", f"Not it {n}"]))
    w = the_finding(course, "answer-length-habit")
    assert "longest in 10 of 12 single-choice questions" in w.message and "by chance it would be about 3" in w.message


def test_answer_length_habit_is_quiet_when_the_longest_varies(course):
    for n in range(8):
        options = [f"Right {n}", f"A wrong answer that is longer {n}", f"Wrong {n}", f"Not it {n}"]
        if n % 4 == 0:
            options[0] = f"The right answer, longer this time {n}"
        add_to_bank(course, single(f"varied-{n}", options))
    assert findings(course, "answer-length-habit") == []


def test_answer_position_when_options_are_not_shuffled(course):
    for n in range(9):
        add_to_bank(course, single(f"pos-{n}", [f"Red {n}", f"Tan {n}", f"Sky {n}"], answer="b"))
    assert findings(course, "answer-position") == []  # shuffled: the position means nothing
    edit(course / "course.yaml", "  shuffle: true", "  shuffle: false")
    w = the_finding(course, "answer-position")
    assert "option 2 in 9 of 13" in w.message and "shuffle" in w.hint


def test_chance_is_computed_not_guessed():
    assert chance_of_at_least(0, [0.25] * 4) == pytest.approx(1)
    assert chance_of_at_least(8, [0.25] * 8) == pytest.approx(0.25 ** 8)
    assert chance_of_at_least(7, [0.25] * 8) == pytest.approx(0.25 ** 8 + 8 * 0.25 ** 7 * 0.75)
    assert chance_left_out(16, 1, 10) == pytest.approx(6 / 16)
    assert chance_left_out(8, 4, 6) == 0


# -- wording ----------------------------------------------------------------------------------

def test_ordering_items_that_give_away_their_place(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "      - Upload it to the learning platform", "      - Finally, upload it to the learning platform")
    w = the_finding(course, "ordering-cues")
    assert "'Finally'" in w.message and w.line == line_of(bank, "Finally, upload")


@pytest.mark.parametrize("item", ["If that does not resolve it, upload it to the learning platform",
                                  "First upload it to the learning platform"])
def test_ordering_cues_anywhere_or_at_the_start(course, item):
    edit(course / "questions" / "assessment.yaml", "      - Upload it to the learning platform", f"      - {item}")
    assert len(findings(course, "ordering-cues")) == 1


def test_ordering_words_inside_a_step_are_not_cues(course):
    edit(course / "questions" / "assessment.yaml", "      - Upload it to the learning platform",
         "      - Upload it to the learning platform and tell the trainers what comes next")
    assert findings(course, "ordering-cues") == []


def test_true_false_statement_that_repeats_the_lesson(course):
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    edit(lesson, "prompt: A knowledge check counts towards the final score.",
         "prompt: The learner can try again as often as they like.")
    w = the_finding(course, "true-false-slogan")
    assert "'check-true-false'" in w.message and w.file == lesson and w.line == line_of(lesson, "id: check-true-false")


def test_short_text_answer_in_its_question(course):
    bank = course / "questions" / "assessment.yaml"
    edit(bank, "Type its name as the command writes it.", "Type its name (like scorm12 or web) as the command writes it.")
    w = the_finding(course, "short-text-in-question")
    assert "'scorm12'" in w.message and w.line == line_of(bank, "id: type-default-format")


# -- coverage ---------------------------------------------------------------------------------

def test_draw_coverage_names_the_topics_left_out(course):
    edit(course / "course.yaml", "  topics: {folder: 3, checks: 2, accessibility: 1}\n", "  questions: 6\n")
    w = the_finding(course, "draw-coverage")
    assert "draws 6 of 8" in w.message and "'accessibility' (1 question) from 25%" in w.message
    assert "topics:" in w.hint and w.line == line_of(course / "course.yaml", "assessment:")


def test_draw_coverage_is_quiet_when_drawing_by_topic_or_the_whole_bank(course):
    assert "  topics: {" in (course / "course.yaml").read_text()
    assert findings(course, "draw-coverage") == []
    edit(course / "course.yaml", "  topics: {folder: 3, checks: 2, accessibility: 1}\n", "  questions: 8\n")
    assert findings(course, "draw-coverage") == []


def test_outcome_coverage_counts_questions_per_outcome(course):
    yaml = course / "course.yaml"
    edit(yaml, "  - Describe how a course folder is laid out",
         "  - text: Describe how a course folder is laid out\n    topic: folder")
    edit(yaml, "  - Add a knowledge check to a lesson",
         "  - text: Make lessons everyone can use\n    topic: accessibility")
    edit(yaml, "  - Set the pass mark of the final assessment",
         "  - text: Set the pass mark of the final assessment\n    topic: pass-mark")
    found = findings(course, "outcome-coverage")
    messages = "\n".join(w.message for w in found)
    assert "only 1 bank question tests the learning outcome 'Make lessons everyone can use'" in messages
    assert "no bank question tests the learning outcome 'Set the pass mark" in messages
    assert "folder" not in messages.replace("course folder", "")
    assert "the assessment draws from the topic 'checks', which no learning outcome names" in messages
    assert {w.line for w in found} == {line_of(yaml, "topic: accessibility"), line_of(yaml, "topic: pass-mark"),
                                       line_of(yaml, "checks: 2")}


def test_outcome_with_a_bad_topic_or_shape_is_an_error(course):
    edit(course / "course.yaml", "  - Describe how a course folder is laid out",
         "  - text: Describe how a course folder is laid out\n    topik: folder")
    result, found = validate_course(course)
    assert result is None
    assert any("unknown key 'topik'" in p.message and "did you mean 'topic'" in p.hint for p in found.errors)


# -- text -------------------------------------------------------------------------------------

def test_acronym_used_before_it_is_spelled_out(course):
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "A course is a folder.", "Your DSL will check it. A course is a folder.")
    w = the_finding(course, "acronyms")
    assert "'DSL'" in w.message and w.file == lesson and w.line == line_of(lesson, "Your DSL")
    assert "designated safeguarding lead (DSL)" in w.hint


@pytest.mark.parametrize("text", [
    "Your designated safeguarding lead (DSL) will check it. Then the DSL builds it.",
    "Your DSL (designated safeguarding lead) will check it.",
    "The UK General Data Protection Regulation (UK GDPR) applies. The NHS and your GP know.",
    "Do NOT share it. The note said \"YP disclosed to TA\".",
])
def test_acronyms_spelled_out_quoted_or_known_pass(course, text):
    edit(course / "lessons" / "01-course-folder.md", "A course is a folder.", text + " A course is a folder.")
    assert findings(course, "acronyms") == []


def test_acronyms_in_reading_order_across_pages(course):
    edit(course / "lessons" / "01-course-folder.md", "A course is a folder.", "Ask the DSL. A course is a folder.")
    edit(course / "lessons" / "04-summary.md", "You have seen", "The designated safeguarding lead (DSL) helps. You have seen")
    assert len(findings(course, "acronyms")) == 1  # spelled out later is too late
    edit(course / "course.yaml", "  acronyms: [SCORM]", "  acronyms: [SCORM, DSL]")
    assert findings(course, "acronyms") == []


def test_reading_time_against_estimated_minutes(course):
    yaml = course / "course.yaml"
    edit(yaml, "estimated_minutes: 5", "estimated_minutes: 25")
    w = the_finding(course, "reading-time")
    assert "estimated_minutes is 25" in w.message and w.line == line_of(yaml, "estimated_minutes")
    edit(yaml, "estimated_minutes: 25", "estimated_minutes: 4")
    assert findings(course, "reading-time") == []


def test_a_phone_number_must_be_in_the_contacts(course):
    lesson = course / "lessons" / "04-summary.md"
    edit(lesson, "You have seen", "Call the NSPCC (National Society for the Prevention of Cruelty to Children) "
         "helpline on 0808 800 5000, or Childline on 0800 1111.\n\nYou have seen")
    found = findings(course, "contacts")
    assert [w.message.split(" is not")[0] for w in found] == ["the phone number 0808 800 5000",
                                                              "the phone number 0800 1111"]
    assert all(w.file == lesson and w.line == line_of(lesson, "0808 800 5000") for w in found)
    edit(course / "course.yaml", "learning_outcomes:", "contacts:\n"
         "  - {name: NSPCC helpline, number: 0808 800 5000, source: NSPCC website checked in 2025}\n"
         "  - {name: Childline, number: +44 800 1111, source: Childline website checked in 2025}\nlearning_outcomes:")
    assert findings(course, "contacts") == []


def test_a_contact_needs_a_source(course):
    edit(course / "course.yaml", "learning_outcomes:", "contacts:\n  - {name: NSPCC helpline, number: 0808 800 5000}\n"
         "learning_outcomes:")
    result, found = validate_course(course)
    assert result is None and any("missing the required key 'source'" in p.message for p in found.errors)


def test_a_figure_without_a_source(course):
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    edit(lesson, "A lesson can hold", "About 15% of children are abused. A lesson can hold")
    w = the_finding(course, "figures")
    assert "(15%)" in w.message and w.file == lesson and w.line == line_of(lesson, "15%")
    edit(lesson, "About 15% of children are abused.", "About 15% of children are abused (Example Survey, 2024).")
    assert findings(course, "figures") == []


def test_a_figure_whose_sentence_names_its_source(course):
    edit(course / "lessons" / "02-lessons-and-checks.md", "A lesson can hold",
         "The Kent toolkit puts it at more than 8 in 10. A lesson can hold")
    assert findings(course, "figures") == []


# -- strict, and turning checks off -----------------------------------------------------------

def long_key(course: Path) -> Path:
    return add_to_bank(course, single("long-key", [
        "Tell the designated safeguarding lead today and write down what the child said", "Wait and see",
        "Ask the child more"]))


def test_strict_makes_a_finding_an_error(course, tmp_path):
    long_key(course)
    build_course(course, ["web"], tmp_path / "ok")
    with pytest.raises(BuildFailed) as failed:
        build_course(course, ["web"], tmp_path / "strict", strict=True)
    [p] = failed.value.problems.errors
    assert "[answer-length]" in p.message and "made an error by --strict" in p.hint
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = [sys.executable, "-m", "builder", "validate", str(course)]
    assert subprocess.run(run, capture_output=True, env=env, timeout=60).returncode == 0
    result = subprocess.run(run + ["--strict"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1 and "error: in question 'long-key'" in result.stderr
    quiet = subprocess.run(run + ["--strict", "--quiet"], capture_output=True, text=True, env=env, timeout=60)
    assert quiet.returncode == 1 and "[answer-length]" in quiet.stderr  # what fails is never hidden
    assert "Traceback" not in result.stderr


def test_allow_with_a_reason_silences_a_question(course):
    bank = long_key(course)
    edit(bank, "  - id: long-key\n", "  - id: long-key\n    allow:\n      answer-length: the law's own words\n")
    assert findings(course) == []


def test_allow_in_a_lesson_and_in_the_course(course):
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    edit(lesson, "A lesson can hold", "About 15% of children are abused. A lesson can hold")
    edit(lesson, "---\n", "---\nallow:\n  figures: the source is on the next page\n")
    assert findings(course) == []
    long_key(course)
    edit(course / "course.yaml", "  acronyms: [SCORM]\n", "  acronyms: [SCORM]\n  allow:\n    answer-length: a sample\n")
    assert findings(course) == []


@pytest.mark.parametrize("allow, message, hint", [
    ("answer-length:", "needs a reason", "write why"),
    ("answer-length: ''", "needs a reason", "write why"),
    ("answer-lenght: a reason", "there is no quality check 'answer-lenght'", "did you mean 'answer-length'?"),
    ("reading-time: a reason", "looks at the whole course", "quality: allow:"),
])
def test_allow_needs_a_known_check_and_a_reason(course, allow, message, hint):
    bank = long_key(course)
    edit(bank, "  - id: long-key\n", f"  - id: long-key\n    allow:\n      {allow}\n")
    result, found = validate_course(course)
    assert result is None
    [p] = found.errors
    assert message in p.message and hint in p.hint and p.file == bank and p.line == line_of(bank, allow)


def test_course_allow_needs_a_reason(course):
    yaml = course / "course.yaml"
    edit(yaml, "  acronyms: [SCORM]\n", "  acronyms: [SCORM]\n  allow:\n    draw-coverage:\n    x-draw-coverage: a reason\n")
    result, found = validate_course(course)
    assert result is None
    messages = [p.message for p in found.errors]
    assert any("'draw-coverage' needs a reason" in m for m in messages)
    assert any("no quality check 'x-draw-coverage'" in m for m in messages)


def test_acronyms_in_code_are_not_prose_but_titles_are(course):
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "A course is a folder.", "Run `python -m builder build --format SCORM12`. A course is a folder.")
    assert findings(course, "acronyms") == []
    edit(lesson, "title: The course folder", "title: The course folder and the DSL")
    w = the_finding(course, "acronyms")
    assert "'DSL'" in w.message and w.line == line_of(lesson, "title:")


def test_a_contact_the_course_never_gives(course):
    yaml = course / "course.yaml"
    edit(yaml, "learning_outcomes:", "contacts:\n  - name: NSPCC helpline\n    number: 0808 800 5000\n"
         "    source: Kent partnership toolkit\nlearning_outcomes:")
    w = the_finding(course, "contacts")
    assert "'NSPCC helpline' (0808 800 5000) is not given anywhere" in w.message
    assert w.line == line_of(yaml, "number: 0808 800 5000")


def test_validate_reports_the_questions_testing_each_outcome(course):
    edit(course / "course.yaml", "  - Describe how a course folder is laid out",
         "  - text: Describe how a course folder is laid out\n    topic: folder")
    result = subprocess.run([sys.executable, "-m", "builder", "validate", str(course)], capture_output=True,
                            text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert "bank questions testing each learning outcome:" in result.stdout
    assert "  4  folder: Describe how a course folder is laid out" in result.stdout
