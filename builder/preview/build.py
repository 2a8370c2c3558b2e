"""Rebuild a course quickly, again and again, for the preview.

A build is what `prepare()` does for one SCORM format, with two pieces of work kept from one
build to the next: the parsed YAML of files whose text has not changed (parsing YAML is most
of a build's time) and the theme's Jinja environment (compiling the templates is most of the
rest). Both are keyed on what they were made from, so a change is never missed: a YAML text is
looked up by its whole content, and Jinja checks its template files' times itself. The test
suite checks that the result is the same, byte for byte, as `prepare()`'s.
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
from ..loader import CourseLoader
from ..model import Course
from ..package import FileSource
from ..render import Renderer, Theme, check_theme_files, find_theme

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


class _CachingLoader(CourseLoader):
    """The course loader, parsing a YAML text only when it was not parsed before."""

    def __init__(self, root: Path, problems: Problems, cache: dict, used: set):
        super().__init__(root, problems)
        self._cache, self._used = cache, used

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
        self._renderers: dict[tuple, Renderer] = {}
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
        course = _CachingLoader(self.course_dir, problems, self._yaml, used).load()
        # Keep only the texts this build read, so the cache never grows past one course.
        for key in [k for k in self._yaml if k not in used]:
            del self._yaml[key]
        course_file = course.root / "course.yaml"
        render_problems = Problems()
        theme = find_theme(course.theme, course.root, render_problems, course_file)
        if theme:
            check_theme_files(theme, render_problems, course_file)
        if render_problems.errors:
            problems.extend(render_problems)
            raise BuildFailed(problems)
        key = tuple(theme.dirs)
        renderer = self._renderers.get(key)
        if renderer is None:
            renderer = self._renderers[key] = Renderer(theme)
        renderer.theme = theme  # the theme.yaml may list other scripts or styles since
        try:
            files = renderer.render(course, self.format.scorm)
        except jinja2.TemplateError as exc:
            problems.error(getattr(exc, "filename", None) or course_file, getattr(exc, "lineno", None),
                           f"the theme's template failed: {exc}", "check the theme's templates")
            raise BuildFailed(problems) from None
        files["imsmanifest.xml"] = self.format.manifest(course, list(files))
        return course, theme, files
