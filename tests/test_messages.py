"""The interface in the course's language: message catalogues in the theme, chosen by
`language:`, English for what a catalogue lacks (with a warning), and single strings replaced by
the course."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build_course, validate_course
from builder.messages import CATEGORIES, PLACEHOLDER, plural_category
from builder.themes import THEMES_DIR
from builder.yamlio import parse_yaml, read_text
from conftest import edit, line_of

CATALOGUES = THEMES_DIR / "default" / "messages"


def catalogue(name: str) -> dict:
    return parse_yaml(read_text(CATALOGUES / f"{name}.yaml"))


def words(value) -> str:
    return " ".join(value.values()) if isinstance(value, dict) else value


@pytest.mark.parametrize("name", sorted(p.stem for p in CATALOGUES.glob("*.yaml") if p.stem != "en-GB"))
def test_every_catalogue_has_every_string_english_has(name):
    english, other = catalogue("en-GB"), catalogue(name)
    assert sorted(set(english) - set(other)) == [], f"{name}.yaml lacks these strings"
    assert sorted(set(other) - set(english)) == [], f"{name}.yaml has strings English does not"
    for key, value in other.items():
        assert set(PLACEHOLDER.findall(words(value))) == set(PLACEHOLDER.findall(words(english[key]))), key
        if isinstance(value, dict):
            assert "other" in value and set(value) <= set(CATEGORIES), key


def test_every_string_the_theme_uses_is_in_the_catalogue():
    english = catalogue("en-GB")
    theme = THEMES_DIR / "default"
    used = set()
    for path in sorted((theme / "js").glob("*.js")):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""", path.read_text()))
    for path in sorted((theme / "templates").rglob("*.html")):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""", path.read_text()))
    assert used, "the theme reads its strings with t('key')"
    assert sorted(used - set(english)) == []


def test_welsh_plural_forms():
    assert [plural_category("cy", n) for n in (0, 1, 2, 3, 4, 6, 10)] == \
        ["zero", "one", "two", "few", "other", "many", "other"]
    assert [plural_category("en-GB", n) for n in (0, 1, 2)] == ["other", "one", "other"]


def test_a_course_in_welsh_gets_the_welsh_interface(course, tmp_path):
    edit(course / "course.yaml", "language: en-GB", "language: cy")
    result = build_course(course, ["web"], tmp_path / "out")
    assert result.problems.items == []
    html = (result.outputs[0].target / "index.html").read_text()
    assert '<html lang="cy" dir="ltr"' in html
    assert "Gwirio&#39;r ateb" in html or "Gwirio'r ateb" in html
    assert "Check answer" not in html


def test_a_regional_tag_finds_its_language(course):
    edit(course / "course.yaml", "language: en-GB", "language: en-US")
    loaded, problems = validate_course(course)
    assert problems.items == [] and loaded.messages.t("nav.next") == "Next"
    edit(course / "course.yaml", "language: en-US", "language: cy-GB")
    loaded, problems = validate_course(course)
    assert problems.items == [] and loaded.messages.t("nav.next") == "Nesaf"


def test_a_language_without_a_catalogue_is_a_warning_and_right_to_left_is_kept(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "language: en-GB", "language: ar")
    loaded, problems = validate_course(course)
    [warning] = problems.warnings
    assert (warning.file, warning.line) == (yaml, line_of(yaml, "language:"))
    assert "no interface strings in 'ar'" in warning.message and "strings:" in warning.hint
    html = (build_course(course, ["web"], tmp_path / "out").outputs[0].target / "index.html").read_text()
    assert '<html lang="ar" dir="rtl"' in html


def test_a_course_replaces_single_strings(course, tmp_path):
    yaml = course / "course.yaml"
    with yaml.open("a") as fh:
        fh.write("strings:\n  question.check_answer: Check my answer\n  scenario.score:\n"
                 "    one: Best at {best} of {count} step.\n    other: Best at {best} of {count} steps.\n")
    result = build_course(course, ["web"], tmp_path / "out")
    html = (result.outputs[0].target / "index.html").read_text()
    assert ">Check my answer</button>" in html and ">Check answer</button>" not in html
    assert result.course.messages.t("scenario.score", count=2, best=1) == "Best at 1 of 2 steps."


def test_a_mistaken_string_is_an_error_on_its_line(course):
    yaml = course / "course.yaml"
    with yaml.open("a") as fh:
        fh.write("strings:\n  nav.nxt: Continue\n  nav.back: Back to {page}\n  nav.next: [Continue]\n")
    _, problems = validate_course(course)
    found = {p.line: p for p in problems.errors}
    assert "did you mean 'nav.next'?" in found[line_of(yaml, "nav.nxt")].hint
    assert "{page}" in found[line_of(yaml, "nav.back:")].message
    assert "must be words" in found[line_of(yaml, "nav.next:")].message


def test_a_theme_catalogue_that_lacks_strings_is_named(course, tmp_path):
    theme = course / "theme"
    (theme / "messages").mkdir(parents=True)
    (theme / "theme.yaml").write_text("name: ours\nextends: default\n")
    (theme / "messages" / "fr.yaml").write_text("nav.next: Suivant\nnav.back: Retour\n")
    yaml = course / "course.yaml"
    edit(yaml, "language: en-GB", "language: fr")
    with yaml.open("a") as fh:
        fh.write("theme: ./theme\n")
    loaded, problems = validate_course(course)
    [warning] = problems.warnings
    assert warning.file == theme / "messages" / "fr.yaml"
    english = len(parse_yaml(read_text(THEMES_DIR / "default" / "messages" / "en-GB.yaml")))
    assert f"lack {english - 2} of" in warning.message and "nav.next" not in warning.message and "page.skip_link" in warning.message
    assert (loaded.messages.t("nav.next"), loaded.messages.t("question.check_answer")) == ("Suivant", "Check answer")
