"""Render a course model into the files of a module, in memory.

A theme is a folder under themes/ (or a folder path given by the course) holding
theme.yaml, Jinja2 templates, stylesheets and the runtime scripts. A theme may extend
another; its own files are found first.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import __version__
from .errors import BuildFailed, Problems
from .model import Course, Question
from .yamlio import YAMLProblem, parse_yaml, read_text

def _themes_dir() -> Path:
    """The built-in themes: `themes/` beside the package in a checkout, or the copy that an
    installed wheel carries as the package data `builder/themes`."""
    checkout = Path(__file__).resolve().parent.parent / "themes"
    if (checkout / "default" / "theme.yaml").is_file():
        return checkout
    from importlib.resources import files
    return Path(str(files("builder") / "themes"))


THEMES_DIR = _themes_dir()
THEME_OUT = "_theme"


@dataclass
class Theme:
    name: str
    dirs: list[Path]  # this theme first, then the themes it extends
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)

    def find(self, sub: str, name: str) -> Path | None:
        for d in self.dirs:
            candidate = d / sub / name
            if candidate.is_file():
                return candidate
        return None


def find_theme(name: str, course_root: Path, problems: Problems, file: Path) -> Theme | None:
    dirs: list[Path] = []
    scripts: list[str] | None = None
    styles: list[str] | None = None
    current: str | None = name
    base = course_root
    while current:
        folder = (base / current) if ("/" in current or current.startswith(".")) else THEMES_DIR / current
        config = folder / "theme.yaml"
        if not config.is_file():
            known = sorted(p.name for p in THEMES_DIR.iterdir() if (p / "theme.yaml").is_file())
            problems.error(file, None, f"the theme '{current}' does not exist",
                           "themes available: " + ", ".join(known) + "; or give the path of a theme folder")
            return None
        if folder in dirs:
            problems.error(config, None, f"the theme '{current}' extends itself in a loop")
            return None
        try:
            data = parse_yaml(read_text(config)) or {}
        except YAMLProblem as exc:
            problems.error(config, exc.line, exc.message, exc.hint)
            return None
        dirs.append(folder)
        if scripts is None and data.get("scripts"):
            scripts = list(data["scripts"])
        if styles is None and data.get("styles"):
            styles = list(data["styles"])
        current = data.get("extends")
        base = folder
    return Theme(name=name, dirs=dirs, scripts=scripts or [], styles=styles or [])


def runtime_data(course: Course, scorm: str | None) -> dict:
    a = course.assessment
    return {
        "id": course.id,
        "title": course.title,
        "version": course.content_version(),
        "scorm": scorm,
        "completion": course.completion_rule,
        "pages": [{"id": p.id, "kind": p.kind} for p in course.pages],
        "questions": {q.id: q.runtime_data() for q in course.questions},
        "checks": [q.id for p in course.pages for q in p.checks],
        "reportChecks": course.report_checks,
        "assessment": None if a is None else {
            "bank": [q.id for q in a.questions], "draw": a.draw, "passMark": a.pass_mark,
            "attempts": a.attempts, "shuffle": a.shuffle, "topics": a.topics,
            "topicOf": {q.id: q.topic for q in a.questions} if a.topics else {},
        },
    }


def _json_for_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Renderer:
    def __init__(self, theme: Theme):
        self.theme = theme
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d / "templates") for d in theme.dirs]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def _question_html(self, question: Question, role: str) -> str:
        return self.env.get_template("question.html").render(q=self._safe_question(question), role=role)

    @staticmethod
    def _safe_question(q: Question):
        """Mark the builder's own HTML fragments as safe for templates."""
        option = lambda o: _SafeView(o, {"html", "feedback_html"})  # noqa: E731
        return _SafeView(q, {"prompt_html", "context_html", "correct_html", "incorrect_html", "debrief_html"},
                         options=[option(o) for o in q.options], items=[option(o) for o in q.items],
                         targets=[option(o) for o in q.targets],
                         steps=[_SafeView(s, {"html", "prompt_html"},
                                          choices=[_SafeView(c, {"html", "consequence_html"}) for c in s.choices])
                                for s in q.steps])

    def render(self, course: Course, scorm: str | None) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        pages = []
        for page in course.pages:
            body = page.body_html
            for i, q in enumerate(page.checks):
                body = body.replace(f"<!--question:{i}-->\n", self._question_html(q, "check"), 1)
            pages.append(_SafeView(page, set(), body=Markup(body)))
        safe_course = _SafeView(course, {"content_note_html"},
                                learning_outcomes=[Markup(o) for o in course.learning_outcomes],
                                assessment=None if course.assessment is None else _SafeView(
                                    course.assessment, {"introduction_html"},
                                    questions=[self._safe_question(q) for q in course.assessment.questions]))
        styles = [f"{THEME_OUT}/{name}" for name in self.theme.styles] + [f"{THEME_OUT}/course.css"]
        scripts = [f"{THEME_OUT}/module.js"]
        html = self.env.get_template("index.html").render(
            course=safe_course, pages=pages, stylesheets=styles, scripts=scripts,
            runtime_json=Markup(_json_for_script(runtime_data(course, scorm))),
            generator_version=__version__,
        )
        files["index.html"] = html.encode("utf-8")
        files[f"{THEME_OUT}/module.js"] = self._joined_scripts()
        for name in self.theme.styles:
            files[f"{THEME_OUT}/{name}"] = self.theme.find("assets", name).read_bytes()
        files[f"{THEME_OUT}/course.css"] = f":root {{ --accent: {course.branding.colour}; }}\n".encode()
        for rel in sorted(course.assets):
            files[rel] = course.root / rel  # copied when the module is written, never held in memory
        return files

    def _joined_scripts(self) -> bytes:
        parts = ["/* coursesmith module runtime. */\n(function () {\n\"use strict\";\n"]
        for name in self.theme.scripts:
            parts.append(f"\n/* --- {name} --- */\n")
            parts.append(read_text(self.theme.find("js", name)))
        parts.append("\n})();\n")
        return "".join(parts).encode("utf-8")


class _SafeView:
    """A read-only view of a model object for templates, with HTML fields marked safe."""

    def __init__(self, obj, html_fields: set[str], **overrides):
        self._obj = obj
        self._html = html_fields
        self._overrides = overrides

    def __getattr__(self, name):
        if name in self._overrides:
            return self._overrides[name]
        value = getattr(self._obj, name)
        return Markup(value) if name in self._html else value


def check_theme_files(theme: Theme, problems: Problems, file: Path) -> None:
    for sub, names in (("js", theme.scripts), ("assets", theme.styles)):
        for name in names:
            if theme.find(sub, name) is None:
                problems.error(file, None, f"the theme '{theme.name}' lists {sub}/{name}, which does not exist")
    for template in ("index.html", "question.html"):
        if not any((d / "templates" / template).is_file() for d in theme.dirs):
            problems.error(file, None, f"the theme '{theme.name}' has no templates/{template}")


def render_course(course: Course, scorm: str | None) -> dict[str, bytes]:
    problems = Problems()
    course_file = course.root / "course.yaml"
    theme = find_theme(course.theme, course.root, problems, course_file)
    if theme:
        check_theme_files(theme, problems, course_file)
    if problems.errors:
        raise BuildFailed(problems)
    try:
        return Renderer(theme).render(course, scorm)
    except jinja2.TemplateError as exc:
        problems.error(getattr(exc, "filename", None) or course_file, getattr(exc, "lineno", None),
                       f"the theme's template failed: {exc}", "check the theme's templates")
        raise BuildFailed(problems) from None
