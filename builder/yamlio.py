"""Read YAML keeping the line of every key and item, so errors can point at them."""
from __future__ import annotations

from pathlib import Path

import yaml


class Node:
    """Mixin for mappings and sequences that remember where they came from."""

    line: int = 0  # 1-based line of the node itself
    key_lines: dict  # mapping key (or list index) -> 1-based line


class YDict(dict, Node):
    def line_of(self, key, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default if default is not None else self.line)


class YList(list, Node):
    def line_of(self, index, default: int | None = None) -> int | None:
        return self.key_lines.get(index, default if default is not None else self.line)


def line_of(container, key, fallback: int | None = None) -> int | None:
    """The line of a key or item in what parse_yaml returned, or the fallback for plain values."""
    if isinstance(container, (YDict, YList)):
        return container.line_of(key, fallback)
    return fallback


class YAMLProblem(Exception):
    def __init__(self, line: int | None, column: int | None, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _make_loader(line_offset: int):
    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        result = YDict()
        result.line = node.start_mark.line + 1 + line_offset
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YAMLProblem(key_node.start_mark.line + 1 + line_offset,
                                  key_node.start_mark.column + 1, "a key must be plain text")
            if key in result:
                raise YAMLProblem(key_node.start_mark.line + 1 + line_offset,
                                  key_node.start_mark.column + 1,
                                  f"the key '{key}' appears twice in the same block",
                                  "remove or rename one of them")
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1 + line_offset
        return result

    def construct_sequence(loader, node, deep=False):
        result = YList()
        result.line = node.start_mark.line + 1 + line_offset
        result.key_lines = {}
        for i, child in enumerate(node.value):
            result.append(loader.construct_object(child, deep=True))
            result.key_lines[i] = child.start_mark.line + 1 + line_offset
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    # Dates stay text: an author's "2024-05-01" is a label, not a datetime object.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return Loader


def parse_yaml(text: str, line_offset: int = 0):
    """Parse YAML text into YDict/YList/scalars; raise YAMLProblem with a line on bad input."""
    try:
        return yaml.load(text, Loader=_make_loader(line_offset))  # noqa: S506 (SafeLoader subclass)
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        message = " ".join(filter(None, [exc.context, exc.problem])) or "malformed YAML"
        raise YAMLProblem(line, column, f"malformed YAML: {message}",
                          "check the indentation and that text containing ':' or '#' is in quotes")
    except yaml.YAMLError as exc:
        raise YAMLProblem(None, None, f"malformed YAML: {exc}")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, normalising line endings."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str):
    """Split '---' front matter from a Markdown document.

    Returns (front_matter_text or None, body, body_first_line) where body_first_line is the
    1-based line number in the file at which the body starts, and front matter text starts
    at line 2 of the file.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            front = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1:])
            return front, body, i + 2
    raise YAMLProblem(1, 1, "the front matter that starts with '---' on line 1 is never closed",
                      "end the front matter with a line containing only '---'")
