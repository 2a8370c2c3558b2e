"""What a learner's full pass costs the LMS: API calls and commits, counted in headless
Chromium inside the test LMS (tests/host) under its Moodle profile.

A full pass: every page in order, every knowledge check answered and checked, every confidence
and reflection question saved (the evaluation too), every scenario
played through, the assessment failed once and then passed, and the module left. Each commit
is a synchronous request that freezes the page in Moodle; the budget is one commit per
answered step (a check, a scenario decision, an assessment started or submitted), and none
when the learner changes page.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from learner import (CHROMIUM, CHROMIUM_ARGS, HOST, AnswerKey, LmsSession, answer, make_site,  # noqa: E402
                     play_scenario, serve, take_assessment, unpack)

CALL_TARGET = 400  # API calls in a full pass


def missing() -> str:
    """Why the browser measures cannot run here, or '' when they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM} (tests/run.sh installs it)"
    if not (HOST / "node_modules" / "scorm-again").is_dir():
        return "the test LMS is not installed (npm ci in tests/host)"
    return ""


def full_pass(lms: LmsSession, key: AnswerKey) -> dict:
    frame = lms.frame
    answered = next_commits = 0
    for index, page in enumerate(key.course.pages):
        if index:
            before = lms.commits()
            lms.next()
            next_commits += lms.commits() - before
        for check in page.checks:
            if check.type == "scenario":
                answered += len(play_scenario(frame, key, check.id, best=True))
                continue
            answer(frame, key, check.id, correct=True)
            button = "Save answer" if check.type in ("confidence", "reflection") else "Check answer"
            frame.locator(f"[data-question='{check.id}']").get_by_role("button", name=button).click()
            answered += 1
        if page.kind == "assessment":
            frame.get_by_role("button", name="Start the assessment").click()
            take_assessment(lms, key, correct=False)
            frame.get_by_role("button", name="Try again").click()
            take_assessment(lms, key, correct=True)
            answered += 4  # two starts, two submits
    lms.exit()
    log = lms.log()
    count = lambda suffix: sum(1 for c in log if c["call"].endswith(suffix))  # noqa: E731
    return {"calls": len(log), "sets": count("SetValue"), "gets": count("GetValue"),
            "errors asked": count("GetLastError"), "commits": count("Commit"),
            "budget": answered, "next commits": next_commits}


def measure(builds: list[tuple[Path, Path, str]]) -> list[tuple[str, str, dict]]:
    """builds: (course folder, built zip, SCORM version). One full pass of each."""
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = make_site(Path(tmp))
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with serve(site) as server:
            for course, zip_path, scorm in builds:
                key = AnswerKey(course)
                context = browser.new_context(viewport={"width": 1024, "height": 768})
                lms = LmsSession(context, server, unpack(zip_path, site), scorm, profile="moodle")
                rows.append((key.course.id, scorm, full_pass(lms, key)))
                context.close()
        browser.close()
    return rows


def report(rows) -> None:
    print(f"{'course':32} {'SCORM':6} {'API calls':>10} {'sets':>6} {'gets':>6} {'errors asked':>13} "
          f"{'commits':>8} {'budget':>7} {'on Next':>8}")
    for course, scorm, r in rows:
        print(f"{course:32} {scorm:6} {r['calls']:>10} {r['sets']:>6} {r['gets']:>6} {r['errors asked']:>13} "
              f"{r['commits']:>8} {r['budget']:>7} {r['next commits']:>8}")
    print(f"Targets: under {CALL_TARGET} API calls a pass; commits at most the budget (one per answered "
          f"step); none on Next.")
