"""Screenshots of what learners see, for the README: one module at a phone's size, a laptop's,
and inside a learning platform's frame 352 px wide (Moodle's player on a phone).

    python3 docs/screenshots/take.py            # writes docs/screenshots/*.png
    python3 docs/screenshots/take.py --out DIR  # somewhere else, to look before committing

Deterministic: a fixed build, fixed viewports, reduced motion and a fresh browser profile."""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build_course  # noqa: E402

COURSE = ROOT / "courses" / "signs-and-indicators"
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 667}
LAPTOP = {"width": 1280, "height": 800}

# name, viewport, page id, what to do there ("top", "menu", or a selector to scroll to)
SHOTS = [
    ("phone-start", PHONE, "start", "top"),
    ("phone-lesson", PHONE, "acting-on-concerns", "top"),
    ("phone-question", PHONE, "sexual-behaviour", "section[data-page]:not([hidden]) [data-question]"),
    ("phone-menu", PHONE, "hidden-abuse", "menu"),
    ("laptop-start", LAPTOP, "start", "top"),
    ("laptop-lesson", LAPTOP, "acting-on-concerns", "top"),
    ("laptop-question", LAPTOP, "sexual-behaviour", "section[data-page]:not([hidden]) [data-question]"),
    ("phone-finish", PHONE, "completion", "top"),
]
FRAME = ("lms-frame-352", {"width": 420, "height": 700}, "what-is-csa", "top")

HOST_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Learning platform</title>
<style>body{margin:0;background:#e9ecef;font:14px system-ui,sans-serif;color:#1b1b1b}
header{padding:8px 12px;background:#fff;border-bottom:1px solid #ccc}
iframe{display:block;width:352px;height:620px;margin:12px auto;border:1px solid #999;background:#fff}</style>
</head><body><header>Learning platform &rsaquo; Safeguarding &rsaquo; Signs and indicators</header>
<iframe id="sco" title="Course" src="module/index.html"></iframe></body></html>"""


def show(page, page_id: str, what: str, frame=None) -> None:
    doc = frame or page
    doc.wait_for_function("() => window.document.documentElement.classList.contains('js')")
    doc.evaluate("""id => { const s = document.getElementById('page-' + id);
        const i = [...document.querySelectorAll('[data-page]')].indexOf(s);
        const next = document.querySelector("[data-action='next']");
        // Walk there with Next, as a learner does, so the menu shows the pages read.
        let guard = 50; while (guard-- && !document.getElementById('page-' + id).offsetParent) next.click();
    }""", page_id)
    if what == "menu":
        toggle = doc.locator(".menu-toggle")
        if toggle.is_visible():
            toggle.click()
    elif what != "top":
        doc.locator(what).first.evaluate("el => el.scrollIntoView({block: 'start'})")
        doc.evaluate("() => window.scrollBy(0, -90)")
    doc.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring in a still
    page.wait_for_timeout(150)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        result = build_course(COURSE, ["web"], site / "build")
        (site / "module").symlink_to(result.outputs[0].target, target_is_directory=True)
        (site / "lms.html").write_text(HOST_PAGE)
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, viewport, page_id, what in SHOTS:
                context = browser.new_context(viewport=viewport, reduced_motion="reduce")
                page = context.new_page()
                page.goto(f"{base}/module/index.html")
                show(page, page_id, what)
                page.screenshot(path=str(args.out / f"{name}.png"))
                context.close()
            name, viewport, page_id, what = FRAME
            context = browser.new_context(viewport=viewport, reduced_motion="reduce")
            page = context.new_page()
            page.goto(f"{base}/lms.html")
            page.wait_for_load_state("load")
            show(page, page_id, what, frame=page.frames[1])
            page.screenshot(path=str(args.out / f"{name}.png"))
            context.close()
            browser.close()
        httpd.shutdown()
    for png in sorted(args.out.glob("*.png")):
        print(f"{png.name}: {png.stat().st_size // 1024} KB")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    main()
