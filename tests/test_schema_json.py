"""The JSON Schemas editors use (builder/json_schema.py) are valid, generated from schema.py
alone, accept every course and bank in the repository, and reject what the builder rejects."""
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder import json_schema, schema
from builder.build import validate_course
from builder.commands.new import write_course
from builder.schema import Field, ListOf, Record
from conftest import EXAMPLE, ROOT, edit

COURSES = sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("starter") / "our-procedures"
    write_course(folder, "our-procedures", "Our safeguarding procedures")
    return folder


def validator(which: str):
    document = {"course": json_schema.course_schema, "bank": json_schema.bank_schema,
                "question": json_schema.question_schema}[which]()
    return jsonschema.Draft7Validator(document)


def errors(which: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(which).iter_errors(data)]


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_courses(starter: Path) -> list[Path]:
    return [*COURSES, EXAMPLE, starter]


# -- the schemas themselves -----------------------------------------------------------------

@pytest.mark.parametrize("which", ["course", "bank", "question"])
def test_the_schema_is_valid_draft_07(which):
    document = {"course": json_schema.course_schema, "bank": json_schema.bank_schema,
                "question": json_schema.question_schema}[which]()
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(document)


def test_the_output_is_deterministic():
    first = {name: json_schema.dumps(make()) for name, make in json_schema.SCHEMAS.items()}
    assert first == {name: json_schema.dumps(make()) for name, make in json_schema.SCHEMAS.items()}
    # and the same from a fresh process with another hash seed, as the command prints it
    for name, text in first.items():
        result = subprocess.run([sys.executable, "-m", "builder", "schema", name], cwd=ROOT, capture_output=True,
                                text=True, env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="12345"),
                                timeout=60)
        assert result.returncode == 0 and result.stdout == text


