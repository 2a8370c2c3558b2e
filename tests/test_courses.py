"""Every course under courses/: valid with no warnings, packaged with XSD-valid manifests in
both SCORM versions, and completed and passed by a learner in Chromium under scorm-again."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from builder.build import build_course, validate_course
import scorm_schemas
from conftest import ROOT
from learner import AnswerKey, play_scenario, take_assessment, unpack

COURSES = sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))


def test_the_four_modules_are_there():
    assert [c.name for c in COURSES] == [
        "communicating-with-children", "information-sharing", "online-offending", "signs-and-indicators"]


@pytest.fixture(scope="module")
def xsd():
    if scorm_schemas.missing():
        pytest.fail(scorm_schemas.missing())
    return {version: scorm_schemas.schema(version) for version in ("1.2", "2004")}


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_course_is_valid_without_warnings(course):
    result, problems = validate_course(course)
    assert [p.format() for p in problems.items] == []
    assert result is not None


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_course_packages_with_valid_manifests(course, tmp_path, xsd):
    result = build_course(course, ["scorm12", "scorm2004"], tmp_path)
    for output, version in zip(result.outputs, ("1.2", "2004")):
        with zipfile.ZipFile(output.target) as zf:
            doc = etree.fromstring(zf.read("imsmanifest.xml"))
        assert xsd[version].validate(doc), xsd[version].error_log


@pytest.mark.e2e
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_learner_completes_and_passes_after_failing(course, scorm, tmp_path, site_root, launch):
    """Under Moodle's rules (the stricter test LMS profile), with every scenario played."""
    fmt = "scorm12" if scorm == "1.2" else "scorm2004"
    result = build_course(course, [fmt], tmp_path)
    url = unpack(result.outputs[0].target, site_root)
    key = AnswerKey(course)
    lms = launch(url, scorm, profile="moodle")
    frame = lms.frame
    for index, page in enumerate(key.course.pages):
        if index:
            lms.next()
        assert lms.heading() == page.title
        for check in page.checks:
            if check.type == "scenario":
                play_scenario(frame, key, check.id, best=False)
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(lms, key, correct=False)
            assert "You need 80% to pass" in frame.locator("[data-result-summary]").inner_text()
            frame.get_by_role("button", name="Try again").click()
            take_assessment(lms, key, correct=True)
            assert "You have passed" in frame.locator("[data-result-summary]").inner_text()
    lms.exit()
    if scorm == "1.2":
        assert lms.cmi("cmi.core.lesson_status") == "passed"
        assert lms.cmi("cmi.core.score.raw") == "100"
    else:
        assert lms.cmi("cmi.completion_status") == "completed"
        assert lms.cmi("cmi.success_status") == "passed"
        assert lms.cmi("cmi.score.raw") == "100"
    assert lms.api_errors() == []
    assert lms.console_errors == []


@pytest.mark.parametrize("course", COURSES + [ROOT / "docs" / "example-course"], ids=lambda p: p.name)
def test_worst_case_saved_state_fits_scorm12(course):
    from builder.loader import load_course
    from builder.state import SCORM12_LIMIT, worst_case_state
    assert len(worst_case_state(load_course(course))) <= SCORM12_LIMIT
