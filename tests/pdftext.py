"""The text of a PDF that Chromium prints, for the tests, without a PDF library.

Chromium (Skia) writes PDF 1.4: plain objects, Flate-compressed content streams, and fonts as
glyph ids mapped back to characters by each font's ToUnicode CMap. This reads exactly that:
for each page, in order, the strings its content stream shows (Tj and TJ) through the font
selected at the time (Tf), decoded by that font's CMap. Text objects (BT ... ET) become lines."""
from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"^(\d+) 0 obj\s*(.*?)^endobj", re.S | re.M)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}


def _stream(obj: bytes) -> bytes:
    m = _STREAM.search(obj)
    if not m:
        return b""
    raw = m.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in obj[:m.start()] else raw


def _ref(obj: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", obj)
    return int(m.group(1)) if m else None


def _cmap(text: bytes) -> dict[int, str]:
    """A ToUnicode CMap: glyph code -> text."""
    out: dict[int, str] = {}
    hexes = lambda s: bytes.fromhex(s.decode()).decode("utf-16-be")  # noqa: E731
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = hexes(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


def _fonts(objects: dict[int, bytes], page: bytes) -> dict[bytes, tuple[int, dict[int, str]]]:
    """The page's fonts by resource name, each as (bytes per glyph code, its CMap)."""
    resources = page
    ref = _ref(page, b"Resources")
    if ref is not None:
        resources = objects[ref]
    m = re.search(rb"/Font\s*(<<.*?>>|\d+ 0 R)", resources, re.S)
    if not m:
        return {}
    table = m.group(1)
    if table.endswith(b"R"):
        table = objects[int(table.split()[0])]
    fonts = {}
    for name, number in re.findall(rb"/([\w.+-]+)\s+(\d+) 0 R", table):
        font = objects[int(number)]
        to_unicode = _ref(font, b"ToUnicode")
        width = 2 if re.search(rb"/Subtype\s*/Type0\b", font) else 1
        fonts[name] = (width, _cmap(_stream(objects[to_unicode])) if to_unicode is not None else {})
    return fonts


def _strings(operand: bytes) -> list[bytes]:
    """The hex strings of a Tj or TJ operand (Chromium writes glyph ids as <hex>)."""
    return [bytes.fromhex(h.decode()) for h in re.findall(rb"<([0-9A-Fa-f]*)>", operand)]


def _page_text(content: bytes, fonts: dict[bytes, tuple[int, dict[int, str]]]) -> str:
    lines: list[str] = []
    width, current = 1, {}
    line = ""
    token = re.compile(rb"/([\w.+-]+)\s+[\d.]+\s+Tf|(\[(?:[^\]\\]|\\.)*\])\s*TJ|(<[0-9A-Fa-f]*>)\s*Tj|\bBT\b|\bET\b")
    for m in token.finditer(content):
        if m.group(1) is not None:
            width, current = fonts.get(m.group(1), (1, {}))
        elif m.group(2) is not None or m.group(3) is not None:
            for raw in _strings(m.group(2) or m.group(3)):
                codes = [int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width)]
                line += "".join(current.get(c, "") for c in codes)
        elif m.group(0) == b"ET":
            if line.strip():
                lines.append(line)
            line = ""
    return "\n".join(lines)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, in page order."""
    objects = _objects(data)
    pages_root = next(o for o in objects.values() if re.search(rb"/Type\s*/Pages\b", o))
    order: list[int] = []

    def walk(node: bytes) -> None:
        kids = re.search(rb"/Kids\s*\[(.*?)\]", node, re.S)
        for number in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b""):
            child = objects[int(number)]
            if re.search(rb"/Type\s*/Pages\b", child):
                walk(child)
            else:
                order.append(int(number))

    walk(pages_root)
    out = []
    for number in order:
        page = objects[number]
        contents = re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", page, re.S)
        refs = [int(n) for n in re.findall(rb"(\d+) 0 R", contents.group(1))] if contents else []
        content = b"\n".join(_stream(objects[r]) for r in refs)
        out.append(_page_text(content, _fonts(objects, page)))
    return out
