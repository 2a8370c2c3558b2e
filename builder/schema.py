"""Declarative schemas for the YAML an author writes, validated with every problem reported.

A `Record` lists its `Field`s; `Record.check` returns a plain dict with defaults filled in
and adds a problem (file, line, what is wrong, how to fix it) for each thing it rejects.
The same schemas document themselves in docs/authoring.md.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .errors import Problems, did_you_mean, shown
from .yamlio import line_of, written

_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping of keys to values"}


@dataclass(frozen=True)
class ListOf:
    item: Any  # a python type or a Record
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True)
class Field:
    kind: Any  # python type, tuple of types, ListOf or Record
    required: bool = False
    default: Any = None
    choices: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    pattern_hint: str = ""
    coerce_text: bool = False  # accept numbers for text (version: 1.0)
    min_length: int | None = None  # text: at least this many characters (after trimming)
    max_length: int | None = None  # text: at most this many characters
    help: str = ""


class Record:
    def __init__(self, name: str, fields: dict[str, Field], example: str = ""):
        self.name = name
        self.fields = fields
        self.example = example

    def defaults(self) -> dict:
        """What the record holds when the author leaves it out: every field's default."""
        return {key: spec.kind.defaults() if _is_section(spec) else _copy_default(spec.default)
                for key, spec in self.fields.items()}

    def check(self, data, file, problems: Problems, line: int | None = None, path: str = "",
              context: str = "") -> dict:
        """Check a mapping. `path` is the dotted key of this record ('' at the top of a file),
        `context` names what it belongs to in messages, like "question 'spot-the-signs'"."""
        suffix = f" in {context}" if context else ""
        inside = f" in '{path}'" if path else ""
        if not isinstance(data, dict):
            problems.error(file, getattr(data, "line", None) or line,
                           f"'{path or self.name}'{suffix} must be a mapping of keys to values, not {_describe(data)}",
                           f"write it as 'key: value' lines, for example:\n{self.example}" if self.example else
                           "write it as 'key: value' lines")
            return {}
        out: dict = {}
        for key in data:
            if key not in self.fields:
                problems.error(file, line_of(data, key, line), f"unknown key '{shown(key)}'{inside}{suffix}",
                               did_you_mean(str(key), self.fields))
        for key, spec in self.fields.items():
            label = f"{path}.{key}" if path else key
            if key not in data or data[key] is None:
                if spec.required:
                    problems.error(file, getattr(data, "line", None) or line,
                                   f"missing the required key '{key}'{inside}{suffix}",
                                   f"add '{key}:' ({spec.help or _kind_name(spec.kind)})")
                out[key] = spec.kind.defaults() if _is_section(spec) else _copy_default(spec.default)
                continue
            out[key] = check_value(data[key], spec, file, problems, line_of(data, key, line), label, context)
        return out


def _is_section(spec: "Field") -> bool:
    """An optional record whose absence means 'all its defaults' (default={}), not 'none'."""
    return isinstance(spec.kind, Record) and spec.default == {}


def _copy_default(value):
    if isinstance(value, (list, dict)):
        return type(value)(value)
    return value


def _describe(value) -> str:
    if value is None:
        return "nothing"
    for t, name in _TYPE_NAMES.items():
        if type(value) is t or (t is dict and isinstance(value, dict)) or (t is list and isinstance(value, list)):
            return name
    return type(value).__name__


def _kind_name(kind) -> str:
    if isinstance(kind, tuple):
        return " or ".join(_kind_name(k) for k in kind)
    if isinstance(kind, ListOf):
        return f"a list of {_kind_name(kind.item)}"
    if isinstance(kind, Record):
        return f"a {kind.name}"
    return _TYPE_NAMES.get(kind, getattr(kind, "__name__", str(kind)))


