"""End to end: the built example course in headless Chromium, inside the test LMS where
scorm-again provides the SCORM API, driven as a learner drives it."""
from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE
from learner import AnswerKey, answer, drawn_questions, play_scenario, take_assessment

pytestmark = pytest.mark.e2e

FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}
KEYS = {
    "1.2": {"location": "cmi.core.lesson_location", "exit": "cmi.core.exit", "time": "cmi.core.session_time",
            "raw": "cmi.core.score.raw", "min": "cmi.core.score.min", "max": "cmi.core.score.max",
            "entry": "cmi.core.entry", "mode": "cmi.core.lesson_mode"},
    "2004": {"location": "cmi.location", "exit": "cmi.exit", "time": "cmi.session_time",
             "raw": "cmi.score.raw", "min": "cmi.score.min", "max": "cmi.score.max",
             "entry": "cmi.entry", "mode": "cmi.mode"},
}


@pytest.fixture(scope="module")
def key():
    return AnswerKey(EXAMPLE)


def status(lms) -> dict:
    if lms.scorm == "1.2":
        s = lms.cmi("cmi.core.lesson_status")
        return {"1.2": s}
    return {"completion": lms.cmi("cmi.completion_status"), "success": lms.cmi("cmi.success_status")}


VERSIONS = pytest.mark.parametrize("scorm", ["1.2", "2004"])
PROFILES = pytest.mark.parametrize("profile", ["plain", "moodle"])


def finish_call(scorm):
    return "LMSFinish" if scorm == "1.2" else "Terminate"


def read_every_page_to_the_assessment(lms, key):
    """Go through every page to the final assessment (the example course's last page)."""
    while lms.heading() != key.course.assessment.title:
        lms.next()


@PROFILES
@VERSIONS
def test_learner_reads_every_page_fails_retries_and_passes(example_build, launch, key, scorm, profile):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile=profile)
    k = KEYS[scorm]
    frame = lms.frame
    pages = key.course.pages
    assert lms.heading() == key.course.title
    assert lms.cmi(k["entry"]) in ("ab-initio", "")
    assert frame.get_by_text("Page 1 of %d" % len(pages)).is_visible()
    answered = 0

    for index, page in enumerate(pages):
        if index:
            before = lms.commits()
            lms.next()
            assert lms.commits() == before, "a page change must not wait on the LMS"
        assert lms.heading() == page.title
        # Nothing of the record is set at launch, before the learner does something (issue 9).
        assert lms.cmi(k["location"]) == (page.id if index else "")
        for check in page.checks:
            if check.type == "scenario":
                answered += len(play_scenario(frame, key, check.id, best=True))
                continue
            form = frame.locator(f"[data-question='{check.id}']")
            answer(frame, key, check.id, correct=False)
            form.get_by_role("button", name="Check answer").click()
            assert form.get_by_role("status").inner_text().startswith("Not quite.")
            answer(frame, key, check.id, correct=True)
            form.get_by_role("button", name="Check answer").click()
            assert form.get_by_role("status").inner_text().startswith("Correct.")
            answered += 2
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(lms, key, correct=False)
            summary = frame.locator("[data-result-summary]")
            assert summary.inner_text().startswith("You scored 0% (0 of 6 correct)")
            # The learner may try again, so the attempt is not over: no fail, no score yet.
            assert lms.cmi(k["raw"]) == ""
            if scorm == "1.2":
                assert status(lms) == {"1.2": "incomplete"}
            else:
                assert status(lms) == {"completion": "incomplete", "success": "unknown"}
            review = frame.locator("[data-review] li")
            assert review.count() == 6
            frame.get_by_role("button", name="Try again").click()
            take_assessment(lms, key, correct=True)
            assert "You have passed" in summary.inner_text()
            assert not frame.get_by_role("button", name="Try again").is_visible()
            answered += 4  # two starts, two submits

    assert frame.get_by_role("button", name="Next").is_disabled()
    assert lms.cmi(k["raw"]) == "100"
    assert lms.cmi(k["min"]) == "0" and lms.cmi(k["max"]) == "100"
    if scorm == "1.2":
        assert status(lms) == {"1.2": "passed"}
    else:
        assert status(lms) == {"completion": "completed", "success": "passed"}
        assert lms.cmi("cmi.score.scaled") == "1"
    assert lms.cmi("cmi.suspend_data")

    lms.exit()
    if scorm == "1.2":
        assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", lms.last_set(k["time"]))
    else:
        assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)", lms.last_set(k["time"]))
    # Always "suspend", so that the LMS hands the record back for review.
    assert lms.last_set(k["exit"]) == "suspend"
    init = "LMSInitialize" if scorm == "1.2" else "Initialize"
    assert len(lms.calls(init)) == 1
    assert len(lms.calls(finish_call(scorm))) == 1
    assert lms.api_errors() == []
    assert lms.console_errors == []
    # The LMS is asked for an error only after a call that failed or read nothing.
    log = lms.log()
    for before, call in zip(log, log[1:]):
        if call["call"].endswith("GetLastError"):
            assert before["result"] == ("" if before["call"].endswith("GetValue") else "false"), before
    # Commits come when something worth keeping changed: at most one per answer, never per page.
    assert 0 < lms.commits() <= answered + 1
    tracks = lms.tracks()
    assert tracks[k["raw"]] == "100"
    assert tracks["cmi.core.lesson_status" if scorm == "1.2" else "cmi.success_status"] == "passed"


