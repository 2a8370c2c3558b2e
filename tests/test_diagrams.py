"""The diagrams of the four modules (issue 11): at least two SVG drawings in each, each placed
with alt text, each a passive, self-describing, responsive drawing whose text stays readable on
a phone, and each fitting a 320 px screen in the built module."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build_course
from builder.sanitise import svg_problem

ROOT = Path(__file__).resolve().parent.parent
COURSES = sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))
SVG = "{http://www.w3.org/2000/svg}"
IMAGE = re.compile(r"!\[([^\]]*)\]\(<?([^)>\s]+\.svg)>?\)")
COLUMN = 288  # the module's text column on a 320 px phone (1rem padding each side)
SMALLEST_TEXT = 14  # px, as rendered in that column


def diagrams(course: Path) -> list[tuple[Path, str, Path]]:
    """(lesson, alt text, drawing) for every SVG picture the course's lessons place."""
    found = []
    for lesson in sorted((course / "lessons").glob("*.md")):
        for alt, src in IMAGE.findall(lesson.read_text(encoding="utf-8")):
            found.append((lesson, alt.strip(), (lesson.parent / src).resolve()))
    return found


def viewbox(svg: Path) -> list[str]:
    return etree.fromstring(svg.read_bytes()).get("viewBox", "").replace(",", " ").split()


def test_there_are_four_modules():
    assert len(COURSES) == 4


@pytest.mark.parametrize("course", COURSES, ids=[c.name for c in COURSES])
def test_each_module_places_at_least_two_diagrams_with_alt_text(course):
    placed = diagrams(course)
    assert len({svg for _, _, svg in placed}) >= 2, f"{course.name} has fewer than two diagrams"
    for lesson, alt, svg in placed:
        assert svg.is_file() and svg.parent == course / "images", f"{lesson.name}: {svg} is not in images/"
        assert len(alt.split()) >= 8, f"{lesson.name}: the alt text of {svg.name} does not say what it shows"


@pytest.mark.parametrize("course", COURSES, ids=[c.name for c in COURSES])
def test_each_diagram_is_passive_described_responsive_and_readable(course):
    for lesson, _, svg in diagrams(course):
        data = svg.read_bytes()
        assert svg_problem(data) is None, svg.name
        root = etree.fromstring(data)
        assert root.get("role") == "img", svg.name
        for part in ("title", "desc"):
            element = root.find(SVG + part)
            assert element is not None and (element.text or "").strip(), f"{svg.name} has no <{part}>"
        assert root.get("width") is None and root.get("height") is None, f"{svg.name} has a fixed size"
        _, _, vb_width, vb_height = (float(n) for n in viewbox(svg))
        assert 0 < vb_width <= vb_height, f"{svg.name}: draw it narrow and tall, for a phone"
        scale = COLUMN / vb_width
        texts = list(root.iter(SVG + "text"))
        assert texts, f"{svg.name} keeps its words as text"
        for text in texts:
            size = float(text.get("font-size", "16"))
            assert size * scale >= SMALLEST_TEXT, f"{svg.name}: '{' '.join(text.itertext())}' is too small on a phone"


def test_every_word_of_every_diagram_is_inside_its_drawing(browser):
    """Text measured by the browser, so a line too long for its drawing is caught."""
    page = browser.new_page()
    for svg in sorted({svg for course in COURSES for _, _, svg in diagrams(course)}):
        page.goto(svg.as_uri())
        outside = page.evaluate("""() => {
            const vb = document.documentElement.viewBox.baseVal;
            return [...document.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()])
                .filter(([, b]) => b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width
                                   || b.y + b.height > vb.y + vb.height)
                .map(([s]) => s);
        }""")
        assert outside == [], f"{svg.name}: text outside the drawing: {outside}"
    page.close()


def test_in_the_built_modules_every_diagram_fits_a_320_pixel_screen(browser, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for course in COURSES:
        result = build_course(course, ["web"], tmp_path / course.name)
        [output] = result.outputs
        page.goto((output.target / "index.html").as_uri())
        expected = {svg.name for _, _, svg in diagrams(course)}
        seen = set()
        for index in range(len(result.course.pages)):
            if index:
                page.get_by_role("button", name="Next").click()
            shown = page.locator("section[data-page]:not([hidden]) img[src$='.svg']")
            for i in range(shown.count()):
                image = shown.nth(i)
                image.scroll_into_view_if_needed()
                image.evaluate("img => img.decode()")
                box = image.bounding_box()
                name = image.get_attribute("src").rsplit("/", 1)[-1]
                assert image.evaluate("img => img.naturalWidth") > 0, f"{name} did not load"
                assert box["x"] >= 0 and box["x"] + box["width"] <= 320, f"{name} is wider than the screen"
                assert box["width"] >= COLUMN - 1, f"{name} does not use the phone's column"
                _, _, vb_width, vb_height = (float(n) for n in viewbox(course / "images" / name))
                assert abs(box["height"] / box["width"] - vb_height / vb_width) < 0.02, f"{name} is stretched"
                seen.add(name)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert seen == expected, f"{course.name}: diagrams not shown: {expected - seen}"
    context.close()
