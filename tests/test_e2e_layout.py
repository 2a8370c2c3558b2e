"""End to end: a layout that never misleads a tap. Nothing in a page draws above the Back/Next
bar or the header; the bar sits at the foot of the window on a short page; the header stays
compact on a phone and in Moodle's frame; the menu is a side panel on a wide screen; progress
has one meaning and an accessible name; right to left mirrors the layout; motion is optional."""
from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from builder.build import build_course
from conftest import EXAMPLE, ROOT, edit
from learner import LmsSession, unpack
from test_accessibility import violations

pytestmark = pytest.mark.e2e
SIGNS = ROOT / "courses" / "signs-and-indicators"


@pytest.fixture(scope="module")
def signs(tmp_path_factory, site_root):
    """A real module, with a long title and many questions, built for the web and for SCORM 1.2."""
    out = tmp_path_factory.mktemp("signs")
    result = build_course(SIGNS, ["web", "scorm12"], out)
    paths = {o.format.name: o.target for o in result.outputs}
    web = site_root / "pkg" / f"layout-{paths['web'].name}"
    shutil.copytree(paths["web"], web, dirs_exist_ok=True)
    return {"web": f"/pkg/{web.name}", "scorm12": unpack(paths["scorm12"], site_root), "course": result.course}


def open_web(browser, server, url, width, height=667, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}{url}/index.html")
    page.locator("html.js").wait_for(state="attached")
    return context, page, errors


def go_to(page, page_id: str) -> None:
    """Walk to a page with Next, as a learner does."""
    for _ in range(40):
        if page.locator(f"#page-{page_id}").is_visible():
            return
        page.get_by_role("button", name="Next", exact=True).click()
    raise AssertionError(f"Next never reached {page_id}")


GRID = """([selector, columns, rows]) => {
    // Every point of a grid over the element (1 px inside its edges): what a tap there reaches.
    const el = document.querySelector(selector), r = el.getBoundingClientRect();
    const stray = [];
    for (let i = 0; i < columns; i++) for (let j = 0; j < rows; j++) {
        const x = r.left + 1 + (r.width - 2) * i / (columns - 1), y = r.top + 1 + (r.height - 2) * j / (rows - 1);
        const hit = document.elementFromPoint(x, y);
        if (!hit || !el.contains(hit)) stray.push(`${Math.round(x)},${Math.round(y)}: ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}`);
    }
    return stray;
}"""

UNDER_BAR = """() => {
    // Scroll so that the options of the page lie under the bar; return how many do.
    const bar = document.querySelector('.pager').getBoundingClientRect();
    const options = [...document.querySelectorAll('section[data-page]:not([hidden]) .option')].filter(o => o.offsetParent);
    if (!options.length) return 0;
    const first = options[0].getBoundingClientRect();
    window.scrollBy(0, first.top - bar.top - 4);
    const b = document.querySelector('.pager').getBoundingClientRect();
    return options.filter(o => { const r = o.getBoundingClientRect(); return r.bottom > b.top && r.top < b.bottom; }).length;
}"""


