"""Shared fixtures: built example course, a local web server, headless Chromium, and an LMS
host page (tests/host) that provides the SCORM API with scorm-again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.build import build_course
from learner import CHROMIUM, CHROMIUM_ARGS, HOST, LmsSession, make_site, serve, unpack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "example-course"


# -- a course to change ---------------------------------------------------------------------

@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the example course, to change for one test."""
    target = tmp_path / "course"
    shutil.copytree(EXAMPLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, which must be there."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    """The line number of the first line of a file that contains `needle`."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# -- building -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> Path:
    """The folder the test web server serves: host/ (the LMS) and pkg/ (unpacked modules)."""
    if not (HOST / "node_modules" / "scorm-again").is_dir():
        pytest.fail("scorm-again is not installed: run 'npm ci' in tests/host (tests/run.sh does it)")
    return make_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def example_build(tmp_path_factory, site_root):
    """The example course built in every format, the SCORM zips unpacked for the server."""
    out = tmp_path_factory.mktemp("build")
    result = build_course(EXAMPLE, ["scorm12", "scorm2004", "web"], out)
    paths = {o.format.name: o.target for o in result.outputs}
    urls = {name: unpack(path, site_root) for name, path in paths.items() if path.suffix == ".zip"}
    web = site_root / "pkg" / paths["web"].name
    shutil.copytree(paths["web"], web, dirs_exist_ok=True)
    urls["web"] = f"/pkg/{web.name}"
    return {"paths": paths, "urls": urls, "course": result.course}


# -- serving and browsing -------------------------------------------------------------------

@pytest.fixture(scope="session")
def server(site_root):
    with serve(site_root) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run tests/run.sh, which installs it "
                    "(or set CHROMIUM to the path of a Chromium build)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1024, "height": 768})
    yield ctx
    ctx.close()


@pytest.fixture
def launch(context, server):
    sessions = []

    def _launch(package_url: str, scorm: str, stored: dict | None = None, **options) -> LmsSession:
        session = LmsSession(context, server, package_url, scorm, stored, **options)
        sessions.append(session)
        return session

    yield _launch
    for s in sessions:
        s.page.close()


@pytest.fixture
def relaunch(launch):
    """Come back to a module after leaving it: the LMS hands back what it stored, by its rules."""
    def _relaunch(previous: LmsSession, **options) -> LmsSession:
        return launch(previous.url, previous.scorm, profile=previous.profile, tracks=previous.tracks(), **options)
    return _relaunch
