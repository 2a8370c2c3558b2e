"""Question types: how each is read from what an author writes and checked.

Each builder fills the type's own fields of a `Question` and reports problems through the
loader, whose `markdown`, `problems` and line helpers it uses. Adding a type is adding a
schema (schema.QUESTION_FIELDS), a builder here, a template (themes/*/templates/questions/)
and a behaviour in the runtime (quiz.js).
"""
from __future__ import annotations

import hashlib
from html import escape
from typing import Callable

from .errors import shown
from .model import Option, Question, ScenarioChoice, Step
from .yamlio import line_of

OPTION_IDS = "abcdefghijklmnopqrstuvwxyz"
TARGET_IDS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _scrambled(items: list, seed: str) -> list:
    """A stable order unlike the authored one, so matches and orderings are not given away."""
    if len(items) < 2:
        return list(items)
    keyed = sorted(items, key=lambda i: hashlib.sha256(f"{seed}:{i.id}".encode()).hexdigest())
    if [i.id for i in keyed] == [i.id for i in items]:
        keyed = keyed[1:] + keyed[:1]
    return keyed


def build_choice(loader, q: Question, checked: dict, raw, file, line) -> None:
    raw_options = raw.get("options") if isinstance(raw, dict) else None
    seen = set()
    for i, opt in enumerate(checked.get("options") or []):
        if not opt:
            continue
        oline = line_of(raw_options, i, line)
        oid = opt.get("id") or (OPTION_IDS[i] if i < len(OPTION_IDS) else str(i))
        if oid in seen:
            loader.problems.error(file, oline, f"option id '{oid}' is used twice in question '{q.id}'",
                                  "give every option of a question its own id")
        seen.add(oid)
        if not opt.get("feedback"):
            loader.problems.warning(file, oline, f"option '{oid}' of question '{q.id}' has no feedback",
                                    "add 'feedback:' saying why this option is right or wrong: "
                                    "feedback that explains teaches more than a mark")
        q.options.append(Option(oid, loader.inline(opt.get("text") or "", file, oline),
                                loader.block(opt.get("feedback") or "", file, oline), opt.get("fixed", False)))
    answer = checked.get("answer")
    answers = [answer] if isinstance(answer, str) else [str(a) for a in (answer or [])]
    aline = line_of(raw, "answer", line)
    ids = [o.id for o in q.options]
    if answer is not None and not answers:
        loader.problems.error(file, aline, f"question '{q.id}' has no correct answer",
                              "set 'answer:' to the id of the correct option")
    for a in answers:
        if a not in ids:
            loader.problems.error(file, aline, f"the answer '{a}' of question '{q.id}' is not among its options",
                                  "options are " + ", ".join(ids) + " (in order, unless they set an id)")
    if q.type == "single" and len(answers) > 1:
        loader.problems.error(file, aline, f"question '{q.id}' is single-choice but has {len(answers)} answers",
                              "set 'type: multiple', or give one answer")
    q.answer = answers


def build_true_false(loader, q: Question, checked: dict, raw, file, line) -> None:
    q.options = [Option("t", escape(loader.messages.t("question.true"))),
                 Option("f", escape(loader.messages.t("question.false")))]
    q.answer = ["t" if checked.get("answer") else "f"]


def build_matching(loader, q: Question, checked: dict, raw, file, line) -> None:
    raw_pairs = raw.get("pairs") if isinstance(raw, dict) else None
    pairs = [p for p in checked.get("pairs") or [] if p]
    extras = checked.get("extra_matches") or []
    if len(pairs) > len(OPTION_IDS) or len(pairs) + len(extras) > len(TARGET_IDS):
        loader.problems.error(file, line_of(raw, "pairs", line), f"question '{q.id}' has too many pairs",
                              "keep matching questions short: ten pairs at the most")
        return
    items, targets = [], []
    for i, pair in enumerate(pairs):
        pline = line_of(raw_pairs, i, line)
        items.append(Option(OPTION_IDS[i], loader.inline(pair.get("item") or "", file, pline)))
        targets.append(Option(TARGET_IDS[i], loader.inline(pair.get("match") or "", file, pline)))
        q.matches[OPTION_IDS[i]] = TARGET_IDS[i]
    for j, extra in enumerate(extras):
        targets.append(Option(TARGET_IDS[len(pairs) + j], loader.inline(extra, file, line_of(raw, "extra_matches", line))))
    texts = [t.html for t in targets]
    if len(set(texts)) != len(texts):
        loader.problems.error(file, line_of(raw, "pairs", line), f"two matches of question '{q.id}' read the same",
                              "make every match different, so each item has one right answer")
    q.items = items
    q.targets = _scrambled(targets, q.id)


def build_ordering(loader, q: Question, checked: dict, raw, file, line) -> None:
    texts = checked.get("items") or []
    if len(texts) > len(OPTION_IDS):
        loader.problems.error(file, line_of(raw, "items", line), f"question '{q.id}' has too many items")
        return
    items = [Option(OPTION_IDS[i], loader.inline(t, file, line_of(raw, "items", line))) for i, t in enumerate(texts)]
    q.answer = [i.id for i in items]
    q.items = _scrambled(items, q.id)


