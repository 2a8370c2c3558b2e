"""A clear finish (issue 11): the completion page, what is left to do, the record of learning
printed to PDF, and results review that carries each question's case. End to end in Chromium,
in the test LMS under SCORM 1.2 and 2004, and with no LMS (the web format)."""
from __future__ import annotations

import datetime
import json
import re
import shutil
import unicodedata

import pytest
from lxml import html as lxml_html

from builder.build import build_course, validate_course
from builder.loader import load_course
from builder.render import render_course
from conftest import EXAMPLE, edit
from learner import AnswerKey, answer, drawn_questions, plain, take_assessment, unpack
from pdftext import pdf_pages
from test_accessibility import violations

FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}
TARGETS = ["1.2", "2004", "web"]
LMS_NAME = "Okafor, Jordan"  # the test LMS's learner, as Moodle gives a name: "Last, First"
SHOWN_NAME = "Jordan Okafor"
STATUS = {"1.2": "cmi.core.lesson_status", "2004": "cmi.completion_status"}


@pytest.fixture(scope="module")
def key():
    return AnswerKey(EXAMPLE)


class WebLearner:
    """The web format opened straight from a web server: no LMS, progress in the browser."""

    scorm = "web"

    def __init__(self, context, url: str):
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.goto(f"{url}/index.html")
        self.frame = self.page
        self.page.locator("html.js").wait_for(state="attached")

    def heading(self) -> str:
        return self.frame.locator("section[data-page]:not([hidden]) h1").inner_text()

    def next(self):
        self.frame.get_by_role("button", name="Next", exact=True).click()

    def stored(self) -> dict:
        return json.loads(self.page.evaluate("() => localStorage.getItem('coursesmith:example-course')") or "{}")


@pytest.fixture
def open_module(example_build, launch, context, server):
    pages = []

    def _open(target: str, **options):
        if target == "web":
            learner = WebLearner(context, f"{server}{example_build['urls']['web']}")
            pages.append(learner.page)
            return learner
        return launch(example_build["urls"][FORMATS[target]], target, **options)

    yield _open
    for p in pages:
        p.close()


def module_window(learner):
    """The module's own window (a Frame), to run script in it."""
    if learner.scorm == "web":
        return learner.page.main_frame
    return learner.page.locator("#sco").element_handle().content_frame()


def completion_status(learner) -> str:
    """The completion status as set in the LMS (committed or not), or in the web format, as the
    module has it for the browser's storage (written at the next commit or when leaving)."""
    if learner.scorm == "web":
        record = learner.page.evaluate("() => window.coursesmith.lms.record")
        return (record or learner.stored()).get("completion", "")
    return learner.cmi(STATUS[learner.scorm])


def go_to(learner, menu_title: str):
    learner.frame.get_by_role("button", name="Menu").click()
    learner.frame.locator("#course-menu").get_by_role("link", name=re.compile("^" + re.escape(menu_title))).click()


def today_written() -> str:
    d = datetime.date.today()
    return f"{d.day} {d.strftime('%B')} {d.year}"


def finish_page(learner):
    return learner.frame.locator("section.page--completion")


def left_links(panel) -> list[str]:
    return [plain(a.inner_html()) for a in panel.locator(".finish__left-pages a").all()]


def print_record(learner) -> list[str]:
    """Print the record of learning as the learner does (the Print button), to PDF: Chromium's
    print dialog is replaced by the PDF Playwright prints of the same page, in print media."""
    window = module_window(learner)
    window.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    learner.frame.get_by_role("button", name="Print or save as PDF").click()
    assert window.evaluate("() => window.__printed") == 1
    pdf = learner.page.pdf(prefer_css_page_size=True, print_background=True)
    window.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert window.evaluate("() => document.documentElement.classList.contains('print-certificate')") is False
    return [unicodedata.normalize("NFKC", text) for text in pdf_pages(pdf)]