def _matches(value, kind) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def check_value(value, spec: Field, file, problems: Problems, line, label: str, context: str = ""):
    kind = spec.kind
    suffix = f" in {context}" if context else ""
    if spec.coerce_text and kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = written(value)  # as the author wrote it: 'version: 1.10' stays "1.10"
    if isinstance(kind, Record):
        checked = kind.check(value, file, problems, line, label, context)
        # A section in the wrong shape was reported; go on with its defaults.
        return checked if checked or not _is_section(spec) else kind.defaults()
    if isinstance(kind, ListOf):
        if not isinstance(value, list):
            problems.error(file, line, f"'{label}'{suffix} must be {_kind_name(kind)}, not {_describe(value)}",
                           "write each item on its own line starting with '- '")
            return []
        if len(value) < kind.min_items:
            problems.error(file, line, f"'{label}'{suffix} needs at least {kind.min_items} item(s)")
        if kind.max_items is not None and len(value) > kind.max_items:
            problems.error(file, line, f"'{label}'{suffix} has {len(value)} items; it can have at most {kind.max_items}",
                           "keep it shorter" + (f": {spec.help}" if spec.help else ""))
            return []
        item_spec = Field(kind.item, coerce_text=spec.coerce_text)
        return [check_value(item, item_spec, file, problems, line_of(value, i, line), f"{label}[{i + 1}]", context)
                for i, item in enumerate(value)]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    records = [k for k in kinds if isinstance(k, Record)]
    if records and isinstance(value, dict):
        # Text or a record (a learning outcome: its text, or its text and topic): a mapping is the record.
        return records[0].check(value, file, problems, line, label, context)
    if not any(_matches(value, k) for k in kinds if not isinstance(k, Record)):
        hint = ""
        if str in kinds and isinstance(value, (int, float)):
            hint = f"put the value in quotes: \"{shown(written(value))}\""
        elif str in kinds and isinstance(value, dict):
            hint = "text that contains ': ' must be in quotes, or written as a block after '|'"
        problems.error(file, line, f"'{label}'{suffix} must be {_kind_name(kind)}, not {_describe(value)}", hint)
        return spec.default
    if spec.choices is not None and value not in spec.choices:
        problems.error(file, line, f"'{label}'{suffix} is '{shown(value)}', which is not allowed",
                       did_you_mean(str(value), [str(c) for c in spec.choices]))
        return spec.default
    if isinstance(value, float) and not math.isfinite(value):
        problems.error(file, line, f"'{label}'{suffix} is {value}, which is not a number that can be used",
                       f"write a number {_range(spec)}" if spec.minimum is not None or spec.maximum is not None
                       else "write a number")
        return spec.default
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and value > spec.maximum:
            problems.error(file, line, f"'{label}'{suffix} is {value}; it must be {_range(spec)}",
                           f"use a value {_range(spec)}")
            return spec.default
    if isinstance(value, str) and spec.min_length is not None and len(value.strip()) < spec.min_length:
        problems.error(file, line, f"'{label}'{suffix} is empty", f"write the {label.rsplit('.', 1)[-1]}")
        return spec.default
    if isinstance(value, str) and spec.max_length is not None and len(value) > spec.max_length:
        problems.error(file, line, f"'{label}'{suffix} is {len(value)} characters long; it can be at most "
                       f"{spec.max_length}", "shorten it" + (f" ({spec.help})" if spec.help else ""))
        return spec.default
    if spec.pattern and isinstance(value, str) and not re.fullmatch(spec.pattern, value):
        problems.error(file, line, f"'{label}'{suffix} is '{shown(value)}', which is not valid", spec.pattern_hint)
    return value


def _range(spec: Field) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return f"from {spec.minimum:g} to {spec.maximum:g}"
    if spec.minimum is not None:
        return f"of at least {spec.minimum:g}"
    return f"of at most {spec.maximum:g}"


# --- The schemas of a course -------------------------------------------------------------

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
ID_HINT = "use lower-case letters, digits and hyphens, starting with a letter or digit, like 'signs-of-abuse'"

OPTION = Record("option", {
    "id": Field(str, pattern=r"[a-z0-9]{1,2}", pattern_hint="an option id is one or two lower-case letters or digits, like 'a'",
                help="a short id; by default a, b, c... in order"),
    "text": Field(str, required=True, help="the option as the learner reads it (Markdown)"),
    "feedback": Field(str, help="why this option is right or wrong (Markdown)"),
    "fixed": Field(bool, default=False, help="keep this option in its place when options are shuffled"),
}, example="  - text: Tell the designated safeguarding lead today\n    feedback: Yes, because...")

