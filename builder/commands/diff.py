"""`coursesmith diff OLD NEW`: what changed between two versions of a module, in the terms an
LMS admin needs before replacing a package that learners have started: pages added, removed or
edited; questions changed (their answers are cleared) or removed; whether learners' saved
progress carries over; whether the package identifiers stay the same (Moodle keeps learners'
tracking only if they do).

OLD and NEW are each a built module (a SCORM zip, or a web folder or an unpacked zip) or a
course folder (built in memory, nothing written)."""
from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DESCRIPTION = ("Compare two versions of a module (two SCORM zips, two web folders, or two course folders) "
               "and say what changed, whether learners' saved progress carries over, and whether Moodle "
               "will keep tracking them when you replace the package.")

COURSE_DATA = re.compile(r'<script type="application/json" id="course-data">(.*?)</script>', re.S)


class Unreadable(Exception):
    """An input that is not a module or a course: the message says what to give instead."""


@dataclass
class Question:
    id: str
    where: str  # the page's title, or "the final assessment"
    fingerprint: str  # what an answer depends on (builder/state.py); "" if the build has no map
    html: str  # a hash of the question as shown, feedback included


@dataclass
class Snapshot:
    path: Path
    kind: str  # "course folder", "SCORM 1.2 zip", "web folder", ...
    course_id: str
    title: str
    author_version: str | None
    content_version: str
    content_map: str | None  # None: built before the map existed
    scorm: str | None  # "1.2", "2004", or None (a web build, or a course folder)
    pages: list[tuple[str, str, str]]  # (id, title, hash of the page as shown)
    questions: dict[str, Question] = field(default_factory=dict)
    identifiers: dict[str, list[str]] | None = None  # manifest, organisations, items (SCOs), resources

    def map_part(self, n: int) -> str:
        return self.content_map.split(".")[n] if self.content_map else ""


def add_arguments(parser) -> None:
    parser.add_argument("old", metavar="OLD", help="the version learners have started: a SCORM zip, a web "
                                                  "folder or a course folder")
    parser.add_argument("new", metavar="NEW", help="the version to replace it with, of the same kind")


def run(args) -> int:
    try:
        old, new = snapshot(Path(args.old)), snapshot(Path(args.new))
    except Unreadable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(describe(old, new))
    return 0


# -- reading a version -----------------------------------------------------------------------

def snapshot(path: Path) -> Snapshot:
    if path.name == "course.yaml" and path.is_file():
        path = path.parent
    if path.is_dir() and (path / "course.yaml").is_file():
        return _from_course(path)
    if path.is_dir() and (path / "index.html").is_file():
        manifest = path / "imsmanifest.xml"
        return _from_files(path, "unpacked SCORM package" if manifest.is_file() else "web folder",
                           (path / "index.html").read_bytes(),
                           manifest.read_bytes() if manifest.is_file() else None)
    if path.is_file() and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "index.html" not in names:
                    raise Unreadable(f"{path}: this zip has no index.html, so it is not a module coursesmith built")
                index = zf.read("index.html")
                manifest = zf.read("imsmanifest.xml") if "imsmanifest.xml" in names else None
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unreadable(f"{path}: cannot read this zip ({exc})") from exc
        return _from_files(path, "zip", index, manifest)
    if not path.exists():
        raise Unreadable(f"{path}: there is no such file or folder")
    raise Unreadable(f"{path}: not a module or a course: give a SCORM zip, a web folder (with index.html) "
                     "or a course folder (with course.yaml)")


