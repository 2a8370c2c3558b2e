"""Themes: where a course's theme is, the themes it extends, and the files they list.

A theme is a folder under themes/ (or a folder path given by the course) holding theme.yaml,
Jinja2 templates, stylesheets, the runtime scripts and the interface's message catalogues. A
theme may extend another; its own files are found first. Every file a theme names must be
inside its folder.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems
from .paths import inside, resolve_inside, unsafe_name
from .yamlio import YAMLProblem, line_of, parse_yaml, read_text

def _themes_dir() -> Path:
    """The built-in themes: `themes/` beside the package in a checkout, or the copy that an
    installed wheel carries as the package data `builder/themes`."""
    checkout = Path(__file__).resolve().parent.parent / "themes"
    if (checkout / "default" / "theme.yaml").is_file():
        return checkout
    from importlib.resources import files
    return Path(str(files("builder") / "themes"))


THEMES_DIR = _themes_dir()
THEME_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.I)


@dataclass
class Theme:
    name: str
    dirs: list[Path]  # this theme first, then the themes it extends
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    listed_at: dict = field(default_factory=dict)  # "js"/"assets" -> (theme.yaml, line) that lists them

    def find(self, sub: str, name: str) -> Path | None:
        """The file, only if it is inside the folder of the theme that has it, after links."""
        for d in self.dirs:
            candidate = d / sub / name
            if os.path.lexists(candidate):
                real, why = resolve_inside(candidate, d)
                return candidate if why is None and real.is_file() else None
        return None

    def where(self, sub: str, name: str) -> Path | None:
        for d in self.dirs:
            if os.path.lexists(d / sub / name):
                return d
        return None


def _key_line(file: Path, key: str) -> int | None:
    """The line of a top-level key in a YAML file, to point at it."""
    try:
        for number, text in enumerate(read_text(file).splitlines(), 1):
            if re.match(rf"^{re.escape(key)}\s*:", text):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None


def find_theme(name: str, course_root: Path, problems: Problems, file: Path) -> Theme | None:
    """The theme a course names, and the themes it extends. A theme given by its path must be a
    folder inside the course folder (or, for a theme under themes/, inside themes/)."""
    dirs: list[Path] = []
    scripts: list[str] | None = None
    styles: list[str] | None = None
    listed_at: dict = {}
    current: str | None = name
    base, boundary = course_root, course_root
    where, line = file, _key_line(file, "theme")
    while current:
        if not isinstance(current, str):
            problems.error(where, line, f"the theme '{current}' is not a name or a folder path")
            return None
        if "/" in current or current.startswith("."):
            folder = inside(base / current, boundary, problems, where, line, f"theme folder '{current}'",
                            "the course folder" if boundary == course_root else "themes/")
            if folder is None:
                return None
        elif THEME_NAME.match(current):
            folder, boundary = THEMES_DIR / current, THEMES_DIR
        else:
            folder = None
        config = folder / "theme.yaml" if folder else None
        if config is None or not config.is_file():
            known = sorted(p.name for p in THEMES_DIR.iterdir() if (p / "theme.yaml").is_file())
            problems.error(where, line, f"the theme '{current}' does not exist",
                           "themes available: " + ", ".join(known) + "; or give the path of a theme folder")
            return None
        if folder in dirs:
            problems.error(config, None, f"the theme '{current}' extends itself in a loop")
            return None
        if not inside(config, folder, problems, config, None, "theme file 'theme.yaml'", "the theme's folder"):
            return None
        try:
            data = parse_yaml(read_text(config)) or {}
        except YAMLProblem as exc:
            problems.error(config, exc.line, exc.message, exc.hint)
            return None
        if not isinstance(data, dict):
            problems.error(config, None, "theme.yaml must hold settings like 'name:', 'styles:' and 'scripts:'")
            return None
        dirs.append(folder)
        for key, sub in (("scripts", "js"), ("styles", "assets")):
            listed = data.get(key)
            if listed and (key == "scripts" and scripts is None or key == "styles" and styles is None):
                if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
                    problems.error(config, line_of(data, key), f"'{key}' must be a list of file names",
                                   f"write it like '{key}: [one.{'js' if sub == 'js' else 'css'}]'")
                    return None
                listed_at[sub] = (config, line_of(data, key))
                if key == "scripts":
                    scripts = list(listed)
                else:
                    styles = list(listed)
        current = data.get("extends")
        base, where, line = folder, config, line_of(data, "extends")
    return Theme(name=name, dirs=dirs, scripts=scripts or [], styles=styles or [], listed_at=listed_at)


def check_theme_files(theme: Theme, problems: Problems, file: Path) -> None:
    for sub, names in (("js", theme.scripts), ("assets", theme.styles)):
        where, line = theme.listed_at.get(sub, (file, None))
        for name in names:
            reason = unsafe_name(name)
            if reason:
                problems.error(where, line, f"the theme '{theme.name}' lists '{name}', which cannot be a file "
                               f"in its {sub}/ folder: {reason}",
                               f"name a file inside the theme's {sub}/ folder, like 'theme.css', with no '../'")
                continue
            folder = theme.where(sub, name)
            if folder is None:
                problems.error(where, line, f"the theme '{theme.name}' lists {sub}/{name}, which does not exist")
            elif inside(folder / sub / name, folder, problems, where, line, f"theme file '{sub}/{name}'",
                        "the theme's folder") and not theme.find(sub, name):
                problems.error(where, line, f"the theme '{theme.name}' lists {sub}/{name}, which is not a file")
    for template in ("index.html", "question.html"):
        if not any((d / "templates" / template).is_file() for d in theme.dirs):
            problems.error(file, None, f"the theme '{theme.name}' has no templates/{template}")