def test_the_command_writes_the_schema_to_a_file(tmp_path):
    out = tmp_path / "deep" / "bank.schema.json"
    result = subprocess.run([sys.executable, "-m", "builder", "schema", "bank", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == json_schema.dumps(json_schema.bank_schema())
    result = subprocess.run([sys.executable, "-m", "builder", "schema", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "this is a folder" in result.stderr


def walk(node, path=""):
    """Every property schema, with its dotted path."""
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{path}.{key}".lstrip("."), value
            yield from walk(value, f"{path}.{key}")
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + "[]")
        for name, value in (node.get("definitions") or {}).items():
            yield from walk(value, name)


@pytest.mark.parametrize("which", ["course", "bank"])
def test_every_key_has_a_description_for_the_editor_to_show(which):
    document = json_schema.SCHEMAS[which]()
    assert [path for path, prop in walk(document) if not prop.get("description")] == []


@pytest.mark.parametrize("which", ["course", "bank"])
def test_every_default_fits_its_own_key(which):
    found = [(path, prop) for path, prop in walk(json_schema.SCHEMAS[which]()) if "default" in prop]
    assert len(found) > 10
    assert [path for path, prop in found if not jsonschema.Draft7Validator(prop).is_valid(prop["default"])] == []


def test_the_schema_says_what_schema_py_says():
    course = json_schema.course_schema()
    props = course["properties"]
    assert course["additionalProperties"] is False
    assert course["required"] == [k for k, f in schema.COURSE.fields.items() if f.required]
    assert set(props) == set(schema.COURSE.fields)
    assert props["completion"]["properties"]["rule"]["enum"] == [*schema.COMPLETION.fields["rule"].choices, None]
    pass_mark = props["assessment"]["properties"]["pass_mark"]
    assert (pass_mark["minimum"], pass_mark["maximum"], pass_mark["default"]) == (0, 100, 80)
    assert pass_mark["description"] == "Percentage needed to pass."
    assert props["lessons"]["minItems"] == 1 and props["title"]["maxLength"] == 200
    assert props["branding"]["properties"]["colour"]["pattern"] == "^(?:#[0-9a-fA-F]{6})$"
    bank = json_schema.bank_schema()
    assert sorted(bank["definitions"]) == sorted(f"{t}-question" for t in schema.QUESTION_RECORDS if t not in json_schema.NOT_IN_BANK)
    single = bank["definitions"]["single-question"]
    assert "type" not in single["required"] and single["properties"]["type"]["default"] == "single"
    assert "type" in bank["definitions"]["matching-question"]["required"]
    assert single["properties"]["options"]["maxItems"] == 26


# -- every course, bank and knowledge check in the repository ------------------------------

def test_every_course_validates_against_the_course_schema(starter):
    found = {str(c.relative_to(ROOT) if c.is_relative_to(ROOT) else c.name): errors("course", load(c / "course.yaml"))
             for c in all_courses(starter)}
    assert len(found) == len(COURSES) + 2 and len(COURSES) >= 4
    assert found == {name: [] for name in found}


def test_every_question_bank_validates_against_the_bank_schema(starter):
    banks = set()
    for course in all_courses(starter):
        assessment = load(course / "course.yaml").get("assessment")
        if assessment:
            banks.add(course / assessment["bank"])
    banks |= {p for p in ROOT.glob("courses/*/questions/*.yaml")}
    assert len(banks) >= len(COURSES) + 2
    assert {str(b): errors("bank", load(b)) for b in sorted(banks)} == {str(b): [] for b in sorted(banks)}


def test_every_knowledge_check_validates_against_the_question_schema(starter):
    checks = 0
    for course in all_courses(starter):
        for lesson in sorted(course.glob("lessons/*.md")):
            for block in re.findall(r"^```question\n(.*?)^```", lesson.read_text(encoding="utf-8"), re.M | re.S):
                checks += 1
                assert errors("question", yaml.safe_load(block)) == [], lesson
    assert checks >= 10


# -- what the builder rejects, the schema rejects -------------------------------------------

WRONG_COURSE = {
    "unknown key": ("pass_mark: 80", "pass_mark: 80\n  passmark: 80"),
    "unknown top-level key": ("id: example-course", "id: example-course\ncolor: blue"),
    "wrong type": ("estimated_minutes: 5", "estimated_minutes: ten"),
    "text given a number": ("audience: Trainers who write e-learning for their partnership", "audience: 12"),
    "bad choice": ("rule: both", "rule: everything"),
    "out of range": ("pass_mark: 80", "pass_mark: 180"),
    "bad id": ("id: example-course", "id: Example Course"),
    "bad colour": ('colour: "#1d4f91"', "colour: blue"),
    "a section that is not a mapping": ("completion:\n  rule: both", "completion: both"),
    "title only spaces": ("title: Writing a course with coursesmith", 'title: "   "'),
    "title too long": ("title: Writing a course with coursesmith", "title: " + "x" * 201),
    "a lesson that is not text": ("- lessons/01-course-folder.md", "- [lessons/01-course-folder.md]"),
    "missing required key": ("bank: questions/assessment.yaml", "# no bank"),
}


@pytest.mark.parametrize("case", list(WRONG_COURSE))
def test_a_wrong_course_yaml_is_rejected_by_the_builder_and_by_the_schema(course, case):
    old, new = WRONG_COURSE[case]
    edit(course / "course.yaml", old, new)
    assert validate_course(course)[0] is None, "the builder should refuse it"
    assert errors("course", load(course / "course.yaml")) != [], "the schema should refuse it"


RIGHT_COURSE = {
    "an empty optional key takes its default": ("audience: Trainers who write e-learning for their partnership",
                                                "audience:"),
    "a version written as a number": ("version: 1.0.0", "version: 1.10"),
    "an empty section": ("completion:\n  rule: both", "completion:"),
    "a pass mark with a decimal": ("pass_mark: 80", "pass_mark: 72.5"),
}


@pytest.mark.parametrize("case", list(RIGHT_COURSE))
def test_what_the_builder_accepts_the_schema_accepts(course, case):
    old, new = RIGHT_COURSE[case]
    edit(course / "course.yaml", old, new)
    assert validate_course(course)[0] is not None, validate_course(course)[1].items
    assert errors("course", load(course / "course.yaml")) == []


SINGLE = {"id": "q1", "prompt": "Which?", "options": [{"text": "A", "feedback": "f"}, {"text": "B", "feedback": "f"}],
          "answer": "a"}


@pytest.mark.parametrize("question, right", [
    (SINGLE, True),
    ({**SINGLE, "type": "single"}, True),
    ({**SINGLE, "id": 10}, True),                         # 'id: 10' is the id '10'
    ({**SINGLE, "id": "Q 1"}, False),
    ({**SINGLE, "type": "singel"}, False),
    ({**SINGLE, "type": None}, False),
    ({**SINGLE, "answer": True}, False),
    ({**SINGLE, "options": [{"text": "only one"}]}, False),
    ({**SINGLE, "pairs": []}, False),                     # a key of another type
    ({"id": "tf", "type": "true-false", "prompt": "True?", "answer": False}, True),
    ({"id": "tf", "prompt": "True?", "answer": False}, False),   # no type: it is single
    ({"id": "tf", "type": "true-false", "prompt": "True?", "answer": "no"}, False),
    ({"id": "st", "type": "short-text", "prompt": "Word?", "accept": ["x"], "max_length": 300}, False),
    ({"id": "st", "type": "short-text", "prompt": "Word?", "accept": ["x"], "whitespace": "exact"}, True),
])
def test_questions_are_told_apart_by_type(question, right):
    assert (errors("bank", {"questions": [question]}) == []) is right
    assert (errors("question", question) == []) is right


def test_a_bank_holds_no_scenario_and_is_not_empty():
    scenario = {"id": "case", "type": "scenario", "prompt": "A case",
                "steps": [{"id": "one", "prompt": "Do?", "choices": [{"text": "a", "consequence": "c"},
                                                                     {"text": "b", "consequence": "d"}]}]}
    assert errors("question", scenario) == []
    assert errors("bank", {"questions": [scenario]}) != []
    assert errors("bank", {"questions": []}) != []
    assert errors("bank", {"questions": [SINGLE], "title": "x"}) != []


# -- what the generator cannot say, it refuses to say ----------------------------------------

@pytest.mark.parametrize("field", [
    Field(set),                                   # a kind JSON has no word for
    Field(str, pattern=r"\d+"),                   # \d means more in Python than in JSON Schema
    Field(str, pattern=r"a.b"),                   # so does '.'
    Field(ListOf(str), pattern="[a-z]+"),         # the builder does not check a list's items this way
    Field(ListOf(str), choices=("a", "b")),
    Field((str, ListOf(str))),
    Field(bool, coerce_text=True),
    Field(str, coerce_text=True, pattern=r"-?[0-9]+"),
    Field(str, coerce_text=True, min_length=2),
])
def test_the_generator_fails_loudly_on_what_it_cannot_express(monkeypatch, field):
    record = Record("course.yaml", {**schema.COURSE.fields, "extra": field})
    monkeypatch.setattr(schema, "COURSE", record)
    with pytest.raises(json_schema.NotExpressible):
        json_schema.course_schema()


def test_a_new_field_attribute_must_be_taught_to_the_generator(monkeypatch):
    known = {f.name for f in dataclasses.fields(Field)}
    monkeypatch.setattr(json_schema, "_FIELD_ATTRIBUTES", known - {"max_length"})
    with pytest.raises(json_schema.NotExpressible, match="max_length"):
        json_schema.bank_schema()
