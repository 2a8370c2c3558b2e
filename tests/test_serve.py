"""`coursesmith serve`: the preview server, its preview LMS and its rebuilds, end to end in
headless Chromium, as an author uses it: open the preview, move through the module, save a
lesson, break a file and fix it, relaunch, review and reset."""
from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from builder.build import prepare, validate_course
from builder.preview.build import PreviewBuilder
from builder.preview.server import PreviewServer
from conftest import EXAMPLE, ROOT, edit, line_of
from learner import AnswerKey, take_assessment

COURSES = sorted(p for p in (ROOT / "courses").iterdir() if (p / "course.yaml").is_file())
FORMAT = {"1.2": "scorm12", "2004": "scorm2004"}
TIMEOUT = 10_000  # ms: generous, for a loaded machine


# -- the preview's builds -------------------------------------------------------------------

@pytest.mark.parametrize("scorm", ["1.2", "2004"])
@pytest.mark.parametrize("course_dir", COURSES + [EXAMPLE], ids=lambda p: p.name)
def test_preview_build_is_the_same_as_prepare(course_dir, scorm):
    builder = PreviewBuilder(course_dir, scorm)
    expected = prepare(course_dir, [FORMAT[scorm]], Path("unused")).outputs[0].files
    for _ in range(2):  # the first build, then one that reuses the first's work
        build = builder.build()
        assert build.ok and build.files == expected


def test_a_rebuild_reuses_nothing_stale(course):
    builder = PreviewBuilder(course)
    assert builder.build().ok
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    edit(lesson, "title: Lessons and knowledge checks", "title: Lessons, and checks")
    edit(course / "questions" / "assessment.yaml", "pass", "pass")  # unchanged text: reused
    edit(course / "course.yaml", "pass_mark: 80", "pass_mark: 70")
    build = builder.build()
    assert build.ok and build.files == prepare(course, ["scorm12"], Path("unused")).outputs[0].files
    assert b"Lessons, and checks" in build.files["index.html"]
    # An image a lesson shows goes missing: the lesson's unchanged text is checked again.
    image = course / "images" / "folder.svg"
    saved = image.read_bytes()
    image.unlink()
    build = builder.build()
    assert not build.ok and [(Path(p.file).name, p.message) for p in build.problems] == [
        ("01-course-folder.md", "the image '../images/folder.svg' does not exist")]
    image.write_bytes(saved)
    assert builder.build().ok
    (course / "course.yaml").write_text("id: [\n")
    build = builder.build()
    assert not build.ok and Path(build.problems[0].file).name == "course.yaml" and build.problems[0].line


def test_the_preview_reports_the_quality_checks_as_validate_does(course):
    lesson = course / "lessons" / "02-lessons-and-checks.md"
    with lesson.open("a") as fh:
        fh.write("\nA worry about someone who works with children goes to the LADO.\n")
    build = PreviewBuilder(course).build()
    _, validated = validate_course(course)
    seen = [(Path(p.file), p.line, p.level, p.message) for p in build.problems]
    assert build.ok and seen == [(Path(p.file), p.line, p.level, p.message) for p in validated.items]
    [(file, line, level, message)] = seen
    assert (file, line, level) == (lesson, line_of(lesson, "LADO"), "warning") and "[acronyms]" in message


# -- the server -----------------------------------------------------------------------------

@pytest.fixture
def preview(course):
    """The preview server for a copy of the example course, on a free port, in this process."""
    servers = []

    def start(scorm: str = "1.2") -> PreviewServer:
        server = PreviewServer(course, scorm, port=0, interval=0.05).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    address = url.split("//")[1].rstrip("/")
    conn = http.client.HTTPConnection(address, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or address)
    conn.endheaders()
    response = conn.getresponse()
    return response.status, response.read()


def test_serves_only_the_module_and_its_own_files_on_loopback(preview, course):
    server = preview()
    assert server.httpd.server_address[0] == "127.0.0.1"
    url = server.url
    assert get(url, "/")[0] == 200
    assert get(url, "/module/index.html")[0] == 200
    assert get(url, "/module/images/folder.svg")[0] == 200
    assert get(url, "/_preview/scorm.js")[0] == 200
    for path in ["/module/../course.yaml", "/module/%2e%2e/course.yaml", "/course.yaml", "/module/course.yaml",
                 "/_preview/../server.py", "/_preview/%2e%2e%2fserver.py", "/module//etc/passwd",
                 "/module/lessons/01-course-folder.md", "/etc/passwd"]:
        assert get(url, path)[0] == 404, path
    # A page elsewhere that reaches this address through a DNS trick is turned away.
    assert get(url, "/module/index.html", host="attacker.example:80")[0] == 403


