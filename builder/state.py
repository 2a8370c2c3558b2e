"""What a learner's saved state depends on, and the largest it can be.

The content map: a short fingerprint of each page (its id), each knowledge check and scenario,
and each assessment question (its id, type, stem, options or steps, and key; not its
feedback), and of the assessment's draw settings. The module saves the map with the learner's
state, so that a later version of the course can tell which saved answers still mean the same
thing (see themes/default/js/state.js `migrate`) and `coursesmith diff` can say so to an admin.

The largest suspend_data a course's runtime can save, for the 4,096-character limit of SCORM
1.2. This mirrors the format of themes/default/js/state.js; a browser test checks the mirror
against the runtime, so the two cannot drift apart unnoticed."""
from __future__ import annotations

import hashlib
import json

from .model import Course, Question

SCORM12_LIMIT = 4096
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
LARGEST_SEED = 2147483647  # the runtime's seeds are below 2**31
ATTEMPTS_BOUND = 999  # with no limit set, a bound no learner reaches


PAGE_FP = 4  # characters of a page's fingerprint
QUESTION_FP = 5  # characters of a question's fingerprint (one chance in 60 million of a clash)
CONFIG_FP = 4


def _b36(text: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    out = ""
    for _ in range(length):
        number, digit = divmod(number, 36)
        out += B36[digit]
    return out


def page_fingerprint(page_id: str) -> str:
    return _b36("page:" + page_id, PAGE_FP)


def question_shape(q: Question) -> dict:
    """What a learner's answer to the question depends on: any change here is a changed
    question, whose saved answer is never carried to the new version. Feedback is left out:
    rewording it does not change what an answer means."""
    opt = lambda o: [o.id, o.html, o.fixed]  # noqa: E731
    return {
        "id": q.id, "type": q.type, "context": q.context_html, "prompt": q.prompt_html,
        "options": [opt(o) for o in q.options], "answer": q.answer,
        "items": [opt(o) for o in q.items], "targets": [opt(o) for o in q.targets],
        "matches": q.matches, "accept": q.accept, "case": q.case_sensitive, "space": q.whitespace,
        "max": q.max_length, "scored": q.scored, "scale": q.scale,
        "steps": [[s.id, s.html, s.prompt_html, [[c.id, c.html, c.next, c.best] for c in s.choices]]
                  for s in q.steps],
    }


def question_fingerprint(q: Question) -> str:
    return _b36(json.dumps(question_shape(q), sort_keys=True, ensure_ascii=False), QUESTION_FP)


def _topics(course: Course) -> list[str]:
    a = course.assessment
    return sorted(a.topics) if a and a.topics else []


def _topic_mark(q: Question, topics: list[str]) -> str:
    """The place of the question's topic among those the assessment draws from; "-" if none
    (no topics, or a topic the draw leaves out)."""
    at = topics.index(q.topic) if q.topic in topics else -1
    return B36[at] if 0 <= at < len(B36) else "-"  # past 36 topics the runtime does not carry an attempt


def content_map(course: Course) -> str:
    """pages "." checks "." bank "." draw settings: each page 4 characters, each check or
    scenario 5, each bank question 5 and its topic's place among the sorted topics drawn
    from (1, see `_topic_mark`), then 4 for how the assessment draws ("" with no assessment)."""
    pages = "".join(page_fingerprint(p.id) for p in course.pages)
    checks = "".join(question_fingerprint(q) for p in course.pages for q in p.checks)
    a = course.assessment
    topics = _topics(course)
    bank = config = ""
    if a is not None:
        bank = "".join(question_fingerprint(q) + _topic_mark(q, topics) for q in a.questions)
        config = _b36(json.dumps([a.draw, a.shuffle, sorted(a.topics.items())]), CONFIG_FP)
    return ".".join((pages, checks, bank, config))


def worst_answer(q: Question) -> str:
    """The longest saved form of a valid answer to the question (see quiz.js `encode`)."""
    if q.type in ("single", "true-false"):
        return B36[len(q.options) - 1]
    if q.type == "multiple":
        return B36[:len(q.options)]
    if q.type == "matching":
        return B36[len(q.targets) - 1] * len(q.items)
    if q.type == "ordering":
        return B36[:len(q.items)][::-1]
    if q.type == "short-text":
        return '"' * q.max_length  # each '"' takes two characters in JSON
    if q.type == "scenario":
        return _longest_path(q)
    if q.type == "confidence":
        return B36[len(q.scale)]  # the points are 1 to n
    if q.type == "reflection":
        return '"' * q.max_length  # kept whole, as short-text
    raise ValueError(f"no saved form for {q.type}")


def _longest_path(q: Question) -> str:
    steps = {s.id: s for s in q.steps}

    def from_step(step_id: str, depth: int = 0) -> str:
        step = steps.get(step_id)
        if step is None or depth > len(steps):
            return ""
        best = ""
        for index, choice in enumerate(step.choices):
            rest = from_step(choice.next, depth + 1) if choice.next else ""
            if len(rest) + 1 > len(best):
                best = B36[index] + rest
        return best

    return from_step(q.steps[0].id) if q.steps else ""


def worst_case_state(course: Course) -> str:
    """The state with every page seen, every check answered and the last attempt of the
    assessment answered, each answer at its longest, its draw carried over from an update."""
    data: dict = {"v": course.content_version(), "p": len(course.pages) - 1, "s": "1" * len(course.pages)}
    checks = [q for p in course.pages for q in p.checks]
    if checks:
        data["k"] = {str(i): worst_answer(q) for i, q in enumerate(checks)}
    a = course.assessment
    if a is not None:
        longest = sorted(range(len(a.questions)), key=lambda i: -len(worst_answer(a.questions[i])))[:a.draw]
        topics = _topics(course)
        data["a"] = {"n": a.attempts or ATTEMPTS_BOUND, "r": LARGEST_SEED, "st": "d",
                     "x": {str(i): worst_answer(a.questions[i]) for i in sorted(longest)},
                     "sc": 66.67, "ok": 1,
                     # After an update in the middle of an attempt: the bank as it was drawn from.
                     "d": "".join(_b36_pair(i) + _topic_mark(q, topics) for i, q in enumerate(a.questions))}
    data["c"] = "2026-12-31"  # the day the module was completed
    data["m"] = content_map(course)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _b36_pair(n: int) -> str:
    return B36[n // 36] + B36[n % 36] if n < 36 * 36 else "--"
