"""A module in Welsh, taken end to end: every word of the interface comes from the Welsh
catalogue, and no English interface string is left anywhere a learner can meet it."""
from __future__ import annotations

import re
import shutil

import pytest

from builder.build import build_course
from builder.messages import PLACEHOLDER
from builder.themes import THEMES_DIR
from builder.yamlio import parse_yaml, read_text
from conftest import EXAMPLE, edit
from learner import AnswerKey, LmsSession, answer, drawn_questions, play_scenario, unpack


def _patterns(catalogue: dict) -> list[tuple[str, re.Pattern]]:
    """Each English string as a pattern over an element's whole text (words in braces match anything)."""
    found = []
    for key, value in catalogue.items():
        for text in (value.values() if isinstance(value, dict) else [value]):
            text = text.strip()
            if len(text) < 3:
                continue
            parts = PLACEHOLDER.split(text)
            regex = "".join(re.escape(p) if i % 2 == 0 else ".+?" for i, p in enumerate(parts))
            found.append((key, re.compile(rf"^\s*{regex}\s*$", re.S)))
    return found


ENGLISH = _patterns(parse_yaml(read_text(THEMES_DIR / "default" / "messages" / "en-GB.yaml")))

# Every element's own words and the words of its labels: what a learner sees or hears.
TEXTS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script, style, [data-feedback-source], .question__feedback-source')) continue;
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join(' ').trim();
    if (own) out.push(own);
    const whole = el.textContent.trim();
    if (whole && whole.length < 300) out.push(whole);
    for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      const v = el.getAttribute(a);
      if (v && (a !== 'value' || el.tagName === 'BUTTON')) out.push(v);  // not what a learner typed
    }
  }
  return out;
}"""


def english_left(frame_or_page) -> list[str]:
    texts = set(frame_or_page.evaluate(TEXTS))
    return sorted({f"{key}: {text!r}" for text in texts for key, pattern in ENGLISH if pattern.match(text)})


@pytest.fixture(scope="module")
def welsh(tmp_path_factory, site_root):
    course = tmp_path_factory.mktemp("cy") / "course"
    shutil.copytree(EXAMPLE, course)
    edit(course / "course.yaml", "language: en-GB", "language: cy")
    # The course's own words stay English; these two happen to be the English interface's words.
    edit(course / "course.yaml", "  title: Final assessment\n", "")
    edit(course / "lessons" / "03-case.md", "menu_title: Case scenario", "menu_title: A case to work through")
    result = build_course(course, ["scorm12", "scorm2004"], tmp_path_factory.mktemp("cy-out"))
    assert result.problems.items == []
    return {"key": AnswerKey(course), "words": result.course.messages.t,
            "urls": {o.format.scorm: unpack(o.target, site_root) for o in result.outputs}}


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_a_welsh_module_has_no_english_interface_left(welsh, browser, server, scorm):
    key, t = welsh["key"], welsh["words"]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    lms = LmsSession(context, server, welsh["urls"][scorm], scorm)
    frame, sco = lms.frame, lms.page.frames[1]
    left: list[str] = []
    for index, page in enumerate(key.course.pages):
        if index:
            frame.get_by_role("button", name=t("nav.next"), exact=True).click()
        for check in page.checks:
            form = frame.locator(f"[data-question='{check.id}']")
            if check.type == "scenario":
                play_scenario(frame, key, check.id, best=True)
                continue
            if check.type not in ("ordering",):
                form.get_by_role("button", name=t("question.check_answer")).click()  # nothing chosen: the error
            answer(frame, key, check.id, correct=False)
            form.get_by_role("button", name=t("question.check_answer")).click()
        if page.kind == "assessment":
            frame.get_by_role("button", name=t("assessment.start")).click()
            frame.get_by_role("button", name=t("assessment.submit")).click()  # nothing answered: the error
            left += english_left(sco)
            for qid in drawn_questions(frame):
                answer(frame, key, qid, correct=True)
            frame.get_by_role("button", name=t("assessment.submit")).click()
        left += english_left(sco)
    left += english_left(sco)
    assert sorted(set(left)) == []
    assert lms.api_errors() == [] and lms.console_errors == []
    context.close()
