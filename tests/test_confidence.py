"""Confidence (a scale) and reflection (free text) questions and the evaluation page (issue 12):
never marked, reported to the LMS as interactions each SCORM version and Moodle accept, the
learner's change between the same statement before and after the teaching shown to them, the
evaluation optional for completion, and every mistake an author can make reported."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from builder.build import build_course, validate_course
from builder.loader import load_course
from builder.state import SCORM12_LIMIT, worst_case_state
from conftest import EXAMPLE, edit, line_of
from learner import AnswerKey, unpack

BEFORE = """---
title: Before you start
---
Before the teaching, say how confident you feel.

```question
id: confidence-folder-before
type: confidence
prompt: I feel confident laying out a course folder
```
"""

AFTER = """---
title: Your confidence now
---
```question
id: confidence-folder-after
type: confidence
pre: confidence-folder-before
prompt: I feel confident laying out a course folder
```

```question
id: reflection-next
type: reflection
prompt: What will you do differently?
max_length: 600
```
"""

EVALUATION = """evaluation:
  questions:
    - id: evaluation-useful
      type: confidence
      prompt: This module was useful for my work
      scale: [Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree]
    - id: evaluation-differently
      type: reflection
      prompt: What will you do differently after this module?
"""


def with_confidence(target: Path, rule: str = "both") -> Path:
    """The example course with statements asked before and after, a reflection, and an
    evaluation page last."""
    shutil.copytree(EXAMPLE, target)
    (target / "lessons" / "00-before.md").write_text(BEFORE)
    (target / "lessons" / "05-after.md").write_text(AFTER)
    yaml = target / "course.yaml"
    edit(yaml, "lessons:\n  - lessons/01-course-folder.md", "lessons:\n  - lessons/00-before.md\n  - lessons/01-course-folder.md")
    edit(yaml, "  - lessons/04-summary.md\n  - assessment\n", "  - lessons/04-summary.md\n  - lessons/05-after.md\n"
         "  - assessment\n  - evaluation\n")
    edit(yaml, "  rule: both", f"  rule: {rule}")
    yaml.write_text(yaml.read_text() + EVALUATION)
    return target


# -- what an author writes ------------------------------------------------------------------

def problems(course: Path, strict: bool = False):
    result, found = validate_course(course)
    return found.errors + (found.warnings if strict else [])


def only(course: Path, fragment: str):
    found = [p for p in problems(course) if fragment in p.message]
    assert found, f"no problem mentions {fragment!r}: {[p.message for p in problems(course)]}"
    return found[0]


@pytest.fixture
def cc(tmp_path) -> Path:
    return with_confidence(tmp_path / "course")


def test_the_course_with_confidence_and_evaluation_is_valid(cc):
    result, found = validate_course(cc)
    assert result is not None and found.errors == []
    course = load_course(cc)
    evaluation = next(p for p in course.pages if p.kind == "evaluation")
    assert (evaluation.kind, evaluation.id, evaluation.title) == ("evaluation", "evaluation", "Your feedback on this module")
    pre = next(q for q in course.questions if q.id == "confidence-folder-before")
    assert pre.post == "confidence-folder-after"
    assert pre.scale == ["Not at all confident", "Slightly confident", "Fairly confident", "Confident", "Very confident"]
    assert pre.runtime_data()["lmsType"] == ["likert", "likert"]
    assert next(q for q in course.questions if q.id == "reflection-next").runtime_data()["lmsType"] == ["fill-in", "long-fill-in"]


def test_a_confidence_question_in_the_assessment_bank_is_refused(cc):
    bank = cc / "questions" / "assessment.yaml"
    edit(bank, "questions:\n", "questions:\n  - id: bank-confidence\n    type: confidence\n    prompt: I feel sure\n"
         "  - id: bank-reflection\n    type: reflection\n    prompt: Why?\n")
    p = only(cc, "'bank-confidence' is a confidence question, which is never marked")
    assert p.file == bank and p.line == line_of(bank, "type: confidence")
    assert "evaluation" in p.hint and "lesson" in p.hint
    only(cc, "'bank-reflection' is a reflection question")


@pytest.mark.parametrize("scale,fragment", [
    ("[Only one]", "needs at least 2 item(s)"),
    ("[a, b, c, d, e, f, g, h, i, j]", "it can have at most 9"),
    ("[Low, Low, High]", "two points of the scale of question 'confidence-folder-before' read the same"),
    ("[Low, ' ', High]", "a point of the scale of question 'confidence-folder-before' has no label"),
    ("5", "must be a list of text"),
])
def test_a_bad_scale_is_refused(cc, scale, fragment):
    lesson = cc / "lessons" / "00-before.md"
    edit(lesson, "prompt: I feel confident", f"scale: {scale}\nprompt: I feel confident")
    p = only(cc, fragment)
    assert p.file == lesson and p.line == line_of(lesson, "scale:")


@pytest.mark.parametrize("old,new,fragment", [
    ("pre: confidence-folder-before", "pre: confidence-folder-befor",
     "the 'pre' of question 'confidence-folder-after' is 'confidence-folder-befor', which is not a question"),
    ("pre: confidence-folder-before", "pre: confidence-folder-after", "names itself as its 'pre'"),
    ("pre: confidence-folder-before", "pre: reflection-next", "which is a reflection question"),
    ("pre: confidence-folder-before", "pre: confidence-folder-before\nscale: [Low, High]",
     "the scale of question 'confidence-folder-after' is not the scale of its 'pre'"),
])
def test_a_bad_pairing_is_refused(cc, old, new, fragment):
    lesson = cc / "lessons" / "05-after.md"
    edit(lesson, old, new)
    p = only(cc, fragment)
    assert p.file == lesson and p.line == line_of(lesson, "id: confidence-folder-after")
    if "befor'" in fragment:
        assert "did you mean 'confidence-folder-before'?" in p.hint


def test_a_statement_asked_again_must_come_after(cc):
    yaml = cc / "course.yaml"
    edit(yaml, "  - lessons/00-before.md\n", "")
    edit(yaml, "  - assessment\n  - evaluation\n", "  - assessment\n  - evaluation\n  - lessons/00-before.md\n")
    only(cc, "question 'confidence-folder-after' comes before its 'pre' question 'confidence-folder-before'")


def test_the_evaluation_holds_only_unmarked_questions(cc):
    yaml = cc / "course.yaml"
    edit(yaml, "    - id: evaluation-useful\n      type: confidence\n", "    - id: evaluation-useful\n      type: single\n")
    p = only(cc, "question 'evaluation-useful' of the evaluation is a 'single' question")
    assert p.file == yaml and p.line == line_of(yaml, "type: single")
    assert "type: confidence" in p.hint


def test_the_evaluation_marker_needs_an_evaluation(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    edit(yaml, "  - assessment\n", "  - assessment\n  - evaluation\n  - evaluation\n")
    p = only(course, "'evaluation' is listed in lessons but the course has no evaluation")
    assert p.line == line_of(yaml, "  - evaluation")


def test_unmarked_questions_take_no_topic_or_feedback(cc):
    lesson = cc / "lessons" / "05-after.md"
    edit(lesson, "max_length: 600", "max_length: 600\nfeedback:\n  correct: Well done")
    only(cc, "unknown key 'feedback'")


def test_the_worst_case_state_counts_reflections_and_warns_past_the_scorm_12_limit(cc):
    course = load_course(cc)
    size = len(worst_case_state(course))
    assert size > 2 * (600 + 1000)  # both reflections, each character a quotation mark (two in JSON)
    lesson = cc / "lessons" / "05-after.md"
    edit(lesson, "max_length: 600", "max_length: 4000")
    warnings = [p for p in problems(cc, strict=True) if "saved progress can reach" in p.message]
    assert warnings and "max_length" in warnings[0].hint and warnings[0].file == lesson


def test_the_four_modules_pair_their_statements_and_keep_within_the_limit():
    from conftest import ROOT
    for folder in sorted((ROOT / "courses").glob("*/course.yaml")):
        course = load_course(folder.parent)
        pairs = [q for q in course.questions if q.type == "confidence" and q.pre]
        assert 3 <= len(pairs) <= 5, folder
        assert any(p.kind == "evaluation" for p in course.pages), folder
        assert len(worst_case_state(course)) <= SCORM12_LIMIT


# -- in the browser, under the test LMS -------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory, site_root):
    course = with_confidence(tmp_path_factory.mktemp("confidence") / "course", rule="pages")
    result = build_course(course, ["scorm12", "scorm2004"], tmp_path_factory.mktemp("confidence-out"))
    return {"key": AnswerKey(course), "urls": {o.format.scorm: unpack(o.target, site_root) for o in result.outputs}}


def go_to(lms, title):
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^" + re.escape(title))).click()
    assert lms.heading() == title


def interactions(lms) -> list[dict]:
    found: dict[int, dict] = {}
    for call in lms.log():
        if call["call"].endswith("SetValue") and call["args"][0].startswith("cmi.interactions."):
            _, _, n, field = call["args"][0].split(".", 3)
            found.setdefault(int(n), {})[field] = call["args"][1]
    return [found[n] for n in sorted(found)]


LONG = ("I will write down what a child says in their own words, straight away, and tell our designated "
        "safeguarding lead the same day.\n\nI will not wait for proof. " * 3) + "Done \U0001F44D" + " end" * 40


def utf16_cut(text: str, units: int) -> str:
    """The text a field of that many UTF-16 units (maxlength, SCORM's lengths) keeps."""
    return text.encode("utf-16-le")[:2 * units].decode("utf-16-le", errors="ignore")


@pytest.mark.e2e
@pytest.mark.parametrize("profile", ["plain", "moodle"])
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_answers_are_reported_the_change_is_shown_and_the_evaluation_is_optional(built, launch, relaunch, scorm, profile):
    lms = launch(built["urls"][scorm], scorm, profile=profile)
    frame = lms.frame
    assert lms.heading() == "Writing a course with coursesmith"
    lms.next()
    before = frame.locator("[data-question='confidence-folder-before']")
    assert before.get_by_text("You will be asked this again near the end").is_visible()
    before.get_by_role("button", name="Save answer").click()
    assert before.get_by_text("Choose a point on the scale, then save your answer.").is_visible()
    before.get_by_role("radio", name="Slightly confident", exact=True).check()
    before.get_by_role("button", name="Save answer").click()
    assert before.get_by_role("status").inner_text() == "Your answer is saved."

    while lms.heading() != "Your confidence now":
        lms.next()
    after = frame.locator("[data-question='confidence-folder-after']")
    after.get_by_role("radio", name="Confident", exact=True).check()
    after.get_by_role("button", name="Save answer").click()
    assert after.get_by_role("status").inner_text() == (
        "Your answer is saved.\n\nBefore the module: Slightly confident (2 of 5). Now: Confident (4 of 5). "
        "That is 2 points higher.")
    reflection = frame.locator("[data-question='reflection-next']")
    hint = reflection.get_by_text("Write as much or as little as you like, up to 600 characters.")
    assert hint.is_visible()
    assert ("keeps the first 255 characters" in hint.inner_text()) == (scorm == "1.2")
    box = reflection.get_by_role("textbox", name="What will you do differently?")
    box.fill(LONG)
    reflection.get_by_role("button", name="Save answer").click()
    assert reflection.get_by_role("status").inner_text() == "Your answer is saved."

    # Every page seen but the evaluation (last): the course is complete (rule: pages).
    while lms.heading() != "Final assessment":
        lms.next()
    status = "cmi.core.lesson_status" if scorm == "1.2" else "cmi.completion_status"
    assert lms.cmi(status) == "completed"
    lms.next()
    assert lms.heading() == "Your feedback on this module"
    assert frame.get_by_text("These questions are optional").is_visible()
    useful = frame.locator("[data-question='evaluation-useful']")
    useful.get_by_role("radio", name="Agree", exact=True).check()
    useful.get_by_role("button", name="Save answer").click()

    sets = interactions(lms)
    assert [i["id"] for i in sets] == ["confidence-folder-before", "confidence-folder-after", "reflection-next",
                                       "evaluation-useful"]
    assert [i["type"] for i in sets] == ["likert", "likert", "fill-in" if scorm == "1.2" else "long-fill-in", "likert"]
    response = "student_response" if scorm == "1.2" else "learner_response"
    assert [i[response] for i in sets[:2]] + [sets[3][response]] == ["2", "4", "4"]
    assert all(i["result"] == "neutral" for i in sets)
    assert all(not any(k.startswith("correct_responses") or k == "weighting" for k in i) for i in sets)
    text = sets[2][response]
    flat = re.sub(r"\s+", " ", LONG).strip()
    if scorm == "1.2":
        assert len(text) == 255 and text.endswith("\u2026") and flat.startswith(text[:-1])
    else:
        assert text == re.sub(r"\s+", " ", utf16_cut(LONG, 600)).strip()
        assert "\n" not in text
    if scorm == "2004":
        assert sets[0]["description"] == "I feel confident laying out a course folder"
    assert lms.api_errors() == []
    assert lms.console_errors == []

    # Back again: the answers and the change are restored from suspend_data.
    lms.exit()
    again = relaunch(lms)
    go_to(again, "Your confidence now")
    after = again.frame.locator("[data-question='confidence-folder-after']")
    assert after.get_by_role("radio", name="Confident", exact=True).is_checked()
    assert "That is 2 points higher." in after.get_by_role("status").inner_text()
    saved = again.frame.locator("[data-question='reflection-next']").get_by_role("textbox").input_value()
    assert saved == utf16_cut(LONG, 600)
    assert again.api_errors() == []


@pytest.mark.e2e
def test_a_lower_rating_and_no_rating_before_are_said_kindly(built, launch):
    lms = launch(built["urls"]["1.2"], "1.2")
    go_to(lms, "Your confidence now")
    after = lms.frame.locator("[data-question='confidence-folder-after']")
    after.get_by_role("radio", name="Fairly confident", exact=True).check()
    after.get_by_role("button", name="Save answer").click()
    assert "You did not answer this at the start of the module" in after.get_by_role("status").inner_text()
    go_to(lms, "Before you start")
    before = lms.frame.locator("[data-question='confidence-folder-before']")
    before.get_by_role("radio", name="Very confident", exact=True).check()
    before.get_by_role("button", name="Save answer").click()
    go_to(lms, "Your confidence now")
    assert "That is 2 points lower. It is common to feel less sure" in after.get_by_role("status").inner_text()
    # The summary a page at the end of the module shows: each statement with the change.
    module = next(f for f in lms.page.frames if f.parent_frame is not None)
    summary = module.evaluate("() => window.coursesmith.confidenceSummary()")
    assert "<h2>How your confidence has changed</h2>" in summary
    assert "I feel confident laying out a course folder" in summary and "2 points lower" in summary
    # ...which the completion page shows the learner.
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^Finish")).click()
    assert lms.heading() == "End of the module"
    page = lms.frame.locator("section[data-page]:not([hidden])")
    change = page.locator("[data-finish-confidence]")
    assert change.get_by_role("heading", name="How your confidence has changed").is_visible()
    assert "I feel confident laying out a course folder" in change.inner_text()
    assert "2 points lower" in change.inner_text()
    assert lms.api_errors() == []


@pytest.mark.e2e
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_the_worst_case_measure_matches_what_the_runtime_saves(built, launch, scorm):
    worst = worst_case_state(built["key"].course)
    location = "cmi.core.lesson_location" if scorm == "1.2" else "cmi.location"
    last = built["key"].course.pages[-1]  # the worst case stands on the last page
    lms = launch(built["urls"][scorm], scorm, {location: last.id, "cmi.suspend_data": worst})
    assert lms.heading() == last.title
    assert not lms.frame.get_by_text("could not be read").is_visible()
    module = next(f for f in lms.page.frames if f.parent_frame is not None)
    assert module.evaluate("() => window.coursesmith.state.serialize()") == worst
    assert lms.api_errors() == []


def test_the_json_schemas_say_the_same():
    """Editors underline what the builder refuses: a bank never holds these types, and a scale
    has two to nine points."""
    import jsonschema
    from builder import json_schema
    question = jsonschema.Draft7Validator(json_schema.question_schema())
    bank = jsonschema.Draft7Validator(json_schema.bank_schema())
    good = {"id": "c", "type": "confidence", "prompt": "I feel sure", "scale": ["Low", "High"], "pre": "b"}
    assert list(question.iter_errors(good)) == []
    assert list(question.iter_errors({**good, "scale": ["Only"]})) != []
    assert list(question.iter_errors({"id": "r", "type": "reflection", "prompt": "Why?", "max_length": 4001})) != []
    assert list(bank.iter_errors({"questions": [good]})) != []
    course = jsonschema.Draft7Validator(json_schema.course_schema())
    evaluation = {"questions": [good]}
    base = {"id": "x", "title": "X", "lessons": ["a.md", "evaluation"]}
    assert list(course.iter_errors({**base, "evaluation": evaluation})) == []
    assert list(course.iter_errors({**base, "evaluation": {"questions": []}})) != []
