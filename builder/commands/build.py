"""`coursesmith build`: build courses into SCORM zips or web folders."""
from __future__ import annotations

import argparse
import errno
import sys
import time
from pathlib import Path

from . import add_course_arguments, report
from .validate import _no_courses, add_edition_argument, edition_and_courses

DEFAULT_OUT = Path("output")
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, or build to another disk with --out",
    errno.EDQUOT: "your disk quota is used up: free some space, or build elsewhere with --out",
    errno.EFBIG: "the file is larger than this system allows: make the media smaller",
    errno.EACCES: "you may not write there: choose another folder with --out",
    errno.EROFS: "the disk is read-only: build elsewhere with --out",
}


def _formats():
    from ..formats import FORMATS
    return FORMATS


def description() -> str:
    return ("Build courses. Each format writes one file or folder per course: "
            + "; ".join(f"{f.name}: {f.description}" for f in _formats().values()) + ".")


def _format(value: str) -> str:
    name = value.lower().replace("-", "").replace(".", "").replace(" ", "")
    if name not in _formats():
        raise argparse.ArgumentTypeError(f"invalid choice: '{value}' (choose from {', '.join(sorted(_formats()))})")
    return name


def add_arguments(parser) -> None:
    add_course_arguments(parser)
    add_edition_argument(parser)
    parser.add_argument("--format", "-f", action="append", type=_format, metavar="FORMAT",
                        help="scorm12 (default), scorm2004 or web; repeat for several")
    parser.add_argument("--out", "-o", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="where to write the builds (default: output/)")


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def run(args) -> int:
    from ..build import build_course
    from ..errors import BuildFailed
    from ..package import WriteFailed

    edition, dirs, ok = edition_and_courses(args)
    if not ok:
        return 1
    if not dirs:
        return _no_courses()
    formats = args.format or ["scorm12"]
    if args.out.exists() and not args.out.is_dir():
        print(f"{args.out}: error: the output folder is a file\n    hint: name a folder with --out, "
              f"or move the file '{args.out}' away", file=sys.stderr)
        return 1
    failed = 0
    for course_dir in dirs:
        started = time.perf_counter()
        try:
            result = build_course(course_dir, formats, args.out, strict=args.strict, edition=edition)
        except BuildFailed as exc:
            report(exc.problems, args.quiet)
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
        report(result.problems, args.quiet)
        if not args.quiet:
            course = result.course
            for output in result.outputs:
                print(f"{course.id}: {len(course.pages)} pages, {len(course.questions)} questions "
                      f"-> {output.target} ({_size(output.size)})")
            if args.verbose:
                print(f"{course.id}: built in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
