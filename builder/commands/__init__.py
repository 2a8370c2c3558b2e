"""The command line's commands, one module each (as MkDocs' `commands/`). A command module has
`NAME`, `HELP`, `DESCRIPTION`, `add_arguments(parser)` and `run(args) -> exit status`; the
registry below is the order `--help` lists them in. Each is imported only when it runs, so a
command pays only for what it uses."""
from __future__ import annotations

import importlib
from pathlib import Path

# name -> (module, one-line help)
COMMANDS = {
    "new": ("builder.commands.new", "start a new course from a small working one"),
    "build": ("builder.commands.build", "build courses into output/"),
    "validate": ("builder.commands.validate", "check courses without building them"),
    "schema": ("builder.commands.schema", "print the JSON Schema of course.yaml or of a question bank"),
    "serve": ("builder.commands.serve", "preview a course in the browser while you write it"),
    "diff": ("builder.commands.diff", "say what changed between two versions of a module, and whether "
             "learners' progress and Moodle's tracking carry over"),
}

DEFAULT_COURSES = Path("courses")


def load(name: str):
    return importlib.import_module(COMMANDS[name][0])


def course_dirs(named: list[str]) -> list[Path]:
    """The course folders a command works on: those named (a course.yaml names its folder), or
    every folder under courses/ with a course.yaml."""
    if named:
        return [Path(n).parent if Path(n).name == "course.yaml" else Path(n) for n in named]
    if not DEFAULT_COURSES.is_dir():
        return []
    return sorted(p for p in DEFAULT_COURSES.iterdir() if (p / "course.yaml").is_file())


def add_course_arguments(parser) -> None:
    parser.add_argument("courses", nargs="*", metavar="COURSE_DIR",
                        help="course folders, or their course.yaml (default: every folder under courses/ "
                             "with a course.yaml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def report(problems, quiet: bool) -> None:
    import sys
    base = Path.cwd()
    for problem in problems.items:
        if quiet and problem.level != "error":
            continue
        print(problem.format(base), file=sys.stderr, flush=True)