@pytest.fixture
def open_preview(preview, context):
    def _open(scorm: str = "1.2"):
        server = preview(scorm)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        frame = page.frame_locator("#module")
        frame.locator("html.js").wait_for(state="attached", timeout=TIMEOUT)
        page.errors = errors
        return page, frame
    return _open


def heading(frame) -> str:
    """The heading of the page the module shows (once its script has run: before, every page shows)."""
    frame.locator("html.js").wait_for(state="attached", timeout=TIMEOUT)
    return frame.locator("section[data-page]:not([hidden]) h1").inner_text()


def panel(page, name: str) -> str:
    return page.locator(f"#{name}").inner_text()


def launches(page) -> int:
    return page.evaluate("() => window.preview.launches")


@pytest.mark.e2e
def test_module_plays_inside_the_preview_lms(open_preview):
    page, frame = open_preview()
    assert page.get_by_role("heading", name="Preview: Writing a course with coursesmith").is_visible()
    frame.get_by_role("button", name="Next", exact=True).click()
    assert heading(frame) == "The course folder"
    page.wait_for_function("() => document.getElementById('location').textContent === 'course-folder'")
    assert panel(page, "status") == "incomplete"
    log = page.locator("#log").inner_text()
    assert 'LMSInitialize("") → "true"' in log
    assert 'LMSSetValue("cmi.core.lesson_location", "course-folder") → "true"' in log
    assert "characters (the SCORM 1.2 limit)" in panel(page, "suspend-size")
    assert page.errors == []


@pytest.mark.e2e
def test_a_saved_lesson_reloads_on_the_same_page_with_the_learners_state(open_preview, course):
    page, frame = open_preview()
    next_ = frame.get_by_role("button", name="Next", exact=True)
    next_.click()
    next_.click()
    assert heading(frame) == "Lessons and knowledge checks"
    saved = page.evaluate("() => window.preview.session.values['cmi.suspend_data']")
    edit(course / "lessons" / "02-lessons-and-checks.md", "A lesson can hold callouts",
         "A lesson, freshly edited, can hold callouts")
    frame.get_by_text("A lesson, freshly edited, can hold callouts").wait_for(timeout=TIMEOUT)
    assert heading(frame) == "Lessons and knowledge checks"
    assert launches(page) == 2
    assert panel(page, "location") == "lessons-and-checks"
    assert 'entry "resume"' in panel(page, "launch-info")
    # The module got back the state it saved: the pages it had seen.
    handed = page.evaluate("() => window.preview.session.values['cmi.suspend_data']")
    assert handed.startswith(saved[:saved.index('"s":')]) and '"s":"111' in handed
    assert "Rebuilt at" in panel(page, "build-status")
    assert page.errors == []


@pytest.mark.e2e
def test_a_broken_file_shows_its_problems_and_the_module_comes_back_when_fixed(open_preview, course):
    page, frame = open_preview()
    frame.get_by_role("button", name="Next", exact=True).click()
    assert heading(frame) == "The course folder"
    course_yaml = course / "course.yaml"
    good = course_yaml.read_text()
    edit(course_yaml, "pass_mark: 80", "pass_mark: [80")
    problems = page.locator("#problems")
    problems.wait_for(state="visible", timeout=TIMEOUT)
    assert page.locator("#module").is_hidden()
    assert page.get_by_role("button", name="Relaunch (resume)").is_disabled()
    assert "The course has 1 problem" in problems.get_by_role("heading").inner_text()
    line = line_of(course_yaml, "pass_mark:")
    first = page.locator("#problem-list li").first.inner_text()
    assert first.startswith(f"course.yaml, line {line + 1}, column 11")  # where YAML finds the list unclosed
    assert "malformed YAML" in first and "Hint:" in first
    assert "build failed" in panel(page, "build-status")
    # Two problems in a lesson's front matter and body: every one is listed.
    course_yaml.write_text(good)
    frame.locator("html.js").wait_for(state="attached", timeout=TIMEOUT)
    assert problems.is_hidden()
    assert heading(frame) == "The course folder"  # back on the page the learner left
    lesson = course / "lessons" / "01-course-folder.md"
    edit(lesson, "title: The course folder", "title: The course folder\ncolour: blue")
    edit(lesson, "![A course folder holds", "![](../images/missing.svg)![A course folder holds")
    problems.wait_for(state="visible", timeout=TIMEOUT)
    items = page.locator("#problem-list li")
    items.nth(1).wait_for(timeout=TIMEOUT)
    text = "\n".join(items.all_inner_texts())
    assert "lessons/01-course-folder.md, line 3" in text
    assert f"lessons/01-course-folder.md, line {line_of(lesson, 'missing.svg')}" in text
    lesson.write_text(lesson.read_text().replace("colour: blue\n", "").replace("![](../images/missing.svg)", ""))
    frame.locator("html.js").wait_for(state="attached", timeout=TIMEOUT)
    assert heading(frame) == "The course folder"
    assert page.errors == []