PAIR = Record("pair", {
    "item": Field(str, required=True, help="the thing to match (Markdown on one line)"),
    "match": Field(str, required=True, help="its match (Markdown on one line)"),
}, example="  - item: Strategy discussion\n    match: Police and children's social care plan the response")

SCENARIO_CHOICE = Record("choice", {
    "text": Field(str, required=True, help="the decision as the learner reads it (Markdown on one line)"),
    "consequence": Field(str, required=True, help="what happens because of it (Markdown)"),
    "next": Field(str, pattern=ID_PATTERN, pattern_hint=ID_HINT, help="the id of the step that follows; none ends the case"),
    "best": Field(bool, default=False, help="true for the best decision at this step"),
})

STEP = Record("step", {
    "id": Field(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, coerce_text=True,
                help="the step's id, named by 'next'"),
    "text": Field(str, default="", help="the situation at this step (Markdown)"),
    "prompt": Field(str, required=True, help="the decision to make (Markdown on one line)"),
    "choices": Field(ListOf(SCENARIO_CHOICE, min_items=2, max_items=26), required=True, help="the decisions to choose from"),
})

QUESTION_TYPES = ("single", "multiple", "true-false", "matching", "ordering", "short-text", "scenario",
                  "confidence", "reflection")
# Never marked: asked in lessons and on the evaluation page, reported to the LMS, never in a bank.
UNSCORED_TYPES = ("confidence", "reflection")
SCALE_POINTS = (2, 9)  # a scale's points are reported as one digit, 1 to 9

ALLOW_HELP = "quality checks not to run here, each with the reason, like 'answer-length: the legal wording is long'"

QUESTION_COMMON = {
    "id": Field(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, coerce_text=True,
                help="a stable id, reported to the LMS"),
    "type": Field(str, default="single", choices=QUESTION_TYPES, help="the kind of question"),
    "topic": Field(str, help="a topic name, used to draw questions by topic"),
    "context": Field(str, default="", help="Markdown shown before the question: the situation or case"),
    "prompt": Field(str, required=True, help="the question itself, one sentence or two (Markdown)"),
    "feedback": Field(Record("question feedback", {
        "correct": Field(str, help="shown after a correct answer"),
        "incorrect": Field(str, help="shown after an incorrect answer"),
    }), default={}, help="general feedback, after the option's own"),
    "allow": Field(dict, default={}, help=ALLOW_HELP),
}

QUESTION_FIELDS = {
    "single": {
        "options": Field(ListOf(OPTION, min_items=2, max_items=26), required=True, help="the options to choose from"),
        "answer": Field((str, list), required=True, help="the id of the correct option"),
    },
    "multiple": {
        "options": Field(ListOf(OPTION, min_items=2, max_items=26), required=True, help="the options to choose from"),
        "answer": Field((str, list), required=True, help="the ids of the correct options, as a list"),
    },
    "true-false": {
        "answer": Field(bool, required=True, help="true or false"),
    },
    "matching": {
        "pairs": Field(ListOf(PAIR, min_items=2, max_items=10), required=True, help="each item with its match"),
        "extra_matches": Field(ListOf(str, max_items=10), default=[], help="matches that belong to no item, to make it harder"),
    },
    "ordering": {
        "items": Field(ListOf(str, min_items=2, max_items=26), required=True, help="the items, in the right order"),
    },
    "short-text": {
        "accept": Field(ListOf(str, min_items=1), required=True, help="the answers to accept"),
        "case_sensitive": Field(bool, default=False, help="whether capital letters must match"),
        "whitespace": Field(str, default="normalise", choices=("normalise", "exact"),
                            help="normalise: ignore spaces at the ends and repeated spaces"),
        "max_length": Field(int, default=100, minimum=1, maximum=250, help="the longest answer a learner can type"),
    },
    "scenario": {
        "steps": Field(ListOf(STEP, min_items=1, max_items=100), required=True, help="the steps of the case, the first first"),
        "debrief": Field(str, default="", help="Markdown shown at the end of the case"),
        "scored": Field(bool, default=False, help="count the best decisions and report them to the LMS"),
    },
    "confidence": {
        "prompt": Field(str, required=True, help="the statement the learner rates, like 'I feel confident "
                        "recognising the signs that a child may be being sexually abused' (Markdown)"),
        "scale": Field(ListOf(str, min_items=SCALE_POINTS[0], max_items=SCALE_POINTS[1]),
                       help="the labels of the scale's points, lowest first; default five points from "
                       "'Not at all confident' to 'Very confident' in the course's language"),
        "pre": Field(str, pattern=ID_PATTERN, pattern_hint=ID_HINT,
                     help="the id of the same statement asked before the teaching: this question asks it "
                     "again afterwards, and shows the learner their change"),
    },
    "reflection": {
        "max_length": Field(int, default=1000, minimum=1, maximum=4000,
                            help="the longest answer a learner can write; SCORM 1.2 reports keep the first "
                            "255 characters, SCORM 2004 reports all of it"),
    },
}

