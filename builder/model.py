"""The course model: what a course is, independent of HTML templates and SCORM.

Text fields that authors write in Markdown hold rendered HTML fragments.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Option:
    id: str
    html: str
    feedback_html: str = ""


@dataclass
class Question:
    id: str
    type: str  # single | multiple
    prompt_html: str
    options: list[Option]
    answer: list[str]
    context_html: str = ""
    topic: str = ""
    correct_html: str = ""
    incorrect_html: str = ""
    file: Path | None = None
    line: int | None = None

    def runtime_data(self) -> dict:
        """What the browser runtime needs to mark the question."""
        return {"type": self.type, "answer": self.answer, "options": [o.id for o in self.options]}


@dataclass
class Page:
    id: str
    kind: str  # start | lesson | assessment
    title: str
    menu_title: str
    body_html: str = ""
    checks: list[Question] = field(default_factory=list)  # knowledge checks, in page order
    file: Path | None = None


@dataclass
class Assessment:
    title: str
    introduction_html: str
    questions: list[Question]
    draw: int
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
    assets: set[str] = field(default_factory=set)  # course-relative paths to ship

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
