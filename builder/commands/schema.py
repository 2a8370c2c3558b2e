"""`coursesmith schema`: print the JSON Schema of course.yaml or of a question bank, for editors
that complete and check YAML as you type (VS Code with Red Hat's YAML extension)."""
from __future__ import annotations

import sys
from pathlib import Path

DESCRIPTION = ("Print the JSON Schema of course.yaml (course), of a question bank (bank) or of a partnership "
               "edition's edition.yaml (edition). An editor "
               "such as VS Code, with Red Hat's YAML extension, uses it to suggest keys, explain them and "
               "underline mistakes as you type. 'coursesmith new' puts both schemas in the new course's "
               ".schema folder; run this to refresh them after updating coursesmith.")


class WriteError(Exception):
    """A file or folder could not be written; the message says which and what to do."""


def add_arguments(parser) -> None:
    parser.add_argument("which", nargs="?", choices=("course", "bank", "edition"), default="course",
                        metavar="course|bank|edition",
                        help="course: the schema of course.yaml (the default); bank: of a question bank; "
                             "edition: of a partnership edition's edition.yaml")
    parser.add_argument("--out", "-o", type=Path, metavar="FILE",
                        help="write the schema to this file instead of printing it")


def run(args) -> int:
    from ..json_schema import SCHEMAS, dumps

    text = dumps(SCHEMAS[args.which]())
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_text(args.out, text)
    except WriteError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote the {args.which} schema to {args.out}")
    return 0


def write_text(path: Path, text: str) -> None:
    """Write a text file (UTF-8, Unix line ends), making its folder; a WriteError says why not."""
    path = Path(path)
    if path.is_dir():
        raise WriteError(f"{path}: error: this is a folder\n    hint: give a file name, like {path / 'course.schema.json'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise WriteError(f"{path}: error: could not write the file: {exc.strerror or exc}\n"
                         "    hint: check the path, and that you may write there") from exc