@pytest.mark.e2e
def test_the_panel_shows_the_score_status_and_interactions(open_preview, course):
    page, frame = open_preview()
    key = AnswerKey(course)
    for page_ in key.course.pages[1:]:
        frame.get_by_role("button", name="Next", exact=True).click()
        if page_.kind == "assessment":
            break  # every page before it seen
    frame.get_by_role("button", name="Start the assessment").click()
    learner = type("Learner", (), {"frame": frame})()
    drawn = take_assessment(learner, key, correct=True)
    page.wait_for_function("() => document.getElementById('score').textContent.startsWith('100')")
    assert panel(page, "status") == "passed"
    assert panel(page, "score") == "100 (0 to 100)"
    assert panel(page, "location") == "assessment"
    rows = page.locator("#interactions tbody tr")
    assert rows.count() == len(drawn) == int(panel(page, "interaction-count"))
    assert rows.locator("td:nth-child(2)").all_inner_texts() == drawn
    assert set(rows.locator("td:nth-child(5)").all_inner_texts()) == {"correct"}
    assert page.errors == []


@pytest.mark.e2e
def test_relaunch_review_and_reset(open_preview):
    page, frame = open_preview()
    frame.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_function("() => document.getElementById('location').textContent === 'course-folder'")

    page.get_by_role("button", name="Relaunch (resume)").click()
    page.wait_for_function("() => window.preview.launches === 2 && window.preview.session.state === 'running'")
    frame.locator("html.js").wait_for(state="attached")
    assert heading(frame) == "The course folder"
    assert "Welcome back" in frame.locator("#status-banner").inner_text()
    assert "LMSFinish" in page.locator("#log").inner_text()  # the first launch ended and stored

    page.get_by_role("button", name="Open in review mode").click()
    page.wait_for_function("() => window.preview.launches === 3 && window.preview.session.state === 'running'")
    frame.get_by_text("You are reviewing this module").wait_for(timeout=TIMEOUT)
    assert "mode review" in panel(page, "launch-info")
    assert page.evaluate("() => window.preview.session.values['cmi.core.lesson_mode']") == "review"

    page.get_by_role("button", name="Reset the learner").click()
    page.wait_for_function("() => window.preview.launches === 4 && window.preview.session.state === 'running'")
    frame.locator("html.js").wait_for(state="attached")
    assert heading(frame) == "Writing a course with coursesmith"  # the start page: a new learner
    assert 'entry "ab-initio"' in panel(page, "launch-info")
    assert panel(page, "location") == "none"  # nothing is recorded until the new learner acts
    assert page.evaluate("() => localStorage.length") in (0, 1)
    assert page.errors == []


@pytest.mark.e2e
def test_scorm_2004_plays_and_resumes(open_preview, course):
    page, frame = open_preview("2004")
    frame.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_function("() => document.getElementById('location').textContent === 'course-folder'")
    assert panel(page, "status") == "incomplete / unknown"
    assert 'Initialize("") → "true"' in page.locator("#log").inner_text()
    edit(course / "lessons" / "01-course-folder.md", "A course is a folder.", "A course is one folder.")
    frame.get_by_text("A course is one folder.").wait_for(timeout=TIMEOUT)
    assert heading(frame) == "The course folder"
    assert 'entry "resume"' in panel(page, "launch-info")


