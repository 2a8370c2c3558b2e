"""Answer cues: what lets a learner find the right answer without knowing it."""
from __future__ import annotations

import re
from collections import Counter

from ..model import Course, Question
from . import COURSE_SCOPE, QUESTION_SCOPE, Finding, check, line_in, text_of, words

LONGER = 1.3        # the key is this many times as long as the longest other option: a cue
LONGER_BY = 15      # ... and at least this many characters longer (short options vary a lot)
UNLIKELY = 0.05     # a pattern that chance would give less often than this is a habit
HABIT_MIN_ITEMS = 5  # fewer items than this say nothing about a habit

# Words that place an ordering item: at its start ("First, ...", "Finally ..."), or anywhere
# ("if that does not resolve it", "as a last resort").
ORDER_OPENERS = re.compile(
    r"^(first(ly)?|second(ly)?|third(ly)?|then|next|after that|afterwards|after this|finally|lastly|last of all|"
    r"at the end|to begin( with)?|to start( with)?|(start|begin|open|end|finish|close) (by|with)|once (that|this|you have|you've)|"
    r"before (you (finish|end|leave|go)|anything else)|only then|only after|later|in the end)\b", re.I)
ORDER_ANYWHERE = re.compile(
    r"\b(if (that|this|it) (does not|doesn't|did not|didn't|has not|hasn't|fails|is not)|if not resolved|"
    r"if that fails|if there is still|as a last resort|as a first step|the first thing|the last thing|"
    r"(once|when) (that|this) is done|having done (that|this)|before you finish|before ending|"
    r"the final step|to finish)\b", re.I)


def _length(html: str) -> int:
    return len(text_of(html))


def _single_choice(course: Course) -> list[Question]:
    return [q for q in course.questions if q.type == "single" and len(q.options) > 2 and q.answer]


def _keyed_options(course: Course):
    """(question, step or None, [(option text length, is the key)]) for each single-choice
    question with three options or more and each scenario step with one best choice."""
    for q in _single_choice(course):
        yield q, None, [(_length(o.html), o.id == q.answer[0]) for o in q.options]
    for q in course.questions:
        if q.type != "scenario":
            continue
        for step in q.steps:
            if len(step.choices) > 2 and sum(c.best for c in step.choices) == 1:
                yield q, step, [(_length(c.html), c.best) for c in step.choices]


def _step_line(q: Question, step) -> int | None:
    if step is None:
        return q.line
    return line_in(q.file, f"id: {step.id}", (q.line or 1) - 1) or q.line


@check("answer-length", "the right option is much longer than the others", QUESTION_SCOPE)
def answer_length(course: Course):
    for q, step, options in _keyed_options(course):
        key = next(n for n, is_key in options if is_key)
        others = max(n for n, is_key in options if not is_key)
        if key > LONGER * others and key - others >= LONGER_BY:
            where = f"step '{step.id}' of scenario '{q.id}'" if step else f"question '{q.id}'"
            yield Finding(q.file, _step_line(q, step),
                          f"in {where} the right {'choice' if step else 'option'} is much the longest "
                          f"({key} characters; the others at most {others}), so a learner can pick it without "
                          "knowing why",
                          "make the options alike in length and form: shorten the right one to its point, or "
                          "give the others the same detail (the reasons belong in the feedback)", q)


def _strictly_longest(options) -> bool:
    key = next(n for n, is_key in options if is_key)
    return all(key > n for n, is_key in options if not is_key)


def chance_of_at_least(hits: int, chances: list[float]) -> float:
    """The probability that independent events with these chances happen `hits` times or
    more (a Poisson binomial tail): how likely a pattern is by chance alone."""
    dist = [1.0]
    for p in chances:
        dist = [(dist[k] if k < len(dist) else 0) * (1 - p) + (dist[k - 1] * p if k else 0)
                for k in range(len(dist) + 1)]
    return sum(dist[hits:])


@check("answer-length-habit", "the right option is the longest in too many questions", COURSE_SCOPE)
def answer_length_habit(course: Course):
    groups = {"question": [], "step": []}
    for q, step, options in _keyed_options(course):
        groups["step" if step else "question"].append((q, step, options))
    for kind, items in groups.items():
        if len(items) < HABIT_MIN_ITEMS:
            continue
        longest = [(q, step) for q, step, options in items if _strictly_longest(options)]
        chances = [1 / len(options) for _, _, options in items]
        expected = sum(chances)
        if len(longest) > expected and chance_of_at_least(len(longest), chances) < UNLIKELY:
            what = ("single-choice questions" if kind == "question"
                    else "scenario steps (the best choice)")
            names = ", ".join(f"'{q.id}'" + (f" step '{s.id}'" if s else "") for q, s in longest[:5])
            q0, s0 = longest[0]
            yield Finding(q0.file, _step_line(q0, s0),
                          f"the right answer is the longest in {len(longest)} of {len(items)} {what}; by chance it "
                          f"would be about {expected:.0f}, so a learner who always picks the longest passes "
                          f"(for example {names})",
                          "in the questions named, shorten the right option or lengthen a wrong one, so the "
                          "longest is sometimes right and sometimes wrong")


