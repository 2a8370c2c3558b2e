"""Partnership editions (builder/editions.py, docs/editions.md): one course source, built with a
partnership's own name, logo, local page, support note and allowed overrides, side by side with
other editions in one LMS or one browser."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build_course, validate_course
from builder.editions import apply_edition, load_edition
from builder.errors import Problems
from builder.loader import load_course
from conftest import EXAMPLE, ROOT, edit, line_of

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f3d1a40000000049454e44ae426082")


def run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def make_edition(project: Path, eid: str, organisation: str, colour: str, extra: str = "") -> Path:
    folder = project / "editions" / eid
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(PNG)
    (folder / "local-information.md").write_text(
        f"Call the {organisation} front door about any worry.\n\n## Out of hours\n\nAsk your designated safeguarding lead (DSL).\n")
    (folder / "edition.yaml").write_text(f"""\
id: {eid}
name: {organisation}
courses:
  - example
organisation: {organisation}
branding:
  logo: logo.png
  logo_alt: {organisation} logo
  colour: "{colour}"
local_information:
  title: {organisation} contacts
  menu_title: {organisation} contacts
  file: local-information.md
  source: {organisation}, Procedures manual, 2024
support: |
  **Support in {organisation}**: talk to your supervisor.
{extra}""")
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with the example course under courses/example and one edition, 'north'."""
    shutil.copytree(EXAMPLE, tmp_path / "courses" / "example")
    make_edition(tmp_path, "north", "North Partnership", "#00504a")
    return tmp_path


def problems_of(edition_dir: Path) -> Problems:
    """Every problem `validate --edition` would report for an edition and its courses."""
    problems = Problems()
    edition = load_edition(edition_dir, problems)
    if edition is not None and not problems.errors:
        for ref in edition.courses:
            problems.extend(validate_course(ref.folder, edition)[1])
    return problems


def only_error(problems: Problems):
    assert len(problems.errors) == 1, [p.format() for p in problems.items]
    return problems.errors[0]


# -- applying an edition ---------------------------------------------------------------------

def test_an_edition_changes_only_what_a_partnership_may_change(project):
    course_yaml = project / "courses" / "example" / "course.yaml"
    with course_yaml.open("a") as fh:
        fh.write("editions:\n  allow: [organisation, branding, local_information, support, pass_mark, strings]\n")
    edit(project / "editions" / "north" / "edition.yaml", "support: |",
         "pass_mark: 70\nstrings:\n  nav.next: Continue\nsupport: |")
    problems = Problems()
    edition = load_edition(project / "editions" / "north", problems)
    course = load_course(project / "courses" / "example", problems, edition.strings)
    plain = load_course(project / "courses" / "example", Problems())
    apply_edition(course, edition, problems)
    assert problems.errors == []
    assert (course.id, course.edition) == ("example-course--north", "north")
    assert course.branding.organisation == "North Partnership"
    assert (course.branding.logo, course.branding.colour) == ("logo.png", "#00504a")
    assert course.asset_sources["logo.png"] == project / "editions" / "north" / "logo.png"
    local = next(p for p in course.pages if p.id == "local-information")
    assert local.title == local.menu_title == "North Partnership contacts"
    assert "North Partnership front door" in local.body_html
    assert "Where these local details come from" in local.body_html
    assert "North Partnership, Procedures manual, 2024" in local.body_html
    assert course.content_note_html.startswith(plain.content_note_html)
    assert "Support in North Partnership" in course.content_note_html
    assert course.assessment.pass_mark == 70
    assert (course.messages.t("nav.next"), plain.messages.t("nav.next")) == ("Continue", "Next")
    # Lessons, questions and scoring come from the course unchanged.
    assert [p.id for p in course.pages] == [p.id for p in plain.pages]
    assert [p.body_html for p in course.pages if p.id != "local-information"] == \
        [p.body_html for p in plain.pages if p.id != "local-information"]
    assert [q.runtime_data() for q in course.questions] == [q.runtime_data() for q in plain.questions]
    assert course.content_version() == plain.content_version()


