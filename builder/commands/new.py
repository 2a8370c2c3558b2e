"""`coursesmith new FOLDER`: start a course from a small working one, whose comments teach the
format. The starter's files are in builder/starter/ (shipped inside the package); the JSON
Schemas that let an editor check the YAML as you type are generated into FOLDER/.schema/."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import unicodedata
from importlib import resources
from pathlib import Path

from .schema import WriteError, write_text

DESCRIPTION = ("Start a new course: write a small working course into FOLDER (two lessons with knowledge "
               "checks, a question bank and a local information page), with notes in each file that say "
               "how to change it. The course id is made from the folder name.")

STARTER = "starter"  # the folder of starter files inside the builder package
SCHEMA_DIR = ".schema"  # the JSON Schemas an editor reads, named by the first line of each YAML file
SCHEMA_FILES = {"course": "course.schema.json", "bank": "bank.schema.json"}
MAX_ID = 80
MAX_TITLE = 200  # schema.COURSE title max_length: SCORM 1.2's limit


def add_arguments(parser) -> None:
    parser.add_argument("folder", type=Path, metavar="FOLDER",
                        help="the new course's folder, like courses/our-procedures; it must not exist yet, or "
                             "be empty. Its name gives the course id")
    parser.add_argument("--title", help="the course title (default: made from the folder name)")


def course_id(name: str) -> str:
    """A course id from a folder name: 'Our Procedures (2025)' -> 'our-procedures-2025'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_ID].strip("-")


def title_from(name: str) -> str:
    """A title from a folder name: 'our-procedures' -> 'Our procedures'."""
    text = re.sub(r"[\s_-]+", " ", name).strip()
    return text[:1].upper() + text[1:MAX_TITLE] if text else ""


def _refusal(folder: Path, message: str, hint: str) -> int:
    print(f"{folder}: error: {message}; nothing was written\n    hint: {hint}", file=sys.stderr)
    return 1


def run(args) -> int:
    folder: Path = args.folder
    name = folder.resolve().name
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            return _refusal(folder, "there is already a file with this name",
                            "choose a new folder name for the course")
        if any(folder.iterdir()):
            return _refusal(folder, "this folder already exists and is not empty",
                            "choose a new folder name, like courses/my-new-course, or empty the folder first")
    cid = course_id(name)
    id_note = ""
    if not cid:
        cid = "new-course"
        id_note = (f"The folder name '{name}' has no letters or digits to make a course id from, so the id is "
                   f"'{cid}': change 'id:' in course.yaml if you like.")
    title = args.title if args.title is not None else (title_from(name) or "New course")
    if not title.strip():
        return _refusal(folder, "the title is empty", 'write a title, like --title "Our safeguarding procedures"')
    if len(title) > MAX_TITLE:
        return _refusal(folder, f"the title is {len(title)} characters long; it can be at most {MAX_TITLE}",
                        "shorten it: LMSs using SCORM 1.2 keep only 200 characters")
    if not title.isprintable():
        return _refusal(folder, "the title contains a line break or another control character",
                        "write the title on one line")
    try:
        write_course(folder, cid, title)
    except WriteError as exc:
        print(exc, file=sys.stderr)
        return 1

    shown = _shown(folder)
    print(f"Created the course '{title}' in {shown if shown != 'COURSE_FOLDER' else folder} (id: {cid}).")
    if id_note:
        print(id_note)
    # Check what was written, as 'validate' would (the course's files; the theme is the builder's).
    from ..errors import BuildFailed, Problems
    from ..loader import load_course
    from . import report
    problems = Problems()
    try:
        load_course(folder, problems)
    except BuildFailed:
        pass
    if problems.items:
        report(problems, quiet=False)
        print("The new course has the problems listed above: this is a fault in coursesmith, please report it.")
        return 1
    from ..cli import _prog
    prog = _prog()
    print(f"""
Next:
  - Read the notes in course.yaml: they say what each setting does, and how to add a
    lesson or a question.
  - Check the course after each change:
        {prog} validate {shown}
  - Preview it in your web browser:
        {prog} build {shown} --format web
    then open output/{cid}-web/index.html
  - Build the SCORM zip for Moodle (output/{cid}-scorm12.zip):
        {prog} build {shown}""")
    return 0


def _shown(folder: Path) -> str:
    """The folder as a trainer would type it in a command: in quotes if it has spaces."""
    text = str(folder)
    if not text.isprintable() or '"' in text:
        return "COURSE_FOLDER"
    return f'"{text}"' if re.search(r"[\s'&|;<>()$`]", text) else text


def starter_files() -> dict[str, str]:
    """The starter course's files, by path inside the course folder: text with placeholders."""
    files: dict[str, str] = {}

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name.startswith((".", "__")):
                continue
            path = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, path + "/")
            else:
                files[path] = child.read_text(encoding="utf-8")

    walk(resources.files("builder").joinpath(STARTER), "")
    return files


def course_files(cid: str, title: str, folder_shown: str = "COURSE_FOLDER") -> dict[str, str]:
    """Every file of a new course, by path inside the course folder."""
    from ..json_schema import SCHEMAS, dumps

    replacements = {"__COURSE_ID__": yaml_text(cid), "__COURSE_TITLE__": yaml_text(title),
                    "__COURSE_FOLDER__": folder_shown}
    files = {}
    for path, text in starter_files().items():
        for token, value in replacements.items():
            text = text.replace(token, value)
        files[path] = text
    for which, name in SCHEMA_FILES.items():
        files[f"{SCHEMA_DIR}/{name}"] = dumps(SCHEMAS[which]())
    return files


def yaml_text(value: str) -> str:
    """Text as a YAML value: as it is where YAML reads it back as the same text, else in
    double quotes ('2025' would be a number, 'Yes' true, 'a: b' a mapping)."""
    from ..yamlio import YAMLProblem, parse_yaml
    try:
        plain = parse_yaml(f"key: {value}\n")
    except YAMLProblem:
        plain = None
    if isinstance(plain, dict) and type(plain.get("key")) is str and plain["key"] == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def write_course(folder: Path, cid: str, title: str) -> None:
    """Write the new course beside FOLDER under a temporary name, then move it into place, so
    a failure never leaves half a course."""
    files = course_files(cid, title, _shown(folder))
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{folder.parent}: error: could not make the folder: {exc.strerror or exc}\n"
                         "    hint: check the path, and that you may write there") from exc
    temporary = folder.resolve().parent / f".{folder.resolve().name}.coursesmith-new-{os.getpid()}"
    try:
        for path, text in files.items():
            write_text(temporary / path, text)
        if folder.is_dir():  # empty (checked before), and perhaps the current folder: fill it
            for entry in sorted(temporary.iterdir()):
                os.replace(entry, folder / entry.name)
            temporary.rmdir()
        else:
            os.replace(temporary, folder)
    except (WriteError, OSError) as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(exc, WriteError):
            raise
        raise WriteError(f"{folder}: error: could not make the course folder: {exc.strerror or exc}\n"
                         "    hint: check the path, and that you may write there; nothing was written") from exc
