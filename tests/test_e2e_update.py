"""A module replaced by a corrected version while learners are part-way through it (issue 12):
state saved by version 1 is restored by version 2, in which one page is added, one knowledge
check edited and one removed, and the assessment bank has a question more. The learner keeps
their place, the pages they saw, their answers to unchanged questions and their scenario, and an
attempt in progress whose drawn questions are unchanged; the edited question is unanswered, the
removed one gone; they are told once."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from builder.build import build_course
from conftest import EXAMPLE, edit
from learner import AnswerKey, answer, drawn_questions, play_scenario, unpack

ZIPS = {"1.2": "scorm12", "2004": "scorm2004"}
NEW_PAGE = """---
title: Sharing a course with another partnership
menu_title: Sharing a course
---
A partnership that wants the course with its own local details builds it again with them.
"""
NEW_BANK_QUESTION = """  - id: zip-to-upload
    topic: folder
    prompt: Which file do you upload to Moodle?
    options:
      - text: The SCORM zip
      - text: course.yaml
    answer: a
"""


def make_version_2(course):
    lessons = course / "lessons"
    (lessons / "01b-sharing.md").write_text(NEW_PAGE)
    edit(course / "course.yaml", "  - lessons/02-lessons-and-checks.md\n",
         "  - lessons/01b-sharing.md\n  - lessons/02-lessons-and-checks.md\n")
    checks = lessons / "02-lessons-and-checks.md"
    # Edited: the stem is reworded, so an answer given to the old wording is not carried over.
    edit(checks, "prompt: Where do you set the pass mark of the final assessment?",
         "prompt: Where is the pass mark of the final assessment set?")
    # Removed: the short-text check.
    text = checks.read_text()
    start = text.index("```question\nid: check-short-text")
    end = text.index("```\n", start + 3) + 4
    checks.write_text(text[:start] + text[end:])
    bank = course / "questions" / "assessment.yaml"
    bank.write_text(bank.read_text() + NEW_BANK_QUESTION)
    # Feedback reworded: the question means the same, so its answers are kept.
    edit(bank, "feedback: Right. Every course folder has one course.yaml.",
         "feedback: Right. Every course folder has exactly one course.yaml.")


@pytest.fixture(scope="module")
def versions(tmp_path_factory, site_root):
    """Version 1 (the example course) and version 2, built in both SCORM versions and served."""
    root = tmp_path_factory.mktemp("update")
    shutil.copytree(EXAMPLE, root / "v1")
    shutil.copytree(EXAMPLE, root / "v2")
    make_version_2(root / "v2")
    urls = {}
    for name in ("v1", "v2"):
        result = build_course(root / name, list(ZIPS.values()), root / f"{name}-out")
        for scorm, fmt in ZIPS.items():
            target = next(o.target for o in result.outputs if o.format.name == fmt)
            urls[name, scorm] = unpack(target, site_root)
    return {"urls": urls, "v1": AnswerKey(root / "v1"), "v2": AnswerKey(root / "v2")}


def open_page(lms, key, title):
    page = next(p for p in key.course.pages if p.title == title)
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^" + re.escape(page.menu_title))).click()
    assert lms.heading() == title


def check(lms, key, qid, correct=True):
    answer(lms.frame, key, qid, correct)
    lms.frame.locator(f"[data-question='{qid}']").get_by_role("button", name="Check answer").click()


def feedback(lms, qid) -> str:
    return lms.frame.locator(f"[data-question='{qid}'] [data-feedback]").text_content().strip()


def visited(lms) -> list[str]:
    links = lms.frame.locator("#course-menu [data-page-link].is-visited")
    return [links.nth(i).get_attribute("data-page-link") for i in range(links.count())]


def banner(lms):
    return lms.frame.locator("#status-banner")


@pytest.mark.parametrize("scorm,profile", [("1.2", "plain"), ("2004", "plain"), ("1.2", "moodle"), ("2004", "moodle")])
def test_progress_saved_by_version_1_carries_over_to_version_2(versions, launch, scorm, profile):
    v1, v2 = versions["v1"], versions["v2"]
    lms = launch(versions["urls"]["v1", scorm], scorm, profile=profile)
    open_page(lms, v1, "Lessons and knowledge checks")
    for qid in ("check-where-settings", "check-true-false", "check-short-text"):
        check(lms, v1, qid)
        assert feedback(lms, qid).startswith("Correct.")
    open_page(lms, v1, "A case to work through")
    path = play_scenario(lms.frame, v1, "case-publishing", best=True)
    seen_before = visited(lms)
    lms.exit()
    assert lms.api_errors() == []

    # The admin replaces the package; the learner comes back with what the LMS stored.
    new = launch(versions["urls"]["v2", scorm], scorm, profile=profile, tracks=lms.tracks())
    assert new.console_errors == []
    assert new.heading() == "A case to work through"
    notice = banner(new).inner_text()
    assert notice.startswith("This module has been updated since your last visit. Your progress has been kept")
    assert "questions that have changed or been removed" in notice
    assert banner(new).get_attribute("role") == "status"
    # The scenario is unchanged: its path is kept, finished.
    scenario = new.frame.locator("[data-question='case-publishing']")
    assert scenario.locator("[data-scenario-end]").is_visible()
    assert next(f for f in new.page.frames if f.parent_frame is not None).evaluate("() => window.coursesmith.state.checks['case-publishing']") == path
    # Pages by id: those seen are still seen; the new page is not.
    assert set(visited(new)) >= set(seen_before)
    assert "sharing" not in " ".join(visited(new))
    open_page(new, v2, "Lessons and knowledge checks")
    assert feedback(new, "check-true-false").startswith("Correct.")
    assert new.frame.get_by_role("radio", name="False", exact=True).is_checked()
    # The edited check is unanswered; the removed one is gone.
    assert feedback(new, "check-where-settings") == ""
    edited = new.frame.locator("[data-question='check-where-settings']")
    assert not any(r.is_checked() for r in edited.get_by_role("radio").all())
    assert new.frame.locator("[data-question='check-short-text']").count() == 0
    # The state was saved in version 2's form at once, so the notice is not given again.
    new.exit()
    assert new.api_errors() == []
    again = launch(versions["urls"]["v2", scorm], scorm, profile=profile, tracks=new.tracks())
    assert "updated" not in banner(again).inner_text()
    assert again.heading() == "Lessons and knowledge checks"
    assert feedback(again, "check-true-false").startswith("Correct.")
    assert feedback(again, "check-where-settings") == ""
    assert again.console_errors == [] and again.api_errors() == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_an_assessment_in_progress_carries_over_when_its_questions_are_unchanged(versions, launch, scorm):
    """The bank has a question more, so the same seed would draw differently: the attempt is
    rebuilt from the bank it was drawn from, over this launch and the next."""
    v1, v2 = versions["v1"], versions["v2"]
    lms = launch(versions["urls"]["v1", scorm], scorm)
    open_page(lms, v1, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    drawn = drawn_questions(lms.frame)
    for qid in drawn[:2]:
        answer(lms.frame, v1, qid, correct=True)
    lms.exit()

    new = launch(versions["urls"]["v2", scorm], scorm, tracks=lms.tracks())
    assert new.heading() == "Final assessment"
    assert banner(new).inner_text() == ("This module has been updated since your last visit. Your progress has "
                                        "been kept. You are on the page where you left off.")
    assert drawn_questions(new.frame) == drawn
    answer(new.frame, v2, drawn[2], correct=True)
    new.exit()
    saved = json.loads(new.cmi("cmi.suspend_data"))
    assert saved["v"] == v2.course.content_version() and saved["a"]["st"] == "p"
    assert len(saved["a"]["d"]) == 3 * len(v1.course.assessment.questions)  # the bank drawn from

    again = launch(versions["urls"]["v2", scorm], scorm, tracks=new.tracks())
    assert drawn_questions(again.frame) == drawn
    for qid in drawn[3:]:
        answer(again.frame, v2, qid, correct=True)
    again.frame.get_by_role("button", name="Submit answers").click()
    # Every answer, from each of the three visits, counted.
    assert again.frame.locator("[data-result-summary]").inner_text().startswith("You scored 100%")
    assert again.console_errors == [] and again.api_errors() == []


def serve_version(course, site_root, out) -> str:
    result = build_course(course, ["scorm12"], out)
    return unpack(result.outputs[0].target, site_root)


def options_shown(lms, qids) -> dict:
    """The order each question's options are shown in."""
    options = "input[type='radio'], input[type='checkbox']"
    return {qid: lms.frame.locator(f"[data-question='{qid}']").locator(options).evaluate_all("els => els.map(e => e.value)")
            for qid in qids}