def _from_course(folder: Path) -> Snapshot:
    from ..build import prepare
    from ..errors import BuildFailed
    from . import report
    try:
        result = prepare(folder, ["scorm12"], folder / "output")  # in memory: nothing is written
    except BuildFailed as exc:
        report(exc.problems, quiet=True)
        raise Unreadable(f"{folder}: the course has errors (listed above); fix them, then compare again") from exc
    files = result.outputs[0].files
    snap = _from_files(folder, "course folder", files["index.html"], files["imsmanifest.xml"])
    snap.scorm = None  # either SCORM version can be built from it
    snap.author_version = result.course.version
    return snap


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _from_files(path: Path, kind: str, index: bytes, manifest: bytes | None) -> Snapshot:
    from lxml import etree, html as lhtml

    text = index.decode("utf-8", "replace")
    found = COURSE_DATA.search(text)
    if not found:
        raise Unreadable(f"{path}: its index.html has no course data, so it is not a module coursesmith built")
    try:
        data = json.loads(found.group(1))
    except ValueError as exc:
        raise Unreadable(f"{path}: its course data cannot be read ({exc})") from exc
    doc = lhtml.fromstring(text)
    pages, titles = [], {}
    for section in doc.xpath("//section[@data-page]"):
        heading = section.xpath(".//h1")
        title = re.sub(r"\s+", " ", heading[0].text_content()).strip() if heading else section.get("data-page")
        titles[section.get("data-page")] = title
        pages.append((section.get("data-page"), title, _digest(etree.tostring(section, encoding="unicode", with_tail=False))))
    scorm, identifiers, author_version = None, None, None
    if manifest is not None:
        scorm, identifiers, author_version = _read_manifest(path, manifest)
    snap = Snapshot(path=path, kind=kind if kind != "zip" else f"SCORM {scorm} zip", course_id=data.get("id", ""),
                    title=data.get("title", ""), author_version=author_version,
                    content_version=data.get("version", ""), content_map=data.get("map"), scorm=scorm,
                    pages=pages, identifiers=identifiers)
    fingerprints = {}
    if snap.content_map:
        checks = re.findall(".{5}", snap.map_part(1))
        bank = re.findall(".{6}", snap.map_part(2))
        fingerprints.update(zip(data.get("checks", []), checks))
        fingerprints.update(zip((data.get("assessment") or {}).get("bank", []), (b[:5] for b in bank)))
    for el in doc.xpath("//*[@data-question]"):
        qid = el.get("data-question")
        page = el.xpath("ancestor::section[@data-page]")
        kind_of_page = page[0].get("class", "") if page else ""
        where = "the final assessment" if "page--assessment" in kind_of_page else \
            f'"{titles.get(page[0].get("data-page"), "")}"' if page else ""
        snap.questions[qid] = Question(qid, where, fingerprints.get(qid, ""),
                                       _digest(etree.tostring(el, encoding="unicode", with_tail=False)))
    return snap


def _read_manifest(path: Path, manifest: bytes):
    from lxml import etree
    try:
        root = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"{path}: its imsmanifest.xml cannot be read ({exc})") from exc
    local = lambda el: etree.QName(el).localname  # noqa: E731
    version = next((el.text for el in root.iter() if isinstance(el.tag, str) and local(el) == "schemaversion"), "")
    scorm = "1.2" if version and version.strip() == "1.2" else "2004" if version else None
    ids: dict[str, list[str]] = {"manifest": [root.get("identifier", "")], "organisation": [], "item": [],
                                 "resource": []}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = {"organization": "organisation", "item": "item", "resource": "resource"}.get(local(el))
        if name:
            ids[name].append(el.get("identifier", ""))
    return scorm, ids, root.get("version")


# -- what changed ----------------------------------------------------------------------------

def _label(snap: Snapshot) -> str:
    version = f", version {snap.author_version}" if snap.author_version else ""
    return f"{snap.path} ({snap.kind}{version})"


def _names(items: list[str]) -> list[str]:
    return [f"    - {i}" for i in items]


