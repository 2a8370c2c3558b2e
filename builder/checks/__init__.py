"""Content quality checks: a registry of small functions that read a loaded course and report
what an author should look at: answer cues in questions, assessment coverage, acronyms,
reading time, figures and contacts. They run in `validate` and `build`; each finding is a
warning (an error under --strict) with file, line and a hint.

A check can be turned off for one question (`allow: {check-name: reason}` in the question),
one lesson (`allow:` in its front matter) or the whole course (`quality: allow:` in
course.yaml); the reason is required, so the next author knows why. docs/authoring.md
("Writing good questions") explains each check and the item-writing guidance behind it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Callable, Iterator

from ..errors import Problems
from ..model import Course, Page, Question

# Where a check's findings can be turned off: "question" checks by a question's or a lesson's
# own `allow:` too; "course" checks (statistics over the whole course) only in course.yaml.
QUESTION_SCOPE, PAGE_SCOPE, COURSE_SCOPE = "question", "page", "course"


@dataclass(frozen=True)
class Finding:
    file: Path | None
    line: int | None
    message: str
    hint: str = ""
    question: Question | None = None  # its own `allow:` can silence the finding
    page: Page | None = None  # the lesson's front matter `allow:` can silence it


@dataclass(frozen=True)
class Check:
    id: str
    summary: str
    scope: str
    run: Callable[[Course], Iterator[Finding]]


CHECKS: dict[str, Check] = {}


def check(check_id: str, summary: str, scope: str):
    """Register a check function under a stable name."""
    def register(fn):
        CHECKS[check_id] = Check(check_id, summary, scope, fn)
        return fn
    return register


def run_checks(course: Course, problems: Problems) -> None:
    """Run every check the course has not turned off; report each finding as a warning."""
    for item in CHECKS.values():
        if item.id in course.quality_allow:
            continue
        for finding in item.run(course):
            if finding.question is not None and item.id in finding.question.allow:
                continue
            page = finding.page or _page_of(course, finding.question)
            if page is not None and item.id in page.allow:
                continue
            problems.warning(finding.file or course.root / "course.yaml", finding.line,
                             f"{finding.message} [{item.id}]", finding.hint)


def _page_of(course: Course, question: Question | None) -> Page | None:
    if question is None:
        return None
    return next((p for p in course.pages if any(q is question for q in p.checks)), None)


# -- helpers shared by the checks ------------------------------------------------------------

def text_of(html: str) -> str:
    """Plain text of an HTML fragment."""
    html = re.sub(r"</(p|li|h\d|td|th|tr|blockquote|div)>", " . ", html or "")  # blocks end a sentence
    plain = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", re.sub(r"(\s\.)+", " .", plain)).strip()


def prose_of(html: str) -> str:
    """Plain text without code (`course.yaml`, commands), which is not prose a learner reads."""
    return text_of(re.sub(r"<(code|pre)\b[^>]*>.*?</\1>", " ", html or "", flags=re.S))


def words(plain: str) -> list[str]:
    return re.findall(r"\w[\w'’-]*", plain)


def line_in(path: Path | None, needle: str, after: int = 0, word: bool = False) -> int | None:
    """The first line of a source file (after line `after`) that contains `needle` (as a whole
    word if `word`): where a finding in a page or the course settings is reported."""
    if path is None or not needle:
        return None
    if word:
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        found = [n for n, line in enumerate(_lines(path), 1) if n > after and pattern.search(line)]
        return found[0] if found else None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if number > after and needle in line:
            return number
    return None


def question_text(q: Question) -> str:
    """Everything a learner reads in a question, for text checks."""
    parts = [q.context_html, q.prompt_html, q.correct_html, q.incorrect_html]
    parts += [o.html + " " + o.feedback_html for o in q.options]
    parts += [i.html for i in q.items] + [t.html for t in q.targets]
    for step in q.steps:
        parts += [step.html, step.prompt_html] + [c.html + " " + c.consequence_html for c in step.choices]
    parts.append(q.debrief_html)
    return prose_of(" ".join(parts))


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


@dataclass(frozen=True)
class Passage:
    """A piece of the course's text as the learner meets it."""
    file: Path | None
    text: str
    question: Question | None = None
    page: Page | None = None


def reading_order(course: Course) -> Iterator[Passage]:
    """The course's text in the order a learner reads it: the first page (content note and
    learning outcomes), each lesson followed by its knowledge checks, the assessment's
    introduction and its bank."""
    course_file = course.root / "course.yaml"
    yield Passage(course_file, prose_of(course.content_note_html))
    yield Passage(course_file, text_of(" . ".join(course.learning_outcomes)))
    for page in course.pages:
        if page.kind == "start":
            continue  # made from the settings read above
        if page.kind == "assessment":
            yield Passage(course_file, text_of(page.body_html))
            for q in course.assessment.questions if course.assessment else []:
                yield Passage(q.file, question_text(q), q)
            continue
        yield Passage(page.file or course_file, f"{text_of(page.title)} . {prose_of(page.body_html)}", page=page)
        for q in page.checks:
            yield Passage(q.file, question_text(q), q, page)


from . import coverage, questions, text  # noqa: E402,F401  (each registers its checks)
