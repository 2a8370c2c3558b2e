"""Packages: manifests valid against the official SCORM schemas, every file listed, the
mastery score carried, zips byte-identical from the same sources."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build_course
import scorm_schemas
from conftest import EXAMPLE


@pytest.fixture(scope="module")
def schemas():
    if scorm_schemas.missing():
        pytest.fail(scorm_schemas.missing())
    return {version: scorm_schemas.schema(version) for version in ("1.2", "2004")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pkg")
    result = build_course(EXAMPLE, ["scorm12", "scorm2004"], out)
    return {o.format.name: o.target for o in result.outputs}


def manifest_of(zip_path: Path):
    with zipfile.ZipFile(zip_path) as zf:
        return etree.fromstring(zf.read("imsmanifest.xml")), sorted(zf.namelist())


NAMESPACES = {"1.2": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "2004": "http://www.imsglobal.org/xsd/imscp_v1p1"}


@pytest.mark.parametrize("fmt,version", [("scorm12", "1.2"), ("scorm2004", "2004")])
def test_manifest_is_valid_against_the_official_xsd(built, schemas, fmt, version):
    root, _ = manifest_of(built[fmt])
    assert schemas[version].validate(root), schemas[version].error_log
    assert root.nsmap[None] == NAMESPACES[version]


def test_the_schemas_catch_a_broken_manifest(built, schemas):
    """A guard: the schemas really check (a misspelt element fails)."""
    with zipfile.ZipFile(built["scorm2004"]) as zf:
        text = zf.read("imsmanifest.xml").replace(b"<title>", b"<titel>", 1).replace(b"</title>", b"</titel>", 1)
    assert not schemas["2004"].validate(etree.fromstring(text))


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_manifest_lists_every_file_and_launches_index(built, fmt):
    root, names = manifest_of(built[fmt])
    ns = {"cp": root.nsmap[None]}
    listed = sorted(f.get("href") for f in root.iterfind(".//cp:resource/cp:file", ns))
    assert listed == [n for n in names if n != "imsmanifest.xml"]
    resource = root.find(".//cp:resource", ns)
    assert resource.get("href") == "index.html" and "index.html" in names
    assert "images/folder.svg" in names  # the course's own media travel with it
    assert root.findtext(".//cp:organization/cp:title", namespaces=ns) == "Writing a course with coursesmith"


def test_scorm12_manifest_carries_the_mastery_score(built):
    root, _ = manifest_of(built["scorm12"])
    assert root.findtext(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore") == "80"
    assert root.find(".//{*}resource").get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"


def test_scorm2004_manifest_carries_the_scaled_passing_score(built):
    root, _ = manifest_of(built["scorm2004"])
    primary = root.find(".//{http://www.imsglobal.org/xsd/imsss}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure") == "0.8"
    assert root.findtext(".//{*}schemaversion") == "2004 4th Edition"


def test_same_sources_give_byte_identical_zips(tmp_path):
    a = build_course(EXAMPLE, ["scorm12", "scorm2004"], tmp_path / "a")
    b = build_course(EXAMPLE, ["scorm12", "scorm2004"], tmp_path / "b")
    for x, y in zip(a.outputs, b.outputs):
        assert x.target.read_bytes() == y.target.read_bytes()


def test_zip_entries_are_sorted_with_fixed_times_and_permissions(built):
    with zipfile.ZipFile(built["scorm12"]) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_a_changed_source_changes_the_zip(tmp_path):
    import shutil
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    first = build_course(course, ["scorm12"], tmp_path / "a").outputs[0].target.read_bytes()
    lesson = course / "lessons" / "04-summary.md"
    lesson.write_text(lesson.read_text() + "\nOne more sentence.\n")
    second = build_course(course, ["scorm12"], tmp_path / "b").outputs[0].target.read_bytes()
    assert first != second


def test_with_completion_by_pages_the_manifest_carries_no_mastery_score(tmp_path):
    """A mastery score would let Moodle turn a completed learner with a low practice score
    into 'failed' (Mastery score overrides status); under rule 'pages' passing is not asked."""
    import shutil
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace("rule: both", "rule: pages"))
    result = build_course(course, ["scorm12", "scorm2004"], tmp_path / "out")
    by_format = {o.format.name: o.target for o in result.outputs}
    root12, _ = manifest_of(by_format["scorm12"])
    assert root12.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore") is None
    root2004, _ = manifest_of(by_format["scorm2004"])
    assert root2004.find(".//{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure") is None


def _build_in_subprocess(out: Path, env: dict) -> bytes:
    import os
    import subprocess
    import sys
    subprocess.run([sys.executable, "-m", "builder", "build", str(EXAMPLE), "--out", str(out)], check=True,
                   capture_output=True, env={**os.environ, **env}, cwd=Path(__file__).resolve().parent.parent)
    return (out / "example-course-scorm12.zip").read_bytes()


def test_compiled_templates_are_kept_between_runs_and_change_nothing(tmp_path):
    cache = tmp_path / "cache"
    first = _build_in_subprocess(tmp_path / "a", {"XDG_CACHE_HOME": str(cache)})
    kept = list(cache.glob("coursesmith/jinja-*/*.cache"))
    assert kept, "the first build keeps the theme's compiled templates"
    second = _build_in_subprocess(tmp_path / "b", {"XDG_CACHE_HOME": str(cache)})
    uncached = _build_in_subprocess(tmp_path / "c", {"COURSESMITH_NO_CACHE": "1"})
    assert first == second == uncached


def test_a_cache_folder_that_cannot_be_used_only_costs_time(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    built = _build_in_subprocess(tmp_path / "a", {"XDG_CACHE_HOME": str(blocked)})
    (tmp_path / "damaged" / "coursesmith").mkdir(parents=True)
    damaged = _build_in_subprocess(tmp_path / "b", {"XDG_CACHE_HOME": str(tmp_path / "damaged")})
    for entry in (tmp_path / "damaged").glob("coursesmith/jinja-*/*.cache"):
        entry.write_bytes(b"not a compiled template")
    again = _build_in_subprocess(tmp_path / "c", {"XDG_CACHE_HOME": str(tmp_path / "damaged")})
    assert built == damaged == again


def test_one_renderer_serves_every_format_of_a_run(tmp_path):
    from builder import render
    render._RENDERERS.clear()
    build_course(EXAMPLE, ["scorm12", "scorm2004", "web"], tmp_path)
    build_course(EXAMPLE, ["scorm12"], tmp_path / "again")
    assert len(render._RENDERERS) == 1
