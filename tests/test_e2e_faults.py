"""End to end: the module with a failing LMS. The test LMS (tests/host) injects faults
(tests/host/faults.js): sets refused, an Initialize that says "already initialized", slow calls;
the tests also leave through the back-forward cache, launch with damaged saved state, and play
a learner who double-clicks, types, and hides the page again and again. The learner must be
told, once and plainly, when their progress could not be saved, and must never lose it."""
from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE
from learner import AnswerKey, answer, drawn_questions, take_assessment

pytestmark = pytest.mark.e2e

FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}
VERSIONS = pytest.mark.parametrize("scorm", ["1.2", "2004"])
LOCATION = {"1.2": "cmi.core.lesson_location", "2004": "cmi.location"}
RAW = {"1.2": "cmi.core.score.raw", "2004": "cmi.score.raw"}
NOT_SAVED = "could not be saved to the learning platform"
NOT_RECORDED = "could not be recorded on the learning platform yet"


@pytest.fixture(scope="module")
def key():
    return AnswerKey(EXAMPLE)


def fn(scorm: str, name: str) -> str:
    names = {"init": ("LMSInitialize", "Initialize"), "get": ("LMSGetValue", "GetValue"),
             "set": ("LMSSetValue", "SetValue"), "commit": ("LMSCommit", "Commit"),
             "finish": ("LMSFinish", "Terminate")}
    return names[name][scorm == "2004"]


def banner(lms):
    return lms.frame.locator("#status-banner")


def count_banner_changes(lms) -> None:
    """From now on, count every change of the notice's text (each would be announced)."""
    lms.frame.locator("#status-banner").evaluate(
        "el => { window.__bannerChanges = 0; new MutationObserver(() => { window.__bannerChanges += 1; })"
        ".observe(el, {childList: true, characterData: true, subtree: true}); }")


def banner_changes(lms) -> int:
    return lms.frame.locator("html").evaluate("() => window.__bannerChanges")


def go_to(lms, title: str) -> None:
    while lms.heading() != title:
        lms.next()


def check_answer(lms, key, qid: str) -> None:
    answer(lms.frame, key, qid, correct=True)
    lms.frame.locator(f"[data-question='{qid}']").get_by_role("button", name="Check answer").click()


def backup(lms) -> dict:
    """What the module kept in this browser's storage (key -> parsed value)."""
    return lms.frame.locator("html").evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, JSON.parse(localStorage.getItem(k))]))")


def fake_visibility(lms) -> None:
    lms.frame.locator("html").evaluate("""() => {
        let state = 'visible';
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
        window.__visibility = s => { state = s; document.dispatchEvent(new Event('visibilitychange')); };
    }""")


def set_visibility(lms, state: str) -> None:
    lms.frame.locator("html").evaluate(f"() => window.__visibility('{state}')")


