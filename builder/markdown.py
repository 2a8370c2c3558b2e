"""Markdown for course authors: CommonMark plus tables, callouts, accordions, images that
must carry alt text, external links, and knowledge-check questions placed in a lesson.

Rendering also checks what it reads: each problem is reported against the Markdown file's
own line numbers.
"""
from __future__ import annotations

import difflib
import os
import posixpath
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from .errors import Problems
from .images import intrinsic_size
from .messages import english_catalogue
from .paths import inside, resolve_inside, unsafe_name
from .sanitise import check_asset

CALLOUTS = ("note", "warning", "key-point", "content-note", "support")  # titles: callout.<kind> in the catalogue
ACCORDION = "details"
CONTAINER_LINE = re.compile(r"^\s*:{3,}\s*([^\s:]*)")
CALLOUT_ALIASES = {  # other tools' names for the kinds this theme has
    "warning": {"danger", "caution", "alert", "important", "error"},
    "note": {"info", "information", "aside", "remark"},
    "key-point": {"tip", "hint", "success", "keypoint", "key", "summary", "remember"},
    "support": {"help"},
    "details": {"accordion", "collapse", "more", "spoiler"},
}
RAW_HTML = re.compile(r"<!--.*?(?:-->|$)|</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
HTML_INSTEAD = {
    "br": "to break a line, end it with a backslash (\\); to start a paragraph, leave a blank line",
    "b": "write **bold** instead", "strong": "write **bold** instead",
    "i": "write *italic* instead", "em": "write *italic* instead",
    "a": "write a link as [the words to click](https://address)",
    "img": "write an image as ![what it shows](../images/file.png)",
    "table": "write a Markdown table (see docs/authoring.md)", "tr": "write a Markdown table (see docs/authoring.md)",
    "td": "write a Markdown table (see docs/authoring.md)",
    "details": "write an accordion: '::: details Its title', the text, then ':::'",
    "div": "for a box around text, write a callout: '::: note', the text, then ':::'",
    "span": "remove it: the theme styles the text",
    "u": "use **bold** or *italic* for emphasis; underlined text looks like a link",
    "ul": "write a list with a '- ' at the start of each item", "ol": "write a numbered list: '1. ', '2. '",
    "li": "write a list with a '- ' at the start of each item",
    "h1": "write a heading as '## Title'", "h2": "write a heading as '## Title'", "h3": "write a heading as '### Title'",
    "p": "leave a blank line between paragraphs instead",
    "comment": "remove it: notes for other authors belong in course.yaml, after a '#'",
    "iframe": "the module works offline and embeds nothing from the web: link to the page instead",
    "video": "link to the video file in the course folder: [Watch the video](../media/film.mp4)",
}
QUESTION_FENCE = "question"
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# An address markdown-it could not read as a link or image (it has a space, say), left as text.
TEXT_ADDRESS = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file)\s*:[^)\s]{0,40})", re.I)
# What authors may add with {...} after an image, a link or inline code: the theme's classes.
ALLOWED_CLASSES = {"image": {"decorative"}}
ALIGN = re.compile(r"^text-align:(left|center|right)$")
RESERVED_NAMES = {"_theme", "index.html", "imsmanifest.xml"}  # what the builder writes into a package


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
    after reporting why it cannot be used: outside the course folder (by its path or through
    a symbolic link), missing, or active content that could run."""
    shown = shown_as or ref
    target = inside(base / ref, root, problems, file, line, f"{what} '{shown}'")
    if target is None:
        return None
    if not target.is_file():
        nearby = _existing_path(ref, base, root)
        hint = (f"did you mean '{nearby}'? Paths are relative to {relative_to}" if nearby
                else f"check the spelling; paths are relative to {relative_to}")
        problems.error(file, line, f"the {what} '{shown}' does not exist", hint)
        return None
    rel = posixpath.join(*target.relative_to(root.resolve()).parts)
    reason = unsafe_name(rel)
    if reason:
        problems.error(file, line, f"the {what} '{shown}' cannot be packaged under its name: {reason}",
                       "rename the file so its name has no backslash, colon or control character")
        return None
    if rel.split("/", 1)[0] in RESERVED_NAMES:
        problems.error(file, line, f"the {what} '{shown}' has a name the builder keeps for its own files",
                       f"rename it, or the folder it is in (not {', '.join(sorted(RESERVED_NAMES))})")
        return None
    if not check_asset(target, problems, file, line, f"{what} '{shown}'"):
        return None
    return rel


def _existing_path(ref: str, base: Path, root: Path, limit: int = 5000) -> str | None:
    """The path, written relative to `base`, of a course file the author may have meant by
    `ref`: the same path from the course folder, or the one file of that name in it."""
    def written(path: Path) -> str:
        return posixpath.join(*Path(os.path.relpath(path, base)).parts)

    from_root = root / ref
    if from_root.is_file() and resolve_inside(from_root, root)[1] is None:
        return written(from_root)
    name = PurePosixPath(ref).name
    if not name:
        return None
    found = []
    for count, path in enumerate(root.rglob(name)):
        if count >= limit:
            break
        if path.is_file() and resolve_inside(path, root)[1] is None:
            found.append(path)
    return written(found[0]) if len(found) == 1 else None


def _container_validate(name):
    def validate(params: str, *args) -> bool:
        return params.strip().split(" ", 1)[0] == name
    return validate


class CourseMarkdown:
    def __init__(self):
        md = MarkdownIt("commonmark", {"html": False, "typographer": True})
        md.enable(["table", "strikethrough", "replacements", "smartquotes"])
        md.options["quotes"] = "\u2018\u2019\u201c\u201d"  # UK English: single quotes first
        # Only a class may come through {...}; _check reports any other attribute, and any class
        # the theme does not offer, so nothing an author writes adds markup the theme did not design.
        md.use(attrs_plugin, allowed=("class",))
        # Let every link and image through the parser (markdown-it would leave a javascript: or
        # data: one as plain text, silently); _check reports those it must refuse.
        md.validateLink = lambda url: True
        for name in CALLOUTS:
            md.use(container_plugin, name, validate=_container_validate(name), render=lambda r, *a: self._render_callout(r, *a))
        md.use(container_plugin, ACCORDION, validate=_container_validate(ACCORDION), render=self._render_details)
        md.add_render_rule("image", self._render_image)
        md.add_render_rule("link_open", self._render_link_open)
        md.add_render_rule("link_close", lambda r, *a: self._render_link_close(r, *a))
        md.add_render_rule("fence", self._render_fence)
        md.add_render_rule("table_open", lambda *a: '<div class="table-wrap" tabindex="0" role="region" '
                           f'aria-label="{escape(self._t("content.table"))}">\n<table>\n')
        md.add_render_rule("table_close", lambda *a: "</table>\n</div>\n")
        self.md = md
        self.messages = None  # the interface strings (messages.Catalogue); English until the loader sets it

    def _t(self, key: str) -> str:
        if self.messages is None:  # nobody set the course's language: the theme's English
            self.messages = english_catalogue()
        return self.messages.t(key)

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
        state: dict = {}
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
            if token.type in ("th_open", "td_open"):
                self._align_by_class(token)
            if token.type.startswith("container_") and token.type.endswith("_open"):
                name = token.info.strip().split(" ", 1)[0]
                if name == ACCORDION and not token.info.strip()[len(ACCORDION):].strip():
                    problems.error(source.file, block_line, "an accordion ('::: details') without a title",
                                   "write the title after it, like '::: details What the law says'")
            if token.type == "inline":
                self._check_text_lines(token, source, problems, block_line, state)
            for child in token.children or []:
                self._check_inline(child, source, problems, block_line, rendered)

    @staticmethod
    def _check_text_lines(token, source: Source, problems: Problems, block_line: int, state: dict):
        """What the author meant as markup but the module would show as text: a callout of a
        kind the theme does not have (and its closing ':::'), and raw HTML."""
        for offset, text in enumerate(token.content.split("\n")):
            fence = CONTAINER_LINE.match(text)
            if not fence:
                continue
            line, name = block_line + offset, fence.group(1)
            if not name:
                if not state.get("unknown_open"):
                    problems.error(source.file, line, "a ':::' line that closes no callout",
                                   "remove it, or start the callout above it with a line like '::: note'")
                state["unknown_open"] = False
                continue
            state["unknown_open"] = True
            kinds = [*CALLOUTS, ACCORDION]
            close = difflib.get_close_matches(name.lower(), kinds, n=1, cutoff=0.6)
            close = close or [k for k, words in CALLOUT_ALIASES.items() if name.lower() in words]
            mean = f"did you mean '::: {close[0]}'? " if close else ""
            problems.error(source.file, line, f"'::: {name}' is not a kind of callout, so learners would "
                           "see it as text", f"{mean}the kinds are: {', '.join(kinds)}")
        # Raw HTML, outside inline code: markdown-it has already set code spans apart.
        line, seen = block_line, set()
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "text":
                for match in RAW_HTML.finditer(child.content):
                    tag = match.group(0)
                    name = "comment" if tag.startswith("<!--") else match.group(1).lower()
                    if (line, name) in seen:
                        continue
                    seen.add((line, name))
                    shown = tag if name == "comment" else f"<{name}>"
                    problems.warning(source.file, line, f"the HTML {_short(shown, 30)!r} is shown to learners "
                                     "as text: lessons are written in Markdown, and HTML in them is not used",
                                     HTML_INSTEAD.get(name, "write it in Markdown (see docs/authoring.md), "
                                                      "or remove it"))

    @staticmethod
    def _align_by_class(token):
        """A table column's alignment as a class of the theme, not an inline style: the module's
        Content-Security-Policy allows no style attributes."""
        style = token.attrGet("style")
        if style is not None:
            del token.attrs["style"]
            match = ALIGN.match(style.replace(" ", ""))
            if match:
                token.attrSet("class", f"align-{match.group(1)}")

    def _check_inline(self, token, source: Source, problems: Problems, line: int, rendered: Rendered):
        self._check_attributes(token, source, problems, line)
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
                token.meta["size"] = intrinsic_size(source.course_root / path)
                token.attrSet("src", quote(path))
                rendered.assets.add(path)
        elif token.type == "text" and TEXT_ADDRESS.search(token.content):
            address = TEXT_ADDRESS.search(token.content).group(1)
            problems.error(source.file, line, f"a link or image to '{address}' is not allowed: such addresses "
                           "can run or hide content", "link to a web page (https://...), or save the picture or "
                           "file in the course folder and give its path")
        elif token.type == "link_open":
            href = token.attrGet("href") or ""
            scheme = SCHEME.match(re.sub(r"[\x00-\x20]", "", href))
            if EXTERNAL.match(href):
                token.meta["new_tab"] = True
            elif scheme and scheme.group(0)[:-1].lower() not in LINK_SCHEMES:
                problems.error(source.file, line, f"the link to '{_short(href)}' is not allowed: "
                               f"'{scheme.group(0).lower()}' addresses can run or hide content",
                               "link to a web page (https://...), an email address (mailto:...), a phone "
                               "number (tel:...) or a file in the course folder")
                token.attrSet("href", "#")
            elif not href.startswith("#") and not scheme:
                path = self._local_asset(href, source, problems, line, "linked file")
                if path:
                    token.attrSet("href", quote(path))
                    token.meta["new_tab"] = True
                    rendered.assets.add(path)

    @staticmethod
    def _check_attributes(token, source: Source, problems: Problems, line: int):
        """Report (and drop) what {...} after an image, a link or inline code tried to set,
        beyond the classes the theme offers: ids, data-, style, on... and any other attribute."""
        refused = [f"#{v}" if k == "id" else f"{k}={v}" for k, v in (token.meta.pop("insecure_attrs", None) or {}).items()]
        allowed = ALLOWED_CLASSES.get(token.type, set())
        classes = (token.attrGet("class") or "").split()
        refused += [f".{c}" for c in classes if c not in allowed]
        if not refused:
            return
        kept = [c for c in classes if c in allowed]
        if kept:
            token.attrSet("class", " ".join(kept))
        elif "class" in token.attrs:
            del token.attrs["class"]
        what = {"image": "an image", "link_open": "a link", "code_inline": "inline code"}.get(token.type, "text")
        problems.error(source.file, line, f"{{{' '.join(refused)}}} after {what} is not allowed: "
                       "the page's ids, attributes and styles belong to the theme",
                       "the only attribute you may add is {.decorative} right after an image, to mark it "
                       "as decorative; remove the {...}")

    def _local_asset(self, ref: str, source: Source, problems: Problems, line: int, what: str):
        if EXTERNAL.match(ref):
            problems.error(source.file, line, f"the {what} '{ref}' is not in the course folder",
                           "the module must work offline: copy the file into the course folder and link to it there")
            return None
        if SCHEME.match(ref):
            problems.error(source.file, line, f"the {what} '{_short(ref)}' is not a file in the course folder: "
                           f"'{SCHEME.match(ref).group(0).lower()}' addresses are not allowed",
                           "save the picture or file in the course folder (a PNG, a JPEG or a plain SVG "
                           "for a picture) and give its path")
            return None
        # markdown-it percent-encodes the address (a space becomes %20); the file has the real name.
        ref_path = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        return course_file(ref_path, source.file.parent, source.course_root, problems, source.file, line, what,
                           relative_to=source.file.name, shown_as=unquote(ref))

    # -- rendering ------------------------------------------------------------------------

    def _render_callout(self, renderer, tokens, idx, options, env):
        token = tokens[idx]
        if token.nesting == -1:
            return "</div>\n"
        name, _, title = token.info.strip().partition(" ")
        title = title.strip() or self._t(f"callout.{name}")
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
        size = token.meta.get("size")
        if size:  # room kept for the picture before it loads; CSS scales it to the column
            attrs += f' width="{size[0]}" height="{size[1]}"'
        return f"<img {attrs} loading=\"lazy\">"

    @staticmethod
    def _render_link_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        new_tab = token.meta.get("new_tab", False)
        env["links"].append(new_tab)
        href = token.attrGet("href") or ""
        attrs = f'href="{escape(href)}"'
        if token.attrGet("title"):
            attrs += f' title="{escape(token.attrGet("title"))}"'
        if new_tab:
            attrs += ' target="_blank" rel="noopener noreferrer"'
            if EXTERNAL.match(href):
                attrs += ' class="external"'
        return f"<a {attrs}>"

    def _render_link_close(self, renderer, tokens, idx, options, env):
        new_tab = env["links"].pop() if env["links"] else False
        hint = f'<span class="visually-hidden"> {escape(self._t("content.new_tab"))}</span>' if new_tab else ""
        return hint + "</a>"

    @staticmethod
    def _render_fence(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if token.info.strip() == QUESTION_FENCE:
            # The render stage puts the question here; the marker holds its position in the page.
            index = sum(1 for t in tokens[:idx] if t.type == "fence" and t.info.strip() == QUESTION_FENCE)
            return f"<!--question:{index}-->\n"
        return f"<pre><code>{escape(token.content)}</code></pre>\n"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
