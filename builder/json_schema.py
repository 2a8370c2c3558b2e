"""JSON Schemas of course.yaml and of a question bank, generated from builder/schema.py.

Editors use them to complete keys, show each key's help and underline mistakes as the author
types (VS Code with Red Hat's YAML extension, through a `# yaml-language-server: $schema=...`
line). schema.py stays the one source of truth: nothing here restates a key, a default or a
limit; this module only translates `Record`, `Field` and `ListOf` into JSON Schema.

The schemas are draft-07, the newest draft the YAML language server supports. They follow
what `Record.check` accepts, with these translations:

- an optional key may be left empty (`key:` is YAML's null): the builder takes its default;
- `min_length` counts characters after trimming spaces, so it becomes a pattern
  (`\\S` for 1: "not only spaces");
- `coerce_text` text (`version: 1.10`, `id: 0010`) also accepts numbers, as the builder does;
  where the text has a pattern, only whole numbers of 0 or more can match it;
- a question is a `oneOf` its types, told apart by `type` (left out, it is `single`); the
  bank leaves out the types a bank cannot hold (scenarios belong in lessons).

JSON has no difference between 1 and 1.0, and the schema cannot see how a number was written,
so `attempts: 1.0` or `version: 1.000000000000000000001` pass here and are caught by the
build. Checks between keys or files (an answer among the options, a lesson file that exists,
a draw no larger than the bank) are the builder's too.

Anything in schema.py this module cannot translate exactly raises `NotExpressible`, so a new
kind of field fails the tests instead of giving a looser schema.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import re

from . import schema
from .schema import Field, ListOf, Record

DRAFT = "http://json-schema.org/draft-07/schema#"

# Questions the builder refuses in an assessment bank (loader: "scenario ... is in the
# assessment bank"), and the unmarked confidence and reflection questions; a lesson may hold any type.
NOT_IN_BANK = ("scenario", *schema.UNSCORED_TYPES)

_SIMPLE_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}

# Every attribute of Field and ListOf, and how this module deals with it. A new attribute in
# schema.py must be added here, with its translation, or the schema refuses to generate.
_FIELD_ATTRIBUTES = {"kind", "required", "default", "choices", "minimum", "maximum", "pattern", "pattern_hint",
                     "coerce_text", "min_length", "max_length", "help"}
_LISTOF_ATTRIBUTES = {"item", "min_items", "max_items"}


class NotExpressible(Exception):
    """schema.py declares something this module cannot say exactly in JSON Schema."""


def course_schema() -> dict:
    """The JSON Schema of course.yaml."""
    _check_known_attributes()
    out = {"$schema": DRAFT, "title": "coursesmith course.yaml",
           "description": "The settings of a course and its lessons in order. See docs/authoring.md."}
    out.update(_record(schema.COURSE, "course.yaml"))
    return out


def bank_schema() -> dict:
    """The JSON Schema of a question bank: `questions:`, a list of questions of any type a
    bank may hold."""
    _check_known_attributes()
    types = [t for t in schema.QUESTION_RECORDS if t not in NOT_IN_BANK]
    out = {"$schema": DRAFT, "title": "coursesmith question bank",
           "description": "The questions of a course's final assessment. See docs/authoring.md."}
    bank = schema.BANK
    questions = bank.fields.get("questions")
    if questions is None or questions.kind is not list or not questions.required:
        raise NotExpressible("the question bank's 'questions' is expected to be a required list; "
                             "update builder/json_schema.py to match builder/schema.py")
    out.update(_record(bank, "question bank", items={"questions": _question_union(types)}))
    # The loader refuses an empty bank ("the question bank is empty").
    out["properties"]["questions"]["minItems"] = 1
    out["definitions"] = {_definition_name(t): _question(t) for t in types}
    return out


def question_schema() -> dict:
    """The JSON Schema of one question of any type, as in a lesson's `question` block (the
    tests check every knowledge check with it; editors cannot reach inside Markdown)."""
    _check_known_attributes()
    types = list(schema.QUESTION_RECORDS)
    return {"$schema": DRAFT, "title": "coursesmith question", **_question_union(types),
            "definitions": {_definition_name(t): _question(t) for t in types}}


def edition_schema() -> dict:
    """The JSON Schema of a partnership edition's edition.yaml."""
    _check_known_attributes()
    out = {"$schema": DRAFT, "title": "coursesmith edition.yaml",
           "description": "A partnership's edition of one or more courses. See docs/editions.md."}
    out.update(_record(schema.EDITION, "edition.yaml"))
    return out


SCHEMAS = {"course": course_schema, "bank": bank_schema, "edition": edition_schema}


