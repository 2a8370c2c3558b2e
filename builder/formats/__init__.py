"""Output formats, found by name. Adding one is adding a module that calls `register`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Course


@dataclass(frozen=True)
class OutputFormat:
    name: str
    scorm: str | None  # "1.2", "2004" or None: which LMS API the runtime looks for
    description: str
    output_name: Callable[[Course], str]
    manifest: Callable[[Course, list[str]], bytes] | None  # None: no manifest (a plain web folder)
    is_zip: bool = True

    def target(self, course: Course, out_dir: Path) -> Path:
        return out_dir / self.output_name(course)


FORMATS: dict[str, OutputFormat] = {}


def register(fmt: OutputFormat) -> OutputFormat:
    FORMATS[fmt.name] = fmt
    return fmt


from . import scorm12, scorm2004, web  # noqa: E402,F401  (each registers itself)