# -- the finish line ------------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.parametrize("target", TARGETS)
def test_everything_done_the_completion_page_shows_what_was_achieved_and_prints_a_record(open_module, relaunch,
                                                                                         key, target):
    learner = open_module(target)
    frame = learner.frame
    course = key.course
    completion = course.pages[-1]
    assert completion.kind == "completion"
    for page in course.pages[1:]:
        learner.next()
        assert learner.heading() == page.title
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(learner, key, correct=True)
            assert "You have passed" in frame.locator("[data-result-summary]").inner_text()
            assert frame.locator("[data-results-left]").is_hidden(), "nothing is left"
            # Complete before the completion page is seen: seeing it is not needed.
            assert completion_status(learner) in ("completed", "passed")

    assert frame.get_by_role("button", name="Next").is_disabled()
    section = finish_page(learner)
    assert section.locator("[data-finish-status]").inner_text() == "You have completed this module."
    assert section.locator("[data-finish-left]").is_hidden()
    assert "Having completed this module, you are able to:" in section.inner_text()
    for outcome in course.learning_outcomes:
        assert section.get_by_text(plain(outcome), exact=True).first.is_visible()
    facts = section.locator("[data-finish-facts]")
    assert facts.locator("[data-finish-fact='score'] dd").inner_text() == "100% (the pass mark is 80%)"
    assert facts.locator("[data-finish-fact='date'] dd").inner_text() == today_written()
    assert re.fullmatch(r"Less than a minute|\d+ minutes?", facts.locator("[data-finish-fact='time'] dd").inner_text())
    leave = section.locator("[data-finish-exit]").inner_text()
    if target == "web":
        assert "kept in this browser" in leave
    else:
        assert "Exit activity in Moodle" in leave

    # The record of learning: the name as the LMS gives it, shown "First Last"; with no LMS,
    # typed by the learner, for the print only.
    name_box = section.get_by_role("textbox", name="Your name, as it should appear on the record")
    if target == "web":
        assert name_box.is_visible()
        name_box.fill("Sam Patel")
        name = "Sam Patel"
    else:
        assert name_box.is_hidden()
        assert SHOWN_NAME in section.locator("[data-certificate-intro]").inner_text()
        name = SHOWN_NAME
    pages = print_record(learner)
    assert len(pages) == 1, "the record is one page"
    text = pages[0]
    lines = text.splitlines()
    for expected in (name, "Record of learning", course.title, f"Version {course.version}",
                     course.branding.organisation, today_written(), "100%",
                     *(plain(o) for o in course.learning_outcomes)):
        assert expected in lines, f"{expected!r} not on the record: {lines}"
    assert "DATE COMPLETED" in lines and "SCORE" in lines, " | ".join(lines)
    for elsewhere in ("Leaving the module", "Next", "Back", "Menu", "Print or save as PDF", course.pages[1].title):
        assert elsewhere not in lines, f"{elsewhere!r} is printed with the record"
    assert learner.console_errors == []

    if target == "web":
        assert completion_status(learner) == "completed"
        learner.page.reload()
        assert learner.stored()["completion"] == "completed"
        # The typed name is never kept.
        assert "Sam Patel" not in learner.page.evaluate("() => JSON.stringify(localStorage)")
        return
    learner.exit()
    tracks = learner.tracks()
    if target == "1.2":
        assert tracks["cmi.core.lesson_status"] == "passed"
    else:
        assert (tracks["cmi.completion_status"], tracks["cmi.success_status"]) == ("completed", "passed")
    assert learner.api_errors() == []
    # The learner's name is read once, at launch, and the LMS asked for an error only after a
    # read that gave nothing.
    get = "LMSGetValue" if target == "1.2" else "GetValue"
    name_key = "cmi.core.student_name" if target == "1.2" else "cmi.learner_name"
    assert [c["args"][0] for c in learner.calls(get)].count(name_key) == 1

    # Back in review: the same record, printed again, and nothing set or committed.
    review = relaunch(learner, mode="review")
    go_to(review, completion.menu_title)
    section = finish_page(review)
    assert section.locator("[data-finish-status]").inner_text() == "You have completed this module."
    assert section.locator("[data-finish-fact='date'] dd").inner_text() == today_written()
    assert "nothing you do now changes your record" in section.locator("[data-finish-exit]").inner_text()
    lines = print_record(review)[0].splitlines()
    assert SHOWN_NAME in lines and today_written() in lines and "100%" in lines
    review.exit()
    calls = {c["call"] for c in review.log()}
    assert calls <= {"LMSInitialize", "LMSGetValue", "LMSGetLastError", "LMSFinish",
                     "Initialize", "GetValue", "GetLastError", "Terminate"}, calls
    assert review.tracks() == tracks