# Unmarked questions have no topic (nothing draws them) and no right or wrong feedback.
_UNSCORED_COMMON = {k: v for k, v in QUESTION_COMMON.items() if k not in ("topic", "feedback")}
QUESTION_RECORDS = {name: Record(f"{name} question", {**(_UNSCORED_COMMON if name in UNSCORED_TYPES
                                                         else QUESTION_COMMON), **fields})
                    for name, fields in QUESTION_FIELDS.items()}
QUESTION = QUESTION_RECORDS["single"]  # the most common shape, for documentation

BANK = Record("question bank", {
    # Each question is checked on its own (QUESTION), with its id in the messages.
    "questions": Field(list, required=True, help="the questions, each a mapping as below"),
})

ASSESSMENT = Record("assessment", {
    "title": Field(str, default="", help="the title of the assessment page; default 'Final assessment' in the course's language"),
    "introduction": Field(str, default="", help="Markdown shown before the questions"),
    "bank": Field(str, required=True, help="path of the question bank YAML file"),
    "questions": Field(int, minimum=1, help="how many questions to draw; default all of the bank"),
    "pass_mark": Field((int, float), default=80, minimum=0, maximum=100, help="percentage needed to pass"),
    "attempts": Field(int, default=0, minimum=0, help="attempts allowed; 0 for no limit"),
    "shuffle": Field(bool, default=True, help="shuffle the draw and the options"),
    "topics": Field(dict, help="how many questions to draw from each topic, like {signs: 4, response: 6}"),
})

TRACKING = Record("tracking", {
    "knowledge_checks": Field(bool, default=False, help="report knowledge checks to the LMS as interactions too"),
})

COMPLETION = Record("completion", {
    "rule": Field(str, default="both", choices=("pages", "assessment", "both"),
                  help="pages: every page viewed; assessment: assessment passed; both"),
    "title": Field(str, default="", max_length=200,
                   help="the title of the completion page, placed by 'completion' in lessons; "
                   "default 'End of the module' in the course's language"),
    "menu_title": Field(str, default="", max_length=80,
                        help="the completion page's name in the menu; default 'Finish' in the course's language"),
    "message": Field(str, default="", help="Markdown shown on the completion page: what to do next, "
                     "where to find support"),
    "certificate": Field(bool, default=True, help="offer a printable record of learning on the completion page"),
})

BRANDING = Record("branding", {
    "organisation": Field(str, default="", help="shown in the header"),
    "logo": Field(str, help="path of a logo image in the course folder"),
    "logo_alt": Field(str, default="", help="alt text of the logo"),
    "colour": Field(str, default="#1d4f91", pattern=r"#[0-9a-fA-F]{6}",
                    pattern_hint="a colour is written '#' and six hex digits, like '#1d4f91'",
                    help="the accent colour"),
})

# What a partnership edition (editions/<name>/edition.yaml) may change; see docs/editions.md.
EDITION_OVERRIDES = ("organisation", "branding", "local_information", "support", "pass_mark", "completion", "strings")
# Allowed unless the course says otherwise: pass mark and completion change what finishing the
# course certifies, so its authors must allow them by name.
EDITION_DEFAULT_ALLOW = ("organisation", "branding", "local_information", "support", "strings")

