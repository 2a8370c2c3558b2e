"""Partnership editions: one course source, built for many safeguarding partnerships.

An edition is a small folder, `editions/<name>/edition.yaml` with the partnership's own
local-information page, logo and a few single-value overrides. It names the courses it takes
and changes only what a partnership may change (schema.EDITION_OVERRIDES); the lessons,
questions and scoring come from the course unchanged. A course says which overrides it allows
(`editions: allow: [...]` in course.yaml; schema.EDITION_DEFAULT_ALLOW when it says nothing).

    edition = load_edition(Path("editions/kent"), problems)   # read and check edition.yaml
    course = load_course(course_dir, problems)
    apply_edition(course, edition, problems)                  # change the loaded model in place

The edition's id goes into the course id (`<course>--<edition>`), and so into the package
identifier, the file names and the key of the learner's saved progress: two editions of one
course live side by side in one LMS, or one browser.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from . import schema
from .errors import Problems, did_you_mean, shown
from .loader import COURSE_FILE, LOCAL_MARKER, contrast_with_white
from .messages import check_overrides, english
from .markdown import RESERVED_NAMES, CourseMarkdown, Source, course_file
from .model import Contact, Course
from .paths import file_problem, inside
from .yamlio import YAMLProblem, line_of, parse_yaml, read_text

EDITION_FILE = "edition.yaml"
SEPARATOR = "--"  # between the course id and the edition id: 'signs-and-indicators--kent'
COURSES_FOLDER = "courses"
# edition.yaml key -> the override a course allows by that name
OVERRIDE_OF_KEY = {"organisation": "organisation", "branding": "branding", "local_information": "local_information",
                   "support": "support", "pass_mark": "pass_mark", "completion": "completion", "strings": "strings"}
SOURCE_TITLE = "Where these local details come from"


@dataclass
class CourseRef:
    entry: str  # as written in edition.yaml
    folder: Path
    line: int | None


@dataclass
class Edition:
    id: str
    name: str
    folder: Path
    file: Path  # its edition.yaml
    courses: list[CourseRef]
    settings: dict  # edition.yaml, checked, with defaults
    lines: dict[str, int | None]  # top-level key -> its line in edition.yaml
    local_html: str | None = None  # the local information page, rendered
    local_file: Path | None = None
    support_html: str = ""
    logo: str | None = None  # edition-relative path of the logo
    # override -> {package name -> file in the edition folder}: shipped only with that override
    assets: dict[str, dict[str, Path]] = field(default_factory=dict)
    strings: dict = field(default_factory=dict)  # the interface strings it replaces, checked

    @property
    def overrides(self) -> list[str]:
        """The overrides this edition makes, in schema order."""
        return [OVERRIDE_OF_KEY[k] for k in OVERRIDE_OF_KEY if self.settings.get(k) not in (None, {}, "")]


# -- loading ----------------------------------------------------------------------------------

def edition_folder(path: Path) -> Path:
    """An edition folder from what the author named: the folder, or its edition.yaml."""
    path = Path(path)
    return path.parent if path.name == EDITION_FILE else path


def load_edition(path: Path, problems: Problems) -> Edition | None:
    """Read and check an edition; None if it cannot be used (every reason is in `problems`)."""
    folder = edition_folder(path)
    file = folder / EDITION_FILE
    if not folder.is_dir():
        problems.error(folder, None, "no such edition folder",
                       "name a folder that contains an edition.yaml, like editions/kent")
        return None
    why = file_problem(file)
    if why == "does not exist":
        problems.error(file, None, "the edition folder has no edition.yaml",
                       "every edition folder needs an edition.yaml; see docs/editions.md")
        return None
    if why:
        problems.error(file, None, f"edition.yaml {why}", "make edition.yaml an ordinary text file")
        return None
    data = _read_yaml(file, problems)
    if data is None:
        return None
    errors_before = len(problems.errors)
    settings = schema.EDITION.check(data, file, problems)
    if not settings:
        return None
    lines = {key: line_of(data, key) for key in schema.EDITION.fields}
    edition = Edition(id=settings["id"] or "", name=settings["name"] or "", folder=folder, file=file,
                      courses=_course_refs(settings, data, folder, file, problems), settings=settings, lines=lines)
    if edition.id and SEPARATOR in edition.id:
        problems.error(file, lines["id"], f"the edition id '{edition.id}' contains '--'",
                       "use single hyphens, like 'north-east'")
    if edition.id and edition.id != folder.resolve().name:
        problems.warning(file, lines["id"], f"the edition id '{edition.id}' is not the name of its folder "
                         f"'{folder.resolve().name}'", "give the folder the edition's id, so that the folder and "
                         "the built files' names match")
    if len(problems.errors) > errors_before:
        return edition  # the rest depends on a well-formed edition.yaml
    md = CourseMarkdown()
    _branding(edition, data, md, problems)
    _local_information(edition, data, md, problems)
    if settings.get("support"):
        rendered = md.render(settings["support"], Source(file, (lines["support"] or 0) + 1, folder), problems)
        _keep_assets(edition, "support", rendered.assets)
        edition.support_html = rendered.html
    _check_strings(edition, data, problems)
    return edition


def _read_yaml(file: Path, problems: Problems):
    try:
        text = read_text(file)
    except UnicodeDecodeError:
        problems.error(file, None, "the file is not UTF-8 text",
                       "save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)")
        return None
    except OSError as exc:
        problems.error(file, None, f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        data = parse_yaml(text)
    except YAMLProblem as exc:
        problems.error(file, exc.line, exc.message, exc.hint, exc.column)
        return None
    if data is None:
        problems.error(file, None, "the YAML is empty", "start with 'id:', 'name:' and 'courses:'; see docs/editions.md")
    return data


def _project_courses(folder: Path) -> Path | None:
    """The courses/ folder of the project the edition belongs to: the nearest one above it."""
    for parent in [folder.resolve(), *folder.resolve().parents]:
        if (parent / COURSES_FOLDER).is_dir():
            return parent / COURSES_FOLDER
    return None


def _course_refs(settings: dict, data, folder: Path, file: Path, problems: Problems) -> list[CourseRef]:
    refs: list[CourseRef] = []
    raw = data.get("courses")
    courses_dir = _project_courses(folder)
    known = sorted(p.name for p in courses_dir.iterdir() if (p / COURSE_FILE).is_file()) if courses_dir else []
    seen: dict[str, int | None] = {}
    for i, entry in enumerate(settings.get("courses") or []):
        line = line_of(raw, i, line_of(data, "courses"))
        if not isinstance(entry, str) or not entry.strip():
            continue  # reported by the schema
        if "/" in entry or "\\" in entry or entry in (".", ".."):
            target = (folder / entry)
            where = f"'{shown(entry)}' (paths are relative to the edition folder)"
        else:
            if courses_dir is None:
                problems.error(file, line, f"the course '{shown(entry)}' cannot be found: there is no courses/ "
                               "folder above the edition", "write the path of the course folder, like "
                               "'../../courses/signs-and-indicators'")
                continue
            target = courses_dir / entry
            where = f"'{shown(entry)}' in {courses_dir}"
        if target.name == COURSE_FILE:
            target = target.parent
        if not (target / COURSE_FILE).is_file():
            hint = did_you_mean(entry, known) if known and "/" not in entry else \
                "name a folder under courses/ that has a course.yaml, or the path of one"
            problems.error(file, line, f"the course {where} does not exist, or has no course.yaml", hint)
            continue
        key = str(target.resolve())
        if key in seen:
            problems.error(file, line, f"the course '{shown(entry)}' is listed twice (also on line {seen[key]})",
                           "list each course once")
            continue
        seen[key] = line
        refs.append(CourseRef(entry, Path(_relative(target)), line))
    return refs


def _edition_file(edition: Edition, ref: str, line: int | None, what: str, problems: Problems) -> str | None:
    """The edition-relative path of a file the edition uses, or None after saying why not."""
    return course_file(ref, edition.folder, edition.folder, problems, edition.file, line, what,
                       relative_to="the edition folder")


def _keep_assets(edition: Edition, part: str, rels) -> None:
    for rel in rels:
        edition.assets.setdefault(part, {})[rel] = edition.folder / rel


def _branding(edition: Edition, data, md: CourseMarkdown, problems: Problems) -> None:
    branding = edition.settings.get("branding") or {}
    raw = data.get("branding")
    colour = branding.get("colour")
    if colour and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) and contrast_with_white(colour) < 4.5:
        problems.error(edition.file, line_of(raw, "colour", edition.lines["branding"]),
                       f"the branding colour {colour} is too light: white text on it has a contrast of "
                       f"{contrast_with_white(colour):.1f}:1, and WCAG AA needs 4.5:1", "choose a darker shade of the colour")
    if branding.get("logo"):
        line = line_of(raw, "logo", edition.lines["branding"])
        logo = _edition_file(edition, branding["logo"], line, "logo", problems)
        if logo:
            edition.logo = logo
            _keep_assets(edition, "branding", [logo])
            if not branding.get("logo_alt"):
                problems.error(edition.file, line, "the logo has no alt text",
                               f"add 'logo_alt:' under 'branding:' naming the partnership, like '{edition.name}'")


def _local_information(edition: Edition, data, md: CourseMarkdown, problems: Problems) -> None:
    local = edition.settings.get("local_information")
    if not local:
        return
    raw = data.get("local_information")
    file, line = edition.file, edition.lines["local_information"]
    if local.get("content") and local.get("file"):
        problems.error(file, line, "local_information has both 'content' and 'file'", "keep one of them")
        return
    if not local.get("content") and not local.get("file"):
        if local.get("title") or local.get("menu_title") or local.get("source"):
            problems.error(file, line, "local_information has no 'content' or 'file'",
                           "add 'file:' naming the edition's local information page, like 'local-information.md'")
        return
    if local.get("content"):
        text, source = local["content"], Source(file, line_of(raw, "content", line) + 1, edition.folder)
    else:
        ref_line = line_of(raw, "file", line)
        path = edition.folder / local["file"]
        contained = inside(path, edition.folder, problems, file, ref_line,
                           f"local information file '{shown(local['file'])}'")
        if contained is None:
            return
        why = file_problem(path)
        if why:
            problems.error(file, ref_line, f"the local information file '{shown(local['file'])}' {why}",
                           "check the path; it is relative to the edition folder")
            return
        try:
            text = read_text(path)
        except (UnicodeDecodeError, OSError) as exc:
            problems.error(path, None, f"cannot read the file: {getattr(exc, 'strerror', None) or exc}",
                           "save it as UTF-8 text")
            return
        source = Source(path, 1, edition.folder)
        edition.local_file = path
    rendered = md.render(text, source, problems)
    if rendered.questions:
        problems.error(source.file, rendered.questions[0][1], "the local information page holds a question",
                       "questions belong in the course; keep this page to local procedures and contacts")
    _keep_assets(edition, "local_information", rendered.assets)
    html = rendered.html
    if local.get("source"):
        src_line = line_of(raw, "source", line)
        note = md.render(f"::: note {SOURCE_TITLE}\n{local['source']}\n:::\n",
                         Source(file, max((src_line or 1) - 1, 1), edition.folder), problems)
        html += note.html
    else:
        problems.warning(file, line, "the local information has no 'source'",
                         "add 'source:' naming the document the local details come from (title, publisher, "
                         "year), so learners can check them")
    edition.local_html = html
    edition.local_file = edition.local_file or file


def _check_strings(edition: Edition, data, problems: Problems) -> None:
    """The interface strings the edition replaces, checked once against the default theme's
    catalogue (the keys every course has)."""
    edition.strings = check_overrides(edition.settings.get("strings") or {}, english(), problems, edition.file,
                                      data.get("strings"), edition.lines["strings"])


# -- what a course allows ---------------------------------------------------------------------

def course_policy(course_dir: Path) -> tuple[list[str], int | None]:
    """The overrides a course allows, and the line of its 'editions: allow' (None if it says nothing)."""
    file = Path(course_dir) / COURSE_FILE
    try:
        data = parse_yaml(read_text(file))
    except (YAMLProblem, OSError, UnicodeDecodeError):
        return list(schema.EDITION_DEFAULT_ALLOW), None  # the loader reports it
    if not isinstance(data, dict) or not isinstance(data.get("editions"), dict):
        return list(schema.EDITION_DEFAULT_ALLOW), None  # the loader reports an 'editions:' of the wrong shape
    checked = schema.EDITIONS_POLICY.check(data["editions"], file, Problems(), line_of(data, "editions"), "editions")
    allow = [a for a in checked.get("allow") or [] if isinstance(a, str)]
    return allow, line_of(data["editions"], "allow", line_of(data, "editions"))


# -- applying -----------------------------------------------------------------------------------

def apply_edition(course: Course, edition: Edition, problems: Problems, course_dir: Path | None = None) -> None:
    """Change a loaded course into the edition's: ids, branding, local page, support, pass mark,
    completion rule and strings. Every override the course does not allow is an error."""
    course_dir = Path(course_dir or course.root)
    s, lines, file = edition.settings, edition.lines, edition.file
    allow, allow_line = course_policy(course_dir)  # a name in it that is no override: reported by the loader
    course_yaml = course_dir / COURSE_FILE
    where = f"{_relative(course_yaml)}:{allow_line}" if allow_line else \
        f"{_relative(course_yaml)} (it has none, so editions may change {', '.join(allow)})"
    for override in edition.overrides:
        if override not in allow:
            key = next(k for k, v in OVERRIDE_OF_KEY.items() if v == override)
            problems.error(file, lines[key], f"the course '{course.id}' does not allow editions to change '{override}'",
                           f"remove '{key}:' from the edition, or ask the course's authors to add '{override}' "
                           f"to 'editions: allow:' in {where}")
    base = course.id
    course.id = f"{base}{SEPARATOR}{edition.id}"
    course.edition = edition.id

    if "organisation" in allow:
        course.branding.organisation = s.get("organisation") or edition.name
    branding = s.get("branding") or {}
    if "branding" in allow:
        if branding.get("colour"):
            course.branding.colour = branding["colour"]
        if edition.logo:
            course.branding.logo = edition.logo
            course.branding.logo_alt = branding.get("logo_alt") or ""

    if edition.local_html is not None and "local_information" in allow:
        page = next((p for p in course.pages if p.id == LOCAL_MARKER), None)
        if page is None:
            problems.warning(file, lines["local_information"],
                             f"the course '{base}' has no local information page, so learners of this edition "
                             "will not see the edition's local information",
                             f"ask the course's authors to list 'local-information' in the lessons of {course_yaml}")
        else:
            local = s["local_information"]
            page.title = local.get("title") or page.title
            page.menu_title = local.get("menu_title") or page.menu_title
            page.body_html = edition.local_html
            page.file = edition.local_file

    if edition.support_html and "support" in allow:
        course.content_note_html += edition.support_html
    # The numbers the edition's own pages give, with their sources, for the contacts check.
    course.contacts = list(course.contacts) + [Contact(c["name"], c["number"], c["source"])
                                               for c in s.get("contacts") or [] if c]

    if s.get("pass_mark") is not None and "pass_mark" in allow:
        if course.assessment is None:
            problems.error(file, lines["pass_mark"], f"the edition sets a pass mark, but the course '{base}' has no "
                           "assessment", "remove 'pass_mark:' from the edition")
        else:
            old, new = course.assessment.pass_mark, s["pass_mark"]
            said = f"{old:g}%"
            if new != old and said in _plain(course.assessment.introduction_html):
                problems.warning(file, lines["pass_mark"],
                                 f"the edition sets the pass mark to {new:g}%, but the course's assessment "
                                 f"introduction says {said}", f"ask the course's authors to word the introduction "
                                 f"without the number, or keep the pass mark at {old:g}")
            course.assessment.pass_mark = new

    if s.get("completion") and "completion" in allow:
        if s["completion"] in ("assessment", "both") and course.assessment is None:
            problems.error(file, lines["completion"], f"the edition's completion rule is '{s['completion']}' but "
                           f"the course '{base}' has no assessment", "set 'completion: pages', or remove it")
        else:
            course.completion_rule = s["completion"]

    # Allowed strings were put in at loading (load_course(strings=...)), where the catalogue is made.

    shipped = {rel: path for part, files in edition.assets.items() if part in allow for rel, path in files.items()}
    for rel, path in sorted(shipped.items()):
        if rel in course.assets and course.asset_sources.get(rel) != path:
            problems.error(file, None, f"the edition's file '{rel}' has the same name as a file of the course "
                           f"'{base}'", "rename the edition's file, or put it in a folder named after the edition")
            continue
        if rel.split("/", 1)[0] in RESERVED_NAMES:
            continue  # refused where the edition names it
        course.assets.add(rel)
        course.asset_sources[rel] = path


def _relative(path: Path) -> str:
    """A path as the author would type it from here: relative if it is under the current folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)
    return str(path) if rel.split(os.sep, 1)[0] == os.pardir else rel


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def course_folders(edition: Edition) -> list[Path]:
    return [ref.folder for ref in edition.courses]