def dumps(document: dict) -> str:
    """The schema as JSON text: the same schema.py always gives the same bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- translation ----------------------------------------------------------------------------

def _check_known_attributes() -> None:
    for cls, known in ((Field, _FIELD_ATTRIBUTES), (ListOf, _LISTOF_ATTRIBUTES)):
        new = {f.name for f in dataclasses.fields(cls)} - known
        if new:
            raise NotExpressible(f"{cls.__name__} has attributes the JSON Schema generator does not know: "
                                 f"{', '.join(sorted(new))}; add them to builder/json_schema.py")


def _record(record: Record, where: str, items: dict | None = None) -> dict:
    """An object with exactly the record's keys. `items` replaces the item schema of plain
    `list` fields whose items the loader checks itself (the bank's questions)."""
    properties = {}
    for key, spec in record.fields.items():
        label = f"{where}: {key}"
        if items and key in items:
            properties[key] = _described({"type": "array", "items": items[key]}, spec, label)
            if not spec.required:
                _allow_null(properties[key], label)
            continue
        properties[key] = _field(spec, label)
    out = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [key for key, spec in record.fields.items() if spec.required]
    if required:
        out["required"] = required
    return out


def _field(spec: Field, label: str) -> dict:
    out = _described(_value(spec, label), spec, label)
    if not spec.required:
        _allow_null(out, label)  # `key:` with nothing after it: the builder takes the default
    if spec.default is not None and not isinstance(spec.kind, Record):
        # A section's default is its own keys' defaults, given on each key.
        out["default"] = copy.deepcopy(spec.default)
    return out


def _described(out: dict, spec: Field, label: str) -> dict:
    text = _sentence(spec.help)
    if spec.pattern_hint:
        text = f"{text} {_sentence(spec.pattern_hint)}".strip()
    return {"description": text, **out} if text else out


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _value(spec: Field, label: str) -> dict:
    """The schema of a value of the field, without null and default."""
    kind = spec.kind
    if isinstance(kind, Record):
        _only(spec, label, "a section", allowed=())
        return _record(kind, label)
    if isinstance(kind, ListOf):
        _only(spec, label, "a list", allowed=("coerce_text",))
        out = {"type": "array", "items": _value(Field(kind.item, coerce_text=spec.coerce_text), f"{label}[]")}
        if kind.min_items:
            out["minItems"] = kind.min_items
        if kind.max_items is not None:
            out["maxItems"] = kind.max_items
        return out
    kinds = kind if isinstance(kind, tuple) else (kind,)
    records = [k for k in kinds if isinstance(k, Record)]
    if records:
        # Text or a record (check_value: a mapping is checked as the record).
        if len(records) > 1 or dict in kinds:
            raise NotExpressible(f"{label}: only one record, and no plain mapping, can stand beside other kinds")
        _only(spec, label, "a value that may be a section", allowed=())
        others = tuple(k for k in kinds if not isinstance(k, Record))
        alternatives = [_value(Field(others[0] if len(others) == 1 else others), label)] if others else []
        return {"anyOf": [*alternatives, _record(records[0], label)]}
    types = []
    for k in kinds:
        if k not in _SIMPLE_TYPES:
            raise NotExpressible(f"{label}: the kind {k!r} has no JSON Schema translation")
        types.append(_SIMPLE_TYPES[k])
    if "integer" in types and "number" in types:
        types.remove("integer")  # (int, float): any number
    out: dict = {}
    if spec.coerce_text:
        if types != ["string"]:
            raise NotExpressible(f"{label}: coerce_text is only understood on text")
        types = ["string", *_coerced_number(spec, label)]
    out["type"] = types[0] if len(types) == 1 else types
    if spec.coerce_text and "integer" in types:
        out["minimum"] = 0  # '-1' does not match the pattern; '0010' does
    if spec.choices is not None:
        for choice in spec.choices:
            if not isinstance(choice, (str, int, float, bool)):
                raise NotExpressible(f"{label}: the choice {choice!r} cannot be written in JSON")
        out["enum"] = list(spec.choices)
    if spec.minimum is not None or spec.maximum is not None:
        if not {"integer", "number"} & set(types):
            raise NotExpressible(f"{label}: minimum and maximum are only understood on numbers")
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
    patterns = []
    if spec.pattern is not None:
        patterns.append(_anchored(spec.pattern, label))
    if spec.min_length is not None or spec.max_length is not None:
        if "string" not in types:
            raise NotExpressible(f"{label}: min_length and max_length are only understood on text")
        if spec.min_length is not None and spec.min_length > 0:
            patterns.append(_trimmed_length_pattern(spec.min_length))
        if spec.max_length is not None:
            out["maxLength"] = spec.max_length
    if len(patterns) == 1:
        out["pattern"] = patterns[0]
    elif patterns:
        out["allOf"] = [{"pattern": p} for p in patterns]
    if spec.pattern_hint and spec.pattern:
        # Shown instead of the bare pattern by VS Code's JSON and YAML language servers.
        out["patternErrorMessage"] = _sentence(spec.pattern_hint)
    return out


def _coerced_number(spec: Field, label: str) -> list[str]:
    """The number types a coerce_text field accepts, given the checks on its text."""
    if spec.min_length is not None:
        raise NotExpressible(f"{label}: coerce_text with min_length")
    if spec.choices is not None:
        raise NotExpressible(f"{label}: coerce_text with choices")
    if spec.pattern is None:
        return ["number"]
    digits_match = all(re.fullmatch(spec.pattern, s) for s in ("0", "7", "10", "0010", "123456789"))
    others_fail = not any(re.fullmatch(spec.pattern, s) for s in ("-1", "1.5", ".5", "-0.5"))
    if not others_fail:
        raise NotExpressible(f"{label}: coerce_text with a pattern that matches signed or decimal numbers")
    if not digits_match:
        if any(re.fullmatch(spec.pattern, s) for s in ("0", "7", "10", "0010", "123456789")):
            raise NotExpressible(f"{label}: coerce_text with a pattern that matches some whole numbers only")
        return []
    if spec.minimum is not None or spec.maximum is not None:
        raise NotExpressible(f"{label}: coerce_text with a pattern and minimum or maximum")
    return ["integer"]


def _only(spec: Field, label: str, what: str, allowed: tuple) -> None:
    """Refuse checks that the builder does not apply to this kind of field (check_value skips
    them), so that a schema never claims a check the build would not make."""
    for name in ("choices", "minimum", "maximum", "pattern", "min_length", "max_length", "coerce_text"):
        if name in allowed:
            continue
        value = getattr(spec, name)
        if value not in (None, False):
            raise NotExpressible(f"{label}: {name} on {what} is not checked by the builder")


def _anchored(pattern: str, label: str) -> str:
    """Python's re.fullmatch pattern as a JSON Schema (ECMA 262) pattern, which matches
    anywhere unless anchored. Only what both read alike is let through: ASCII, character
    classes, groups, alternatives and counts; not '.', '^', '$', '\\d', '\\s', '\\w' or flags."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        bad = None
        if not c.isascii() or not c.isprintable():
            bad = repr(c)
        elif c == "\\":
            nxt = pattern[i + 1:i + 2]
            if not nxt or nxt.isalnum():
                bad = "\\" + nxt
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                bad = "'[]'"
        elif c in ".^$":
            bad = repr(c)
        elif c == "(" and pattern[i + 1:i + 2] == "?" and pattern[i + 2:i + 3] != ":":
            bad = "'(?'"
        if bad:
            raise NotExpressible(f"{label}: the pattern {pattern!r} uses {bad}, which may not mean the same in "
                                 "Python and JSON Schema; keep to letters, character classes, groups and counts")
        i += 1
    return f"^(?:{pattern})$"


def _trimmed_length_pattern(n: int) -> str:
    """Text whose length after trimming spaces is at least n."""
    if n == 1:
        return r"\S"
    return r"\S[\s\S]{%d,}\S" % (n - 2)


def _allow_null(out: dict, label: str) -> None:
    types = out.get("type")
    if types is None:
        raise NotExpressible(f"{label}: cannot allow an empty value without a type")
    types = [types] if isinstance(types, str) else types
    if "null" not in types:
        out["type"] = [*types, "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]


# -- questions ------------------------------------------------------------------------------

def _definition_name(question_type: str) -> str:
    return f"{question_type}-question"


def _question_union(types: list[str]) -> dict:
    return {"description": "A question. Its 'type' says which keys it has; without one, it is single.",
            "oneOf": [{"$ref": f"#/definitions/{_definition_name(t)}"} for t in types]}


def _question(question_type: str) -> dict:
    """One question type. Its `type` key tells it from the others: `single` may leave it out
    (the default), every other type must say it."""
    record = schema.QUESTION_RECORDS[question_type]
    spec = record.fields["type"]
    if spec.required or spec.choices is None or question_type not in spec.choices:
        raise NotExpressible("questions are expected to be told apart by an optional 'type' with choices")
    out = _record(record, f"{question_type} question")
    # Empty (null) is not allowed here: the loader reads 'type' itself and refuses it.
    out["properties"]["type"] = _described({"const": question_type}, spec, f"{question_type} question: type")
    if spec.default == question_type:
        out["properties"]["type"]["default"] = question_type
    else:
        out["required"] = sorted(set(out.get("required", [])) | {"type"}, key=list(record.fields).index)
    return {"title": record.name, **out}
