"""`coursesmith validate`: check courses and report every problem with its file and line."""
from __future__ import annotations

from pathlib import Path

from . import add_course_arguments, course_dirs, report

DESCRIPTION = "Check courses and report every problem with its file and line."


def add_arguments(parser) -> None:
    add_course_arguments(parser)
    add_edition_argument(parser)


def add_edition_argument(parser) -> None:
    parser.add_argument("--edition", "-e", type=Path, metavar="EDITION_DIR",
                        help="a partnership edition folder, like editions/kent: work on every course it names, "
                             "as that partnership's edition (see docs/editions.md)")


def edition_and_courses(args):
    """(edition, course folders, ok) for a command: the edition's courses with --edition, else
    the folders named or found. Reports the edition's own problems; ok is False if it failed."""
    if getattr(args, "edition", None) is None:
        return None, course_dirs(args.courses), True
    import sys
    from ..editions import course_folders, load_edition
    from ..errors import Problems
    if args.courses:
        print("error: name either an edition or course folders, not both\n    hint: an edition builds the "
              "courses its edition.yaml lists under 'courses:'", file=sys.stderr)
        return None, [], False
    problems = Problems()
    edition = load_edition(args.edition, problems)
    report(problems, args.quiet)
    if edition is None or problems.errors or (args.strict and problems.warnings):
        if not args.quiet:
            print(f"{args.edition}: {len(problems.errors)} error(s), {len(problems.warnings)} warning(s) in the edition")
        return edition, [], False
    return edition, course_folders(edition), True


def run(args) -> int:
    from ..build import validate_course

    edition, dirs, ok = edition_and_courses(args)
    if not ok:
        return 1
    if not dirs:
        return _no_courses()
    failed = 0
    for course_dir in dirs:
        course, problems = validate_course(course_dir, edition, strict=args.strict)
        report(problems, args.quiet)
        bad = problems.errors
        failed += bool(bad)
        if not args.quiet:
            name = f"{course_dir} ({edition.id} edition)" if edition else course_dir
            if bad:
                print(f"{name}: {len(problems.errors)} error(s), {len(problems.warnings)} warning(s)")
            else:
                print(f"{name}: valid ({len(course.pages)} pages, {len(course.questions)} questions)")
                _outcome_report(course)
    return 1 if failed else 0


def _outcome_report(course) -> None:
    """For each learning outcome linked to a topic, how many bank questions test it."""
    from ..checks.coverage import outcome_counts
    from ..errors import shown
    counts = outcome_counts(course)
    if not counts:
        return
    print("  bank questions testing each learning outcome:")
    for text, topic, count in counts:
        print(f"    {count:>3}  {topic}: {shown(text, 70)}")


def _no_courses() -> int:
    import sys
    print("No courses found: name a course folder, or add one under courses/.", file=sys.stderr)
    return 1