@pytest.mark.e2e
@pytest.mark.parametrize("target, profile", [("1.2", "moodle"), ("2004", "moodle"), ("web", None)],
                         ids=["1.2-moodle", "2004-moodle", "web"])
def test_skipped_pages_and_passed_the_learner_is_told_what_is_left_until_it_is_done(open_module, relaunch, key,
                                                                                    target, profile):
    """Under Moodle's rules: in SCORM 1.2 a score decides the status ("mastery score overrides
    status"), so a pass with pages still to read must not close the attempt."""
    learner = open_module(target, **({"profile": profile} if profile else {}))
    frame = learner.frame
    course = key.course
    skipped = [p for p in course.pages if p.kind == "lesson"]
    go_to(learner, course.assessment.title)
    frame.get_by_role("button", name="Start the assessment").click()
    take_assessment(learner, key, correct=True)
    results = frame.locator("[data-assessment-results]")
    assert "You have passed" in results.locator("[data-result-summary]").inner_text()
    left = results.locator("[data-results-left]")
    assert left.is_visible()
    assert "You have not completed the module yet." in left.inner_text()
    assert "Pages still to read:" in left.inner_text()
    assert left_links(left) == [p.title for p in skipped]
    if target != "web":
        assert violations(learner, "results with pages still to read") == []
    # Passed, but not complete: the LMS is told so, and still holds it so after the learner
    # leaves and comes back, in normal mode, to carry on.
    if target == "1.2":
        assert learner.cmi("cmi.core.lesson_status") == "incomplete"
    elif target == "2004":
        assert (learner.cmi("cmi.completion_status"), learner.cmi("cmi.success_status")) == ("incomplete", "passed")
    assert completion_status(learner) == "incomplete"
    if target == "web":
        learner.page.reload()
        assert learner.stored()["completion"] == "incomplete"
    else:
        learner.exit()
        tracks = learner.tracks()
        assert tracks[STATUS[target]] == "incomplete"
        if target == "1.2":
            assert tracks.get("cmi.core.score.raw", "") == "", "no score to override the status yet"
        learner = relaunch(learner)
        assert learner.cmi("cmi.core.lesson_mode" if target == "1.2" else "cmi.mode") == "normal"
        frame = learner.frame
    assert learner.heading() == course.assessment.title
    assert left_links(frame.locator("[data-results-left]")) == [p.title for p in skipped]

    learner.next()
    section = finish_page(learner)
    assert section.locator("[data-finish-status]").inner_text() == "You have not completed this module yet."
    assert left_links(section.locator("[data-finish-left]")) == [p.title for p in skipped]
    assert section.get_by_role("button", name="Print or save as PDF").is_hidden()
    assert "Once you have completed the module" in section.locator("[data-certificate-intro]").inner_text()
    assert section.locator("[data-finish-fact='date']").is_hidden()
    if target != "web":
        assert violations(learner, "completion page, not complete") == []

    # Each link goes to its page; the list shrinks as the learner reads.
    for n, page in enumerate(skipped):
        assert completion_status(learner) == "incomplete"
        section.locator("[data-finish-left]").get_by_role("link", name=page.title, exact=True).click()
        assert learner.heading() == page.title
        assert frame.locator(f"#title-{page.id}").evaluate("(h) => h === document.activeElement")
        go_to(learner, course.pages[-1].menu_title)
        assert left_links(section.locator("[data-finish-left]")) == [p.title for p in skipped[n + 1:]]
    assert completion_status(learner) in ("completed", "passed")
    assert section.locator("[data-finish-status]").inner_text() == "You have completed this module."
    assert section.locator("[data-finish-left]").is_hidden()
    assert section.get_by_role("button", name="Print or save as PDF").is_visible()
    go_to(learner, course.assessment.title)
    assert frame.locator("[data-results-left]").is_hidden()
    assert learner.console_errors == []
    if target == "web":
        learner.page.reload()  # leaving keeps the progress in this browser
        assert learner.stored()["completion"] == "completed"
        go_to(learner, course.pages[-1].menu_title)
        assert finish_page(learner).locator("[data-finish-status]").inner_text() == "You have completed this module."
    else:
        learner.exit()
        tracks = learner.tracks()
        assert tracks[STATUS[target]] == ("passed" if target == "1.2" else "completed")
        assert tracks["cmi.core.score.raw" if target == "1.2" else "cmi.score.raw"] == "100"
        assert learner.api_errors() == []


