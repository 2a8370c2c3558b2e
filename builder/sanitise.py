"""Files a course packages must be passive: nothing in them can run.

A file linked from a lesson opens in a new tab on the LMS's own site, outside the module and
its Content-Security-Policy. A web page, a script or an SVG drawing with script in it would
run there with the learner's LMS session, so the build refuses them and says what to do
instead. SVG drawings are read with a parser that never fetches anything and never expands
entities, and allowed when they hold only shapes, text and styles.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import Problems

WEB_PAGES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".mht", ".mhtml", ".hta", ".svgz"}
RUNNABLE = {
    ".js", ".mjs", ".cjs", ".jsx", ".ts", ".wasm", ".xml", ".xsl", ".xslt", ".rdf", ".xul", ".swf", ".jar",
    ".class", ".php", ".phtml", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".py", ".rb", ".sh", ".bash", ".exe",
    ".com", ".bat", ".cmd", ".msi", ".ps1", ".vbs", ".vbe", ".wsf", ".wsh", ".scr", ".lnk", ".reg", ".dll",
    ".appcache", ".manifest", ".webmanifest",
}
PDF_HINT = "convert it to PDF (print it to PDF) and link to the PDF, or put its text in a lesson"
# What a browser takes for a web page whatever the file's name (the WHATWG sniffing patterns,
# which look at the first 1445 bytes after leading white space).
HTML_START = re.compile(
    rb"^(<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<title|<style|<div|<table|<a[\s>]|<b[\s>]|"
    rb"<br|<p[\s>]|<h1|<font|<!--|<\?xml|<object|<embed|<meta|<link|<img|<form)", re.I)

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "frame",
                   "frameset", "applet", "base", "meta", "link", "portal"}
ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "codebase", "background", "poster", "srcset"}
EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
CSS_URL = re.compile(r"url\(\s*(?![\s'\"]*#)|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)
SVG_HINT = ("save the drawing as a plain SVG without scripts, links or embedded web content "
            "(or export it as a PNG)")


def check_asset(path: Path, problems: Problems, file: Path, line: int | None, what: str) -> bool:
    """True if the file is safe to package; else report why at file:line and return False.
    `what` names the file as the author wrote it, like "linked file 'files/leaflet.html'"."""
    suffix = path.suffix.lower()
    if suffix in WEB_PAGES:
        problems.error(file, line, f"the {what} is a web page: it would open on the LMS's own site and any "
                       "script in it would run there, outside the module's protection", PDF_HINT)
        return False
    if suffix in RUNNABLE:
        problems.error(file, line, f"the {what} is a kind of file a browser or computer can run ({suffix})",
                       "leave it out: link to a PDF, a document or a picture instead")
        return False
    try:
        with path.open("rb") as fh:  # only the start of a large file (a video) is read, except an SVG's
            data = fh.read() if suffix == ".svg" else fh.read(1445)
    except OSError as exc:
        problems.error(file, line, f"cannot read the {what}: {exc.strerror or exc}")
        return False
    if suffix == ".svg":
        reason = svg_problem(data)
        if reason:
            problems.error(file, line, f"the {what} is an SVG drawing with active content: {reason}", SVG_HINT)
            return False
        return True
    if HTML_START.match(data.lstrip(b"\xef\xbb\xbf \t\r\n\f")):
        problems.error(file, line, f"the {what} holds a web page or XML, though its name ends in "
                       f"'{suffix or 'nothing'}': a browser would run it as a page", PDF_HINT)
        return False
    return True


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_blank_text=False)


def svg_problem(data: bytes) -> str | None:
    """Why an SVG file could run something or fetch something, or None if it cannot."""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return f"it is not well-formed XML ({exc.msg})"
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and list(tree.docinfo.internalDTD.iterentities()):
        return "it declares XML entities"
    if etree.QName(root).namespace != SVG_NS or etree.QName(root).localname != "svg":
        return "its top element is not an SVG <svg> element"
    around = list(root.itersiblings(preceding=True)) + list(root.itersiblings())
    for node in around + list(root.iter()):
        if isinstance(node, etree._ProcessingInstruction):
            return f"it has a processing instruction <?{node.target}?>"
        if isinstance(node, etree._Entity):
            return f"it uses the entity &{node.name};"
        if not isinstance(node.tag, str):
            continue  # a comment
        name = etree.QName(node)
        local = name.localname.lower()
        if name.namespace == XHTML_NS:
            return f"it has an HTML element <{name.localname}>"
        if local in ACTIVE_ELEMENTS:
            return f"it has a <{name.localname}> element"
        if local == "style" and node.text and CSS_URL.search(node.text):
            return "its <style> refers to another file or runs script (url(), @import)"
        for attr, value in node.attrib.items():
            aname = etree.QName(attr).localname.lower()
            if aname.startswith("on"):
                return f"<{name.localname}> has an event attribute '{aname}'"
            if aname in URL_ATTRIBUTES:
                ref = re.sub(r"[\x00-\x20]", "", value)
                if ref.startswith("#") or (local == "image" and EMBEDDED_PICTURE.match(value.strip())):
                    continue
                return f"<{name.localname}> refers to '{value[:60]}', outside the drawing"
            if CSS_URL.search(value):
                return f"<{name.localname}> has '{aname}' that refers to another file or runs script"
        if local in ANIMATIONS:
            target = (node.get("attributeName") or "").lower().split(":")[-1]
            if target in URL_ATTRIBUTES or target.startswith("on"):
                return f"<{name.localname}> changes the '{target}' attribute"
    return None
