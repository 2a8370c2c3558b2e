"""Problems as values: every stage reports what is wrong with a file, a line and a hint.

Stages never print or exit; they add problems to a `Problems` collection. The CLI is
the one place that turns them into messages and an exit status.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path | str
    line: int | None
    message: str
    hint: str = ""
    column: int | None = None
    level: str = "error"  # "error" or "warning"

    def where(self, base: Path | None = None) -> str:
        path = Path(self.file)
        if base is not None:
            try:
                path = path.resolve().relative_to(base.resolve())
            except (ValueError, OSError, RuntimeError):  # elsewhere, or a link in a loop
                pass
        text = str(path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text

    def format(self, base: Path | None = None) -> str:
        text = f"{self.where(base)}: {self.level}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Problems:
    """An ordered collection of problems found while loading or building a course."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file, line, message, hint="", column=None) -> None:
        self.items.append(Problem(file, line, message, hint, column, "error"))

    def warning(self, file, line, message, hint="", column=None) -> None:
        self.items.append(Problem(file, line, message, hint, column, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)


class BuildFailed(Exception):
    """Raised when a stage cannot go on; carries every problem found so far."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems


def shown(value, limit: int = 60) -> str:
    """A value as an error message quotes it: never more than a line of it."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def did_you_mean(word: str, choices) -> str:
    """A hint naming the closest known word, or the list of known words."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)
