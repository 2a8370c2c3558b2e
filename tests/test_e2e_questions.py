"""End to end, issue by issue of the assessment engine: every question type answered right
and wrong by mouse and by keyboard, scenarios, the assessment's draws, interactions read back
from scorm-again in the exact format of each SCORM version, and resume."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from builder.build import build_course
from conftest import EXAMPLE
from learner import AnswerKey, answer, drawn_questions, play_scenario, take_assessment, unpack

pytestmark = pytest.mark.e2e
CHECKS = ["check-where-settings", "check-true-false", "check-matching", "check-ordering", "check-short-text"]


@pytest.fixture(scope="module")
def key():
    return AnswerKey(EXAMPLE)


def open_lesson(lms, title):
    """Go to a page through the course menu, where it is listed by its menu title."""
    page = next(p for p in AnswerKey(EXAMPLE).course.pages if p.title == title)
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^" + re.escape(page.menu_title))).click()
    assert lms.heading() == title


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
@pytest.mark.parametrize("qid", CHECKS)
def test_knowledge_check_right_and_wrong(example_build, launch, key, qid, keyboard):
    lms = launch(example_build["urls"]["scorm12"], "1.2")
    open_lesson(lms, "Lessons and knowledge checks")
    form = lms.frame.locator(f"[data-question='{qid}']")
    check = form.get_by_role("button", name="Check answer")
    status = form.get_by_role("status")
    for correct in (False, True):
        answer(lms.frame, key, qid, correct, keyboard)
        if keyboard:
            check.focus()
            lms.page.keyboard.press("Enter")
        else:
            check.click()
        assert status.inner_text().startswith("Correct." if correct else "Not quite."), status.inner_text()
        if key.questions[qid].type == "multiple" and not correct:
            answer(lms.frame, key, qid, correct=False)  # untick before answering again
    assert lms.console_errors == []


def test_knowledge_check_asks_for_an_answer_before_checking(example_build, launch):
    lms = launch(example_build["urls"]["scorm12"], "1.2")
    open_lesson(lms, "Lessons and knowledge checks")
    form = lms.frame.locator("[data-question='check-matching']")
    form.get_by_role("button", name="Check answer").click()
    assert form.get_by_text("Choose a match for every item").is_visible()
    assert form.get_by_role("status").inner_text() == ""


@pytest.mark.parametrize("keyboard,profile", [(False, "plain"), (True, "moodle")],
                         ids=["mouse-plain", "keyboard-moodle"])
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_scenario_branches_to_a_scored_debrief_and_is_reported(example_build, launch, key, scorm, keyboard, profile):
    """Step ids reach the LMS in a form every LMS takes: Moodle refuses a SCORM 2004
    performance step name with a hyphen, so 'build-it' is reported as 'build_it'."""
    lms = launch(example_build["urls"]["scorm12" if scorm == "1.2" else "scorm2004"], scorm, profile=profile)
    open_lesson(lms, "A case to work through")
    scenario = lms.frame.locator("[data-question='case-publishing']")
    path = play_scenario(lms.frame, key, "case-publishing", best=False, keyboard=keyboard)
    assert scenario.get_by_text("You chose the best response at 0 of 2 decisions.").is_visible()
    assert "It works, but a trial run would have caught it" in scenario.inner_text()
    assert scenario.get_by_role("heading", name="Debrief").is_visible()
    scenario.get_by_role("button", name="Start the case again").click()
    assert not scenario.get_by_role("heading", name="Debrief").is_visible()
    best = play_scenario(lms.frame, key, "case-publishing", best=True, keyboard=keyboard)
    assert scenario.get_by_text("You chose the best response at 2 of 2 decisions.").is_visible()
    sets = interactions(lms)
    assert [i["id"] for i in sets] == ["case-publishing", "case-publishing"]
    assert [i["result"] for i in sets] == (["wrong", "correct"] if scorm == "1.2" else ["incorrect", "correct"])
    assert sets[0]["type"] == "performance"
    response = "student_response" if scorm == "1.2" else "learner_response"
    pair, sep = (".", ",") if scorm == "1.2" else ("[.]", "[,]")
    steps = ["start", "build_it"]
    assert sets[0][response] == sep.join(s + pair + c for s, c in zip(steps, path))
    assert sets[1][response] == sep.join(s + pair + c for s, c in zip(steps, best))
    assert sets[1]["correct_responses.0.pattern"] == sets[1][response]
    assert lms.api_errors() == []


def interactions(lms) -> list[dict]:
    """The interactions the module set in the LMS, as scorm-again accepted them."""
    found: dict[int, dict] = {}
    for call in lms.log():
        if call["call"].endswith("SetValue") and call["args"][0].startswith("cmi.interactions."):
            _, _, n, field = call["args"][0].split(".", 3)
            assert call["error"] == "0", call
            found.setdefault(int(n), {})[field] = call["args"][1]
    return [found[n] for n in sorted(found)]


TOPICS = "  topics: {folder: 3, checks: 2, accessibility: 1}\n"


@pytest.fixture(scope="module")
def whole_bank(tmp_path_factory, site_root):
    """The example course with an assessment that draws the whole bank in order."""
    course = tmp_path_factory.mktemp("bank") / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace(TOPICS, "  questions: 8\n").replace("shuffle: true", "shuffle: false"))
    out = tmp_path_factory.mktemp("bank-out")
    result = build_course(course, ["scorm12", "scorm2004"], out)
    return {"key": AnswerKey(course),
            "urls": {o.format.scorm: unpack(o.target, site_root) for o in result.outputs}}


EXPECTED = {
    "1.2": {
        "folder-settings-file": ("choice", "a", ["a"]),
        "images-need-alt": ("choice", "a", ["a"]),
        "checks-scored": ("choice", "a,c", ["a,c"]),
        "offline-files": ("choice", "a", ["a"]),
        "validate-before-build": ("true-false", "t", ["t"]),
        "match-output-formats": ("matching", "a.0,b.1,c.2", ["a.0,b.1,c.2"]),
        "order-publishing": ("sequencing", "a,b,c", ["a,b,c"]),
        "type-default-format": ("fill-in", "scorm12", ["scorm12", "SCORM 1.2"]),
    },
    "2004": {
        "folder-settings-file": ("choice", "a", ["a"]),
        "images-need-alt": ("choice", "a", ["a"]),
        "checks-scored": ("choice", "a[,]c", ["a[,]c"]),
        "offline-files": ("choice", "a", ["a"]),
        "validate-before-build": ("true-false", "true", ["true"]),
        "match-output-formats": ("matching", "a[.]0[,]b[.]1[,]c[.]2", ["a[.]0[,]b[.]1[,]c[.]2"]),
        "order-publishing": ("sequencing", "a[,]b[,]c", ["a[,]b[,]c"]),
        "type-default-format": ("fill-in", "scorm12", ["{case_matters=false}scorm12",
                                                       "{case_matters=false}SCORM 1.2"]),
    },
}


@pytest.mark.parametrize("profile", ["plain", "moodle"])
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_interactions_are_reported_in_the_exact_format_of_each_version(whole_bank, launch, scorm, profile):
    key = whole_bank["key"]
    lms = launch(whole_bank["urls"][scorm], scorm, profile=profile)
    open_lesson(lms, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    assert ids == [q.id for q in key.course.assessment.questions]
    for qid in ids:
        answer(lms.frame, key, qid, correct=True)
    lms.frame.get_by_role("button", name="Submit answers").click()
    found = interactions(lms)
    assert [i["id"] for i in found] == ids
    response = "student_response" if scorm == "1.2" else "learner_response"
    for record in found:
        kind, given, patterns = EXPECTED[scorm][record["id"]]
        assert record["type"] == kind
        assert record[response] == given
        assert [record[f"correct_responses.{n}.pattern"] for n in range(len(patterns))] == patterns
        assert record["result"] == "correct"
        assert record["weighting"] == "1"
        if scorm == "1.2":
            assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", record["latency"])
            assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", record["time"])
        else:
            assert re.fullmatch(r"PT(\d+H)?(\d+M)?\d+(\.\d+)?S", record["latency"])
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", record["timestamp"])
            assert record["description"] == key.questions[record["id"]].runtime_data()["text"]
    # scorm-again holds them, one per question of the attempt
    count = "cmi.interactions._count"
    assert lms.page.evaluate(f"() => window.lmsApi.{'LMSGetValue' if scorm == '1.2' else 'GetValue'}('{count}')") \
        == str(len(ids))
    assert lms.api_errors() == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_wrong_answers_are_reported_as_wrong(whole_bank, launch, scorm):
    key = whole_bank["key"]
    lms = launch(whole_bank["urls"][scorm], scorm)
    open_lesson(lms, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=False)
    results = {i["id"]: i["result"] for i in interactions(lms)}
    assert set(results.values()) == {"wrong" if scorm == "1.2" else "incorrect"}
    assert lms.api_errors() == []


def test_a_retry_draws_afresh(example_build, launch, key):
    lms = launch(example_build["urls"]["scorm2004"], "2004")
    open_lesson(lms, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    seeds, draws = [], []
    for attempt in range(3):
        draws.append(take_assessment(lms, key, correct=False))
        seeds.append(json.loads(lms.cmi("cmi.suspend_data"))["a"]["r"])
        lms.frame.get_by_role("button", name="Try again").click()
    assert len(set(seeds)) == 3
    assert len({tuple(d) for d in draws}) > 1
    assert json.loads(lms.cmi("cmi.suspend_data"))["a"]["n"] == 3


def test_draw_by_topic_and_fixed_options(tmp_path, site_root, launch):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace(TOPICS, "  topics: {folder: 2, checks: 1}\n"))
    bank = course / "questions" / "assessment.yaml"
    bank.write_text(bank.read_text().replace(
        "      - text: A width in pixels\n", "      - text: A width in pixels\n        fixed: true\n"))
    result = build_course(course, ["scorm12"], tmp_path / "out")
    key = AnswerKey(course)
    url = unpack(result.outputs[0].target, site_root)
    topics = {q.id: q.topic for q in key.course.assessment.questions}
    for _ in range(4):
        lms = launch(url, "1.2")
        open_lesson(lms, "Final assessment")
        lms.frame.get_by_role("button", name="Start the assessment").click()
        drawn = drawn_questions(lms.frame)
        assert sorted(topics[q] for q in drawn) == ["checks", "folder", "folder"]
        lms.page.close()
    fixed = AnswerKey(course).questions["images-need-alt"]
    assert [o.fixed for o in fixed.options] == [False, False, True]


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_resume_in_the_middle_of_the_assessment_restores_every_kind_of_answer(whole_bank, launch, scorm):
    key = whole_bank["key"]
    url = whole_bank["urls"][scorm]
    lms = launch(url, scorm)
    open_lesson(lms, "Final assessment")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    for qid in ids:
        answer(lms.frame, key, qid, correct=True)
    lms.exit()
    k = "cmi.core.lesson_location" if scorm == "1.2" else "cmi.location"
    stored = {k: lms.cmi(k), "cmi.suspend_data": lms.cmi("cmi.suspend_data")}
    again = launch(url, scorm, stored)
    assert drawn_questions(again.frame) == ids
    again.frame.get_by_role("button", name="Submit answers").click()
    assert again.frame.locator("[data-result-summary]").inner_text().startswith("You scored 100%")
    assert again.api_errors() == []


def test_state_saved_for_an_older_version_of_the_course_is_set_aside_cleanly(example_build, launch, key):
    url = example_build["urls"]["scorm12"]
    old = json.dumps({"v": "0ldc0de", "p": 3, "s": "1111", "k": {"0": "zz"}})
    lms = launch(url, "1.2", {"cmi.core.lesson_location": "case", "cmi.suspend_data": old,
                              "cmi.core.lesson_status": "incomplete"})
    assert lms.heading() == "A case to work through"
    assert lms.frame.get_by_text("This module has been updated since your last visit").is_visible()
    assert lms.console_errors == [] and lms.api_errors() == []
    # The LMS keeps what it holds until the learner does something (issue 9); then it is replaced.
    assert lms.cmi("cmi.suspend_data") == old
    lms.next()
    saved = json.loads(lms.cmi("cmi.suspend_data"))
    assert saved["v"] == json.loads(lms.page.evaluate(
        "() => document.getElementById('sco').contentDocument.getElementById('course-data').textContent"))["version"]


def test_a_passed_status_is_never_taken_back(example_build, launch):
    lms = launch(example_build["urls"]["scorm12"], "1.2",
                 {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "100",
                  "cmi.suspend_data": "not json from another tool"})
    lms.next()
    assert lms.cmi("cmi.core.lesson_status") == "passed"
    assert lms.api_errors() == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_the_worst_case_measure_matches_what_the_runtime_saves(example_build, launch, key, scorm):
    """builder/state.py mirrors the runtime's format: the runtime restores its worst case
    and saves exactly the same text back, so the measured size is the real one."""
    from builder.state import worst_case_state
    worst = worst_case_state(key.course)
    last = key.course.pages[-1].id
    location = "cmi.core.lesson_location" if scorm == "1.2" else "cmi.location"
    lms = launch(example_build["urls"]["scorm12" if scorm == "1.2" else "scorm2004"], scorm,
                 {location: last, "cmi.suspend_data": worst})
    assert lms.heading() == key.course.pages[-1].title
    assert not lms.frame.get_by_text("has been updated").is_visible()
    module = next(f for f in lms.page.frames if f.parent_frame is not None)
    assert module.evaluate("() => window.coursesmith.state.serialize()") == worst
    # What the LMS already holds is not sent again.
    assert lms.last_set("cmi.suspend_data") in (None, worst)
    assert lms.api_errors() == []


def variant(tmp_path, site_root, scorm, **replacements):
    """The example course with some of course.yaml rewritten, built and served."""
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    text = yaml.read_text()
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    yaml.write_text(text)
    result = build_course(course, ["scorm12" if scorm == "1.2" else "scorm2004"], tmp_path / "out")
    return AnswerKey(course), unpack(result.outputs[0].target, site_root)


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_attempt_limit(tmp_path, site_root, launch, scorm):
    key, url = variant(tmp_path, site_root, scorm, **{"attempts: 0": "attempts: 2"})
    lms = launch(url, scorm)
    for _ in key.course.pages[1:]:
        lms.next()  # every page seen, to the completion page
    lms.back()  # the assessment comes just before it
    frame = lms.frame
    assert frame.get_by_text("You can make 2 attempts.").is_visible()
    frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=False)
    assert "You have 1 attempt left." in frame.locator("[data-result-summary]").inner_text()
    frame.get_by_role("button", name="Try again").click()
    take_assessment(lms, key, correct=False)
    assert "You have no attempts left." in frame.locator("[data-result-summary]").inner_text()
    assert not frame.get_by_role("button", name="Try again").is_visible()
    if scorm == "1.2":
        assert lms.cmi("cmi.core.lesson_status") == "failed"
    else:  # finished, and failed
        assert (lms.cmi("cmi.completion_status"), lms.cmi("cmi.success_status")) == ("completed", "failed")
    lms.exit()
    assert lms.last_set("cmi.core.exit" if scorm == "1.2" else "cmi.exit") == "suspend"


@pytest.mark.parametrize("profile", ["plain", "moodle"])
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_out_of_attempts_the_fail_is_final_and_review_does_not_offer_a_retry(tmp_path, site_root, launch, relaunch,
                                                                             scorm, profile):
    key, url = variant(tmp_path, site_root, scorm, **{"attempts: 0": "attempts: 1"})
    lms = launch(url, scorm, profile=profile)
    open_lesson(lms, "Final assessment")  # the attempt ends with the fail, seen pages or not
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=False)
    lms.exit()
    record = lms.tracks()
    if scorm == "1.2":
        assert record["cmi.core.lesson_status"] == "failed"
    else:
        assert (record["cmi.completion_status"], record["cmi.success_status"]) == ("completed", "failed")
    assert record["cmi.core.score.raw" if scorm == "1.2" else "cmi.score.raw"] == "0"
    review = relaunch(lms, **({} if profile == "moodle" else {"mode": "review"}))
    summary = review.frame.locator("[data-result-summary]").inner_text()
    assert summary.startswith("You scored 0%")
    assert "try again" not in summary.lower() and "attempt" not in summary
    assert not review.frame.get_by_role("button", name="Try again").is_visible()
    assert review.api_errors() == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_completion_rule_pages(tmp_path, site_root, launch, scorm):
    key, url = variant(tmp_path, site_root, scorm, **{"rule: both": "rule: pages"})
    lms = launch(url, scorm)
    for _ in key.course.pages[1:-1]:
        lms.next()  # every page seen but the completion page, which is not needed
    if scorm == "1.2":
        assert lms.cmi("cmi.core.lesson_status") == "completed"
    else:
        assert (lms.cmi("cmi.completion_status"), lms.cmi("cmi.success_status")) == ("completed", "unknown")
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=False)
    # under this rule a failed assessment does not undo completion; 2004 still reports the fail
    if scorm == "1.2":
        assert lms.cmi("cmi.core.lesson_status") == "completed"
    else:
        assert (lms.cmi("cmi.completion_status"), lms.cmi("cmi.success_status")) == ("completed", "failed")


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_completion_rule_assessment(tmp_path, site_root, launch, scorm):
    key, url = variant(tmp_path, site_root, scorm, **{"rule: both": "rule: assessment"})
    lms = launch(url, scorm)
    open_lesson(lms, "Final assessment")  # straight there, most pages unseen
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=True)
    if scorm == "1.2":
        assert lms.cmi("cmi.core.lesson_status") == "passed"
    else:
        assert (lms.cmi("cmi.completion_status"), lms.cmi("cmi.success_status")) == ("completed", "passed")


def test_knowledge_checks_are_reported_only_when_the_author_asks(tmp_path, site_root, example_build, launch, key):
    qid = "check-where-settings"
    lms = launch(example_build["urls"]["scorm2004"], "2004")
    open_lesson(lms, "Lessons and knowledge checks")
    answer(lms.frame, key, qid, correct=True)
    lms.frame.locator(f"[data-question='{qid}']").get_by_role("button", name="Check answer").click()
    assert interactions(lms) == []

    asked, url = variant(tmp_path, site_root, "2004", **{"knowledge_checks: false": "knowledge_checks: true"})
    lms = launch(url, "2004")
    open_lesson(lms, "Lessons and knowledge checks")
    answer(lms.frame, asked, qid, correct=False)
    lms.frame.locator(f"[data-question='{qid}']").get_by_role("button", name="Check answer").click()
    [record] = interactions(lms)
    assert (record["id"], record["type"], record["result"], record["weighting"]) == (qid, "choice", "incorrect", "0")


def test_every_question_type_fits_a_320_pixel_screen(example_build, browser, server):
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    page.goto(f"{server}{example_build['urls']['web']}/index.html")
    for title in ("Lessons and knowledge checks", "A case to work through"):
        while page.locator("section[data-page]:not([hidden]) h1").inner_text() != title:
            page.get_by_role("button", name="Next").click()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    ctx.close()