def test_two_editions_of_one_course_build_side_by_side(project):
    make_edition(project, "south", "South Partnership", "#5a1d6e")
    out = project / "output"
    ids, names = {}, {}
    for eid in ("north", "south"):
        problems = Problems()
        edition = load_edition(project / "editions" / eid, problems)
        result = build_course(project / "courses" / "example", ["scorm12", "scorm2004", "web"], out,
                              edition=edition)
        names[eid] = sorted(o.target.name for o in result.outputs)
        for output in result.outputs:
            if output.format.is_zip:
                with zipfile.ZipFile(output.target) as zf:
                    manifest = etree.fromstring(zf.read("imsmanifest.xml"))
                    index = zf.read("index.html").decode()
                    assert "logo.png" in zf.namelist()
                ids.setdefault(eid, set()).add(manifest.get("identifier"))
            else:
                index = (output.target / "index.html").read_text()
            data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', index, re.S)
                              .group(1).replace("\\u003c", "<"))
            assert data["id"] == f"example-course--{eid}"
            assert f"{eid.title()} Partnership" in index
            assert f"Call the {eid.title()} Partnership front door" in index
    assert names["north"] == ["example-course--north-scorm12.zip", "example-course--north-scorm2004.zip",
                              "example-course--north-web"]
    assert names["south"] == [n.replace("north", "south") for n in names["north"]]
    assert ids == {"north": {"M-example-course--north"}, "south": {"M-example-course--south"}}
    assert sorted(p.name for p in out.iterdir()) == sorted(names["north"] + names["south"])


def test_an_edition_build_is_deterministic(project, tmp_path):
    problems = Problems()
    edition = load_edition(project / "editions" / "north", problems)
    first = build_course(project / "courses" / "example", ["scorm12"], tmp_path / "a", edition=edition)
    second = build_course(project / "courses" / "example", ["scorm12"], tmp_path / "b", edition=edition)
    assert first.outputs[0].target.read_bytes() == second.outputs[0].target.read_bytes()


def test_the_cli_builds_every_course_an_edition_names(project):
    shutil.copytree(EXAMPLE, project / "courses" / "second")
    edit(project / "courses" / "second" / "course.yaml", "id: example-course", "id: second-course")
    edit(project / "editions" / "north" / "edition.yaml", "  - example\n", "  - example\n  - ../../courses/second\n")
    result = run("build", "--edition", "editions/north", "--format", "web", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "output").iterdir()) == \
        ["example-course--north-web", "second-course--north-web"]
    assert "example-course--north: " in result.stdout and "second-course--north: " in result.stdout
    validated = run("validate", "--edition", "editions/north/edition.yaml", "--strict", cwd=project)
    assert validated.returncode == 0, validated.stderr
    assert "courses/example (north edition): valid" in validated.stdout
    both = run("build", "--edition", "editions/north", "courses/example", cwd=project)
    assert both.returncode == 1 and "not both" in both.stderr


# -- validation: file, line and hint ----------------------------------------------------------------

def test_an_unknown_key_is_an_error_with_did_you_mean(project):
    file = project / "editions" / "north" / "edition.yaml"
    edit(file, "support: |", "organsation: North\nsupport: |")
    error = only_error(problems_of(file.parent))
    assert (Path(error.file), error.line) == (file, line_of(file, "organsation"))
    assert "unknown key 'organsation'" in error.message and "did you mean 'organisation'?" in error.hint
    result = run("validate", "--edition", "editions/north", cwd=project)
    assert result.returncode == 1
    assert f"editions/north/edition.yaml:{line_of(file, 'organsation')}: error: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_override_the_course_does_not_allow_is_an_error(project):
    file = project / "editions" / "north" / "edition.yaml"
    edit(file, "support: |", "pass_mark: 70\nsupport: |")
    error = only_error(problems_of(file.parent))
    assert (Path(error.file), error.line) == (file, line_of(file, "pass_mark"))
    assert "does not allow editions to change 'pass_mark'" in error.message
    assert "editions: allow:" in error.hint and "course.yaml" in error.hint
    # A course may narrow what editions change, too.
    course_yaml = project / "courses" / "example" / "course.yaml"
    edit(file, "pass_mark: 70\n", "")
    with course_yaml.open("a") as fh:
        fh.write("editions:\n  allow: [organisation, local_information, support]\n")
    error = only_error(problems_of(file.parent))
    assert (error.line, "'branding'" in error.message) == (line_of(file, "branding:"), True)
    assert f"course.yaml:{line_of(course_yaml, 'allow:')}" in error.hint
    # And a name in the allow list that is not an override is reported where the course says it.
    edit(course_yaml, "allow: [organisation,", "allow: [organisation, brandin, branding,")
    error = only_error(problems_of(file.parent))
    assert (Path(error.file), error.line) == (course_yaml, line_of(course_yaml, "allow:"))
    assert "'brandin'" in error.message and "did you mean 'branding'?" in error.hint
    alone = only_error(validate_course(course_yaml.parent)[1])  # checked with the course on its own, too
    assert (alone.line, alone.message) == (error.line, error.message)