@PROFILES
@VERSIONS
def test_fail_leave_return_retry_and_pass(example_build, launch, relaunch, key, scorm, profile):
    """A learner who fails and leaves comes back on their page, with their result, and can
    try again: under Moodle's rules too, where a stored "failed" would mean review only."""
    k = KEYS[scorm]
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile=profile)
    read_every_page_to_the_assessment(lms, key)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    drawn = take_assessment(lms, key, correct=False)
    lms.exit()
    stored = lms.tracks()
    assert stored.get(k["raw"], "") == ""  # no grade while the learner may still pass
    assert stored["cmi.core.lesson_status" if scorm == "1.2" else "cmi.completion_status"] == "incomplete"

    again = relaunch(lms)
    assert again.cmi(k["mode"]) == "normal"
    assert again.heading() == key.course.assessment.title
    summary = again.frame.locator("[data-result-summary]")
    assert summary.inner_text().startswith("You scored 0%")
    assert again.frame.locator("[data-review] li").count() == len(drawn)
    banner = again.frame.get_by_text("Welcome back")
    assert banner.is_visible()
    again.back()
    assert not banner.is_visible(), "the welcome goes at the next page change"
    again.next()
    again.frame.get_by_role("button", name="Try again").click()
    take_assessment(again, key, correct=True)
    assert "You have passed" in summary.inner_text()
    again.exit()
    final = again.tracks()
    assert final[k["raw"]] == "100"
    if scorm == "1.2":
        assert final["cmi.core.lesson_status"] == "passed"
    else:
        assert (final["cmi.completion_status"], final["cmi.success_status"]) == ("completed", "passed")
    assert again.api_errors() == []
    assert again.console_errors == []


@PROFILES
@VERSIONS
def test_pass_leave_return_in_review_to_your_own_record_unchanged(example_build, launch, relaunch, key, scorm, profile):
    k = KEYS[scorm]
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile=profile)
    lesson = next(p for p in key.course.pages if p.checks and p.checks[0].type != "scenario")
    check = lesson.checks[0]
    while lms.heading() != lesson.title:
        lms.next()
    answer(lms.frame, key, check.id, correct=True)
    lms.frame.locator(f"[data-question='{check.id}']").get_by_role("button", name="Check answer").click()
    read_every_page_to_the_assessment(lms, key)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=True)
    lms.exit()
    record = lms.tracks()
    assert record[k["raw"]] == "100"
    total = record["cmi.core.total_time" if scorm == "1.2" else "cmi.total_time"]
    assert total not in ("", "0000:00:00.00", "PT0H0M0S")

    # Moodle opens a finished attempt in review by itself; a plain LMS when asked.
    review = relaunch(lms, **({} if profile == "moodle" else {"mode": "review"}))
    assert review.cmi(k["mode"]) == "review"
    frame = review.frame
    assert frame.get_by_text("You are reviewing this module").is_visible()
    assert "Your recorded score is 100%" in frame.get_by_role("status").first.inner_text()
    assert review.heading() == key.course.assessment.title
    assert "You have passed" in frame.locator("[data-result-summary]").inner_text()
    assert frame.locator("[data-review] li").count() == key.course.assessment.draw
    while review.heading() != lesson.title:
        review.back()
    form = frame.locator(f"[data-question='{check.id}']")
    role = "checkbox" if check.type == "multiple" else "radio"
    for label in key.labels(check.id, correct=True):
        assert form.get_by_role(role, name=label, exact=True).is_checked()
    assert form.get_by_role("status").inner_text().startswith("Correct.")
    review.exit()
    # A review reads and ends; it sets and commits nothing, and the record stays as it was.
    calls = {c["call"] for c in review.log()}
    assert calls <= {"LMSInitialize", "LMSGetValue", "LMSGetLastError", "LMSFinish",
                     "Initialize", "GetValue", "GetLastError", "Terminate"}, calls
    assert review.tracks() == record
    assert review.api_errors() == []


