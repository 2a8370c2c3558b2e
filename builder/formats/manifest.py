"""Helpers shared by the SCORM manifests."""
from __future__ import annotations

import re

from lxml import etree

from ..model import Course

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def identifier(text: str) -> str:
    """An XML NCName from a course id (ids may start with a digit; NCNames may not)."""
    return "M-" + re.sub(r"[^A-Za-z0-9_.-]", "-", text)


def sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def launch_files(files: list[str]) -> list[str]:
    """Every file of the package but the manifest itself, sorted."""
    return sorted(f for f in files if f != "imsmanifest.xml")


def mastery(course: Course) -> float | None:
    """The pass mark the LMS should judge by, or None when passing is not what completes the
    course. With completion rule 'pages' the manifest carries none: an LMS that lets the
    mastery score override the status (Moodle's default) would otherwise turn a completed
    learner with a low practice score into 'failed'."""
    if not course.assessment or course.completion_rule == "pages":
        return None
    return course.assessment.pass_mark