def test_a_missing_course_is_an_error_on_its_line(project):
    file = project / "editions" / "north" / "edition.yaml"
    edit(file, "  - example\n", "  - example\n  - exampel\n")
    error = only_error(problems_of(file.parent))
    assert (Path(error.file), error.line) == (file, line_of(file, "- exampel"))
    assert "the course 'exampel'" in error.message and "did you mean 'example'?" in error.hint


def test_a_missing_local_page_file_is_an_error_on_its_line(project):
    file = project / "editions" / "north" / "edition.yaml"
    (file.parent / "local-information.md").unlink()
    error = only_error(problems_of(file.parent))
    assert (Path(error.file), error.line) == (file, line_of(file, "file: local-information.md"))
    assert "'local-information.md' does not exist" in error.message
    assert "relative to the edition folder" in error.hint


def test_mistakes_in_the_local_page_name_its_own_file_and_line(project):
    page = project / "editions" / "north" / "local-information.md"
    page.write_text("Contacts below.\n\n![](missing.png)\n")
    problems = problems_of(page.parent)
    assert problems.errors and all(Path(p.file) == page and p.line == 3 for p in problems.errors)


def test_a_light_colour_and_a_logo_without_alt_text_are_errors(project):
    file = project / "editions" / "north" / "edition.yaml"
    edit(file, '"#00504a"', '"#dddddd"')
    edit(file, "  logo_alt: North Partnership logo\n", "")
    problems = problems_of(file.parent)
    assert sorted((p.line, p.message.split(":")[0]) for p in problems.errors) == [
        (line_of(file, "logo: logo.png"), "the logo has no alt text"),
        (line_of(file, "colour:"), "the branding colour #dddddd is too light"),
    ]


def test_a_page_without_a_source_is_a_warning_and_strict_refuses_it(project):
    file = project / "editions" / "north" / "edition.yaml"
    edit(file, "  source: North Partnership, Procedures manual, 2024\n", "")
    problems = problems_of(file.parent)
    assert problems.errors == [] and [p.line for p in problems.warnings] == [line_of(file, "local_information:")]
    assert run("validate", "--edition", "editions/north", cwd=project).returncode == 0
    strict = run("validate", "--strict", "--edition", "editions/north", cwd=project)
    assert strict.returncode == 1 and "has no 'source'" in strict.stderr


def test_a_missing_edition_folder_or_file_is_explained(project):
    result = run("validate", "--edition", "editions/nowhere", cwd=project)
    assert result.returncode == 1 and "no such edition folder" in result.stderr
    (project / "editions" / "empty").mkdir()
    result = run("build", "--edition", "editions/empty", cwd=project)
    assert result.returncode == 1 and "has no edition.yaml" in result.stderr
    assert not (project / "output").exists()


# -- the shipped editions ---------------------------------------------------------------------

SHIPPED = sorted(p.name for p in (ROOT / "editions").iterdir() if (p / "edition.yaml").is_file())


def test_editions_are_shipped():
    assert len(SHIPPED) >= 2


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_edition_validates_strictly_and_names_its_source(name):
    result = run("validate", "--strict", "--edition", f"editions/{name}")
    assert result.returncode == 0, result.stdout + result.stderr
    problems = Problems()
    edition = load_edition(ROOT / "editions" / name, problems)
    assert edition.settings["local_information"]["source"]
    assert edition.id == name
    courses = sorted(p.name for p in (ROOT / "courses").iterdir() if (p / "course.yaml").is_file())
    assert sorted(ref.folder.name for ref in edition.courses) == courses



# -- end to end: two editions in one browser -------------------------------------------------------