EDITIONS_POLICY = Record("editions", {
    "allow": Field(ListOf(str), default=list(EDITION_DEFAULT_ALLOW),
                   help="what a partnership edition may override: " + ", ".join(EDITION_OVERRIDES)
                   + "; default all but pass_mark and completion"),
}, example="editions:\n  allow: [organisation, branding, local_information, support, pass_mark]")

EVALUATION = Record("evaluation", {
    "title": Field(str, default="", help="the page title; default 'Your feedback on this module' in the course's language"),
    "menu_title": Field(str, default="", help="the title in the menu; default 'Your feedback' in the course's language"),
    "introduction": Field(str, default="", help="Markdown shown before the questions (the page always says "
                          "that they are optional)"),
    "questions": Field(ListOf(dict, min_items=1, max_items=20), required=True,
                       help="confidence (a scale) and reflection (free text) questions, each written as in a "
                       "lesson's question block"),
}, example="evaluation:\n  questions:\n    - id: eval-useful\n      type: confidence\n      prompt: This module was useful for my work")

LOCAL_INFORMATION = Record("local_information", {
    "title": Field(str, default="", help="the page title; default 'Local procedures and contacts' in the course's language"),
    "menu_title": Field(str, default="", help="the title in the menu; default 'Local information' in the course's language"),
    "content": Field(str, help="Markdown: the partnership's procedures, referral route and contacts"),
    "file": Field(str, help="or: a Markdown file in the course folder holding that content"),
})

CONTACT = Record("contact", {
    "name": Field(str, required=True, min_length=1, help="the service, like 'NSPCC helpline'"),
    "number": Field(str, required=True, pattern=r"[+]?[0-9][0-9 ()-]*[0-9]",
                    pattern_hint="write the number in digits and spaces, as the lessons give it, like '0808 800 5000'",
                    help="the number as the course gives it"),
    "source": Field(str, required=True, min_length=1,
                    help="where the number comes from, with the date it was checked, like 'NSPCC website, March 2025'"),
}, example="  - name: NSPCC helpline\n    number: 0808 800 5000\n    source: NSPCC website, 2024")

QUALITY = Record("quality", {
    "allow": Field(dict, default={}, help="quality checks turned off for the whole course, each with the reason, "
                                          "like 'reading-time: the videos take ten minutes more'"),
    "acronyms": Field(ListOf(str), default=[],
                      help="acronyms every reader of this course knows, which need not be spelled out, like [DSL, LADO]"),
})

OUTCOME = Record("learning outcome", {
    "text": Field(str, required=True, min_length=1, help="the outcome as the learner reads it"),
    "topic": Field(str, required=True, min_length=1,
                   help="the topic of the bank questions that test it, as their 'topic:' names it"),
}, example="  - text: Recognise signs of sexual abuse\n    topic: recognising-signs")

COURSE = Record("course.yaml", {
    "id": Field(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, help="the course id, used in file names"),
    "title": Field(str, required=True, min_length=1, max_length=200,
                   help="the title LMSs show; SCORM 1.2 allows 200 characters"),
    "version": Field(str, default="1.0.0", coerce_text=True, max_length=20,
                     help="a version like '1.2.0'; SCORM 1.2 allows 20 characters"),
    "language": Field(str, default="en-GB", pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*",
                      pattern_hint="a language tag like 'en-GB'", help="the language of the text"),
    "description": Field(str, default="", help="a sentence or two, shown on the first page"),
    "audience": Field(str, default="", help="who the course is for, shown on the first page"),
    "estimated_minutes": Field(int, minimum=1, help="how long the course takes"),
    "content_note": Field(str, default="", help="Markdown shown on the first page, before any teaching"),
    "learning_outcomes": Field(ListOf((str, OUTCOME)), default=[],
                               help="what the learner will be able to do, shown on the first page: each as text, "
                                    "or as 'text:' and the 'topic:' of the bank questions that test it"),
    "contacts": Field(ListOf(CONTACT), default=[], help="every phone number the course gives, with its source"),
    "quality": Field(QUALITY, default={}, help="settings of the content quality checks"),
    "lessons": Field(ListOf(str, min_items=1), required=True, help="lesson Markdown files, in order"),
    "assessment": Field(ASSESSMENT, help="the scored final assessment; leave it out for none"),
    "completion": Field(COMPLETION, default={},
                        help="when the course counts as complete, and the completion page that ends it"),
    "tracking": Field(TRACKING, default={}, help="what else is reported to the LMS"),
    "editions": Field(EDITIONS_POLICY, default={}, help="what partnership editions of the course may change"),
    "local_information": Field(LOCAL_INFORMATION, default={},
                               help="the page placed by 'local-information' in lessons"),
    "evaluation": Field(EVALUATION, help="an end-of-module evaluation page, optional for the learner, placed by "
                        "'evaluation' in lessons (or last); leave it out for none"),
    "theme": Field(str, default="default", help="the look of the module: a theme name, or the path of a theme folder"),
    "branding": Field(BRANDING, default={}, help="the organisation's name, logo and colour"),
    "strings": Field(dict, default={}, help="the course's own words for single interface strings, like "
                     "{'nav.next': 'Continue'}; the keys are in the theme's messages/en-GB.yaml"),
})

