"""WCAG 2.2 AA, checked by axe-core in every page and state of every course: each page,
knowledge checks answered, scenarios played through, the assessment before, during and
after (with the review), and the menu open."""
from __future__ import annotations

import pytest

from builder.build import build_course
from conftest import EXAMPLE, ROOT
from learner import AnswerKey, answer, play_scenario, take_assessment, unpack

pytestmark = pytest.mark.e2e
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COURSES = [EXAMPLE] + sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))


def violations(lms, state: str) -> list[str]:
    frame = lms.page.locator("#sco").element_handle().content_frame()
    if not frame.evaluate("() => !!window.axe"):
        # From the same origin as the module, which its Content-Security-Policy allows.
        origin = frame.evaluate("() => location.origin")
        frame.add_script_tag(url=f"{origin}/host/node_modules/axe-core/axe.min.js")
    found = frame.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
                           ".violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
                           TAGS)
    return [f"{state}: {v}" for v in found]


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_every_page_and_state_has_no_wcag_violations(course, tmp_path, site_root, launch):
    result = build_course(course, ["scorm12"], tmp_path)
    key = AnswerKey(course)
    lms = launch(unpack(result.outputs[0].target, site_root), "1.2")
    frame = lms.frame
    found: list[str] = []
    frame.get_by_role("button", name="Menu").click()
    found += violations(lms, "menu open")
    frame.get_by_role("button", name="Menu").click()
    for index, page in enumerate(key.course.pages):
        if index:
            lms.next()
        found += violations(lms, page.id)
        for check in page.checks:
            if check.type == "scenario":
                play_scenario(frame, key, check.id, best=False)
            else:
                answer(frame, key, check.id, correct=False)
                button = "Save answer" if check.type in ("confidence", "reflection") else "Check answer"
                frame.locator(f"[data-question='{check.id}']").get_by_role("button", name=button).click()
        if page.checks:
            found += violations(lms, f"{page.id} answered")
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            found += violations(lms, "assessment in progress")
            frame.get_by_role("button", name="Submit answers").click()  # nothing answered: the error
            found += violations(lms, "assessment unanswered")
            take_assessment(lms, key, correct=False)
            found += violations(lms, "assessment results and review")
    assert found == []


def test_the_checker_catches_a_real_violation(example_build, launch):
    """Guards the test above against passing because axe did not run."""
    lms = launch(example_build["urls"]["scorm12"], "1.2")
    frame = lms.page.locator("#sco").element_handle().content_frame()
    frame.evaluate("() => document.querySelector('main section:not([hidden])').insertAdjacentHTML("
                   "'beforeend', '<img src=\"images/folder.svg\">')")
    assert any(v.startswith("broken: image-alt") for v in violations(lms, "broken"))