@pytest.mark.parametrize("width", [320, 375, 768])
def test_nothing_draws_over_the_back_next_bar_and_a_tap_on_it_never_reaches_an_answer(browser, server, signs, width):
    context, page, errors = open_web(browser, server, signs["web"], width)
    pages_with_options = 0
    for p in signs["course"].pages:
        go_to(page, p.id)
        if p.kind == "assessment":
            page.get_by_role("button", name="Start the assessment").click()
        if not page.evaluate(UNDER_BAR):
            continue
        pages_with_options += 1
        assert page.evaluate(GRID, [".pager", 24, 6]) == [], f"{p.id} at {width}px"
        # A tap on the bar between Back and Next, with an answer right beneath it, ticks nothing.
        bar = page.locator(".pager").bounding_box()
        back = page.get_by_role("button", name="Back", exact=True).bounding_box()
        page.mouse.click(back["x"] + back["width"] + 4, bar["y"] + bar["height"] / 2)
        page.mouse.click(bar["x"] + 2, bar["y"] + 2)
        assert page.locator("section[data-page]:not([hidden]) .option input:checked").count() == 0, p.id
    assert pages_with_options >= 5
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [320, 375, 768])
def test_nothing_draws_over_the_header_even_with_the_menu_open(browser, server, signs, width):
    context, page, errors = open_web(browser, server, signs["web"], width)
    go_to(page, "sexual-behaviour")
    assert page.evaluate(GRID, [".banner", 24, 4]) == []
    page.get_by_role("button", name="Menu").click()
    assert page.evaluate(GRID, [".banner", 24, 4]) == []
    # The header scrolls away with the page (it is not sticky, so it never covers the page).
    assert page.locator(".banner").evaluate("el => getComputedStyle(el).position") != "sticky"
    context.close()


@pytest.mark.parametrize("size", [(375, 667), (768, 1024), (1280, 1400)])
def test_on_a_short_page_the_bar_is_at_the_foot_of_the_window(browser, server, example_build, size):
    width, height = size
    context, page, errors = open_web(browser, server, example_build["urls"]["web"], width, height)
    page.evaluate("() => window.coursesmith.show(window.coursesmith.state.seen.length - 1, false)")  # the shortest
    page.locator("section[data-page]:not([hidden]) h1").evaluate(
        "h => { const s = h.closest('section'); [...s.children].forEach(c => c === h || c.remove()); }")
    metrics = page.evaluate("""() => ({bar: document.querySelector('.pager').getBoundingClientRect().bottom,
        content: document.querySelector('main').getBoundingClientRect().bottom, height: innerHeight,
        scroll: document.documentElement.scrollHeight - innerHeight})""")
    assert metrics["scroll"] <= 0
    assert abs(metrics["bar"] - height) <= 0.5, metrics
    context.close()


def test_in_moodles_frame_the_bar_is_at_the_foot_of_a_short_page(example_build, browser, server):
    context = browser.new_context(viewport={"width": 1024, "height": 1400})
    lms = LmsSession(context, server, example_build["urls"]["scorm12"], "1.2", profile="moodle")
    frame = lms.page.locator("#sco").element_handle().content_frame()
    frame.evaluate("() => { const s = document.querySelector('section[data-page]:not([hidden])');"
                   "[...s.children].forEach(c => c.tagName === 'H1' || c.remove()); }")
    bottom, height = frame.evaluate("() => [document.querySelector('.pager').getBoundingClientRect().bottom, innerHeight]")
    assert abs(bottom - height) <= 0.5
    context.close()


def header_metrics(doc) -> dict:
    return doc.evaluate("""() => {
        const h = document.querySelector('.banner').getBoundingClientRect();
        const title = document.querySelector('.banner__course'), menu = document.querySelector('.menu-toggle');
        const m = menu.getBoundingClientRect(), line = parseFloat(getComputedStyle(title).lineHeight);
        return {height: h.height, viewport: innerHeight, width: innerWidth, titleLines: Math.round(title.getBoundingClientRect().height / line),
                cut: title.scrollWidth > title.clientWidth, menuInView: m.left >= 0 && m.right <= innerWidth && m.bottom <= h.bottom,
                menuHeight: m.height};
    }""")


def test_on_a_phone_the_header_is_one_compact_line_with_the_whole_title_for_screen_readers(browser, server, signs):
    context, page, errors = open_web(browser, server, signs["web"], 375, 667)
    m = header_metrics(page)
    assert m["height"] <= 0.15 * m["viewport"], m
    assert m["titleLines"] == 1 and m["cut"], m  # the long title is cut to one line, with an ellipsis
    assert m["menuInView"] and m["menuHeight"] >= 44
    title = signs["course"].title
    assert page.get_by_role("banner").get_by_text(title, exact=True).count() == 1  # read out whole
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("navigation", name="Course menu").is_visible()
    context.close()


