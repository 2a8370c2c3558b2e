"""Render a course model into the files of a module, in memory.

A theme is a folder under themes/ (or a folder path given by the course) holding
theme.yaml, Jinja2 templates, stylesheets and the runtime scripts. A theme may extend
another; its own files are found first.

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
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .errors import BuildFailed, Problems
from .model import Course, Question
from .state import content_map
from .paths import check_package_names, inside, resolve_inside, unsafe_name
from .yamlio import YAMLProblem, line_of, parse_yaml, read_text

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
THEME_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.I)
MAX_TEMPLATE_VALUE = 10_000_000  # characters or items a template may make with * or **


@dataclass
class Theme:
    name: str
    dirs: list[Path]  # this theme first, then the themes it extends
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    listed_at: dict = field(default_factory=dict)  # "js"/"assets" -> (theme.yaml, line) that lists them

    def find(self, sub: str, name: str) -> Path | None:
        """The file, only if it is inside the folder of the theme that has it, after links."""
        for d in self.dirs:
            candidate = d / sub / name
            if os.path.lexists(candidate):
                real, why = resolve_inside(candidate, d)
                return candidate if why is None and real.is_file() else None
        return None

    def where(self, sub: str, name: str) -> Path | None:
        for d in self.dirs:
            if os.path.lexists(d / sub / name):
                return d
        return None


def _key_line(file: Path, key: str) -> int | None:
    """The line of a top-level key in a YAML file, to point at it."""
    try:
        for number, text in enumerate(read_text(file).splitlines(), 1):
            if re.match(rf"^{re.escape(key)}\s*:", text):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None


def find_theme(name: str, course_root: Path, problems: Problems, file: Path) -> Theme | None:
    """The theme a course names, and the themes it extends. A theme given by its path must be a
    folder inside the course folder (or, for a theme under themes/, inside themes/)."""
    dirs: list[Path] = []
    scripts: list[str] | None = None
    styles: list[str] | None = None
    listed_at: dict = {}
    current: str | None = name
    base, boundary = course_root, course_root
    where, line = file, _key_line(file, "theme")
    while current:
        if not isinstance(current, str):
            problems.error(where, line, f"the theme '{current}' is not a name or a folder path")
            return None
        if "/" in current or current.startswith("."):
            folder = inside(base / current, boundary, problems, where, line, f"theme folder '{current}'",
                            "the course folder" if boundary == course_root else "themes/")
            if folder is None:
                return None
        elif THEME_NAME.match(current):
            folder, boundary = THEMES_DIR / current, THEMES_DIR
        else:
            folder = None
        config = folder / "theme.yaml" if folder else None
        if config is None or not config.is_file():
            known = sorted(p.name for p in THEMES_DIR.iterdir() if (p / "theme.yaml").is_file())
            problems.error(where, line, f"the theme '{current}' does not exist",
                           "themes available: " + ", ".join(known) + "; or give the path of a theme folder")
            return None
        if folder in dirs:
            problems.error(config, None, f"the theme '{current}' extends itself in a loop")
            return None
        if not inside(config, folder, problems, config, None, "theme file 'theme.yaml'", "the theme's folder"):
            return None
        try:
            data = parse_yaml(read_text(config)) or {}
        except YAMLProblem as exc:
            problems.error(config, exc.line, exc.message, exc.hint)
            return None
        if not isinstance(data, dict):
            problems.error(config, None, "theme.yaml must hold settings like 'name:', 'styles:' and 'scripts:'")
            return None
        dirs.append(folder)
        for key, sub in (("scripts", "js"), ("styles", "assets")):
            listed = data.get(key)
            if listed and (key == "scripts" and scripts is None or key == "styles" and styles is None):
                if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
                    problems.error(config, line_of(data, key), f"'{key}' must be a list of file names",
                                   f"write it like '{key}: [one.{'js' if sub == 'js' else 'css'}]'")
                    return None
                listed_at[sub] = (config, line_of(data, key))
                if key == "scripts":
                    scripts = list(listed)
                else:
                    styles = list(listed)
        current = data.get("extends")
        base, where, line = folder, config, line_of(data, "extends")
    return Theme(name=name, dirs=dirs, scripts=scripts or [], styles=styles or [], listed_at=listed_at)


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


class Renderer:
    def __init__(self, theme: Theme):
        self.theme = theme
        # Every theme renders in the sandbox, the project's own included: the same rules for all.
        self.env = ThemeSandbox(
            loader=ThemeLoader(theme),
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
            if rel in files:  # the loader refuses these names; never let a course file replace the builder's
                raise ValueError(f"the course file '{rel}' has the name of a file the builder writes")
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
        where, line = theme.listed_at.get(sub, (file, None))
        for name in names:
            reason = unsafe_name(name)
            if reason:
                problems.error(where, line, f"the theme '{theme.name}' lists '{name}', which cannot be a file "
                               f"in its {sub}/ folder: {reason}",
                               f"name a file inside the theme's {sub}/ folder, like 'theme.css', with no '../'")
                continue
            folder = theme.where(sub, name)
            if folder is None:
                problems.error(where, line, f"the theme '{theme.name}' lists {sub}/{name}, which does not exist")
            elif inside(folder / sub / name, folder, problems, where, line, f"theme file '{sub}/{name}'",
                        "the theme's folder") and not theme.find(sub, name):
                problems.error(where, line, f"the theme '{theme.name}' lists {sub}/{name}, which is not a file")
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
        files = Renderer(theme).render(course, scorm)
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
