"""End to end: the built example course in headless Chromium, inside the test LMS where
scorm-again provides the SCORM API, driven as a learner drives it."""
from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE, AnswerKey, answer, drawn_questions, play_scenario, take_assessment

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


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_learner_reads_every_page_fails_retries_and_passes(example_build, launch, key, scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm)
    k = KEYS[scorm]
    frame = lms.frame
    pages = key.course.pages
    assert lms.heading() == key.course.title
    assert lms.cmi(k["entry"]) in ("ab-initio", "")
    assert frame.get_by_text("Page 1 of %d" % len(pages)).is_visible()

    for index, page in enumerate(pages):
        if index:
            lms.next()
        assert lms.heading() == page.title
        assert lms.cmi(k["location"]) == page.id
        for check in page.checks:
            if check.type == "scenario":
                play_scenario(frame, key, check.id, best=True)
                continue
            form = frame.locator(f"[data-question='{check.id}']")
            answer(frame, key, check.id, correct=False)
            form.get_by_role("button", name="Check answer").click()
            assert form.get_by_role("status").inner_text().startswith("Not quite.")
            answer(frame, key, check.id, correct=True)
            form.get_by_role("button", name="Check answer").click()
            assert form.get_by_role("status").inner_text().startswith("Correct.")
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(lms, key, correct=False)
            summary = frame.locator("[data-result-summary]")
            assert summary.inner_text().startswith("You scored 0% (0 of 6 correct)")
            assert lms.cmi(k["raw"]) == "0"
            if scorm == "1.2":
                assert status(lms) == {"1.2": "failed"}
            else:
                assert status(lms) == {"completion": "incomplete", "success": "failed"}
                assert lms.cmi("cmi.score.scaled") == "0"
            review = frame.locator("[data-review] li")
            assert review.count() == 6
            frame.get_by_role("button", name="Try again").click()
            take_assessment(lms, key, correct=True)
            assert "You have passed" in summary.inner_text()
            assert not frame.get_by_role("button", name="Try again").is_visible()

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
        assert lms.last_set(k["exit"]) == ""
    else:
        assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)", lms.last_set(k["time"]))
        assert lms.last_set(k["exit"]) == "normal"
    init, finish = ("LMSInitialize", "LMSFinish") if scorm == "1.2" else ("Initialize", "Terminate")
    assert len(lms.calls(init)) == 1
    assert len(lms.calls(finish)) == 1
    assert lms.api_errors() == []
    assert lms.console_errors == []
    # Commits come at meaningful moments, not on every value set.
    commits = len(lms.calls("LMSCommit" if scorm == "1.2" else "Commit"))
    sets = len(lms.calls("LMSSetValue" if scorm == "1.2" else "SetValue"))
    assert 0 < commits < sets / 3


def stored_after(lms, scorm) -> dict:
    """What an LMS hands back on the next launch after a suspended session."""
    k = KEYS[scorm]
    data = {k["location"]: lms.cmi(k["location"]), "cmi.suspend_data": lms.cmi("cmi.suspend_data"),
            k["entry"]: "resume"}
    if scorm == "1.2":
        data["cmi.core.lesson_status"] = lms.cmi("cmi.core.lesson_status")
    else:
        data["cmi.completion_status"] = lms.cmi("cmi.completion_status")
    return data


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_relaunch_resumes_on_the_same_page_with_answers_restored(example_build, launch, key, scorm):
    url = example_build["urls"][FORMATS[scorm]]
    k = KEYS[scorm]
    lms = launch(url, scorm)
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
    stored = stored_after(lms, scorm)

    again = launch(url, scorm, stored)
    assert again.heading() == where
    assert again.frame.get_by_text("Welcome back").is_visible()
    again.back()
    form = again.frame.locator(f"[data-question='{check.id}']")
    role = "checkbox" if check.type == "multiple" else "radio"
    for label in key.labels(check.id, correct=True):
        assert form.get_by_role(role, name=label, exact=True).is_checked()
    assert form.get_by_role("status").inner_text().startswith("Correct.")
    assert again.api_errors() == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_relaunch_in_the_middle_of_the_assessment_restores_the_draw_and_answers(example_build, launch, key, scorm):
    url = example_build["urls"][FORMATS[scorm]]
    lms = launch(url, scorm)
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^Final assessment")).click()
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    chosen = next(q for q in ids if key.questions[q].type in ("single", "multiple", "true-false"))
    answer(lms.frame, key, chosen, correct=True)
    lms.exit()
    again = launch(url, scorm, stored_after(lms, scorm))
    assert again.heading() == key.course.assessment.title
    assert drawn_questions(again.frame) == ids
    question = again.frame.locator(f"[data-question='{chosen}']")
    role = "checkbox" if key.questions[chosen].type == "multiple" else "radio"
    for label in key.labels(chosen, correct=True):
        assert question.get_by_role(role, name=label, exact=True).is_checked()


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_review_mode_shows_results_and_changes_nothing(example_build, launch, key, scorm):
    url = example_build["urls"][FORMATS[scorm]]
    k = KEYS[scorm]
    lms = launch(url, scorm)
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^Final assessment")).click()
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=True)
    lms.exit()
    stored = stored_after(lms, scorm)
    stored[k["mode"]] = "review"
    stored[k["raw"]] = lms.cmi(k["raw"])

    review = launch(url, scorm, stored)
    assert review.frame.get_by_text("You are reviewing this module").is_visible()
    assert "Your recorded score is 100%" in review.frame.get_by_role("status").first.inner_text()
    assert review.heading() == key.course.assessment.title
    assert "You have passed" in review.frame.locator("[data-result-summary]").inner_text()
    review.next() if not review.frame.get_by_role("button", name="Next").is_disabled() else review.back()
    review.exit()
    sets = [c["args"][0] for c in review.calls("LMSSetValue" if scorm == "1.2" else "SetValue")]
    assert sets == [k["time"]]  # only the session time, which every session reports
    assert review.api_errors() == []


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