def test_two_editions_in_one_browser_keep_their_own_progress(tmp_path_factory, site_root, context, server):
    project = tmp_path_factory.mktemp("editions")
    shutil.copytree(EXAMPLE, project / "courses" / "example")
    urls = {}
    for eid, organisation, colour in (("north", "North Partnership", "#00504a"),
                                      ("south", "South Partnership", "#5a1d6e")):
        folder = make_edition(project, eid, organisation, colour)
        problems = Problems()
        result = build_course(project / "courses" / "example", ["web"], project / "output",
                              edition=load_edition(folder, problems))
        target = site_root / "pkg" / result.outputs[0].target.name
        shutil.copytree(result.outputs[0].target, target)
        urls[eid] = f"{server}/pkg/{target.name}/index.html"

    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    shown = "section[data-page]:not([hidden]) h1"
    page.goto(urls["north"])
    assert page.locator(".banner__org").inner_text() == "North Partnership"
    assert page.get_by_role("img", name="North Partnership logo").is_visible()
    start = page.locator(shown).inner_text()
    page.get_by_role("button", name="Next").click()
    second = page.locator(shown).inner_text()
    assert second != start

    # The south edition, at the same origin, starts afresh: the north learner's place is not its own.
    page.goto(urls["south"])
    assert page.locator(".banner__org").inner_text() == "South Partnership"
    assert page.locator(shown).inner_text() == start
    assert page.locator("[data-resume-note]").is_hidden()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Course menu").get_by_text("South Partnership contacts").click()
    assert page.locator(shown).inner_text() == "South Partnership contacts"
    assert page.get_by_text("Call the South Partnership front door").is_visible()
    assert page.get_by_text("South Partnership, Procedures manual, 2024").is_visible()

    # Each edition's progress is saved (on leaving) under its own key, and the north learner
    # resumes where they were.
    page.goto(urls["north"])
    assert page.locator(shown).inner_text() == second
    assert page.get_by_text("Welcome back").is_visible()
    keys = page.evaluate("() => Object.keys(window.localStorage).sort()")
    assert keys == ["coursesmith:example-course--north", "coursesmith:example-course--south"]
    page.goto(urls["south"])
    assert page.locator(shown).inner_text() == "South Partnership contacts"
    assert errors == []


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_editions_pages_have_no_wcag_violations(name, tmp_path, site_root, launch):
    from learner import unpack
    from test_accessibility import violations

    problems = Problems()
    edition = load_edition(ROOT / "editions" / name, problems)
    result = build_course(edition.courses[0].folder, ["scorm12"], tmp_path, edition=edition)
    lms = launch(unpack(result.outputs[0].target, site_root), "1.2")
    found = violations(lms, "start page, with the edition's support note")
    pages = [p.id for p in result.course.pages]
    for _ in range(pages.index("local-information")):
        lms.next()
    assert lms.heading() == edition.settings["local_information"]["title"]
    found += violations(lms, "the edition's local information page")
    assert found == []


def test_an_edition_file_with_the_name_of_a_course_file_is_an_error(project):
    folder = project / "editions" / "north"
    (folder / "images").mkdir()
    (folder / "logo.png").rename(folder / "images" / "clash.png")
    shutil.copy(folder / "images" / "clash.png", project / "courses" / "example" / "images" / "clash.png")
    with (project / "courses" / "example" / "lessons" / "04-summary.md").open("a") as fh:
        fh.write("\n![A test picture](../images/clash.png)\n")
    edit(folder / "edition.yaml", "logo: logo.png", "logo: images/clash.png")
    error = only_error(problems_of(folder))
    assert Path(error.file) == folder / "edition.yaml"
    assert "'images/clash.png' has the same name as a file of the course" in error.message


def test_an_unknown_interface_string_is_an_error_with_the_nearest_key(project):
    yaml = project / "editions" / "north" / "edition.yaml"
    edit(yaml, "support: |", "strings:\n  nav.nxt: Continue\n  nav.back: Go back to {page}\nsupport: |")
    problems = problems_of(project / "editions" / "north")
    found = {p.line: p for p in problems.errors}
    assert "'nav.nxt' is not an interface string" in found[line_of(yaml, "nav.nxt")].message
    assert "did you mean 'nav.next'?" in found[line_of(yaml, "nav.nxt")].hint
    assert "{page}" in found[line_of(yaml, "nav.back")].message