def test_in_moodles_frame_352_px_wide_the_header_is_compact_and_menu_reachable(browser, server, signs):
    context = browser.new_context(viewport={"width": 352, "height": 600})
    lms = LmsSession(context, server, signs["scorm12"], "1.2", profile="moodle")
    frame = lms.page.locator("#sco").element_handle().content_frame()
    m = header_metrics(frame)
    assert m["width"] == 352
    assert m["height"] <= 0.15 * m["viewport"], m
    assert m["titleLines"] == 1 and m["menuInView"], m
    lms.frame.get_by_role("button", name="Menu").click()
    lms.frame.get_by_role("link", name=re.compile("^Hidden abuse")).click()
    assert lms.heading() == next(p.title for p in signs["course"].pages if p.menu_title.startswith("Hidden abuse"))
    context.close()


def test_on_a_wide_screen_the_menu_is_a_side_panel_with_the_pages_read(browser, server, signs):
    context, page, errors = open_web(browser, server, signs["web"], 1280, 800)
    total = len(signs["course"].pages)
    menu = page.get_by_role("navigation", name="Course menu")
    assert menu.is_visible()
    assert page.get_by_role("button", name="Menu").count() == 0  # nothing to open: it is there
    assert menu.bounding_box()["x"] < page.locator("main").bounding_box()["x"]  # beside the page
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).click()
    links = menu.get_by_role("link")
    read = menu.get_by_role("link", name=re.compile(r"\(read\)$"))  # the accessible names say which are read
    assert read.count() == 3
    assert [read.nth(i).get_attribute("data-page-link") for i in range(3)] == [p.id for p in signs["course"].pages[:3]]
    assert menu.get_by_text(f"3 of {total} pages read").is_visible()
    assert links.nth(2).get_attribute("aria-current") == "page"
    # The read ones look read: a tick in a filled mark, not the page's number.
    assert links.nth(0).locator(".menu__marker").evaluate("el => getComputedStyle(el, '::before').content") == '"✓"'
    # A link in the panel goes to its page, and the panel stays.
    menu.get_by_role("link", name=re.compile("^Sexual behaviour")).click()
    assert page.locator("#page-sexual-behaviour").is_visible() and menu.is_visible()
    page.keyboard.press("Escape")
    assert menu.is_visible()
    # Narrower than 1100 px, the Menu button comes back and the panel goes behind it.
    page.set_viewport_size({"width": 1024, "height": 800})
    expect(menu).to_be_hidden()  # the media query's change comes as an event: wait for it
    button = page.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert menu.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(button).to_be_hidden()
    assert menu.is_visible()
    assert errors == []
    context.close()


def test_progress_has_one_meaning_and_an_accessible_name(browser, server, signs):
    context, page, errors = open_web(browser, server, signs["web"], 375, 667)
    total = len(signs["course"].pages)
    bar = page.get_by_role("progressbar", name="Position in the module")
    assert bar.get_attribute("aria-valuetext") == f"Page 1 of {total}"
    for _ in range(2):
        page.get_by_role("button", name="Next", exact=True).click()
    assert bar.get_attribute("aria-valuenow") == "3" and bar.get_attribute("aria-valuemax") == str(total)
    assert bar.get_attribute("aria-valuetext") == f"Page 3 of {total}"
    assert page.get_by_role("navigation", name="Page navigation").get_by_text(f"Page 3 of {total}").is_visible()
    fill = page.locator(".progress-bar__fill").evaluate("el => parseFloat(el.style.width)")  # it grows gently to this
    assert fill == pytest.approx(300 / total, abs=0.01)  # the bar shows the same: the position
    page.get_by_role("button", name="Back", exact=True).click()
    assert bar.get_attribute("aria-valuetext") == f"Page 2 of {total}"
    context.close()


