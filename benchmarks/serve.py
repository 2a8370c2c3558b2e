"""How quickly `coursesmith serve` shows a saved change: from the moment a lesson file is
saved to the moment the module has reloaded in the preview, on the same page, in headless
Chromium.

    python benchmarks/serve.py                                # courses/signs-and-indicators
    python benchmarks/serve.py courses/online-offending --runs 20 --scorm 2004

Each run changes a sentence of a lesson (in a copy of the course) and times, from the save:
the change seen by the server's watcher, the rebuild, the "rebuilt" notice reaching the page,
and the module's page loaded again (its script run, the learner's record handed back). The
target is 200 ms from save to reload. Numbers are printed, never asserted: timing depends on
the machine.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from builder.preview.server import PreviewServer  # noqa: E402
from learner import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TARGET_MS = 200


def first_lesson(course: Path) -> Path:
    from builder.loader import load_course
    loaded = load_course(course)
    return next(p.file for p in loaded.pages if p.kind == "lesson" and p.file and p.file.suffix == ".md")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("course", nargs="?", default=str(ROOT / "courses" / "signs-and-indicators"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--scorm", choices=["1.2", "2004"], default="1.2")
    args = parser.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install -e '.[test]')")
        return 1
    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM} (tests/run.sh installs it)")
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(args.course, course)
        lesson = first_lesson(course)
        server = PreviewServer(course, args.scorm, port=0).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(server.url)
                frame = page.frame_locator("#module")
                frame.locator("html.js").wait_for(state="attached")
                frame.get_by_role("button", name="Next", exact=True).click()  # onto a lesson page
                heading = frame.locator("section[data-page]:not([hidden]) h1").inner_text()
                rows = []
                launches = 1
                for run in range(args.runs + 1):  # the first run warms up, and is not counted
                    marker = f"Edited for the benchmark, run {run}."
                    text = lesson.read_text()
                    head, sep, body = text.partition("\n---\n")
                    time.sleep(0.3)  # apart from the last save, as an author's saves are
                    saved = time.time()
                    lesson.write_text(head + sep + marker + "\n\n" + body.split("\n\n", 1)[-1] if run else
                                      head + sep + marker + "\n\n" + body)
                    # Reloaded once the module's page has loaded with the new text (a save caught
                    # half-way may reload it twice: the time is to the last load).
                    frame.get_by_text(marker).wait_for(timeout=10_000)
                    page.wait_for_function(
                        "(n) => { const m = window.preview.timeline.filter(t => t.launch).pop();"
                        " return m.launch > n && m.loaded; }", arg=launches, timeout=10_000)
                    mark = page.evaluate("() => window.preview.timeline.filter(t => t.launch).pop()")
                    launches = mark["launch"]
                    build = page.evaluate("() => window.preview.build")
                    assert frame.locator("section[data-page]:not([hidden]) h1").inner_text() == heading
                    if run:
                        rows.append({
                            "seen": (build["detected"] - saved) * 1000,
                            "build": build["ms"],
                            "notice": mark["started"] - build["detected"] * 1000 - build["ms"],
                            "reload": mark["loaded"] - mark["started"],
                            "total": mark["loaded"] - saved * 1000,
                        })
                browser.close()
        finally:
            server.close()

    print(f"Save -> reload in the preview: {Path(args.course).name}, SCORM {args.scorm}, {args.runs} runs "
          f"(target {TARGET_MS} ms)")
    print(f"  {'step':<34}{'median':>8}{'min':>8}{'max':>8}")
    labels = {"seen": "save seen by the watcher", "build": "rebuild (in memory)",
              "notice": "the page told, module relaunched", "reload": "module reloaded (load event)",
              "total": "save -> module reloaded"}
    for key, label in labels.items():
        values = [r[key] for r in rows]
        print(f"  {label:<34}{statistics.median(values):>6.0f}ms{min(values):>6.0f}ms{max(values):>6.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
