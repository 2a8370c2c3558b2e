"""`coursesmith validate`: check courses and report every problem with its file and line."""
from __future__ import annotations

from . import add_course_arguments, course_dirs, report

DESCRIPTION = "Check courses and report every problem with its file and line."


def add_arguments(parser) -> None:
    add_course_arguments(parser)


def run(args) -> int:
    from ..build import validate_course

    dirs = course_dirs(args.courses)
    if not dirs:
        return _no_courses()
    failed = 0
    for course_dir in dirs:
        course, problems = validate_course(course_dir, strict=args.strict)
        report(problems, args.quiet)
        bad = problems.errors
        failed += bool(bad)
        if not args.quiet:
            if bad:
                print(f"{course_dir}: {len(problems.errors)} error(s), {len(problems.warnings)} warning(s)")
            else:
                print(f"{course_dir}: valid ({len(course.pages)} pages, {len(course.questions)} questions)")
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