@pytest.mark.parametrize("size", [(1280, 800), (375, 667)])
def test_the_side_panel_cover_and_cards_pass_axe(browser, server, signs, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    lms = LmsSession(context, server, signs["scorm12"], "1.2")
    found = violations(lms, "start")
    if width < 1100:
        lms.frame.get_by_role("button", name="Menu").click()
    for _ in range(6):
        lms.next()
    found += violations(lms, "lesson with the menu")
    assert found == []
    context.close()


def test_right_to_left_mirrors_the_layout_without_sideways_scrolling(browser, server, signs):
    context, page, errors = open_web(browser, server, signs["web"], 320, 667)
    page.evaluate("() => document.documentElement.setAttribute('dir', 'rtl')")
    go_to(page, "acting-on-concerns")
    callout = page.locator("section[data-page]:not([hidden]) .callout").first
    widths = callout.evaluate("el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]")
    assert widths == ["5px", "0px"]  # the callout's rule is on the start side, the right
    back, nxt = (page.get_by_role("button", name=n, exact=True).bounding_box() for n in ("Back", "Next"))
    assert back["x"] > nxt["x"]  # Back on the right, Next on the left
    page.evaluate("() => window.coursesmith.show(0, true)")
    for p in signs["course"].pages:
        go_to(page, p.id)
        assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, p.id
    context.close()


def test_page_changes_move_gently_unless_the_learner_asks_for_less_motion(browser, server, example_build):
    for motion, expected in (("no-preference", "page-in"), ("reduce", "none")):
        context, page, errors = open_web(browser, server, example_build["urls"]["web"], 1024, 768, reduced_motion=motion)
        page.get_by_role("button", name="Next", exact=True).click()
        name = page.locator("section[data-page]:not([hidden])").evaluate("el => getComputedStyle(el).animationName")
        assert name == expected
        context.close()


def test_callouts_carry_their_icon_drawn_in_the_theme(browser, server, signs):
    context, page, errors = open_web(browser, server, signs["web"], 1024, 768)
    icons = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.callout')].map(c =>
        [c.className, getComputedStyle(c.querySelector('.callout__title'), '::before').maskImage]))""")
    kinds = {re.search(r"callout--([\w-]+)", k).group(1) for k in icons}
    assert {"content-note", "key-point", "warning", "support", "note"} <= kinds
    assert all(v.startswith('url("data:image/svg+xml') for v in icons.values()), icons
    assert len(set(icons.values())) == 5  # each kind its own
    context.close()


def test_the_cover_carries_the_partnerships_colour_logo_and_name(course, tmp_path, browser, server, site_root):
    edit(course / "course.yaml", 'colour: "#1d4f91"', 'colour: "#6a1b5a"')
    result = build_course(course, ["web"], tmp_path / "out")
    target = site_root / "pkg" / "cover-test"
    shutil.copytree(result.outputs[0].target, target)
    context, page, errors = open_web(browser, server, "/pkg/cover-test", 1280, 800)
    cover = page.locator(".cover")
    assert cover.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(106, 27, 90)"
    assert cover.get_by_text("Example Safeguarding Partnership").is_visible()
    assert cover.locator("img.cover__logo").is_visible()
    assert cover.locator("img.cover__logo").get_attribute("alt") == ""  # the header's logo names it
    assert page.get_by_role("banner").get_by_role("img", name="Example Safeguarding Partnership").is_visible()
    assert cover.locator("h1").evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    context.close()


def test_on_a_touch_screen_each_quick_tap_on_next_is_a_page(browser, server, signs):
    """The bar stays under the learner's finger: two quick taps there are two pages (a double
    click with a mouse is still one, see test_e2e_faults)."""
    context, page, errors = open_web(browser, server, signs["web"], 375, 667, is_mobile=True, has_touch=True)
    for _ in range(3):
        page.get_by_role("button", name="Next", exact=True).tap()
    assert page.locator("section[data-page]:not([hidden]) h1").inner_text() == signs["course"].pages[3].title
    context.close()
