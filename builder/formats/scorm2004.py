"""SCORM 2004 4th Edition: one SCO, an imsmanifest.xml valid against the ADL CAM schemas."""
from __future__ import annotations

from lxml import etree

from . import OutputFormat, register
from .manifest import XSI, identifier, launch_files, mastery, serialise, sub
from ..model import Course

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"


def manifest(course: Course, files: list[str]) -> bytes:
    q = lambda tag: f"{{{CP}}}{tag}"  # noqa: E731
    ss = lambda tag: f"{{{IMSSS}}}{tag}"  # noqa: E731
    root = etree.Element(q("manifest"), nsmap={None: CP, "adlcp": ADLCP, "adlseq": ADLSEQ,
                                                "adlnav": ADLNAV, "imsss": IMSSS, "xsi": XSI})
    root.set("identifier", identifier(course.id))
    root.set("version", course.version)
    root.set(f"{{{XSI}}}schemaLocation",
             f"{CP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
             f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd")
    meta = sub(root, q("metadata"))
    sub(meta, q("schema"), "ADL SCORM")
    sub(meta, q("schemaversion"), "2004 4th Edition")
    orgs = sub(root, q("organizations"), default="ORG")
    org = sub(orgs, q("organization"), identifier="ORG")
    sub(org, q("title"), course.title)
    item = sub(org, q("item"), identifier="ITEM", identifierref="RES", isvisible="true")
    sub(item, q("title"), course.title)
    score = mastery(course)
    if score is not None:
        # The scaled passing score: the LMS judges success from cmi.score.scaled against it.
        seq = sub(item, ss("sequencing"))
        objectives = sub(seq, ss("objectives"))
        primary = sub(objectives, ss("primaryObjective"), objectiveID="PRIMARY", satisfiedByMeasure="true")
        sub(primary, ss("minNormalizedMeasure"), f"{score / 100:.4f}".rstrip("0").rstrip(".") or "0")
    resources = sub(root, q("resources"))
    res = sub(resources, q("resource"), identifier="RES", type="webcontent", href="index.html")
    res.set(f"{{{ADLCP}}}scormType", "sco")
    for name in launch_files(files):
        sub(res, q("file"), href=name)
    return serialise(root)


FORMAT = register(OutputFormat(
    name="scorm2004", scorm="2004", description="SCORM 2004 4th Edition zip",
    output_name=lambda c: f"{c.id}-scorm2004.zip", manifest=manifest,
))