@check("answer-position", "the right option sits in the same place too often when options are not shuffled",
       COURSE_SCOPE)
def answer_position(course: Course):
    a = course.assessment
    unshuffled = list(a.questions) if a and not a.shuffle else []
    unshuffled += [q for p in course.pages for q in p.checks]  # knowledge checks are never shuffled
    groups = {"question": [], "step": []}
    for q in unshuffled:
        if q.type == "single" and len(q.options) > 2 and q.answer:
            ids = [o.id for o in q.options]
            if q.answer[0] in ids:
                groups["question"].append((q, None, ids.index(q.answer[0]), len(ids)))
        elif q.type == "scenario":
            for step in q.steps:
                best = [i for i, c in enumerate(step.choices) if c.best]
                if len(step.choices) > 2 and len(best) == 1:
                    groups["step"].append((q, step, best[0], len(step.choices)))
    for kind, items in groups.items():
        if len(items) < HABIT_MIN_ITEMS:
            continue
        positions = Counter(position for _, _, position, _ in items)
        position, count = positions.most_common(1)[0]
        chances = [1 / n if position < n else 0 for _, _, _, n in items]
        if count > sum(chances) and chance_of_at_least(count, chances) < UNLIKELY:
            q0, s0 = next((q, s) for q, s, p, _ in items if p == position)
            what = "questions whose options are not shuffled" if kind == "question" else "scenario steps"
            yield Finding(q0.file, _step_line(q0, s0),
                          f"the right answer is option {position + 1} in {count} of {len(items)} {what}; by "
                          f"chance it would be about {sum(chances):.0f}, so a learner can guess where it is",
                          "move the right option to different places"
                          + ("" if kind == "step" else ", or shuffle the assessment's options ('shuffle: true')"))


@check("ordering-cues", "an ordering item's wording gives away its place", QUESTION_SCOPE)
def ordering_cues(course: Course):
    for q in course.questions:
        if q.type != "ordering":
            continue
        cues = [m for m in ((ORDER_OPENERS.search(t) or ORDER_ANYWHERE.search(t))
                            for t in (text_of(item.html) for item in q.items)) if m]
        if cues:
            said = ", ".join(f"'{m.group(0)}'" for m in cues)
            yield Finding(q.file, line_in(q.file, cues[0].group(0), (q.line or 1) - 1) or q.line,
                          f"the items of ordering question '{q.id}' say {said}, which tells the learner where "
                          f"{'it goes' if len(cues) == 1 else 'they go'}",
                          "word each step so that it could stand anywhere in the list: the order is what the "
                          "question tests", q)


SLOGAN_WORDS = 6  # a statement sharing this many words in a row with the lessons repeats them


@check("true-false-slogan", "a true/false statement repeats the lessons' own words", QUESTION_SCOPE)
def true_false_slogan(course: Course):
    lesson_text = " ".join(" ".join(words(text_of(p.body_html).lower())) for p in course.pages
                           if p.kind == "lesson")
    lesson_text = f" {lesson_text} "
    for q in course.questions:
        if q.type != "true-false":
            continue
        statement = words(text_of(q.prompt_html).lower())
        for n in range(len(statement) - SLOGAN_WORDS + 1):
            run = " ".join(statement[n:n + SLOGAN_WORDS])
            if f" {run} " in lesson_text:
                yield Finding(q.file, q.line, f"true/false question '{q.id}' repeats the lessons' words "
                              f"('{run}...'), so it tests whether the learner recognises a phrase, not their "
                              "judgement",
                              "set the statement in a situation the learner must judge, in new words, or make it "
                              "a single-choice question about a case", q)
                break


@check("short-text-in-question", "a short-text answer appears in its own question", QUESTION_SCOPE)
def short_text_in_question(course: Course):
    for q in course.questions:
        if q.type != "short-text":
            continue
        asked = " ".join(words(text_of(q.context_html + " " + q.prompt_html).lower()))
        for answer in q.accept:
            wanted = " ".join(words(answer.lower()))
            if len(wanted) > 2 and re.search(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)", asked):
                yield Finding(q.file, q.line, f"the answer '{answer}' of question '{q.id}' appears in the "
                              "question itself", "reword the question so that it does not contain its answer", q)
                break
