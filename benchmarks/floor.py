"""The floor of a build: what any builder must spend to read a course's sources and write its
zips, measured in a fresh Python process like a real build, for comparison with the builder.

    python benchmarks/floor.py OUT_DIR ZIP...   # re-writes the zips' entries into OUT_DIR

It reads every file of the courses the zips came from (their folders are beside each other
under courses/ or named in the zip) and writes each zip's entries again with the same
compression: no loading, checking or rendering.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    sources = [Path(s) for s in argv[1].split(",")]
    for folder in sources:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                path.read_bytes()
    for name in argv[2:]:
        with zipfile.ZipFile(name) as src, zipfile.ZipFile(out / Path(name).name, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
