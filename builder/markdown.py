"""Markdown for course authors: CommonMark plus tables, callouts, accordions, images that
must carry alt text, external links, and knowledge-check questions placed in a lesson.

Rendering also checks what it reads: each problem is reported against the Markdown file's
own line numbers.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from .errors import Problems

CALLOUTS = {
    "note": "Note",
    "warning": "Warning",
    "key-point": "Key point",
    "content-note": "Content note",
    "support": "Support",
}
ACCORDION = "details"
QUESTION_FENCE = "question"
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
NEW_TAB_TEXT = " (opens in a new tab)"


@dataclass
class Rendered:
    html: str
    questions: list = field(default_factory=list)  # (yaml text, first line of the YAML) of question fences
    assets: set = field(default_factory=set)  # course-relative paths of images and files used


@dataclass
class Source:
    """Where a piece of Markdown comes from, to report problems and resolve paths."""

    file: Path
    first_line: int  # file line of the first line of the Markdown text
    course_root: Path


def course_file(ref: str, base: Path, root: Path, problems: Problems, file: Path, line: int | None, what: str,
                relative_to: str, shown_as: str | None = None) -> str | None:
    """The course-relative path of a file the course uses (ref is relative to base), or None
    after reporting why it cannot be used: outside the course folder, or missing."""
    shown = shown_as or ref
    try:
        target = (base / ref).resolve()
        rel = target.relative_to(root.resolve())
        usable = target.is_file()
    except (OSError, RuntimeError):  # a name too long for the system, a link in a loop
        problems.error(file, line, f"the {what} '{shown}' cannot be used: its name is too long, or it is a link "
                       "that leads round in a loop", "give the file a shorter name, or replace the link with the file")
        return None
    except ValueError:
        problems.error(file, line, f"the {what} '{shown}' is outside the course folder",
                       "keep images and files inside the course folder")
        return None
    if not usable:
        problems.error(file, line, f"the {what} '{shown}' does not exist",
                       f"check the spelling; paths are relative to {relative_to}")
        return None
    return posixpath.join(*rel.parts)


def _container_validate(name):
    def validate(params: str, *args) -> bool:
        return params.strip().split(" ", 1)[0] == name
    return validate


class CourseMarkdown:
    def __init__(self):
        md = MarkdownIt("commonmark", {"html": False, "typographer": True})
        md.enable(["table", "strikethrough", "replacements", "smartquotes"])
        md.options["quotes"] = "\u2018\u2019\u201c\u201d"  # UK English: single quotes first
        md.use(attrs_plugin)
        for name in CALLOUTS:
            md.use(container_plugin, name, validate=_container_validate(name), render=self._render_callout)
        md.use(container_plugin, ACCORDION, validate=_container_validate(ACCORDION), render=self._render_details)
        md.add_render_rule("image", self._render_image)
        md.add_render_rule("link_open", self._render_link_open)
        md.add_render_rule("link_close", self._render_link_close)
        md.add_render_rule("fence", self._render_fence)
        md.add_render_rule("table_open", lambda *a: '<div class="table-wrap" tabindex="0" role="region" aria-label="Table">\n<table>\n')
        md.add_render_rule("table_close", lambda *a: "</table>\n</div>\n")
        self.md = md

    # -- public ---------------------------------------------------------------------------

    def render(self, text: str, source: Source, problems: Problems, *, inline: bool = False,
               allow_questions: bool = False) -> Rendered:
        env: dict = {"rendered": Rendered(""), "links": []}
        tokens = self.md.parseInline(text, env) if inline else self.md.parse(text, env)
        self._check(tokens, source, problems, env, allow_questions)
        html = self.md.renderer.render(tokens, self.md.options, env)
        if inline and html.startswith("<p>") and html.endswith("</p>\n"):
            html = html[3:-5]
        result = env["rendered"]
        result.html = html
        return result

    # -- checks ---------------------------------------------------------------------------

    def _check(self, tokens, source: Source, problems: Problems, env, allow_questions: bool):
        block_line = source.first_line
        rendered: Rendered = env["rendered"]
        for token in tokens:
            if token.map:
                block_line = source.first_line + token.map[0]
            if token.type == "heading_open" and token.tag == "h1":
                problems.error(source.file, block_line, "a '# ' heading inside a lesson",
                               "the lesson title is the page's only top heading; use '## ' for sections")
            if token.type == "fence" and token.info.strip() == QUESTION_FENCE:
                if not allow_questions:
                    problems.error(source.file, block_line, "a question block is not allowed here",
                                   "place knowledge-check questions in a lesson's Markdown")
                else:
                    rendered.questions.append((token.content, block_line))
            if token.type.startswith("container_") and token.type.endswith("_open"):
                name = token.info.strip().split(" ", 1)[0]
                if name == ACCORDION and not token.info.strip()[len(ACCORDION):].strip():
                    problems.error(source.file, block_line, "an accordion ('::: details') without a title",
                                   "write the title after it, like '::: details What the law says'")
            for child in token.children or []:
                self._check_inline(child, source, problems, block_line, rendered)

    def _check_inline(self, token, source: Source, problems: Problems, line: int, rendered: Rendered):
        if token.type == "image":
            src = token.attrGet("src") or ""
            alt = token.content.strip()
            decorative = "decorative" in (token.attrGet("class") or "").split()
            if not alt and not decorative:
                problems.error(source.file, line, f"the image '{src}' has no alt text",
                               "describe the image in the brackets: ![what the image shows](" + src + "), "
                               "or mark a purely decorative image with {.decorative} after it")
            path = self._local_asset(src, source, problems, line, "image")
            if path:
                token.attrSet("src", path)
                rendered.assets.add(path)
        elif token.type == "link_open":
            href = token.attrGet("href") or ""
            if EXTERNAL.match(href):
                token.meta["new_tab"] = True
            elif not href.startswith("#") and not SCHEME.match(href):
                path = self._local_asset(href, source, problems, line, "linked file")
                if path:
                    token.attrSet("href", path)
                    token.meta["new_tab"] = True
                    rendered.assets.add(path)

    def _local_asset(self, ref: str, source: Source, problems: Problems, line: int, what: str):
        if EXTERNAL.match(ref) or SCHEME.match(ref):
            problems.error(source.file, line, f"the {what} '{ref}' is not in the course folder",
                           "the module must work offline: copy the file into the course folder and link to it there")
            return None
        ref_path = ref.split("#", 1)[0].split("?", 1)[0]
        return course_file(ref_path, source.file.parent, source.course_root, problems, source.file, line, what,
                           relative_to=source.file.name, shown_as=ref)

    # -- rendering ------------------------------------------------------------------------

    @staticmethod
    def _render_callout(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if token.nesting == -1:
            return "</div>\n"
        name, _, title = token.info.strip().partition(" ")
        title = title.strip() or CALLOUTS[name]
        return (f'<div class="callout callout--{name}" role="note" aria-label="{escape(title)}">\n'
                f'<p class="callout__title">{escape(title)}</p>\n')

    @staticmethod
    def _render_details(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if token.nesting == -1:
            return "</div>\n</details>\n"
        title = token.info.strip()[len(ACCORDION):].strip()
        return f'<details class="accordion">\n<summary>{escape(title)}</summary>\n<div class="accordion__body">\n'

    @staticmethod
    def _render_image(renderer, tokens, idx, options, env):
        token = tokens[idx]
        decorative = "decorative" in (token.attrGet("class") or "").split()
        alt = "" if decorative else renderer.renderInlineAsText(token.children or [], options, env)
        attrs = f'src="{escape(token.attrGet("src") or "")}" alt="{escape(alt)}"'
        if token.attrGet("title"):
            attrs += f' title="{escape(token.attrGet("title"))}"'
        if decorative:
            attrs += ' class="decorative"'
        return f"<img {attrs} loading=\"lazy\">"

    @staticmethod
    def _render_link_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        env["links"].append(token.meta.get("new_tab", False))
        if token.meta.get("new_tab"):
            token.attrSet("target", "_blank")
            token.attrSet("rel", "noopener noreferrer")
            if EXTERNAL.match(token.attrGet("href") or ""):
                token.attrJoin("class", "external")
        return renderer.renderToken(tokens, idx, options, env)

    @staticmethod
    def _render_link_close(renderer, tokens, idx, options, env):
        new_tab = env["links"].pop() if env["links"] else False
        hint = f'<span class="visually-hidden">{NEW_TAB_TEXT}</span>' if new_tab else ""
        return hint + "</a>"

    @staticmethod
    def _render_fence(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if token.info.strip() == QUESTION_FENCE:
            # The render stage puts the question here; the marker holds its position in the page.
            index = sum(1 for t in tokens[:idx] if t.type == "fence" and t.info.strip() == QUESTION_FENCE)
            return f"<!--question:{index}-->\n"
        return f"<pre><code>{escape(token.content)}</code></pre>\n"
