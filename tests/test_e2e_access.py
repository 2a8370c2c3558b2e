"""End to end: offline, keyboard alone, a phone with touch, print, and Moodle's displays."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import EXAMPLE
from learner import AnswerKey, LmsSession, take_assessment

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def key():
    return AnswerKey(EXAMPLE)


def test_nothing_is_fetched_from_outside_the_package(example_build, browser, server, key):
    """Block every request that leaves the package (and the test LMS), and count them."""
    context = browser.new_context()
    package = example_build["urls"]["scorm12"]
    outside: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(f"{server}{package}/") or url.startswith(f"{server}/host/") or url.startswith("data:"):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    lms = LmsSession(context, server, package, "1.2")
    for page in key.course.pages[1:]:
        lms.next()
        if page.kind == "assessment":
            lms.frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(lms, key, correct=True)
    lms.exit()
    assert outside == []
    assert lms.console_errors == []
    context.close()


def test_the_page_sets_a_content_security_policy(example_build):
    html = (example_build["paths"]["web"] / "index.html").read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def focused(lms) -> str:
    return lms.frame.locator(":focus").evaluate("el => el.outerHTML.slice(0, 120)")


def tab_to(lms, locator, limit: int = 150) -> None:
    """Press Tab (only Tab) until the control has focus, as a keyboard user does."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        lms.page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}; focus is on {focused(lms)}")


def focus_is_visible(locator) -> bool:
    return locator.evaluate("""el => { const s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; }""")


def keys_to_radio(lms, group, label: str) -> None:
    radios = group.get_by_role("radio")
    tab_to(lms, radios.first)
    target = group.get_by_role("radio", name=label, exact=True)
    for _ in range(radios.count()):
        if target.evaluate("el => el === document.activeElement"):
            break
        lms.page.keyboard.press("ArrowDown")
    lms.page.keyboard.press("Space")
    assert target.is_checked()


def answer_by_tab(lms, key, qid: str) -> None:
    """Answer a question right with Tab, arrow keys, Space and Enter only."""
    from learner import plain
    q = key.questions[qid]
    el = lms.frame.locator(f"[data-question='{qid}']")
    if q.type in ("single", "true-false"):
        keys_to_radio(lms, el, key.labels(qid, True)[0])
    elif q.type == "multiple":
        for label in key.labels(qid, True):
            tab_to(lms, el.get_by_role("checkbox", name=label, exact=True))
            lms.page.keyboard.press("Space")
    elif q.type == "matching":
        for item in q.items:
            select = el.get_by_role("combobox", name=plain(item.html), exact=True)
            tab_to(lms, select)
            for _ in range(len(q.targets) + 1):
                if select.input_value() == q.matches[item.id]:
                    break
                lms.page.keyboard.press("ArrowDown")
    elif q.type == "ordering":
        labels = {i.id: plain(i.html) for i in q.items}
        for position, item_id in enumerate(q.answer):
            while [li.get_attribute("data-item") for li in el.locator("[data-item]").all()].index(item_id) > position:
                button = el.get_by_role("button", name=f"Move up: {labels[item_id]}", exact=True)
                tab_to(lms, button)
                lms.page.keyboard.press("Enter")
                assert button.evaluate("el => el === document.activeElement")  # focus stays with the item
    elif q.type == "short-text":
        tab_to(lms, el.get_by_role("textbox", name="Your answer"))
        lms.page.keyboard.type(q.accept[0])


@pytest.mark.parametrize("scorm", ["1.2"])
def test_a_whole_course_with_the_keyboard_alone(example_build, launch, key, scorm):
    from learner import plain
    lms = launch(example_build["urls"]["scorm12"], scorm)
    frame = lms.frame
    skip = frame.get_by_role("link", name="Skip to content")
    tab_to(lms, skip)
    assert skip.is_visible()  # the skip link shows when it has focus
    lms.page.keyboard.press("Enter")
    assert frame.locator("h1:focus").count() == 1
    for index, page in enumerate(key.course.pages):
        if index:
            next_button = frame.get_by_role("button", name="Next", exact=True)
            tab_to(lms, next_button)
            assert focus_is_visible(next_button)
            lms.page.keyboard.press("Enter")
            assert frame.locator("h1:focus").inner_text() == page.title  # focus moves to the new heading
        for check in page.checks:
            q = frame.locator(f"[data-question='{check.id}']")
            if check.type == "scenario":
                steps = {s.id: s for s in check.steps}
                step = check.steps[0]
                while step:
                    choice = next(c for c in step.choices if c.best)
                    block = q.locator(f"[data-step='{step.id}']")
                    keys_to_radio(lms, block, plain(choice.html))
                    tab_to(lms, block.get_by_role("button", name="Decide"))
                    lms.page.keyboard.press("Enter")
                    step = steps.get(choice.next) if choice.next else None
                continue
            answer_by_tab(lms, key, check.id)
            tab_to(lms, q.get_by_role("button", name="Check answer"))
            lms.page.keyboard.press("Enter")
            assert q.get_by_role("status").inner_text().startswith("Correct."), check.id
        if page.kind == "assessment":
            tab_to(lms, frame.get_by_role("button", name="Start the assessment"))
            lms.page.keyboard.press("Enter")
            from learner import drawn_questions
            for qid in drawn_questions(frame):
                answer_by_tab(lms, key, qid)
            tab_to(lms, frame.get_by_role("button", name="Submit answers"))
            lms.page.keyboard.press("Enter")
            assert frame.locator("h2:focus").inner_text() == "Your result"
            assert "You have passed" in frame.locator("[data-result-summary]").inner_text()
    lms.exit()
    assert lms.cmi("cmi.core.lesson_status") == "passed"


