"""Assessment coverage: does every attempt test every learning outcome?"""
from __future__ import annotations

from collections import Counter
from math import comb

from ..errors import did_you_mean
from ..model import Course
from . import COURSE_SCOPE, Finding, check, line_in, text_of

LEFT_OUT = 0.10  # warn when a topic is left out of more than this share of attempts
ENOUGH = 2       # questions per outcome, at least, so that attempts can differ


def chance_left_out(bank: int, in_topic: int, draw: int) -> float:
    """The chance that a random draw of `draw` questions from a bank of `bank` has none of
    the `in_topic` questions of a topic."""
    if draw > bank - in_topic:
        return 0.0
    return comb(bank - in_topic, draw) / comb(bank, draw)


def _assessment_line(course: Course) -> int | None:
    return line_in(course.root / "course.yaml", "assessment:")


@check("draw-coverage", "a random draw leaves topics out of many attempts", COURSE_SCOPE)
def draw_coverage(course: Course):
    a = course.assessment
    if not a or a.topics or a.draw >= len(a.questions):
        return
    counts = Counter(q.topic for q in a.questions if q.topic)
    if not counts:
        return  # nothing says which questions belong together; outcome-coverage says so
    total = len(a.questions)
    missed = sorted(((chance_left_out(total, k, a.draw), topic) for topic, k in counts.items()),
                    key=lambda m: (-m[0], m[1]))
    missed = [(share, topic) for share, topic in missed if share > LEFT_OUT]
    if missed:
        listed = "; ".join(f"'{topic}' ({counts[topic]} question{'s' if counts[topic] > 1 else ''}) from "
                           f"{share:.0%}" for share, topic in missed[:4])
        yield Finding(course.root / "course.yaml", _assessment_line(course),
                      f"the assessment draws {a.draw} of {total} questions at random, so topics are left out of "
                      f"many attempts: {listed}",
                      "say how many questions to draw from each topic under the assessment, like 'topics: "
                      "{" + ", ".join(f"{t}: 1" for t in sorted(counts)[:3]) + "}', so every attempt tests "
                      "every outcome")


def outcome_counts(course: Course) -> list[tuple[str, str, int]]:
    """For each learning outcome linked to a topic: (outcome text, topic, bank questions on it)."""
    a = course.assessment
    counts = Counter(q.topic for q in a.questions) if a else Counter()
    return [(text_of(html), topic, counts[topic])
            for html, topic in zip(course.learning_outcomes, course.outcome_topics) if topic]


@check("outcome-coverage", "a learning outcome is tested by too few questions", COURSE_SCOPE)
def outcome_coverage(course: Course):
    a = course.assessment
    if not a or not course.learning_outcomes:
        return
    course_file = course.root / "course.yaml"
    topics = sorted({q.topic for q in a.questions if q.topic})
    if not any(course.outcome_topics):
        return  # outcomes and questions are not linked: nothing to count
    for text, topic, count in outcome_counts(course):
        line = line_in(course_file, f"topic: {topic}", (line_in(course_file, "learning_outcomes:") or 1) - 1)
        if count == 0:
            hint = did_you_mean(topic, topics) if topics else "give the bank questions a 'topic:'"
            yield Finding(course_file, line, f"no bank question tests the learning outcome '{text}' (topic "
                          f"'{topic}')", f"add questions with 'topic: {topic}' to the bank; {hint}")
        elif count < ENOUGH:
            yield Finding(course_file, line, f"only {count} bank question tests the learning outcome '{text}' "
                          f"(topic '{topic}'), so every attempt asks the same one",
                          f"add at least {ENOUGH - count} more question(s) with 'topic: {topic}' to the bank")
    if a.topics:
        linked = set(course.outcome_topics)
        for topic in sorted(t for t in a.topics if t not in linked):
            yield Finding(course_file, line_in(course_file, f"{topic}:", _assessment_line(course) or 0),
                          f"the assessment draws from the topic '{topic}', which no learning outcome names",
                          "give the learning outcome it tests 'topic: " + topic + "', or check the spelling")
