"""`coursesmith new`: a small working course, ready to validate, build and change."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml

from builder import json_schema
from builder.build import validate_course
from builder.commands.new import course_id, starter_files, title_from
from test_accessibility import test_every_page_and_state_has_no_wcag_violations as _no_wcag_violations
from test_cli import run
from test_courses import test_course_packages_with_valid_manifests as _valid_manifests
from test_courses import test_learner_completes_and_passes_after_failing as _learner_passes
from test_courses import xsd  # noqa: F401  (a fixture the manifest check uses)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("new")
    result = run("new", "courses/Our Procedures 2025", cwd=base)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Created the course 'Our Procedures 2025'" in result.stdout
    assert 'python -m builder validate "courses/Our Procedures 2025"' in result.stdout
    return base / "courses" / "Our Procedures 2025"


def test_the_new_course_validates_with_no_errors_and_no_warnings(made):
    course, problems = validate_course(made)
    assert problems.items == []
    assert course.id == "our-procedures-2025" and course.title == "Our Procedures 2025"
    assert [p.kind for p in course.pages] == ["start", "lesson", "lesson", "lesson", "assessment", "completion"]
    assert sum(len(p.checks) for p in course.pages) == 2  # a knowledge check in each lesson
    assert course.assessment.draw == 3 and len(course.assessment.questions) == 4
    assert course.pages[3].id == "local-information" and (made / "local-information.md").is_file()


def test_the_new_course_builds_in_both_scorm_versions_with_strict_checks(made, tmp_path):
    result = run("build", str(made), "--strict", "-f", "scorm12", "-f", "scorm2004", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for version in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(tmp_path / f"our-procedures-2025-{version}.zip") as zf:
            names = zf.namelist()
        assert "imsmanifest.xml" in names and "index.html" in names
        # the editor's schemas and the course's sources are not packaged
        assert not [n for n in names if ".schema" in n or n.endswith((".yaml", ".md"))]


def test_the_yaml_files_name_the_schemas_written_beside_them(made):
    for yaml_file, which in ((made / "course.yaml", "course"), (made / "questions" / "assessment.yaml", "bank")):
        first = yaml_file.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, first
        schema_file = (yaml_file.parent / match.group(1)).resolve()
        assert schema_file == (made / ".schema" / f"{which}.schema.json").resolve()
        assert schema_file.read_text(encoding="utf-8") == json_schema.dumps(json_schema.SCHEMAS[which]())


def test_the_files_teach_the_format_in_comments(made):
    text = (made / "course.yaml").read_text(encoding="utf-8")
    for words in ("To add a lesson", "To add a question", "coursesmith validate", "--format web",
                  "coursesmith build", "pass_mark", "YAML"):
        assert words in text
    assert "To add a question" in (made / "questions" / "assessment.yaml").read_text(encoding="utf-8")
    assert "knowledge check" in (made / "lessons" / "01-welcome.md").read_text(encoding="utf-8")
    # every placeholder of the starter was filled in
    assert not [p for p in made.rglob("*") if p.is_file() and "__COURSE_" in p.read_text(encoding="utf-8")]


def test_the_starter_has_no_invented_numbers_or_addresses():
    for path, text in starter_files().items():
        assert not re.search(r"\d{3}[\d ]{3,}", text), path       # a phone number
        assert not re.search(r"@|www\.|https?://(?!the-web-address)", text), path


def test_title_option_and_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("new", "empty", "--title", 'Our "safeguarding": procedures # 2', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "empty" / "course.yaml").read_text(encoding="utf-8"))
    assert (data["id"], data["title"]) == ("empty", 'Our "safeguarding": procedures # 2')
    assert validate_course(tmp_path / "empty")[1].items == []


def test_the_current_folder_when_it_is_empty(tmp_path):
    here = tmp_path / "Our procedures"
    here.mkdir()
    result = run("new", ".", cwd=here)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((here / "course.yaml").read_text(encoding="utf-8"))["id"] == "our-procedures"
    assert validate_course(here)[1].items == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Our procedures"]  # no temporary folder left


@pytest.mark.parametrize("setup, message", [
    ("file", "there is already a file with this name"),
    ("full", "this folder already exists and is not empty"),
])
def test_a_folder_that_is_not_empty_is_refused(tmp_path, setup, message):
    target = tmp_path / "course"
    if setup == "file":
        target.write_text("notes")
    else:
        target.mkdir()
        (target / "lesson.md").write_text("my work")
    result = run("new", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{target}: error: {message}; nothing was written" in result.stderr
    assert "hint: choose a new folder name" in result.stderr
    if setup == "full":
        assert [p.name for p in target.iterdir()] == ["lesson.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]  # no temporary folder left


@pytest.mark.parametrize("title, message", [("  ", "the title is empty"), ("x" * 201, "at most 200"),
                                            ("two\nlines", "line break")])
def test_a_title_the_course_cannot_take_is_refused(tmp_path, title, message):
    result = run("new", "course", "--title", title, cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "course").exists()


@pytest.mark.parametrize("name, cid, title", [
    ("our-procedures", "our-procedures", "Our procedures"),
    ("Our Procedures (2025)", "our-procedures-2025", "Our Procedures (2025)"),
    ("Été_safeguarding", "ete-safeguarding", "Été safeguarding"),
    ("???", "", "???"),
])
def test_id_and_title_from_the_folder_name(name, cid, title):
    assert course_id(name) == cid and title_from(name) == title
    assert cid == "" or re.fullmatch(r"[a-z0-9][a-z0-9-]*", cid)


def test_a_folder_name_with_no_letters_gets_an_id_and_says_so(tmp_path):
    result = run("new", "2025", cwd=tmp_path)
    assert result.returncode == 0 and "id: 2025" in result.stdout
    result = run("new", "./---", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the id is 'new-course'" in result.stdout
    assert validate_course(tmp_path / "---")[1].items == []


def test_a_starter_that_does_not_validate_is_reported_as_a_fault(tmp_path, monkeypatch, capsys):
    from argparse import Namespace
    from builder.commands import new
    broken = dict(starter_files())
    broken["course.yaml"] = broken["course.yaml"].replace("pass_mark: 80", "pass_mark: 800")
    monkeypatch.setattr(new, "starter_files", lambda: broken)
    assert new.run(Namespace(folder=tmp_path / "course", title=None)) == 1
    out, err = capsys.readouterr()
    assert "'assessment.pass_mark' is 800" in err and "a fault in coursesmith" in out


def test_the_starter_ships_inside_the_package():
    files = starter_files()
    assert {"course.yaml", "questions/assessment.yaml", "local-information.md"} <= set(files)
    assert len([f for f in files if f.startswith("lessons/")]) == 2
    builder_dir = Path(__import__("builder").__file__).parent
    assert all((builder_dir / "starter" / f).is_file() for f in files)


@pytest.mark.parametrize("args", [["new", "--help"], ["schema", "--help"]])
def test_help(args):
    result = run(*args)
    assert result.returncode == 0 and "usage:" in result.stdout


def test_every_command_is_in_the_guide_and_the_readme():
    from builder.commands import COMMANDS
    from conftest import ROOT
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"python -m builder {name} " in guide and f"python -m builder {name} " in readme, name
    assert "yaml-language-server: $schema=.schema/course.schema.json" in guide


# -- the same checks as the courses under courses/ --------------------------------------------

def test_the_new_course_packages_with_valid_manifests(made, tmp_path, xsd):  # noqa: F811
    _valid_manifests(made, tmp_path, xsd)


def test_the_new_course_saved_state_fits_scorm12(made):
    from builder.loader import load_course
    from builder.state import SCORM12_LIMIT, worst_case_state
    assert len(worst_case_state(load_course(made))) <= SCORM12_LIMIT


@pytest.mark.e2e
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_a_learner_completes_and_passes_the_new_course(made, scorm, tmp_path, site_root, launch):
    _learner_passes(made, scorm, tmp_path, site_root, launch)


@pytest.mark.e2e
def test_the_new_course_has_no_wcag_violations(made, tmp_path, site_root, launch):
    _no_wcag_violations(made, tmp_path, site_root, launch)
