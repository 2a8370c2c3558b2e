"""Read YAML keeping the line of every key and item, so errors can point at them."""
from __future__ import annotations

import re
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


# libyaml's parser where PyYAML was built with it: about ten times faster, with the same marks.
BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 50          # lists and mappings inside one another
MAX_NODES = 200_000     # values in one file, counting each use of an alias in full


class YInt(int):
    """A whole number that remembers how the author wrote it ('0010', not 8)."""
    text: str = ""


class YFloat(float):
    """A number that remembers how the author wrote it ('1.10', not 1.1)."""
    text: str = ""


def written(value) -> str:
    """A scalar as the author wrote it: numbers keep their own text (YAML reads '1.10' as 1.1)."""
    return getattr(value, "text", "") or str(value)


class YAMLProblem(Exception):
    def __init__(self, line: int | None, column: int | None, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _make_loader(line_offset: int):
    class Loader(BaseLoader):
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

    def construct_number(kind, base):
        def construct(loader, node):
            value = kind(base(loader, node))
            value.text = node.value
            return value
        return construct

    Loader.add_constructor("tag:yaml.org,2002:int", construct_number(YInt, yaml.SafeLoader.construct_yaml_int))
    Loader.add_constructor("tag:yaml.org,2002:float", construct_number(YFloat, yaml.SafeLoader.construct_yaml_float))
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    # Dates stay text: an author's "2024-05-01" is a label, not a datetime object.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return Loader


def _check_size(text: str, line_offset: int) -> None:
    """Walk the YAML's events (no recursion, nothing built) and refuse what would take the
    builder's stack or memory: nesting too deep, or aliases that expand too far."""
    sizes: dict[str, int] = {}
    stack: list[list] = []  # open collections: [anchor, values inside]

    def add(count: int, event) -> None:
        if stack:
            stack[-1][1] += count
            if stack[-1][1] > MAX_NODES:
                raise YAMLProblem(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1,
                                  "this YAML grows too large when its aliases ('*name') are expanded",
                                  "write the values out instead of repeating anchors and aliases")

    for event in yaml.parse(text, Loader=BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YAMLProblem(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1,
                                  f"the YAML is nested more than {MAX_DEPTH} levels deep",
                                  "check the brackets and the indentation")
            stack.append([event.anchor, 1])
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor:
                sizes[anchor] = count
            add(count, event)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            if event.value == "" and event.implicit[0]:
                _check_not_a_hidden_colour(text, event, line_offset)
            add(1, event)
        elif isinstance(event, yaml.AliasEvent):
            add(sizes.get(event.anchor, 1), event)


def _check_not_a_hidden_colour(text: str, event, line_offset: int) -> None:
    """`colour: #00a3ad` unquoted is a key with no value and a comment: say so, don't let the
    colour silently become the default."""
    line = text.split("\n")[event.start_mark.line] if event.start_mark.line < text.count("\n") + 1 else ""
    rest = line[event.start_mark.column:]
    match = re.match(r"\s*(#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?)\b", rest)
    if match and ":" in line[:event.start_mark.column]:
        key = line[:event.start_mark.column].rsplit(":", 1)[0].strip()
        raise YAMLProblem(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1,
                          f"'{key}' has no value: YAML reads everything from '#' on as a comment",
                          f"put the colour in quotes: {key}: \"{match.group(1)}\"")


def parse_yaml(text: str, line_offset: int = 0):
    """Parse YAML text into YDict/YList/scalars; raise YAMLProblem with a line on bad input."""
    try:
        _check_size(text, line_offset)
        return yaml.load(text, Loader=_make_loader(line_offset))  # noqa: S506 (SafeLoader subclass)
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        source_line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        if "\t" in source_line[:(mark.column + 1) if mark else 0] or "tab" in str(exc.problem or ""):
            raise YAMLProblem(line, column, "a tab character: YAML indents with spaces only",
                              "replace the tab with spaces (most editors: turn on 'indent using spaces')")
        message = " ".join(filter(None, [exc.context, exc.problem])) or "malformed YAML"
        raise YAMLProblem(line, column, f"malformed YAML: {message}",
                          "check the indentation and that text containing ':' or '#' is in quotes")
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = text[:exc.position].count("\n") + 1 + line_offset
        raise YAMLProblem(line, None, f"the file holds a character YAML does not allow ({exc.reason}, "
                          f"code {exc.character!r})", "delete it; if the file came from another program, "
                          "save it again as plain UTF-8 text")
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
