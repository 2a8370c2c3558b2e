"""The command line: `python -m builder build|validate [COURSE_DIR ...]`."""
from __future__ import annotations

import argparse
import errno
import sys
import time
import traceback
from pathlib import Path

from . import __version__
from .build import build_course, validate_course
from .errors import BuildFailed, Problems
from .formats import FORMATS
from .package import WriteFailed

DEFAULT_COURSES = Path("courses")
DEFAULT_OUT = Path("output")


def _course_dirs(named: list[str]) -> list[Path]:
    if named:
        return [Path(n) for n in named]
    if not DEFAULT_COURSES.is_dir():
        return []
    return sorted(p for p in DEFAULT_COURSES.iterdir() if (p / "course.yaml").is_file())


def _report(problems: Problems, quiet: bool) -> None:
    base = Path.cwd()
    for problem in problems.items:
        if quiet and problem.level != "error":
            continue
        print(problem.format(base), file=sys.stderr, flush=True)


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build e-learning modules (SCORM 1.2, SCORM 2004 or a web folder) from courses "
                    "written in YAML and Markdown. See docs/authoring.md.")
    parser.add_argument("--version", action="version", version=f"coursesmith {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(p):
        p.add_argument("courses", nargs="*", metavar="COURSE_DIR",
                       help="course folders (default: every folder under courses/ with a course.yaml)")
        p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        p.add_argument("-v", "--verbose", action="store_true", help="print more detail")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    b = commands.add_parser("build", help="build courses into output/",
                            description="Build courses. Each format writes one file or folder per course: "
                            + "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()) + ".")
    common(b)
    b.add_argument("--format", "-f", action="append", choices=sorted(FORMATS), metavar="FORMAT",
                   help="scorm12 (default), scorm2004 or web; repeat for several")
    b.add_argument("--out", "-o", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="where to write the builds (default: output/)")
    v = commands.add_parser("validate", help="check courses without building them",
                            description="Check courses and report every problem with its file and line.")
    common(v)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    dirs = _course_dirs(args.courses)
    if not dirs:
        print("No courses found: name a course folder, or add one under courses/.", file=sys.stderr)
        return 1
    try:
        if args.command == "validate":
            return _validate(dirs, args)
        return _build(dirs, args)
    except KeyboardInterrupt:
        print("Interrupted; nothing half-written was left in the output folder.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the builder, not in the course: say so plainly
        print(f"internal error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        print("This is a fault in the builder, not in your course. Please report it "
              "with the command you ran" + ("" if args.verbose else " and the output of --verbose") + ".",
              file=sys.stderr)
        if args.verbose:
            traceback.print_exc()
        return 70


def _validate(dirs: list[Path], args) -> int:
    failed = 0
    for course_dir in dirs:
        course, problems = validate_course(course_dir)
        _report(problems, args.quiet)
        bad = problems.errors or (args.strict and problems.warnings)
        failed += bool(bad)
        if not args.quiet:
            if bad:
                print(f"{course_dir}: {len(problems.errors)} error(s), {len(problems.warnings)} warning(s)")
            else:
                print(f"{course_dir}: valid ({len(course.pages)} pages, {len(course.questions)} questions)")
    return 1 if failed else 0


_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, or build to another disk with --out",
    errno.EDQUOT: "your disk quota is used up: free some space, or build elsewhere with --out",
    errno.EFBIG: "the file is larger than this system allows: make the media smaller",
    errno.EACCES: "you may not write there: choose another folder with --out",
    errno.EROFS: "the disk is read-only: build elsewhere with --out",
}


def _build(dirs: list[Path], args) -> int:
    formats = args.format or ["scorm12"]
    if args.out.exists() and not args.out.is_dir():
        print(f"{args.out}: error: the output folder is a file\n    hint: name a folder with --out, "
              f"or move the file '{args.out}' away", file=sys.stderr)
        return 1
    failed = 0
    for course_dir in dirs:
        started = time.perf_counter()
        try:
            result = build_course(course_dir, formats, args.out, strict=args.strict)
        except BuildFailed as exc:
            _report(exc.problems, args.quiet)
            if not args.quiet:
                print(f"{course_dir}: build failed with {len(exc.problems.errors)} error(s); nothing was written")
            failed += 1
            continue
        except WriteFailed as exc:
            reason = exc.error.strerror or str(exc.error)
            print(f"{exc.target}: error: could not write the module: {reason}\n    hint: "
                  + _WRITE_HINTS.get(exc.error.errno, "check the output folder can be written to")
                  + "; nothing was changed in the output folder", file=sys.stderr)
            failed += 1
            continue
        _report(result.problems, args.quiet)
        if not args.quiet:
            course = result.course
            for output in result.outputs:
                print(f"{course.id}: {len(course.pages)} pages, {len(course.questions)} questions "
                      f"-> {output.target} ({_size(output.size)})")
            if args.verbose:
                print(f"{course.id}: built in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
