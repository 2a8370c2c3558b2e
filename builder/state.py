"""The largest suspend_data a course's runtime can save, for the 4,096-character limit of
SCORM 1.2. This mirrors the format of themes/default/js/state.js; a browser test checks the
mirror against the runtime, so the two cannot drift apart unnoticed."""
from __future__ import annotations

import json

from .model import Course, Question

SCORM12_LIMIT = 4096
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
LARGEST_SEED = 2147483647  # the runtime's seeds are below 2**31
ATTEMPTS_BOUND = 999  # with no limit set, a bound no learner reaches


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
    assessment answered, each answer at its longest."""
    data: dict = {"v": course.content_version(), "p": len(course.pages) - 1, "s": "1" * len(course.pages)}
    checks = [q for p in course.pages for q in p.checks]
    if checks:
        data["k"] = {str(i): worst_answer(q) for i, q in enumerate(checks)}
    a = course.assessment
    if a is not None:
        longest = sorted(range(len(a.questions)), key=lambda i: -len(worst_answer(a.questions[i])))[:a.draw]
        data["a"] = {"n": a.attempts or ATTEMPTS_BOUND, "r": LARGEST_SEED, "st": "d",
                     "x": {str(i): worst_answer(a.questions[i]) for i in sorted(longest)},
                     "sc": 66.67, "ok": 1}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
