"""The course model: what a course is, independent of HTML templates and SCORM.

Text fields that authors write in Markdown hold rendered HTML fragments.
"""
from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Option:
    """An option to choose, an item to match or order, or a match."""

    id: str
    html: str
    feedback_html: str = ""
    fixed: bool = False


@dataclass
class ScenarioChoice:
    id: str
    html: str
    consequence_html: str
    next: str | None
    best: bool


@dataclass
class Step:
    id: str
    html: str
    prompt_html: str
    choices: list[ScenarioChoice]


# How each question type is reported to the LMS, in SCORM 1.2 and SCORM 2004.
INTERACTION_TYPES = {
    "single": ("choice", "choice"),
    "multiple": ("choice", "choice"),
    "true-false": ("true-false", "true-false"),
    "matching": ("matching", "matching"),
    "ordering": ("sequencing", "sequencing"),
    "short-text": ("fill-in", "fill-in"),
    "scenario": ("performance", "performance"),
    # Never marked: reported with the result "neutral" and no correct response.
    "confidence": ("likert", "likert"),
    "reflection": ("fill-in", "long-fill-in"),  # SCORM 1.2 keeps 255 characters, 2004 4,000
}


@dataclass
class Question:
    id: str
    type: str
    prompt_html: str
    context_html: str = ""
    topic: str = ""
    correct_html: str = ""
    incorrect_html: str = ""
    options: list[Option] = field(default_factory=list)  # single, multiple, true-false
    answer: list[str] = field(default_factory=list)  # option ids; for ordering, item ids in order
    items: list[Option] = field(default_factory=list)  # matching and ordering, in the order shown
    targets: list[Option] = field(default_factory=list)  # matching, in the order shown
    matches: dict[str, str] = field(default_factory=dict)  # matching: item id -> target id
    accept: list[str] = field(default_factory=list)  # short-text
    case_sensitive: bool = False
    whitespace: str = "normalise"
    max_length: int = 100
    steps: list[Step] = field(default_factory=list)  # scenario
    debrief_html: str = ""
    scored: bool = False
    scale: list[str] = field(default_factory=list)  # confidence: the points' labels, lowest first
    pre: str = ""  # confidence: the id of the same statement asked before the teaching
    post: str = ""  # confidence: the id of the question that asks this one again afterwards
    allow: dict[str, str] = field(default_factory=dict)  # quality check id -> the author's reason
    file: Path | None = None
    line: int | None = None

    def runtime_data(self) -> dict:
        """What the browser runtime needs to mark and report the question."""
        data: dict = {"type": self.type, "text": _plain(self.prompt_html),
                      "lmsType": list(INTERACTION_TYPES[self.type])}
        if self.type in ("single", "multiple", "true-false"):
            data.update(answer=self.answer, options=[o.id for o in self.options],
                        fixed=[o.id for o in self.options if o.fixed])
        elif self.type == "matching":
            data.update(items=[i.id for i in self.items], targets=[t.id for t in self.targets],
                        answer=self.matches)
        elif self.type == "ordering":
            data.update(items=[i.id for i in self.items], answer=self.answer)
        elif self.type == "short-text":
            data.update(accept=self.accept, caseSensitive=self.case_sensitive, whitespace=self.whitespace,
                        maxLength=self.max_length)
        elif self.type == "scenario":
            data.update(scored=self.scored, steps={
                s.id: {"choices": [c.id for c in s.choices], "best": [c.id for c in s.choices if c.best],
                       "next": {c.id: c.next for c in s.choices if c.next}} for s in self.steps},
                start=self.steps[0].id if self.steps else "")
        elif self.type == "confidence":
            data.update(scale=self.scale)
            if self.pre:
                data.update(pre=self.pre)
            if self.post:
                data.update(post=self.post)
        elif self.type == "reflection":
            data.update(maxLength=self.max_length)
        return data

    def longest_response(self) -> int:
        """The most characters the runtime's saved form of an answer can take (see state.js)."""
        if self.type == "single" or self.type == "true-false":
            return 1
        if self.type == "multiple":
            return len(self.options)
        if self.type in ("matching", "ordering"):
            return len(self.items)
        if self.type == "short-text":
            return 2 * self.max_length  # JSON escapes '"' and '\\' with a backslash
        if self.type == "scenario":
            return len(self.steps)  # a path visits each step at most once
        if self.type == "confidence":
            return 1
        if self.type == "reflection":
            return 2 * self.max_length  # as short-text
        return 0


def _plain(html: str) -> str:
    """The text of an HTML fragment, for the LMS's question description."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


@dataclass
class Page:
    id: str
    kind: str  # start | lesson | assessment | evaluation (optional: never needed for completion) | completion
    title: str
    menu_title: str
    body_html: str = ""
    checks: list[Question] = field(default_factory=list)  # knowledge checks, in page order
    file: Path | None = None
    allow: dict[str, str] = field(default_factory=dict)  # quality check id -> the author's reason


@dataclass
class Assessment:
    title: str
    introduction_html: str
    questions: list[Question]
    draw: int
    topics: dict[str, int]  # topic -> how many to draw; empty: draw from the whole bank
    pass_mark: float
    attempts: int
    shuffle: bool


@dataclass
class Branding:
    organisation: str = ""
    logo: str | None = None
    logo_alt: str = ""
    colour: str = "#1d4f91"


@dataclass
class Contact:
    """A phone number the course gives, with where it comes from."""

    name: str
    number: str
    source: str


@dataclass
class Course:
    root: Path
    id: str
    title: str
    version: str
    language: str
    description: str
    audience: str
    estimated_minutes: int | None
    content_note_html: str
    learning_outcomes: list[str]
    pages: list[Page]
    assessment: Assessment | None
    completion_rule: str
    theme: str
    branding: Branding
    report_checks: bool = False
    certificate: bool = True  # the completion page offers a printable record of learning
    assets: set[str] = field(default_factory=set)  # course-relative paths to ship
    outcome_topics: list[str] = field(default_factory=list)  # per learning outcome, its topic ('' if none)
    contacts: list[Contact] = field(default_factory=list)
    quality_allow: dict[str, str] = field(default_factory=dict)  # quality check id -> reason
    quality_acronyms: list[str] = field(default_factory=list)  # acronyms every reader knows
    messages: object = None  # the interface strings in the course's language (messages.Catalogue)
    # Set by a partnership edition (builder/editions.py); empty for the course on its own.
    edition: str = ""  # the edition's id; `id` then includes it, so two editions live in one LMS
    asset_sources: dict[str, Path] = field(default_factory=dict)  # package name -> file outside the course folder

    @property
    def questions(self) -> list[Question]:
        found = [q for p in self.pages for q in p.checks]
        if self.assessment:
            found += self.assessment.questions
        return found

    def content_version(self) -> str:
        """A short fingerprint of what saved learner state depends on: pages and questions."""
        shape = {
            "pages": [p.id for p in self.pages],
            "questions": {q.id: q.runtime_data() for q in self.questions},
        }
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
        return digest[:8]
