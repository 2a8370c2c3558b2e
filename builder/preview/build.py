"""Rebuild a course quickly, again and again, for the preview.

A build is what `prepare()` does for one SCORM format, with three pieces of work kept from one
build to the next, each keyed on everything it was made from, so that a change is never missed:

- the parsed YAML of a text seen before (parsing YAML is most of a full build's time), looked
  up by the whole text;
- the HTML of a piece of Markdown seen before, looked up by its text and where it comes from,
  kept only when it rendered without a problem, and used again only when every image and file
  it links to is still a file inside the course folder;
- the theme's Jinja environment (compiling the templates is most of the rest): Jinja checks
  its template files' times itself.

The test suite checks that the result is the same, byte for byte, as `prepare()`'s.
"""
from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..errors import BuildFailed, Problem, Problems
from ..formats import FORMATS
from ..checks import run_checks
from ..loader import CourseLoader
from ..markdown import CourseMarkdown, Rendered, Source
from ..model import Course
from ..package import FileSource
from ..render import renderer_for
from ..themes import Theme, check_theme_files, find_theme

SCORM_FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}


@dataclass
class Build:
    """One build: the module's files, or the problems that stopped it."""
    number: int
    ok: bool
    files: dict[str, FileSource] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    course: Course | None = None
    theme: Theme | None = None
    seconds: float = 0.0
    detected: float = 0.0  # when the change it was built for was seen (time.time())


class _CachingMarkdown:
    """CourseMarkdown, rendering a piece of Markdown only when it was not rendered before."""

    def __init__(self):
        self.md = CourseMarkdown()
        self.cache: dict = {}
        self.used: set = set()

    @property
    def messages(self):
        return self.md.messages

    @messages.setter
    def messages(self, catalogue):  # the interface strings the HTML is rendered with
        self.md.messages = catalogue

    def render(self, text: str, source: Source, problems: Problems, *, inline: bool = False,
               allow_questions: bool = False) -> Rendered:
        words = self.md.messages.fingerprint if self.md.messages is not None else ""
        key = (text, str(source.file), source.first_line, str(source.course_root), inline, allow_questions, words)
        self.used.add(key)
        hit = self.cache.get(key)
        if hit is not None and _still_in_folder(hit.assets, source.course_root):
            return Rendered(hit.html, list(hit.questions), set(hit.assets))
        before = len(problems.items)
        result = self.md.render(text, source, problems, inline=inline, allow_questions=allow_questions)
        if len(problems.items) == before:  # a problem is reported again, by rendering again
            self.cache[key] = Rendered(result.html, list(result.questions), set(result.assets))
        return result

    def forget_unused(self) -> None:
        for key in [k for k in self.cache if k not in self.used]:
            del self.cache[key]
        self.used = set()


def _still_in_folder(assets: set[str], root: Path) -> bool:
    """Every course-relative path is still a file inside the course folder (as the Markdown
    check found it when it rendered)."""
    base = root.resolve()
    for rel in assets:
        try:
            target = (root / rel).resolve()
            if not target.is_file() or not target.is_relative_to(base):
                return False
        except (OSError, RuntimeError):
            return False
    return True


class _CachingLoader(CourseLoader):
    """The course loader, parsing a YAML text only when it was not parsed before."""

    def __init__(self, root: Path, problems: Problems, cache: dict, used: set, markdown: _CachingMarkdown):
        super().__init__(root, problems)
        self._cache, self._used = cache, used
        self.md = markdown

    def _read_yaml(self, path: Path, text: str | None = None, offset: int = 0):
        if text is None:
            text = self._read(path)
            if text is None:
                return None
        key = (text, offset)
        self._used.add(key)
        if key in self._cache:
            return copy.deepcopy(self._cache[key])  # a copy: the loader's callers may change what they get
        data = super()._read_yaml(path, text, offset)  # parses, and reports any problem
        if data is not None:
            self._cache[key] = copy.deepcopy(data)
        return data


class PreviewBuilder:
    """Builds one course for one SCORM version, keeping what it can between builds."""

    def __init__(self, course_dir: Path, scorm: str = "1.2"):
        self.course_dir = Path(course_dir)
        self.format = FORMATS[SCORM_FORMATS[scorm]]
        self.scorm = scorm
        self._yaml: dict = {}
        self._markdown = _CachingMarkdown()
        self._lock = threading.Lock()
        self._count = 0

    def build(self) -> Build:
        with self._lock:
            self._count += 1
            started = time.perf_counter()
            problems = Problems()
            try:
                course, theme, files = self._build(problems)
            except BuildFailed as exc:
                if exc.problems is not problems:
                    problems.extend(exc.problems)
                return Build(self._count, False, problems=list(problems.items),
                             seconds=time.perf_counter() - started)
            return Build(self._count, True, files, list(problems.items), course, theme,
                         time.perf_counter() - started)

    def _build(self, problems: Problems):
        used: set = set()
        course = _CachingLoader(self.course_dir, problems, self._yaml, used, self._markdown).load()
        # Keep only what this build used, so the caches never grow past one course. (A failed
        # build keeps them all: the next build, with the mistake fixed, needs most of them.)
        for key in [k for k in self._yaml if k not in used]:
            del self._yaml[key]
        self._markdown.forget_unused()
        run_checks(course, problems)  # the content quality checks, as build and validate run them
        course_file = course.root / "course.yaml"
        render_problems = Problems()
        theme = find_theme(course.theme, course.root, render_problems, course_file)
        if theme:
            check_theme_files(theme, render_problems, course_file)
        if render_problems.errors:
            problems.extend(render_problems)
            raise BuildFailed(problems)
        renderer = renderer_for(theme)  # a theme.yaml that lists other files gets a renderer of its own
        try:
            files = renderer.render(course, self.format.scorm)
        except jinja2.TemplateError as exc:
            problems.error(getattr(exc, "filename", None) or course_file, getattr(exc, "lineno", None),
                           f"the theme's template failed: {exc}", "check the theme's templates")
            raise BuildFailed(problems) from None
        files["imsmanifest.xml"] = self.format.manifest(course, list(files))
        return course, theme, files