@pytest.mark.e2e
def test_an_lms_that_gives_no_name_lets_the_learner_type_it_for_the_print(open_module, key):
    learner = open_module("2004", learner="")
    frame = learner.frame
    for page in key.course.pages[1:]:
        learner.next()
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(learner, key, correct=True)
    box = finish_page(learner).get_by_role("textbox", name="Your name, as it should appear on the record")
    assert box.is_visible()
    box.fill("  Aisha   Khan ")
    assert violations(learner, "completion page, a name to type") == []
    lines = print_record(learner)[0].splitlines()
    assert "Aisha Khan" in lines
    assert learner.api_errors() == []


@pytest.mark.e2e
def test_a_name_not_written_last_comma_first_is_shown_as_the_lms_gives_it(open_module, key):
    learner = open_module("1.2", learner="Jordan Okafor-Smith")
    go_to(learner, key.course.pages[-1].menu_title)
    intro = finish_page(learner).locator("[data-certificate-intro]")
    # Not complete yet: no record to print, and the name is not shown.
    assert "Once you have completed the module" in intro.inner_text()
    window = module_window(learner)
    assert window.evaluate("() => document.querySelector('[data-certificate-name]').textContent") == \
        "Jordan Okafor-Smith"


# -- results review carries each question's case -------------------------------------------

@pytest.fixture(scope="module")
def whole_bank(tmp_path_factory, site_root):
    """The example course with an assessment that draws the whole bank, as the web format."""
    course = tmp_path_factory.mktemp("finish-bank") / "course"
    shutil.copytree(EXAMPLE, course)
    edit(course / "course.yaml", "  topics: {folder: 3, checks: 2, accessibility: 1}\n", "")
    out = tmp_path_factory.mktemp("finish-bank-out")
    result = build_course(course, ["scorm2004"], out)
    return {"key": AnswerKey(course), "url": unpack(result.outputs[0].target, site_root)}


@pytest.mark.e2e
def test_each_reviewed_answer_carries_the_case_it_belongs_to(whole_bank, launch):
    key = whole_bank["key"]
    lms = launch(whole_bank["url"], "2004")
    go_to(lms, key.course.assessment.title)
    lms.frame.get_by_role("button", name="Start the assessment").click()
    ids = drawn_questions(lms.frame)
    with_case = [q for q in ids if key.questions[q].context_html]
    assert with_case, "the bank has a question with a case"
    for qid in ids:
        answer(lms.frame, key, qid, correct=False)
    lms.frame.get_by_role("button", name="Submit answers").click()
    items = lms.frame.locator("[data-review] li")
    assert items.count() == len(ids)
    for n, qid in enumerate(ids):
        q = key.questions[qid]
        item = items.nth(n)
        text = re.sub(r"\s+", " ", item.inner_text())
        assert plain(q.prompt_html) in text
        if q.context_html:
            case = plain(q.context_html)
            assert case in text
            assert text.index(case) < text.index(plain(q.prompt_html)), "the case comes before the question"
            assert item.locator(".review__context").is_visible()
        else:
            assert item.locator(".review__context").count() == 0
    # A copied case brings no second element with the same id.
    assert lms.frame.locator("[data-review] [id]").count() == 0
    assert lms.console_errors == []