def describe(old: Snapshot, new: Snapshot) -> str:
    out = [f'Comparing two versions of "{new.title}"', f"  old: {_label(old)}", f"  new: {_label(new)}", ""]
    if old.course_id != new.course_id:
        out += [f"These are different courses (course id '{old.course_id}' and '{new.course_id}'). "
                "What follows compares them all the same.", ""]

    # Pages.
    old_pages = {p[0]: p for p in old.pages}
    new_pages = {p[0]: p for p in new.pages}
    added = [f'"{p[1]}" ({p[0]})' for p in new.pages if p[0] not in old_pages]
    removed = [f'"{p[1]}" ({p[0]})' for p in old.pages if p[0] not in new_pages]
    edited = [f'"{p[1]}" ({p[0]})' for p in new.pages if p[0] in old_pages and old_pages[p[0]][2] != p[2]]
    same = sum(1 for p in new.pages if p[0] in old_pages and old_pages[p[0]][2] == p[2])
    moved = [p[0] for p in new.pages if p[0] in old_pages] != [p[0] for p in old.pages if p[0] in new_pages]
    out.append("Pages")
    if not (added or removed or edited or moved):
        out.append(f"  No page added, removed or edited ({same} pages).")
    else:
        for heading, items in (("Added", added), ("Removed", removed), ("Edited", edited)):
            if items:
                out.append(f"  {heading}:")
                out += _names(items)
        if moved:
            out.append("  The order of the pages has changed.")
        out.append(f"  Unchanged: {same} page{'s' if same != 1 else ''}.")
    out.append("")

    # Questions.
    mapped = bool(old.content_map and new.content_map)
    q_added = [q for q in new.questions.values() if q.id not in old.questions]
    q_removed = [q for q in old.questions.values() if q.id not in new.questions]
    both = [(old.questions[q.id], q) for q in new.questions.values() if q.id in old.questions]
    if mapped:
        changed = [n for o, n in both if o.fingerprint != n.fingerprint]
        feedback_only = [n for o, n in both if o.fingerprint == n.fingerprint and o.html != n.html]
    else:
        changed = [n for o, n in both if o.html != n.html]
        feedback_only = []
    unchanged = len(both) - len(changed) - len(feedback_only)
    out.append("Questions")
    if not (q_added or q_removed or changed or feedback_only):
        out.append(f"  No question added, removed or changed ({len(both)} questions).")
    else:
        if changed:
            out.append("  Changed (the question, its options or its answer; learners' answers to it are cleared):")
            out += _names([f"{q.id}, in {q.where}" for q in changed])
        if q_removed:
            out.append("  Removed (learners' answers to it are dropped):")
            out += _names([f"{q.id}, in {q.where}" for q in q_removed])
        if q_added:
            out.append("  Added:")
            out += _names([f"{q.id}, in {q.where}" for q in q_added])
        if feedback_only:
            out.append("  Feedback reworded only (learners' answers are kept):")
            out += _names([f"{q.id}, in {q.where}" for q in feedback_only])
        out.append(f"  Unchanged: {unchanged} question{'s' if unchanged != 1 else ''}.")
    out.append("")

    # Saved progress.
    out.append("Learners' saved progress")
    if old.content_version == new.content_version and old.content_map == new.content_map:
        out.append("  Carries over exactly: the pages and questions that saved progress depends on are the same.")
    elif not old.content_map:
        out.append("  The old version was built before coursesmith could carry progress over an update. Learners "
                   "keep their place and what the learning platform has recorded (completion, score, pass), but "
                   "their answers are set aside and they answer the questions again. Versions built from now on "
                   "carry progress over.")
    elif not new.content_map:
        out.append("  The new version was built by an older coursesmith: learners' answers are set aside. "
                   "Build it with this coursesmith to carry their progress over.")
    else:
        lost = len(changed) + len(q_removed)
        out.append("  Carries over. Learners come back to the page they left and keep the pages they have seen "
                   f"and their answers to the {unchanged + len(feedback_only)} unchanged questions.")
        if lost:
            out.append(f"  Their answers to the {lost} changed or removed question{'s are' if lost != 1 else ' is'} "
                       "cleared, and they are told, once, that the module has been updated.")
        else:
            out.append("  No answer is cleared. They are told, once, that the module has been updated.")
        if old.map_part(2) or new.map_part(2):
            if old.map_part(3) != new.map_part(3):
                out.append("  The final assessment draws its questions differently now: an attempt in progress "
                           "starts again (it is not counted as an attempt).")
            elif old.map_part(2) != new.map_part(2):
                out.append("  The final assessment's bank has changed: an attempt in progress is kept if none of the "
                           "questions it drew has changed or been removed; otherwise the learner starts it again "
                           "(it is not counted as an attempt).")
            else:
                out.append("  The final assessment is unchanged: attempts in progress are kept.")
    out.append("  What the learning platform has recorded (completion, score, pass) is never taken back.")
    out.append("")

    # Package identity.
    out.append("Package identity (Moodle)")
    out += _identity(old, new)
    return "\n".join(out)


def _identity(old: Snapshot, new: Snapshot) -> list[str]:
    if old.identifiers is None or new.identifiers is None:
        web = old if old.identifiers is None and old.kind != "course folder" else new
        return [f"  {web.path} is a web folder: it has no package identifiers (it keeps progress in the "
                "browser, not in an LMS)."]
    out = []
    if old.scorm and new.scorm and old.scorm != new.scorm:
        out.append(f"  The old package is SCORM {old.scorm} and the new one SCORM {new.scorm}: upload the same "
                   "SCORM version as before, or learners' records will not carry over.")
    differ = [k for k in ("manifest", "organisation", "item", "resource") if old.identifiers[k] != new.identifiers[k]]
    if not differ:
        manifest = new.identifiers["manifest"][0]
        items = ", ".join(new.identifiers["item"])
        out.append(f"  The same: manifest identifier {manifest}, SCO identifier {items}. Replace the package in the "
                   "existing activity (see docs/moodle.md) and Moodle keeps learners' tracking.")
    else:
        for k in differ:
            out.append(f"  The {k} identifier changes from {', '.join(old.identifiers[k]) or '(none)'} to "
                       f"{', '.join(new.identifiers[k]) or '(none)'}.")
        out.append("  Moodle treats this as a different package: replacing the package in the existing activity "
                   "would lose learners' tracking. Add it as a new activity instead, or keep the course's id "
                   "as it was if it is meant to be the same module.")
    return out