@VERSIONS
def test_relaunch_resumes_on_the_same_page_with_answers_restored(example_build, launch, relaunch, key, scorm):
    url = example_build["urls"][FORMATS[scorm]]
    k = KEYS[scorm]
    lms = launch(url, scorm, profile="moodle")
    lesson = next(p for p in key.course.pages if p.checks)
    check = lesson.checks[0]
    while lms.heading() != lesson.title:
        lms.next()
    answer(lms.frame, key, check.id, correct=True)
    lms.frame.locator(f"[data-question='{check.id}']").get_by_role("button", name="Check answer").click()
    lms.next()
    where = lms.heading()
    lms.exit()
    assert lms.last_set(k["exit"]) == "suspend"
    assert lms.api_errors() == []

    again = relaunch(lms)
    assert again.cmi(k["entry"]) == "resume"
    assert again.heading() == where
    assert again.frame.get_by_text("Welcome back").is_visible()
    again.back()
    form = again.frame.locator(f"[data-question='{check.id}']")
    role = "checkbox" if check.type == "multiple" else "radio"
    for label in key.labels(check.id, correct=True):
        assert form.get_by_role(role, name=label, exact=True).is_checked()
    assert form.get_by_role("status").inner_text().startswith("Correct.")
    assert again.api_errors() == []


@PROFILES
@VERSIONS
def test_relaunch_in_the_middle_of_the_assessment_restores_the_draw_and_answers(example_build, launch, relaunch, key,
                                                                                 scorm, profile):
    url = example_build["urls"][FORMATS[scorm]]
    lms = launch(url, scorm, profile=profile)
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^Final assessment")).click()
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    chosen = next(q for q in ids if key.questions[q].type in ("single", "multiple", "true-false"))
    answer(lms.frame, key, chosen, correct=True)
    lms.exit()
    again = relaunch(lms)
    assert again.heading() == key.course.assessment.title
    assert drawn_questions(again.frame) == ids
    question = again.frame.locator(f"[data-question='{chosen}']")
    role = "checkbox" if key.questions[chosen].type == "multiple" else "radio"
    for label in key.labels(chosen, correct=True):
        assert question.get_by_role(role, name=label, exact=True).is_checked()


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_in_a_new_window_the_api_is_found_through_the_opener(example_build, context, server, key, scorm):
    host = context.new_page()
    url = example_build["urls"][FORMATS[scorm]]
    host.goto(f"{server}/host/lms.html?scorm={scorm}&display=popup&launch={url}/index.html")
    with host.expect_popup() as popup_info:
        host.get_by_role("button", name="Enter").click()
    popup = popup_info.value
    popup.get_by_role("button", name="Next").click()
    second = key.course.pages[1]
    assert popup.locator("section[data-page]:not([hidden]) h1").inner_text() == second.title
    location = "cmi.core.lesson_location" if scorm == "1.2" else "cmi.location"
    assert host.evaluate(f"() => window.lmsApi.GetValue ? window.lmsApi.GetValue('{location}') "
                         f": window.lmsApi.LMSGetValue('{location}')") == second.id
    popup.close(run_before_unload=True)
    finish = "LMSFinish" if scorm == "1.2" else "Terminate"
    host.wait_for_function(f"() => window.lmsLog.some(c => c.call === '{finish}')")
    errors = host.evaluate("() => window.lmsLog.filter(c => c.error !== '0' && !(c.call.endsWith('GetValue') && c.error === '403'))")
    assert errors == []


@pytest.mark.parametrize("where", ["web server", "disk"])
def test_without_an_lms_the_module_works_and_keeps_progress_in_the_browser(example_build, context, server, key, where):
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    if where == "disk":
        page.goto((example_build["paths"]["web"] / "index.html").as_uri())
    else:
        page.goto(f"{server}{example_build['urls']['web']}/index.html")
    page.get_by_role("button", name="Next").click()
    second = key.course.pages[1].title
    assert page.locator("section[data-page]:not([hidden]) h1").inner_text() == second
    page.reload()
    assert page.locator("section[data-page]:not([hidden]) h1").inner_text() == second
    assert page.get_by_text("Welcome back").is_visible()
    assert errors == []
