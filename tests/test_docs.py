"""docs/authoring.md documents every key an author can write."""

from builder import schema
from conftest import ROOT

RECORDS = [schema.COURSE, schema.ASSESSMENT, schema.COMPLETION, schema.TRACKING, schema.LOCAL_INFORMATION,
           schema.BRANDING, schema.EVALUATION, schema.LESSON, schema.CONTACT, schema.QUALITY, schema.OUTCOME, schema.OPTION, schema.PAIR, schema.STEP, schema.SCENARIO_CHOICE,
           *schema.QUESTION_RECORDS.values()]


def test_every_key_is_documented():
    text = (ROOT / "docs" / "authoring.md").read_text()
    missing = [f"{r.name}: {key}" for r in RECORDS for key in r.fields if f"`{key}`" not in text]
    assert missing == []


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash tests/run.sh" in readme and "bash tests/run.sh" in ci
    assert "python -m builder build" in readme
