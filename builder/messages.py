"""The words of the interface: every button, instruction and message a learner reads that the
course's author did not write, in the course's language.

Each theme keeps one catalogue per language, `messages/<language>.yaml`: a mapping of keys to
strings. A string may hold placeholders in braces (`Page {current} of {total}`), and a string
that counts something has one form per plural category of its language (`one`, `other`; Welsh
also `zero`, `two`, `few` and `many`). The templates and the browser runtime read the same
catalogue. A course's language picks the catalogue (`cy-GB` finds `cy`, `en-US` finds `en-GB`);
strings it lacks come from English, with a warning that names them. A course may replace single
strings under `strings:` in course.yaml.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import Problems
from .yamlio import YAMLProblem, line_of, parse_yaml, read_text

FALLBACK = "en-GB"
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "ha", "he", "khw", "ks", "ps", "sd", "ug", "ur", "yi"}


def plural_category(language: str, n: float) -> str:
    """The CLDR plural category of a whole number in a language (the browser's Intl.PluralRules
    gives the same for these languages; others fall back to one/other)."""
    base = language.split("-")[0].lower()
    n = abs(n)
    if base == "cy":
        return {0: "zero", 1: "one", 2: "two", 3: "few", 6: "many"}.get(n, "other")
    if base == "ga":
        return "one" if n == 1 else "two" if n == 2 else "few" if 3 <= n <= 6 else "many" if 7 <= n <= 10 else "other"
    if base in ("fr", "pt"):
        return "one" if n in (0, 1) else "other"
    if base == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[int(n)]
        return "few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other"
    if base in ("pl",):
        if n == 1:
            return "one"
        return "few" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "many"
    if base in ("ja", "zh", "ko", "vi", "th", "id", "ms", "tr"):
        return "other"
    return "one" if n == 1 else "other"


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


@dataclass
class Catalogue:
    """The interface strings of one course, in its language, with English where they are missing."""

    language: str
    strings: dict = field(default_factory=dict)  # key -> str, or {category: str}

    def t(self, key: str, count: float | None = None, **params) -> str:
        value = self.strings.get(key)
        if value is None:
            raise KeyError(f"no interface string '{key}'")
        if isinstance(value, dict):
            n = count if count is not None else params.get("count", 0)
            value = value.get(plural_category(self.language, n)) or value.get("other") or next(iter(value.values()))
        if count is not None:
            params.setdefault("count", _number(count))
        return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), value)

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps([self.language, self.strings], sort_keys=True).encode()).hexdigest()

    @property
    def direction(self) -> str:
        return direction(self.language)

    def for_runtime(self, keys: set[str] | None = None) -> dict:
        """What the browser runtime needs: its strings, and the language for plural rules."""
        return {"lang": self.language,
                "strings": {k: v for k, v in self.strings.items() if keys is None or k in keys}}


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def catalogue_dirs(theme_dirs: list[Path]) -> list[Path]:
    return [d / "messages" for d in theme_dirs]


def _find(language: str, folders: list[Path]) -> tuple[str, list[Path]]:
    """The catalogue files of a language (the theme's own first), by the full tag, then the
    language alone, then any region of it (`en` finds `en-GB`)."""
    tags = [language]
    base = language.split("-")[0]
    if base != language:
        tags.append(base)
    for tag in tags:
        files = [f / f"{tag}.yaml" for f in folders if (f / f"{tag}.yaml").is_file()]
        if files:
            return tag, files
    for folder in folders:
        for candidate in sorted(folder.glob(f"{base}-*.yaml")):
            return candidate.stem, [f / candidate.name for f in folders if (f / candidate.name).is_file()]
    return "", []


def _read(file: Path, problems: Problems) -> dict:
    try:
        data = parse_yaml(read_text(file)) or {}
    except YAMLProblem as exc:
        problems.error(file, exc.line, exc.message, exc.hint)
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(file, None, f"cannot read the message catalogue: {exc}")
        return {}
    if not isinstance(data, dict):
        problems.error(file, None, "a message catalogue must map each key to its words, like 'nav.next: Next'")
        return {}
    good = {}
    for key, value in data.items():
        if isinstance(value, str) or (isinstance(value, dict) and value and all(
                k in CATEGORIES and isinstance(v, str) for k, v in value.items())):
            good[str(key)] = value
        else:
            problems.error(file, line_of(data, key), f"the message '{key}' must be words, or words for each "
                           "plural form", "write 'key: words', or under the key 'one: ...' and 'other: ...'")
    return good


def _merged(files: list[Path], problems: Problems) -> tuple[dict, dict]:
    """The strings of catalogue files (the first file wins), and which file each came from."""
    strings: dict = {}
    origin: dict = {}
    for file in reversed(files):
        for key, value in _read(file, problems).items():
            strings[key] = value
            origin[key] = file
    return strings, origin


def english(theme_dirs: list[Path] | None = None, problems: Problems | None = None) -> dict:
    """The English strings of a theme (the default theme's when none is given): the full set of keys."""
    if theme_dirs is None:
        from .themes import THEMES_DIR
        theme_dirs = [THEMES_DIR / "default"]
    _, files = _find(FALLBACK, catalogue_dirs(theme_dirs))
    strings, _ = _merged(files, problems if problems is not None else Problems())
    return strings


def english_catalogue() -> Catalogue:
    """The default theme's English strings, for words made where no course language applies."""
    return Catalogue(language=FALLBACK, strings=english())


def check_overrides(overrides: dict, known: dict, problems: Problems, file: Path, node=None,
                    line: int | None = None) -> dict:
    """The strings an author replaces (under 'strings:'), those that may be used: each key must be
    an interface string, and may use only the words in braces that string fills in."""
    good = {}
    for key, value in (overrides or {}).items():
        where = line_of(node, key, line) if node is not None else line
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            problems.error(file, where, f"'{key}' is not an interface string",
                           (f"did you mean '{close[0]}'? " if close else "")
                           + "the strings are listed in the theme's messages/en-GB.yaml")
            continue
        if not (isinstance(value, str) or (isinstance(value, dict) and value
                                           and all(k in CATEGORIES and isinstance(v, str) for k, v in value.items()))):
            problems.error(file, where, f"the string '{key}' must be words, or words for each plural form",
                           "write it like 'nav.next: Continue'")
            continue
        wanted = set(PLACEHOLDER.findall(_text_of(known[key])))
        given = set(PLACEHOLDER.findall(_text_of(value)))
        if given - wanted:
            problems.error(file, where, f"the string '{key}' uses "
                           f"{', '.join('{' + g + '}' for g in sorted(given - wanted))}, which it does not fill in",
                           "the words in braces it can use: " + (", ".join("{" + w + "}" for w in sorted(wanted)) or "none"))
            continue
        good[key] = value
    return good


def load_catalogue(theme_dirs: list[Path], language: str, overrides: dict | None, problems: Problems,
                   course_file: Path, language_line: int | None = None, strings_node=None,
                   checked: dict | None = None) -> Catalogue:
    """The catalogue for a course: its language's strings over English's, then the course's own
    (`overrides`, checked here), then any already checked elsewhere (`checked`: an edition's)."""
    folders = catalogue_dirs(theme_dirs)
    known = english(theme_dirs, problems)
    tag, files = _find(language, folders)
    strings = dict(known)
    if not files:
        if language.split("-")[0] != FALLBACK.split("-")[0]:
            problems.warning(course_file, language_line,
                             f"the theme has no interface strings in '{language}': buttons and messages "
                             "will be in English",
                             "write the strings under 'strings:' in course.yaml, or add a catalogue "
                             f"messages/{language}.yaml to the theme (see docs/authoring.md, 'Languages')")
    elif tag != FALLBACK:
        own, _ = _merged(files, problems)
        missing = [k for k in known if k not in own]
        if missing:
            problems.warning(files[0], None, f"the '{tag}' interface strings lack {len(missing)} of English's, "
                             f"which will be shown in English: {', '.join(missing[:12])}"
                             + (f" and {len(missing) - 12} more" if len(missing) > 12 else ""),
                             "add them to the catalogue, translated")
        strings.update({k: v for k, v in own.items() if k in known})
    strings.update(check_overrides(overrides or {}, known, problems, course_file, strings_node))
    strings.update({k: v for k, v in (checked or {}).items() if k in known})
    return Catalogue(language=language, strings=strings)


def _text_of(value) -> str:
    return " ".join(value.values()) if isinstance(value, dict) else value