@pytest.mark.e2e
def test_the_panel_is_usable_by_keyboard(open_preview):
    page, frame = open_preview()
    page.locator("body").focus()
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.id || document.activeElement.tagName"))
    for control in ("relaunch", "review", "reset", "hide-gets", "log-box"):
        assert control in reached, reached
    page.locator("#relaunch").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.preview.launches === 2")


AXE = ROOT / "tests" / "host" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false}))"
                         ".violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
                         TAGS)


@pytest.mark.e2e
def test_the_preview_page_has_no_wcag_violations(open_preview, course):
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run 'npm ci' in tests/host (tests/run.sh does it)")
    page, frame = open_preview()
    frame.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_function("() => document.getElementById('location').textContent === 'course-folder'")
    page.locator("#suspend-data").evaluate("el => el.closest('details').open = true")
    found = axe_violations(page)
    edit(course / "course.yaml", "pass_mark: 80", "pass_mark: [80")
    page.locator("#problems").wait_for(state="visible", timeout=TIMEOUT)
    found += axe_violations(page)
    assert found == []


# -- the preview LMS's API, call by call ------------------------------------------------------

API_CHECKS = """
(version) => {
  const S = PreviewScorm.Session, out = {};
  const s = new S(version, null, "normal", {});
  const a = s.api, v12 = version === "1.2";
  const f = v12 ? {i: "LMSInitialize", g: "LMSGetValue", s: "LMSSetValue", c: "LMSCommit", t: "LMSFinish",
                   e: "LMSGetLastError", d: "LMSGetDiagnostic", x: "LMSGetErrorString"}
                : {i: "Initialize", g: "GetValue", s: "SetValue", c: "Commit", t: "Terminate",
                   e: "GetLastError", d: "GetDiagnostic", x: "GetErrorString"};
  const run = (name, call, ...args) => { const r = a[f[call]](...args); out[name] = [r, a[f.e]()]; };
  run("get before init", "g", "cmi.suspend_data");
  run("init", "i", "");
  run("init again", "i", "");
  const k = v12 ? {loc: "cmi.core.lesson_location", status: "cmi.core.lesson_status", raw: "cmi.core.score.raw",
                   exit: "cmi.core.exit", entry: "cmi.core.entry", children: "cmi.core._children", resp: "student_response"}
                : {loc: "cmi.location", status: "cmi.completion_status", raw: "cmi.score.raw",
                   exit: "cmi.exit", entry: "cmi.entry", children: "cmi.score._children", resp: "learner_response"};
  run("entry", "g", k.entry);
  run("location unset", "g", k.loc);
  run("status unset", "g", k.status);
  run("set location", "s", k.loc, "page-2");
  run("get location", "g", k.loc);
  run("bad status", "s", k.status, "done");
  run("score too high", "s", k.raw, "120");
  run("score not a number", "s", k.raw, "ten");
  run("read-only", "s", k.entry, "resume");
  run("write-only", "g", k.exit);
  run("keyword", "s", k.children, "x");
  run("unknown", "g", "cmi.nonsense");
  run("not implemented", "g", "cmi.objectives._count");
  run("no children", "g", k.loc + "._children");
  run("interaction skips an index", "s", "cmi.interactions.1.id", "q1");
  run("interaction type before id", "s", "cmi.interactions.0.type", "choice");
  run("interaction id", "s", "cmi.interactions.0.id", "q1");
  run("interaction type", "s", "cmi.interactions.0.type", "choice");
  run("interaction count", "g", "cmi.interactions._count");
  run("long suspend data", "s", "cmi.suspend_data", "x".repeat(4097));
  out.diagnostic = a[f.d]("");
  out.text = a[f.x]("403");
  run("commit", "c", "");
  run("terminate", "t", "");
  run("get after terminate", "g", k.loc);
  run("terminate again", "t", "");
  out.stored = s.record;
  return out;
}
"""


