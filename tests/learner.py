"""A learner in the test LMS, for the tests and the benchmark alike: one launch of a module
inside tests/host (scorm-again, with a plain or a Moodle profile), and the ways a learner
drives it, finding every control by its accessible name and the answers in the course files."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path
from urllib.parse import quote

from builder.loader import load_course

HOST = Path(__file__).resolve().parent / "host"
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


# -- serving modules as an LMS does ----------------------------------------------------------

def make_site(root: Path) -> Path:
    """A folder to serve: host/ (the test LMS) and pkg/ (unpacked modules)."""
    (root / "host").symlink_to(HOST, target_is_directory=True)
    (root / "pkg").mkdir()
    return root


def unpack(zip_path: Path, site_root: Path) -> str:
    """Unpack a built zip into the served folder, as an LMS does; return its URL path."""
    # Builds of different sources share file names; their folder names must not clash.
    tag = hashlib.sha256(str(zip_path.resolve()).encode()).hexdigest()[:8]
    name = f"{zip_path.name.removesuffix('.zip')}-{tag}"
    target = site_root / "pkg" / name
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(target)
    return f"/pkg/{name}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site_root: Path):
    """A web server on this machine's loopback for the site; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


# -- one launch ------------------------------------------------------------------------------


class LmsSession:
    """One launch of a module inside the test LMS, as a learner would see it.

    profile "plain" is the SCORM rules as scorm-again enforces them; "moodle" adds Moodle's own
    (tests/host/moodle.js). `tracks` is the learner's record from earlier sessions, as the LMS
    stored it (see `tracks()`); `stored` loads crafted CMI values as they are. `faults` makes the
    LMS fail the module (comma-separated, see tests/host/faults.js) and `slow` makes every API
    call take that many milliseconds. `learner` is the learner's name as the LMS gives it
    (None: the host's default, "Okafor, Jordan"; "": no name)."""

    def __init__(self, context, server: str, package_url: str, scorm: str, stored: dict | None = None,
                 profile: str = "plain", tracks: dict | None = None, mode: str | None = None,
                 faults: str | None = None, slow: int = 0, learner: str | None = None):
        self.scorm = scorm
        self.url = package_url
        self.profile = profile
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        if stored:
            self.page.add_init_script(f"window.__initialCmi = {json.dumps(stored)};")
        if tracks:
            self.page.add_init_script(f"window.__tracks = {json.dumps(tracks)};")
        query = f"scorm={scorm}&profile={profile}" + (f"&mode={mode}" if mode else "")
        query += (f"&faults={faults}" if faults else "") + (f"&slow={slow}" if slow else "")
        query += f"&learner={quote(learner)}" if learner is not None else ""
        self.page.goto(f"{server}/host/lms.html?{query}&launch={package_url}/index.html")
        self.frame = self.page.frame_locator("#sco")
        self.frame.locator("html.js").wait_for(state="attached")

    # what the LMS holds
    def cmi(self, element: str):
        return self.page.evaluate(
            "(path) => path.split('.').reduce((o, k) => o == null ? o : o[k], window.lmsApi)", element)

    def tracks(self) -> dict:
        """The learner's record as the LMS stored it: the last committed value of each element."""
        return self.page.evaluate("() => window.lmsTracks()")

    def launched_with(self) -> dict:
        """The CMI data this launch started with (mode, entry, what was handed back)."""
        return self.page.evaluate("() => window.lmsLaunch")

    def last_set(self, element: str):
        """The last value the module set for an element, including write-only ones (exit, session time)."""
        values = [c["args"][1] for c in self.log() if c["call"].endswith("SetValue") and c["args"][0] == element]
        return values[-1] if values else None

    def log(self) -> list[dict]:
        return self.page.evaluate("() => window.lmsLog")

    def calls(self, name: str) -> list[dict]:
        return [c for c in self.log() if c["call"] == name]

    def commits(self) -> int:
        return len(self.calls("LMSCommit" if self.scorm == "1.2" else "Commit"))

    def api_errors(self) -> list[dict]:
        """Calls that failed. A read of an element the LMS has not set yet (2004: 403) is normal."""
        return [c for c in self.log()
                if c["error"] != "0" and not (c["call"].endswith("GetValue") and c["error"] == "403")]

    def exit(self) -> None:
        """Leave the module as the LMS does when the learner exits: the frame is navigated away."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        finish = "LMSFinish" if self.scorm == "1.2" else "Terminate"
        self.page.wait_for_function(f"() => window.lmsLog.some(c => c.call === '{finish}')")

    # what the learner sees
    def heading(self) -> str:
        return self.frame.locator("section[data-page]:not([hidden]) h1").inner_text()

    def next(self):
        self.frame.get_by_role("button", name="Next", exact=True).click()

    def back(self):
        self.frame.get_by_role("button", name="Back", exact=True).click()


# -- the answer key, read from the course files ---------------------------------------------

def plain(fragment: str) -> str:
    """The text of an HTML fragment, as an accessible name reads it."""
    text = re.sub(r"<[^>]+>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class AnswerKey:
    def __init__(self, course_dir: Path):
        self.course = load_course(course_dir)
        self.questions = {q.id: q for q in self.course.questions}
        self.t = self.course.messages.t  # the interface's words in the course's language, to find controls by

    def labels(self, qid: str, correct: bool) -> list[str]:
        """Labels of the options to choose for a right (or a wrong) answer."""
        q = self.questions[qid]
        if correct:
            return [plain(o.html) for o in q.options if o.id in q.answer]
        wrong = [o for o in q.options if o.id not in q.answer]
        return [plain(wrong[0].html)]


# -- driving a module as a learner ----------------------------------------------------------

def answer(frame, key: AnswerKey, qid: str, correct: bool, keyboard: bool = False) -> None:
    """Answer a question right (or wrong) as a learner would, by mouse or by keyboard alone,
    finding every control by its accessible name."""
    q = key.questions[qid]
    el = frame.locator(f"[data-question='{qid}']")
    page = el.page
    if q.type in ("single", "multiple", "true-false"):
        role = "checkbox" if q.type == "multiple" else "radio"
        for label in key.labels(qid, correct):
            control = el.get_by_role(role, name=label, exact=True)
            if keyboard:
                if q.type == "multiple":
                    control.focus()
                    page.keyboard.press("Space")
                else:
                    _radio_by_keys(el, control, page)
            else:
                control.check()
    elif q.type == "matching":
        for n, item in enumerate(q.items):
            target_id = q.matches[item.id]
            if not correct and n == 0:
                target_id = next(t.id for t in q.targets if t.id != target_id)
            target = next(t for t in q.targets if t.id == target_id)
            select = el.get_by_role("combobox", name=plain(item.html), exact=True)
            if keyboard:
                select.focus()
                for _ in range(len(q.targets) + 1):
                    if select.input_value() == target.id:
                        break
                    page.keyboard.press("ArrowDown")
                assert select.input_value() == target.id
            else:
                select.select_option(label=plain(target.html))
    elif q.type == "ordering":
        wanted = q.answer if correct else list(reversed(q.answer))
        labels = {i.id: plain(i.html) for i in q.items}
        for position, item_id in enumerate(wanted):
            while True:
                order = [li.get_attribute("data-item") for li in el.locator("[data-item]").all()]
                if order.index(item_id) <= position:
                    break
                button = el.get_by_role("button", name=key.t("question.move_up_item", item=labels[item_id]), exact=True)
                if keyboard:
                    button.focus()
                    page.keyboard.press("Enter")
                else:
                    button.click()
    elif q.type == "short-text":
        _type(el.get_by_role("textbox", name=key.t("question.your_answer")),
              q.accept[0] if correct else "not the answer", keyboard)
    elif q.type == "confidence":
        # Not marked: "correct" chooses the top of the scale, otherwise the bottom.
        label = q.scale[-1] if correct else q.scale[0]
        control = el.get_by_role("radio", name=label, exact=True)
        if keyboard:
            _radio_by_keys(el, control, page)
        else:
            control.check()
    elif q.type == "reflection":
        _type(el.get_by_role("textbox"),
              "I will talk to my designated safeguarding lead the same day." if correct else "Not sure yet.", keyboard)
    else:
        raise AssertionError(f"no way to answer a {q.type} question")


def _type(box, text: str, keyboard: bool) -> None:
    """Write in a text box, by the keyboard alone (replacing what is there) or by filling it."""
    if keyboard:
        box.focus()
        box.page.keyboard.press("Control+A")
        box.page.keyboard.type(text)
    else:
        box.fill(text)


def _radio_by_keys(group, control, page) -> None:
    """Select a radio button with the arrow keys, as a keyboard user does."""
    radios = group.get_by_role("radio").all()
    radios[0].focus()
    page.keyboard.press("Space")
    for _ in range(len(radios)):
        if control.is_checked():
            return
        page.keyboard.press("ArrowDown")
    assert control.is_checked()


def play_scenario(frame, key: AnswerKey, qid: str, best: bool, keyboard: bool = False) -> list[str]:
    """Work through a scenario choosing the best (or the first other) choice at each step."""
    q = key.questions[qid]
    steps = {s.id: s for s in q.steps}
    step = q.steps[0]
    el = frame.locator(f"[data-question='{qid}']")
    page = el.page
    path = []
    while step:
        choice = next((c for c in step.choices if c.best == best), step.choices[0])
        block = el.locator(f"[data-step='{step.id}']")
        radio = block.get_by_role("radio", name=plain(choice.html), exact=True)
        decide = block.get_by_role("button", name=key.t("scenario.decide"))
        if keyboard:
            _radio_by_keys(block, radio, page)
            decide.focus()
            page.keyboard.press("Enter")
        else:
            radio.check()
            decide.click()
        path.append(choice.id)
        step = steps.get(choice.next) if choice.next else None
    return path


def drawn_questions(frame) -> list[str]:
    items = frame.locator("[data-assessment-item]:not([hidden]) [data-question]")
    return [items.nth(i).get_attribute("data-question") for i in range(items.count())]


def take_assessment(lms, key: AnswerKey, correct: bool) -> list[str]:
    frame = lms.frame
    ids = drawn_questions(frame)
    assert len(ids) == key.course.assessment.draw
    for qid in ids:
        answer(frame, key, qid, correct)
    frame.get_by_role("button", name=key.t("assessment.submit")).click()
    return ids