def test_menu_opens_and_closes_by_keyboard_and_returns_focus(example_build, launch, key):
    lms = launch(example_build["urls"]["scorm12"], "1.2")
    menu_button = lms.frame.get_by_role("button", name="Menu")
    tab_to(lms, menu_button)
    lms.page.keyboard.press("Enter")
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert lms.frame.get_by_role("navigation", name="Course menu").is_visible()
    lms.page.keyboard.press("Escape")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert menu_button.evaluate("el => el === document.activeElement")


def test_on_a_phone_with_touch_the_scorm12_module_completes(example_build, browser, server, key):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    lms = LmsSession(context, server, example_build["urls"]["scorm12"], "1.2")
    frame = lms.frame
    for index, page in enumerate(key.course.pages):
        if index:
            # A learner reads before the next tap: two taps within the double-tap time count as
            # a double tap, which the module takes as one (so a double tap never skips a page).
            lms.page.wait_for_timeout(600)
            frame.get_by_role("button", name="Next", exact=True).tap()
            expect(frame.locator("section[data-page]:not([hidden]) h1")).to_have_text(page.title)
        assert lms.page.locator("#sco").evaluate(
            "f => f.contentDocument.documentElement.scrollWidth <= f.contentDocument.documentElement.clientWidth")
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").tap()
            from learner import answer, drawn_questions
            for qid in drawn_questions(frame):
                answer(frame, key, qid, correct=True)
            frame.get_by_role("button", name="Submit answers").tap()
    lms.exit()
    assert lms.cmi("cmi.core.lesson_status") == "passed"
    assert lms.api_errors() == [] and lms.console_errors == []
    context.close()


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_reflow_at_common_widths_and_200_percent_text(example_build, browser, server, key, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(f"{server}{example_build['urls']['web']}/index.html")
    if width >= 640:  # text at 200%, as a browser's text-size setting gives it (CSSOM, which the CSP allows)
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    for index in range(len(key.course.pages)):
        if index:
            page.get_by_role("button", name="Next").click()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"page {index} scrolls sideways by {overflow}px at {width}px"
    small = page.evaluate("""() => [...document.querySelectorAll('button, a, input, select, summary')]
        .filter(el => el.offsetParent && !el.closest('.visually-hidden, .skip-link'))
        .map(el => el.getBoundingClientRect()).filter(r => r.width > 0 && (r.width < 24 || r.height < 24)).length""")
    assert small == 0
    context.close()


def test_print_gives_every_page_in_order_expanded_without_navigation(example_build, browser, server, key):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}{example_build['urls']['web']}/index.html")
    page.emulate_media(media="print")
    headings = page.locator("section[data-page] h1")
    assert [headings.nth(i).inner_text() for i in range(headings.count()) if headings.nth(i).is_visible()] == \
        [p.title for p in key.course.pages]
    for chrome in ("[data-action='next']", ".menu", ".menu-toggle", ".progress-bar"):
        assert not page.locator(chrome).first.is_visible()
    body = page.locator(".accordion__body").first
    assert body.is_visible() and "alt text" in body.inner_text()
    assert len(page.pdf()) > 1000
    context.close()


@pytest.mark.parametrize("size", [(1024, 600), (768, 1024), (375, 667)])
def test_in_moodles_frame_at_common_sizes_nothing_is_cut_off_or_double_scrolled(example_build, browser, server, key, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    lms = LmsSession(context, server, example_build["urls"]["scorm12"], "1.2")
    for index in range(len(key.course.pages)):
        if index:
            lms.next()
        metrics = lms.page.locator("#sco").evaluate("""f => {
            const d = f.contentDocument, w = f.contentWindow, root = d.documentElement;
            const pager = d.querySelector('.pager').getBoundingClientRect();
            const inner = [...d.querySelectorAll('body *')].filter(el => {
                const s = w.getComputedStyle(el);
                return /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
            }).length;
            return {sideways: root.scrollWidth - root.clientWidth, pagerBottom: pager.bottom,
                    frameHeight: w.innerHeight, innerScrollers: inner,
                    hostScroll: document.documentElement.scrollHeight - window.innerHeight};
        }""")
        assert metrics["sideways"] <= 0
        assert metrics["innerScrollers"] == 0  # only the page itself scrolls
        assert metrics["pagerBottom"] <= metrics["frameHeight"] + 1  # Back and Next always in view
        assert metrics["hostScroll"] <= 0
    context.close()


def test_landmarks_one_h1_and_headings_in_order(example_build, launch, key):
    lms = launch(example_build["urls"]["scorm12"], "1.2")
    frame = lms.frame
    assert frame.get_by_role("banner").count() == 1
    assert frame.get_by_role("main").count() == 1
    assert frame.get_by_role("navigation", name="Page navigation").count() == 1
    for index in range(len(key.course.pages)):
        if index:
            lms.next()
        levels = frame.locator("main > section[data-page]:not([hidden])").evaluate(
            "s => [...s.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent).map(h => +h.tagName[1])")
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