# -- the builder: placing the completion page -----------------------------------------------

def test_the_completion_page_ends_the_module_unless_the_course_places_it(course):
    yaml = course / "course.yaml"
    edit(yaml, "  - completion\n", "")
    pages = load_course(course).pages
    assert [p.kind for p in pages][-2:] == ["assessment", "completion"]
    assert (pages[-1].id, pages[-1].title, pages[-1].menu_title) == ("completion", "End of the module", "Finish")

    edit(yaml, "  - lessons/04-summary.md\n", "  - completion\n  - lessons/04-summary.md\n")
    edit(yaml, "completion:\n  rule: both\n", "completion:\n  rule: both\n  title: Well done\n  menu_title: The end\n"
         "  message: |\n    Thank you for working through this sample.\n")
    pages = load_course(course).pages
    assert [p.id for p in pages][-3:] == ["completion", "summary", "assessment"]
    done = next(p for p in pages if p.kind == "completion")
    assert (done.title, done.menu_title) == ("Well done", "The end")
    assert "Thank you for working through this sample." in done.body_html


def test_completion_listed_twice_is_an_error_naming_the_line(course):
    yaml = course / "course.yaml"
    edit(yaml, "  - lessons/04-summary.md\n", "  - completion\n  - lessons/04-summary.md\n")
    result, found = validate_course(course)
    assert result is None
    problem = next(p for p in found.errors if "'completion' is listed twice" in p.message)
    lines = yaml.read_text().splitlines()
    # The second of the two is named.
    assert problem.file == yaml
    assert problem.line == max(i for i, line in enumerate(lines, 1) if line.strip() == "- completion")


def test_the_record_of_learning_can_be_left_out(course):
    edit(course / "course.yaml", "completion:\n  rule: both\n", "completion:\n  rule: both\n  certificate: false\n")
    doc = lxml_html.fromstring(render_course(load_course(course), "1.2")["index.html"])
    section = doc.xpath("//section[@data-page='completion']")[0]
    assert not section.xpath(".//*[@data-certificate]") and not section.xpath(".//*[@data-certificate-tools]")
    assert section.xpath(".//*[@data-finish-status]")


def test_the_record_of_learning_carries_the_course_and_its_organisation(course):
    doc = lxml_html.fromstring(render_course(load_course(course), "1.2")["index.html"])
    sheet = doc.xpath("//section[@data-page='completion']//*[@data-certificate]")[0]
    text = re.sub(r"\s+", " ", sheet.text_content())
    assert "Writing a course with coursesmith" in text and "Version 1.0.0" in text
    assert "Example Safeguarding Partnership" in text
    assert "Describe how a course folder is laid out" in text


def test_the_completion_page_and_the_record_speak_the_course_language(course):
    edit(course / "course.yaml", "language: en-GB", "language: cy")
    loaded = load_course(course)
    assert (loaded.pages[-1].title, loaded.pages[-1].menu_title) == ("Diwedd y modiwl", "Gorffen")
    html = render_course(loaded, "1.2")["index.html"].decode()
    doc = lxml_html.fromstring(html)
    section = re.sub(r"\s+", " ", doc.xpath("//section[@data-page='completion']")[0].text_content())
    for english in ("End of the module", "Learning outcomes", "Leaving the module", "Print or save as PDF",
                    "Record of learning", "Date completed", "Your name"):
        assert english not in section
    assert "Cofnod dysgu" in section and "Argraffu neu gadw fel PDF" in section
    # The runtime gets the strings it uses on that page.
    data = json.loads(doc.xpath("//script[@id='course-data']")[0].text)
    assert data["messages"]["strings"]["finish.complete"] == "Rydych chi wedi cwblhau'r modiwl hwn."
    assert "finish.pages_left" in data["messages"]["strings"]