@pytest.mark.e2e
def test_the_preview_api_answers_with_the_scorm_error_codes(open_preview):
    page, _ = open_preview()
    r = page.evaluate(API_CHECKS, "1.2")
    assert r["get before init"] == ["", "301"]
    assert r["init"] == ["true", "0"] and r["init again"] == ["false", "101"]
    assert r["entry"] == ["ab-initio", "0"]
    assert r["location unset"] == ["", "0"] and r["status unset"] == ["not attempted", "0"]
    assert r["set location"] == ["true", "0"] and r["get location"] == ["page-2", "0"]
    assert r["bad status"] == ["false", "405"]
    assert r["score too high"] == ["false", "405"] and r["score not a number"] == ["false", "405"]
    assert r["read-only"] == ["false", "403"] and r["write-only"] == ["", "404"]
    assert r["keyword"] == ["false", "402"] and r["unknown"] == ["", "201"]
    assert r["not implemented"] == ["", "401"] and r["no children"] == ["", "202"]
    assert r["interaction skips an index"] == ["false", "201"]
    assert r["interaction id"] == ["true", "0"] and r["interaction type"] == ["true", "0"]
    assert r["interaction count"] == ["1", "0"]
    assert r["long suspend data"] == ["false", "405"]
    assert "4,097 characters, more than the 4,096" in r["diagnostic"]
    assert r["text"] == "Element is read only"
    assert r["commit"] == ["true", "0"] and r["terminate"] == ["true", "0"]
    assert r["get after terminate"] == ["", "301"] and r["terminate again"] == ["false", "301"]
    assert r["stored"]["cmi.core.lesson_location"] == "page-2"

    r = page.evaluate(API_CHECKS, "2004")
    assert r["get before init"] == ["", "122"]
    assert r["init again"] == ["false", "103"]
    assert r["entry"] == ["ab-initio", "0"]
    assert r["location unset"] == ["", "403"] and r["status unset"] == ["unknown", "0"]
    assert r["get location"] == ["page-2", "0"]
    assert r["bad status"] == ["false", "406"]
    assert r["score too high"] == ["true", "0"]  # a raw score has no range in SCORM 2004
    assert r["score not a number"] == ["false", "406"]
    assert r["read-only"] == ["false", "404"] and r["write-only"] == ["", "405"]
    assert r["keyword"] == ["false", "404"] and r["unknown"] == ["", "401"]
    assert r["not implemented"] == ["", "402"] and r["no children"] == ["", "301"]
    assert r["interaction skips an index"] == ["false", "351"]
    assert r["interaction type before id"] == ["false", "408"]
    assert r["interaction count"] == ["1", "0"]
    assert r["long suspend data"] == ["true", "0"]  # SCORM 2004 keeps 64,000
    assert r["get after terminate"] == ["", "123"] and r["terminate again"] == ["false", "113"]


# -- the command ----------------------------------------------------------------------------

def test_the_command_serves_a_course_until_stopped(course):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", str(course), "--port", "0", "--scorm", "2004"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "(SCORM 2004) at http://127.0.0.1:" in line, line + proc.stderr.read()
        url = line.split(" at ")[1].strip()
        status, body = get(url, "/")
        assert status == 200 and b'"scorm": "2004"' in body
        edit(course / "lessons" / "04-summary.md", "---\n", "---\nnot: [closed\n")
        deadline = time.time() + 10
        while time.time() < deadline and b'"ok": false' not in get(url, "/_preview/build")[1]:
            time.sleep(0.05)
        assert b'"ok": false' in get(url, "/_preview/build")[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "error(s); the preview shows them" in proc.stderr.read()


def test_the_command_says_when_the_port_is_taken(course):
    import socket
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        result = subprocess.run([sys.executable, "-m", "builder", "serve", str(course), "--port", str(port)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    finally:
        taken.close()
    assert result.returncode == 1
    assert f"cannot serve on port {port}" in result.stderr and f"--port {port + 1}" in result.stderr


def test_the_command_says_when_there_is_no_course(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "builder", "serve", str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "there is no course.yaml here" in result.stderr


def test_the_preview_page_ships_in_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "builder.preview" in config["packages"]
    data = config["package-data"]["builder.preview"]
    static = ROOT / "builder" / "preview" / "static"
    shipped = {p.name for pattern in data for p in (ROOT / "builder" / "preview").glob(pattern)}
    assert {p.name for p in static.iterdir()} <= shipped
    # Nothing is fetched from elsewhere: no address outside this machine in the page's files.
    for path in static.iterdir():
        text = path.read_text()
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path