LESSON = Record("lesson front matter", {
    "id": Field(str, pattern=ID_PATTERN, pattern_hint=ID_HINT, help="a stable id; default the file name"),
    "title": Field(str, required=True, min_length=1, max_length=200, help="the lesson title, the page's heading"),
    "menu_title": Field(str, help="a shorter title for the menu"),
    "allow": Field(dict, default={}, help="quality checks not to run on this lesson's text, each with the reason, "
                                          "like 'figures: the source is named on the next page'"),
})


# --- The schema of a partnership edition (editions/<name>/edition.yaml; builder/editions.py) ---

EDITION_BRANDING = Record("edition branding", {
    "logo": Field(str, help="path of the partnership's logo image, in the edition folder"),
    "logo_alt": Field(str, default="", help="alt text of the logo: the partnership's name"),
    "colour": Field(str, pattern=r"#[0-9a-fA-F]{6}",
                    pattern_hint="a colour is written '#' and six hex digits, like '#1d4f91'",
                    help="the accent colour; dark enough for white text on it"),
}, example="branding:\n  logo: logo.svg\n  logo_alt: Example Safeguarding Children Partnership\n  colour: '#1d4f91'")

EDITION_LOCAL_INFORMATION = Record("edition local_information", {
    "title": Field(str, min_length=1, max_length=200, help="the page title; default the course's"),
    "menu_title": Field(str, min_length=1, max_length=80, help="the title in the menu; default the course's"),
    "content": Field(str, help="Markdown: the partnership's procedures, referral route and contacts"),
    "file": Field(str, help="or: a Markdown file in the edition folder holding that content"),
    "source": Field(str, min_length=1, help="where the local details come from: document, publisher, year "
                    "(shown at the end of the page)"),
}, example="local_information:\n  file: local-information.md\n  source: Example Partnership, Child protection procedures, 2024")

EDITION = Record("edition.yaml", {
    "id": Field(str, required=True, pattern=r"[a-z0-9]+(-[a-z0-9]+)*",
                pattern_hint="use lower-case letters, digits and single hyphens, like 'kent'",
                help="the edition id, added to package identifiers, file names and the learner's saved progress"),
    "name": Field(str, required=True, min_length=1, max_length=200, help="the partnership's name"),
    "courses": Field(ListOf(str, min_items=1), required=True,
                     help="the courses this edition takes: a folder name under courses/, or a path from the edition folder"),
    "organisation": Field(str, max_length=200, help="the organisation shown in the module's header; default the name"),
    "branding": Field(EDITION_BRANDING, help="the partnership's logo and accent colour"),
    "local_information": Field(EDITION_LOCAL_INFORMATION,
                               help="the partnership's own page, placed where the course lists 'local-information'"),
    "support": Field(str, help="Markdown added at the end of the content note: support for staff in this area"),
    "pass_mark": Field((int, float), minimum=0, maximum=100, help="the assessment's pass mark, a percentage"),
    "completion": Field(str, choices=("pages", "assessment", "both"),
                        help="when the course counts as complete: pages, assessment or both"),
    "strings": Field(dict, help="interface strings to change, like {'nav.next': Continue}; the keys are in the theme's messages/en-GB.yaml"),
    "contacts": Field(ListOf(CONTACT), default=[], help="every phone number the edition's own pages give, with its source"),
})
