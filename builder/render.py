"""Render a course model into the files of a module, in memory, with its theme
(builder/themes.py).

A course may come with its own theme, and building the course must not run the theme's code
on the machine that builds it: templates render in Jinja2's immutable sandbox (no Python
internals, no changing the course's data), read only templates inside the theme's folder,
and every file a theme names must be inside its folder.
"""
from __future__ import annotations

import json
import operator
import os
import re
import traceback
import types
from pathlib import Path, PurePath

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .errors import BuildFailed, Problems
from .model import Course, Question
from .paths import check_package_names, resolve_inside
from .state import content_map
from .themes import Theme, check_theme_files, find_theme
from .yamlio import read_text

THEME_OUT = "_theme"
RUNTIME_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""")
MAX_TEMPLATE_VALUE = 10_000_000  # characters or items a template may make with * or **


def runtime_data(course: Course, scorm: str | None) -> dict:
    a = course.assessment
    return {
        "id": course.id,
        "title": course.title,
        "version": course.content_version(),
        "map": content_map(course),  # what saved state depends on (builder/state.py)
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


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the themes' templates folders, refusing one that is a link out of its theme."""

    def __init__(self, theme: Theme):
        super().__init__([str(d / "templates") for d in theme.dirs])
        self.theme_dirs = list(theme.dirs)

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder, searchpath in zip(self.theme_dirs, self.searchpath):
            candidate = Path(searchpath, *pieces)
            if os.path.lexists(candidate):
                real, why = resolve_inside(candidate, folder)
                if why is not None:
                    raise SecurityError(f"the template '{template}' is a symbolic link to a file outside "
                                        "the theme's folder")
                if real.is_file():
                    break
        return super().get_source(environment, template)


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, which also keeps templates away from paths (the course model
    holds some: a Path's methods read and write files), classes and modules, and refuses to
    build huge values with * and **."""

    intercepted_binops = frozenset(["*", "**"])

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(obj, PurePath) or isinstance(value, (PurePath, type, types.ModuleType)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, op, left, right):
        if op == "**" and isinstance(right, (int, float)) and abs(right) > 64 and abs(left) > 1:
            raise SecurityError("the template raises a number to too large a power")
        if op == "*":
            for value, times in ((left, right), (right, left)):
                if isinstance(value, (str, list, tuple)) and isinstance(times, int) \
                        and len(value) * times > MAX_TEMPLATE_VALUE:
                    raise SecurityError("the template makes too large a value with *")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, so a build does not compile the theme again. The
    cache only saves time: if its folder cannot be used, templates are compiled as before."""

    def load_bytecode(self, bucket):
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or unreadable cache entry: compile the template instead
            bucket.reset()

    def dump_bytecode(self, bucket):
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("COURSESMITH_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base, "coursesmith", f"jinja-{jinja2.__version__}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


class Renderer:
    def __init__(self, theme: Theme):
        self.theme = theme
        # Every theme renders in the sandbox, the project's own included: the same rules for all.
        self.env = ThemeSandbox(
            loader=ThemeLoader(theme),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, bytecode_cache=_bytecode_cache(),
        )
        self._fragments: dict = {}  # (question, role) -> its HTML, shared by the formats of a course
        self._course: Course | None = None

    def _question_html(self, question: Question, role: str) -> str:
        key = (id(question), role)
        if key not in self._fragments:
            self._fragments[key] = self.env.get_template("question.html").render(
                q=self._safe_question(question), role=role, t=self._course.messages.t)
        return self._fragments[key]

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
        if course is not self._course:
            self._fragments.clear()
            self._course = course
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
        module_js = self._joined_scripts()
        data = runtime_data(course, scorm)
        # Only the strings the runtime asks for, by the keys written in its scripts: t("key").
        data["messages"] = course.messages.for_runtime(set(RUNTIME_KEY.findall(module_js.decode("utf-8"))))
        html = self.env.get_template("index.html").render(
            course=safe_course, pages=pages, stylesheets=styles, scripts=scripts,
            runtime_json=Markup(_json_for_script(data)),
            t=course.messages.t, direction=course.messages.direction,
            generator_version=__version__,
        )
        files["index.html"] = html.encode("utf-8")
        files[f"{THEME_OUT}/module.js"] = module_js
        for name in self.theme.styles:
            files[f"{THEME_OUT}/{name}"] = self.theme.find("assets", name).read_bytes()
        files[f"{THEME_OUT}/course.css"] = f":root {{ --accent: {course.branding.colour}; }}\n".encode()
        for rel in sorted(course.assets):
            if rel in files:  # the loader refuses these names; never let a course file replace the builder's
                raise ValueError(f"the course file '{rel}' has the name of a file the builder writes")
            files[rel] = course.asset_sources.get(rel) or course.root / rel  # copied when written, never held in memory
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


_RENDERERS: dict[tuple, Renderer] = {}


def renderer_for(theme: Theme) -> Renderer:
    """One renderer per theme in a run: its templates are compiled once for every format and
    course (Jinja2 still notices a template changed on disk, for `serve`)."""
    key = (tuple(theme.dirs), tuple(theme.scripts), tuple(theme.styles))
    renderer = _RENDERERS.get(key)
    if renderer is None:
        if len(_RENDERERS) > 8:
            _RENDERERS.clear()
        renderer = _RENDERERS[key] = Renderer(theme)
    return renderer


def render_course(course: Course, scorm: str | None) -> dict[str, bytes]:
    problems = Problems()
    course_file = course.root / "course.yaml"
    theme = find_theme(course.theme, course.root, problems, course_file)
    if theme:
        check_theme_files(theme, problems, course_file)
    if problems.errors:
        raise BuildFailed(problems)
    try:
        files = renderer_for(theme).render(course, scorm)
    except jinja2.TemplateError as exc:
        where, line = _template_location(exc, theme, course_file)
        hint = ("a theme's templates may use the course's data and Jinja2's filters, but not Python's "
                "internals or files outside the theme; see 'What a course theme may do' in docs/authoring.md"
                if isinstance(exc, SecurityError) else "check the theme's templates")
        problems.error(where, line, f"the theme's template failed: {exc}", hint)
        raise BuildFailed(problems) from None
    check_package_names(files, problems, course_file)
    if problems.errors:
        raise BuildFailed(problems)
    return files


def _template_location(exc: jinja2.TemplateError, theme: Theme, fallback: Path) -> tuple[Path, int | None]:
    """The template file and line where rendering failed: Jinja2 puts the template's own frames
    into the traceback."""
    if getattr(exc, "filename", None) and getattr(exc, "lineno", None):
        return Path(exc.filename), exc.lineno
    found = (fallback, None)
    folders = [str(d) for d in theme.dirs]
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if any(name.startswith(f) for f in folders):
            found = (Path(name), lineno)
    return found