# -- refused saves ----------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["refuse-all-sets", "refuse-suspend-data"])
@VERSIONS
def test_refused_saves_are_told_once_kept_in_the_browser_and_delivered_at_the_next_launch(
        example_build, launch, relaunch, key, scorm, fault):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle", faults=fault)
    count_banner_changes(lms)
    lesson = next(p for p in key.course.pages if p.checks and p.checks[0].type != "scenario")
    go_to(lms, lesson.title)
    check_answer(lms, key, lesson.checks[0].id)
    notice = banner(lms)
    assert notice.is_visible() and NOT_SAVED in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    go_to(lms, key.course.assessment.title)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=True)
    summary = lms.frame.locator("[data-result-summary]").inner_text()
    assert summary.startswith("You scored 100%")
    if fault == "refuse-all-sets":
        # The score was refused: the learner passed, but the record does not say so yet.
        assert NOT_RECORDED in summary
    else:
        # The score reached the LMS; only the learner's place and answers did not.
        assert NOT_RECORDED not in summary
        assert lms.cmi(RAW[scorm]) == "100"
    # Told once: the notice was written once, not at every commit since.
    assert banner_changes(lms) == 1
    # Every commit retried what was refused.
    assert len([c for c in lms.calls(fn(scorm, "set")) if c["args"][0] == "cmi.suspend_data"]) > 2
    lms.exit()
    kept = [v for k, v in backup(lms).items() if ":unsaved" in k]
    assert kept and kept[0]["record"]["location"] == next(p.id for p in key.course.pages if p.kind == "assessment")
    assert lms.tracks().get("cmi.suspend_data", "") == ""
    assert lms.console_errors == []

    # Next time, the LMS works again: the module carries on from this browser's copy, says so,
    # and delivers it when the learner goes on.
    again = relaunch(lms)
    assert again.heading() == key.course.assessment.title
    assert again.frame.locator("[data-result-summary]").inner_text().startswith("You scored 100%")
    if fault == "refuse-suspend-data" or scorm == "1.2":
        # Moodle opens the attempt in review: it stored it as completed (the result it accepted,
        # or for 1.2 the untouched "not attempted", which LMSFinish makes completed). A review
        # delivers nothing: the module shows the copy, keeps it, and says so.
        assert again.cmi("cmi.core.lesson_mode" if scorm == "1.2" else "cmi.mode") == "review"
        assert "did not reach the learning platform" in banner(again).inner_text()
        again.exit()
        assert [k for k in backup(again) if ":unsaved" in k]
        assert again.tracks() == lms.tracks()
        return
    assert "kept in this browser" in banner(again).inner_text()
    again.back()
    again.next()
    again.exit()
    stored = again.tracks()
    assert stored[RAW[scorm]] == "100"
    assert stored[LOCATION[scorm]] == next(p.id for p in key.course.pages if p.kind == "assessment")
    assert json.loads(stored["cmi.suspend_data"])["a"]["ok"] == 1
    assert again.api_errors() == []
    assert not [k for k in backup(again) if ":unsaved" in k], "a delivered copy is not kept"


