"""The build pipeline: load -> render -> package, in two phases.

Phase one does everything in memory (load, validate, render, zip). Phase two writes each
output to a temporary name and moves it into place. A failure in phase one writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .checks import run_checks
from .editions import apply_edition
from .errors import BuildFailed, Problems
from .formats import FORMATS, OutputFormat
from .loader import load_course
from .model import Course
from .package import FileSource, write_outputs
from .render import render_course
from .themes import check_theme_files, find_theme


@dataclass
class Output:
    format: OutputFormat
    target: Path
    files: dict[str, FileSource]  # bytes made in memory, or the Path of a course file to copy
    size: int = 0  # bytes written: the zip, or the folder's files (set when written)


@dataclass
class BuildResult:
    course: Course
    outputs: list[Output]
    problems: Problems


def warnings_as_errors(problems: Problems) -> None:
    """--strict: every warning becomes an error, and says so, so that what stops the build is
    listed as an error (also under --quiet, which prints errors only)."""
    problems.items = [replace(p, level="error", hint=(p.hint + "\n    " if p.hint else "")
                              + "(a warning, made an error by --strict)") if p.level == "warning" else p
                      for p in problems.items]


def validate_course(course_dir: Path, edition=None, strict: bool = False) -> tuple[Course | None, Problems]:
    """Load and check a course without building it (as a partnership edition's, if given)."""
    problems = Problems()
    try:
        course = load_course(course_dir, problems, edition.strings if edition is not None else None)
    except BuildFailed:
        return None, problems
    if edition is not None:
        apply_edition(course, edition, problems, course_dir)
    run_checks(course, problems)
    theme = find_theme(course.theme, course.root, problems, course.root / "course.yaml")
    if theme:
        check_theme_files(theme, problems, course.root / "course.yaml")
    if strict:
        warnings_as_errors(problems)
    return (course if not problems.errors else None), problems


def prepare(course_dir: Path, formats: list[str], out_dir: Path, strict: bool = False, edition=None) -> BuildResult:
    """Phase one: everything in memory. Raises BuildFailed with all problems found.
    `edition` (editions.Edition) builds the course as that partnership's edition."""
    problems = Problems()
    course = load_course(course_dir, problems, edition.strings if edition is not None else None)
    if edition is not None:
        apply_edition(course, edition, problems, course_dir)
        if problems.errors:
            raise BuildFailed(problems)
    run_checks(course, problems)
    if strict and problems.warnings:
        warnings_as_errors(problems)
        raise BuildFailed(problems)
    outputs = []
    for name in formats:
        fmt = FORMATS[name]
        files = render_course(course, fmt.scorm)
        if fmt.manifest is not None:
            files["imsmanifest.xml"] = fmt.manifest(course, list(files))
        outputs.append(Output(fmt, fmt.target(course, out_dir), files))
    return BuildResult(course, outputs, problems)


def write(result: BuildResult) -> None:
    """Phase two: write every output under a temporary name, then move them all into place.
    Raises package.WriteFailed (and leaves every earlier build as it was) if the disk fails."""
    write_outputs(result.outputs)


def build_course(course_dir: Path, formats: list[str], out_dir: Path, strict: bool = False,
                 edition=None) -> BuildResult:
    result = prepare(course_dir, formats, out_dir, strict, edition)
    write(result)
    return result