def build_short_text(loader, q: Question, checked: dict, raw, file, line) -> None:
    q.accept = [str(a) for a in checked.get("accept") or []]
    q.case_sensitive = checked.get("case_sensitive", False)
    q.whitespace = checked.get("whitespace") or "normalise"
    q.max_length = checked.get("max_length") or 100
    if any(not a.strip() for a in q.accept):
        loader.problems.error(file, line_of(raw, "accept", line),
                              f"question '{q.id}' accepts an empty answer, which no learner can give",
                              "write each accepted answer as text, or remove the empty one")
    too_long = [a for a in q.accept if len(a) > q.max_length]
    if too_long:
        loader.problems.error(file, line_of(raw, "accept", line),
                              f"the accepted answer '{shown(too_long[0])}' is longer than max_length ({q.max_length})",
                              "raise max_length or shorten the answer")


def build_scenario(loader, q: Question, checked: dict, raw, file, line) -> None:
    raw_steps = raw.get("steps") if isinstance(raw, dict) else None
    ids: dict[str, int] = {}
    for i, step in enumerate(checked.get("steps") or []):
        if not step:
            continue
        sline = line_of(raw_steps, i, line)
        sid = step.get("id") or ""
        if sid in ids:
            loader.problems.error(file, sline, f"the step id '{sid}' is used twice in scenario '{q.id}'")
        ids[sid] = sline
        raw_step = raw_steps[i] if raw_steps else None
        raw_choices = raw_step.get("choices") if isinstance(raw_step, dict) else None
        choices = []
        for j, choice in enumerate(step.get("choices") or []):
            if not choice:
                continue
            cline = line_of(raw_choices, j, sline)
            choices.append(ScenarioChoice(OPTION_IDS[j], loader.inline(choice.get("text") or "", file, cline),
                                          loader.block(choice.get("consequence") or "", file, cline),
                                          choice.get("next"), choice.get("best", False)))
        if checked.get("scored") and not any(c.best for c in choices):
            loader.problems.error(file, sline, f"step '{sid}' of scored scenario '{q.id}' has no best choice",
                                  "mark the best decision with 'best: true'")
        q.steps.append(Step(sid, loader.block(step.get("text") or "", file, sline),
                            loader.inline(step.get("prompt") or "", file, sline), choices))
    for step in q.steps:
        for choice in step.choices:
            if choice.next and choice.next not in ids:
                loader.problems.error(file, ids.get(step.id, line),
                                      f"a choice in step '{step.id}' leads to '{choice.next}', which is not a step "
                                      f"of scenario '{q.id}'", "steps are: " + ", ".join(ids))
            if choice.next == step.id:
                loader.problems.error(file, ids.get(step.id, line), f"a choice in step '{step.id}' leads back to itself",
                                      "a scenario moves forward: point 'next' at a later step")
    if _has_cycle(q.steps):
        loader.problems.error(file, line, f"scenario '{q.id}' can go round in a loop",
                              "make every path end: a choice without 'next' ends the case")
    for step in _unreachable(q.steps):
        loader.problems.error(file, ids.get(step.id, line), f"no choice leads to step '{step.id}' of scenario "
                              f"'{q.id}', so no learner can reach it",
                              "point a choice's 'next' at it, or remove the step")
    q.debrief_html = loader.block(checked.get("debrief") or "", file, line_of(raw, "debrief", line))
    q.scored = checked.get("scored", False)


DEFAULT_SCALE_KEYS = [f"confidence.scale_{n}" for n in range(1, 6)]


def build_confidence(loader, q: Question, checked: dict, raw, file, line) -> None:
    """A statement rated on a scale (Likert), never marked. Pairing with `pre` is checked once
    the whole course is read (loader._check_pairs)."""
    sline = line_of(raw, "scale", line)
    given = isinstance(raw, dict) and raw.get("scale") is not None
    labels = checked.get("scale") if given else [loader.messages.t(key) for key in DEFAULT_SCALE_KEYS]
    q.scale = [str(label).strip() for label in labels or [] if label is not None]
    if given:
        if any(not label for label in q.scale):
            loader.problems.error(file, sline, f"a point of the scale of question '{q.id}' has no label",
                                  "write a label for every point, lowest first, like "
                                  "[Not at all confident, Slightly confident, Fairly confident, Confident, Very confident]")
        elif len(set(q.scale)) != len(q.scale):
            loader.problems.error(file, sline, f"two points of the scale of question '{q.id}' read the same",
                                  "give every point its own label, lowest first")
    q.pre = checked.get("pre") or ""


def build_reflection(loader, q: Question, checked: dict, raw, file, line) -> None:
    """A free-text answer, never marked."""
    q.max_length = checked.get("max_length") or 1000


def _has_cycle(steps: list[Step]) -> bool:
    """Whether some path through the steps comes back to a step (iterative: no recursion limit)."""
    graph = {s.id: sorted({c.next for c in s.choices if c.next and c.next != s.id}) for s in steps}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if state.get(start):
            continue
        state[start] = 1
        stack = [(start, iter(graph[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return True
            elif child in graph and not state.get(child):
                state[child] = 1
                stack.append((child, iter(graph[child])))
    return False


def _unreachable(steps: list[Step]) -> list[Step]:
    """Steps that no path from the first step reaches."""
    if not steps:
        return []
    by_id = {s.id: s for s in steps}
    seen, todo = {steps[0].id}, [steps[0]]
    while todo:
        for choice in todo.pop().choices:
            if choice.next in by_id and choice.next not in seen:
                seen.add(choice.next)
                todo.append(by_id[choice.next])
    return [s for s in steps if s.id not in seen]


BUILDERS: dict[str, Callable] = {
    "single": build_choice,
    "multiple": build_choice,
    "true-false": build_true_false,
    "matching": build_matching,
    "ordering": build_ordering,
    "short-text": build_short_text,
    "scenario": build_scenario,
    "confidence": build_confidence,
    "reflection": build_reflection,
}