@VERSIONS
def test_refused_interactions_are_told_retried_and_the_result_still_recorded(example_build, launch, key, scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle", faults="refuse-interactions")
    count_banner_changes(lms)
    go_to(lms, key.course.assessment.title)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(lms, key, correct=True)
    summary = lms.frame.locator("[data-result-summary]").inner_text()
    assert "You have passed" in summary and NOT_RECORDED not in summary
    assert "answers could not all be sent" in banner(lms).inner_text()
    lms.back()
    lms.next()
    fake_visibility(lms)
    set_visibility(lms, "hidden")  # a commit: the answers are sent again
    tries = [c for c in lms.calls(fn(scorm, "set")) if c["args"][0] == "cmi.interactions.0.id"]
    assert len(tries) >= 2
    assert banner_changes(lms) == 1
    lms.exit()
    assert lms.tracks()[RAW[scorm]] == "100"


# -- back-forward cache ----------------------------------------------------------------------

@VERSIONS
def test_back_forward_cache_resumes_the_session_or_says_it_cannot(example_build, launch, relaunch, key, scorm):
    """Moodle lets a SCORM 1.2 module initialise again after LMSFinish; a SCORM 2004 LMS does
    not after Terminate, so the module keeps the learner's progress here and says so."""
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle")
    lms.next()
    lms.frame.locator("html").evaluate("""() => {
        window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));
        window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
    }""")
    assert len(lms.calls(fn(scorm, "finish"))) == 1
    lms.next()
    lms.next()
    third = key.course.pages[3]
    assert lms.heading() == third.title
    if scorm == "1.2":
        assert len(lms.calls("LMSInitialize")) == 2
        assert lms.cmi(LOCATION[scorm]) == third.id
        assert not banner(lms).is_visible()
    else:
        assert "can no longer be saved to the learning platform" in banner(lms).inner_text()
        kept = [v for k, v in backup(lms).items() if ":unsaved" in k]
        assert kept and kept[0]["record"]["location"] == third.id
    assert lms.console_errors == []
    if scorm == "2004":
        # The next launch carries on from this browser's copy, and delivers it.
        lms.exit()
        again = relaunch(lms)
        assert again.heading() == third.title
        assert "kept in this browser" in banner(again).inner_text()
        again.next()
        again.exit()
        assert again.tracks()[LOCATION[scorm]] == key.course.pages[4].id


# -- no LMS ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_a_scorm_package_without_an_lms_says_progress_stays_in_this_browser(example_build, context, server, fmt):
    page = context.new_page()
    page.goto(f"{server}{example_build['urls'][fmt]}/index.html")
    notice = page.locator("#status-banner")
    assert notice.is_visible()
    assert "will not reach your training record" in notice.inner_text()


@VERSIONS
def test_an_lms_that_refuses_to_start_the_session_is_told_and_the_module_still_works(example_build, launch, key,
                                                                                     scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle", faults="refuse-initialize")
    assert "will not reach your training record" in banner(lms).inner_text()
    lms.next()
    assert lms.heading() == key.course.pages[1].title
    # Nothing more is asked of the LMS (1.2's 101 may be "already initialized": one read tells).
    calls = [c["call"] for c in lms.log() if not c["call"].endswith(("GetLastError", "GetErrorString"))]
    assert calls == [fn(scorm, "init")] + (["LMSGetValue"] if scorm == "1.2" else [])
    assert lms.console_errors == []


def test_the_web_format_stays_quiet_without_an_lms(example_build, context, server):
    page = context.new_page()
    page.goto(f"{server}{example_build['urls']['web']}/index.html")
    page.get_by_role("button", name="Next").click()
    assert page.locator("#status-banner").is_hidden()


# -- damaged saved state -----------------------------------------------------------------------

def state(version: str, **fields) -> str:
    return json.dumps({"v": version, **fields})


DAMAGED = {
    "fractional page": lambda v: state(v, p=1.5, s="11"),
    "page as text": lambda v: state(v, p="2", s="11"),
    "seen with other marks": lambda v: state(v, p=1, s="1x1"),
    # The first check is answered with a number; the true-false one rightly ("1": false).
    "answer not text": lambda v, checks: state(v, p=1, s="11", k={"0": 5, str(checks.index("check-true-false")): "1"}),
    "assessment done without a score": lambda v: state(v, p=1, s="11", a={"n": 1, "r": 5, "st": "d"}),
    "assessment stage unknown": lambda v: state(v, p=1, s="11", a={"n": "x", "r": 1.5, "st": "?"}),
    "not JSON": lambda v: '{"v":"' + v + '","p":1,',
    "a list": lambda v: "[1, 2]",
}


@pytest.mark.parametrize("damage", list(DAMAGED))
@VERSIONS
def test_damaged_saved_state_keeps_what_is_valid_says_so_and_is_not_overwritten_at_launch(
        example_build, launch, key, scorm, damage):
    version = example_build["course"].content_version()
    checks = [q.id for p in key.course.pages for q in p.checks]
    saved = DAMAGED[damage](version, checks) if damage == "answer not text" else DAMAGED[damage](version)
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle",
                 stored={"cmi.suspend_data": saved, ("cmi.core.entry" if scorm == "1.2" else "cmi.entry"): "resume"})
    assert lms.console_errors == []
    heading = lms.heading()
    assert heading in [p.title for p in key.course.pages]
    text = banner(lms).inner_text()
    assert "could not be read" in text
    assert "updated since" not in text
    if damage not in ("not JSON", "a list", "seen with other marks"):
        # What was valid is kept: the pages seen.
        assert lms.frame.locator("#course-menu [data-page-link].is-visited").count() >= 1
    if damage == "answer not text":
        form = lms.frame.locator("[data-question='check-true-false']")
        assert form.locator("[data-feedback]").text_content().startswith("Correct.")
    # Leaving without doing anything leaves the LMS's copy as it was.
    lms.exit()
    assert lms.last_set("cmi.suspend_data") is None
    assert lms.commits() == 0


@VERSIONS
def test_state_saved_for_other_content_is_set_aside_only_once_the_learner_acts(example_build, launch, key, scorm):
    saved = state("00000000", p=2, s="111")
    stored = {"cmi.suspend_data": saved, ("cmi.core.entry" if scorm == "1.2" else "cmi.entry"): "resume",
              LOCATION[scorm]: key.course.pages[2].id}
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle", stored=stored)
    assert "updated since your last visit" in banner(lms).inner_text()
    assert lms.heading() == key.course.pages[2].title
    assert lms.last_set("cmi.suspend_data") is None
    lms.next()
    assert lms.last_set("cmi.suspend_data") not in (None, saved)


# -- a reload: Initialize says "already initialized" ----------------------------------------

@VERSIONS
def test_reloaded_mid_assessment_carries_on_with_the_session_the_lms_still_holds(example_build, launch, relaunch,
                                                                                  key, scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle")
    go_to(lms, key.course.assessment.title)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    chosen = next(q for q in ids if key.questions[q].type in ("single", "multiple", "true-false"))
    answer(lms.frame, key, chosen, correct=True)
    lms.exit()

    again = relaunch(lms, faults="already-initialized")
    assert len(again.calls(fn(scorm, "init"))) == 1
    assert again.heading() == key.course.assessment.title
    assert drawn_questions(again.frame) == ids
    assert not banner(again).is_visible() or NOT_SAVED not in banner(again).inner_text()
    take_assessment(again, key, correct=True)
    again.exit()
    assert again.tracks()[RAW[scorm]] == "100"


# -- a slow LMS --------------------------------------------------------------------------------

@VERSIONS
def test_a_slow_lms_is_read_once_at_launch_and_not_waited_on_at_next(example_build, launch, key, scorm):
    """Every call takes 300 ms. Counts, not timings: the reads at launch, and no round trip on Next."""
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle", slow=300)
    at_launch = lms.log()
    # What the learner's record holds, each element once (with the time spent before, for the
    # completion page).
    assert len([c for c in at_launch if c["call"] == fn(scorm, "get")]) <= 9
    # Two local sets (exit = suspend, status incomplete), no commit.
    assert len([c for c in at_launch if c["call"] == fn(scorm, "set")]) <= 2
    assert not [c for c in at_launch if c["call"] in (fn(scorm, "commit"), fn(scorm, "finish"))]
    for _ in range(3):
        before = len(lms.log())
        lms.next()
        calls = [c["call"] for c in lms.log()[before:]]
        assert set(calls) <= {fn(scorm, "set")}, calls
        assert len(calls) <= 4, calls


# -- the learner's own hands -------------------------------------------------------------------

@VERSIONS
def test_double_clicking_next_moves_one_page(example_build, launch, key, scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm)
    lms.frame.get_by_role("button", name="Next", exact=True).dblclick()
    assert lms.heading() == key.course.pages[1].title
    lms.frame.get_by_role("button", name="Back", exact=True).dblclick()
    assert lms.heading() == key.course.pages[0].title


@VERSIONS
def test_fifty_hide_and_show_cycles_commit_only_what_changed(example_build, launch, key, scorm):
    lms = launch(example_build["urls"][FORMATS[scorm]], scorm, profile="moodle")
    lms.next()
    fake_visibility(lms)
    set_visibility(lms, "hidden")
    set_visibility(lms, "visible")
    assert lms.commits() == 1
    for _ in range(50):
        set_visibility(lms, "hidden")
        set_visibility(lms, "visible")
    assert lms.commits() == 1
    lms.next()
    set_visibility(lms, "hidden")
    assert lms.commits() == 2
    assert lms.tracks()[LOCATION[scorm]] == key.course.pages[2].id


def sets(lms, scorm) -> int:
    return len(lms.calls(fn(scorm, "set")))


@VERSIONS
def test_typing_an_answer_sets_nothing_until_it_is_changed(example_build, launch, key, scorm):
    url = example_build["urls"][FORMATS[scorm]]
    # The knowledge check: nothing is set until the learner checks the answer.
    lms = launch(url, scorm, profile="moodle")
    go_to(lms, "Lessons and knowledge checks")
    check = lms.frame.locator("[data-question='check-short-text']")
    before = sets(lms, scorm)
    check.get_by_role("textbox", name="Your answer").press_sequentially("validate it")
    check.get_by_role("textbox", name="Your answer").press("Tab")
    assert sets(lms, scorm) == before

    # The assessment (six of eight questions are drawn: launch until the short-text one is).
    short = next(q.id for q in key.course.assessment.questions if q.type == "short-text")
    for _ in range(20):
        lms = launch(url, scorm, profile="moodle")
        go_to(lms, key.course.assessment.title)
        lms.frame.get_by_role("button", name="Start the assessment").click()
        if short in drawn_questions(lms.frame):
            break
    box = lms.frame.locator(f"[data-question='{short}']").get_by_role("textbox", name="Your answer")
    before = sets(lms, scorm)
    box.press_sequentially("hello world")  # 11 keys
    assert sets(lms, scorm) == before
    box.press("Tab")  # the answer changed: now the LMS is told
    assert 1 <= sets(lms, scorm) - before <= 2
    assert "hello world" in lms.last_set("cmi.suspend_data")