def start_attempt(tmp_path, site_root, launch):
    """Version 1 (the example course draws by topic, as the real modules do, and fixes an
    option in place): the learner starts the assessment and answers one question."""
    shutil.copytree(EXAMPLE, tmp_path / "v1")
    key = AnswerKey(tmp_path / "v1")
    lms = launch(serve_version(tmp_path / "v1", site_root, tmp_path / "out1"), "1.2")
    open_page(lms, key, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    drawn = drawn_questions(lms.frame)
    shown = options_shown(lms, drawn)
    answer(lms.frame, key, drawn[0], correct=True)
    lms.exit()
    return lms, drawn, shown


def test_an_attempt_drawn_by_topic_is_rebuilt_exactly_when_the_bank_grows(tmp_path, site_root, launch):
    """A question added at the top of the bank moves every other one: the attempt still shows
    the same questions with their options in the same order, and the answer given is kept."""
    lms, drawn, shown = start_attempt(tmp_path, site_root, launch)
    shutil.copytree(tmp_path / "v1", tmp_path / "v2")
    bank = tmp_path / "v2" / "questions" / "assessment.yaml"
    bank.write_text(bank.read_text().replace("questions:\n", "questions:\n" + NEW_BANK_QUESTION, 1))
    v2 = AnswerKey(tmp_path / "v2")
    assert v2.course.assessment.questions[0].id == "zip-to-upload"
    new = launch(serve_version(tmp_path / "v2", site_root, tmp_path / "out2"), "1.2", tracks=lms.tracks())
    assert "has been updated" in banner(new).inner_text()
    assert drawn_questions(new.frame) == drawn
    assert options_shown(new, drawn) == shown
    for qid in drawn[1:]:
        answer(new.frame, v2, qid, correct=True)
    new.frame.get_by_role("button", name="Submit answers").click()
    assert new.frame.locator("[data-result-summary]").inner_text().startswith("You scored 100%")
    # The results are reviewed against the bank the attempt was drawn from, kept with the state.
    saved = json.loads(new.cmi("cmi.suspend_data"))
    assert saved["a"]["st"] == "d" and len(saved["a"]["d"]) == 3 * len(v2.course.assessment.questions[1:])
    assert new.frame.locator("[data-review] .review__item").count() == len(drawn)
    assert new.console_errors == [] and new.api_errors() == []


def test_an_attempt_that_drew_a_changed_question_starts_again_uncounted(tmp_path, site_root, launch):
    lms, drawn, _ = start_attempt(tmp_path, site_root, launch)
    shutil.copytree(tmp_path / "v1", tmp_path / "v2")
    v1 = AnswerKey(tmp_path / "v1")
    prompt = v1.questions[drawn[1]].prompt_html
    bank = tmp_path / "v2" / "questions" / "assessment.yaml"
    words = re.sub(r"<[^>]+>", "", prompt).split()
    old_prompt = next(line for line in bank.read_text().splitlines()
                      if line.strip().startswith("prompt:") and words[0] in line and words[-1] in line)
    edit(bank, old_prompt, old_prompt.rstrip() + " Choose one.")
    new = launch(serve_version(tmp_path / "v2", site_root, tmp_path / "out2"), "1.2", tracks=lms.tracks())
    notice = banner(new).inner_text()
    assert "has been updated" in notice and "questions that have changed or been removed" in notice
    assert new.frame.get_by_role("button", name="Start the assessment").is_visible()
    assert drawn_questions(new.frame) == []
    module = next(f for f in new.page.frames if f.parent_frame is not None)
    assert module.evaluate("() => window.coursesmith.state.assessment.attempts") == 0  # not counted
    new.frame.get_by_role("button", name="Start the assessment").click()
    assert len(drawn_questions(new.frame)) == v1.course.assessment.draw
    assert new.console_errors == [] and new.api_errors() == []
