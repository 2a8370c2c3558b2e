"""SCORM 1.2: one SCO, an imsmanifest.xml valid against the ADL CP 1.2 schemas."""
from __future__ import annotations

from . import OutputFormat, register
from .manifest import XSI, identifier, launch_files, mastery, serialise, sub
from ..model import Course
from lxml import etree

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


def manifest(course: Course, files: list[str]) -> bytes:
    q = lambda tag: f"{{{CP}}}{tag}"  # noqa: E731
    root = etree.Element(q("manifest"), nsmap={None: CP, "adlcp": ADLCP, "xsi": XSI})
    root.set("identifier", identifier(course.id))
    root.set("version", course.version)
    root.set(f"{{{XSI}}}schemaLocation",
             f"{CP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd")
    meta = sub(root, q("metadata"))
    sub(meta, q("schema"), "ADL SCORM")
    sub(meta, q("schemaversion"), "1.2")
    orgs = sub(root, q("organizations"), default="ORG")
    org = sub(orgs, q("organization"), identifier="ORG")
    sub(org, q("title"), course.title)
    item = sub(org, q("item"), identifier="ITEM", identifierref="RES", isvisible="true")
    sub(item, q("title"), course.title)
    score = mastery(course)
    if score is not None:
        # adlcp:masteryscore is a whole number from 0 to 100.
        sub(item, f"{{{ADLCP}}}masteryscore", str(round(score)))
    resources = sub(root, q("resources"))
    res = sub(resources, q("resource"), identifier="RES", type="webcontent", href="index.html")
    res.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in launch_files(files):
        sub(res, q("file"), href=name)
    return serialise(root)


FORMAT = register(OutputFormat(
    name="scorm12", scorm="1.2", description="SCORM 1.2 zip (what Moodle supports best)",
    output_name=lambda c: f"{c.id}-scorm12.zip", manifest=manifest,
))
