"""Bad input of every class found by the fuzzing of issue 9: each gets a located error (file,
line, what to change) or a correct build, never an internal error, a hang or a blow-up; and
writing a module is safe when the disk fails or two builds share an output folder."""
from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from builder import cli
from builder.loader import load_course
from builder.questions import _has_cycle
from builder.model import ScenarioChoice, Step
from conftest import EXAMPLE, ROOT, edit, line_of

BANK = Path("questions") / "assessment.yaml"
LESSON = Path("lessons") / "02-lessons-and-checks.md"


def build(course: Path, out: Path, *formats: str) -> tuple[int, str]:
    """Build as the author does (the command line, in this process); exit code and stderr."""
    err = io.StringIO()
    args = ["build", str(course), "--out", str(out), "-q"]
    for fmt in formats or ("scorm12",):
        args += ["--format", fmt]
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(args)
    return code, err.getvalue()


def refused(course: Path, tmp_path: Path, file: Path, line: int | None, *words: str) -> str:
    """The build fails with an error at file:line that says all the words; nothing is written."""
    out = tmp_path / "out"
    code, err = build(course, out)
    assert code == 1, err
    where = f"{file.relative_to(Path.cwd()) if file.is_relative_to(Path.cwd()) else file}"
    located = [ln for ln in err.splitlines() if ": error: " in ln]
    assert located, err
    wanted = f"{where}:{line}:" if line else f"{where}:"
    matching = [ln for ln in located if ln.startswith(wanted) and all(w in ln for w in words)]
    assert matching, f"no error at {wanted} saying {words}:\n{err}"
    assert not out.exists() or not any(out.iterdir())
    return matching[0]


# -- types in the wrong shape ----------------------------------------------------------------

def test_a_question_type_written_as_a_list(course, tmp_path):
    bank = course / BANK
    edit(bank, "    type: true-false", "    type: [true-false]")
    refused(course, tmp_path, bank, line_of(bank, "type: [true-false]"), "'type'")


def test_a_lesson_entry_that_is_a_list(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "  - lessons/04-summary.md", "  - [lessons/04-summary.md]")
    refused(course, tmp_path, yaml, line_of(yaml, "[lessons/04-summary.md]"), "lessons")


def test_a_section_in_the_wrong_shape_does_not_cascade(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "completion:\n  rule: both", "completion: both")
    refused(course, tmp_path, yaml, line_of(yaml, "completion: both"), "'completion'", "mapping")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_pass_mark_that_is_not_a_number(course, tmp_path, value):
    yaml = course / "course.yaml"
    edit(yaml, "pass_mark: 80", f"pass_mark: {value}")
    refused(course, tmp_path, yaml, line_of(yaml, "pass_mark"), "'assessment.pass_mark'")


def test_lists_nested_a_thousand_deep(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "version: 1.0.0", "version: " + "[" * 1000 + "]" * 1000)
    refused(course, tmp_path, yaml, line_of(yaml, "version: ["), "nested")


def test_an_alias_bomb_is_refused_quickly_and_briefly(course, tmp_path):
    bank = course / BANK
    bomb = "".join(f"x{n}: &a{n} [" + ", ".join([f"*a{n - 1}" if n else "lol"] * 9) + "]\n" for n in range(9))
    bank.write_text(bomb + bank.read_text())
    started = time.perf_counter()
    message = refused(course, tmp_path, bank, None, "aliases")
    assert time.perf_counter() - started < 5
    assert len(message) < 300


def test_error_messages_quote_a_long_value_briefly(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "rule: both", "rule: " + "x" * 5000)
    message = refused(course, tmp_path, yaml, line_of(yaml, "xxxx"), "'completion.rule'", "not allowed")
    assert len(message) < 200


# -- sizes and limits ------------------------------------------------------------------------

def test_a_scenario_step_with_more_choices_than_letters(course, tmp_path):
    lesson = course / "lessons" / "03-case.md"
    choices = "".join(f"      - text: Choice {n}\n        consequence: Then {n}.\n" for n in range(27))
    edit(lesson, "    prompt: What do you do first?\n    choices:\n",
         "    prompt: What do you do first?\n    choices:\n" + choices)
    refused(course, tmp_path, lesson, line_of(lesson, "    choices:"), "at most 26")


def test_a_long_chain_of_steps_is_checked_without_recursion():
    steps = [Step(str(n), "", "", [ScenarioChoice("a", "", "", str(n + 1) if n < 4999 else None, False)])
             for n in range(5000)]
    assert _has_cycle(steps) is False
    steps[-1].choices[0].next = "0"
    assert _has_cycle(steps) is True


def test_a_scenario_longer_than_the_limit(course, tmp_path):
    lesson = course / "lessons" / "03-case.md"
    steps = "".join(f"  - id: s{n}\n    prompt: Step {n}?\n    choices:\n"
                    f"      - text: On\n        consequence: On.\n        next: s{n + 1}\n"
                    f"      - text: Stop\n        consequence: Stop.\n" for n in range(101))
    edit(lesson, "debrief: |", steps.replace("        next: s101\n", "") + "debrief: |")
    edit(lesson, "        next: build-it\n        best: true", "        next: s0\n        best: true")
    refused(course, tmp_path, lesson, line_of(lesson, "steps:"), "at most 100")


def test_more_matching_pairs_than_documented(course, tmp_path):
    bank = course / BANK
    extra = "".join(f"      - item: thing {n}\n        match: match {n}\n" for n in range(8))
    edit(bank, "      - item: web\n", extra + "      - item: web\n")
    refused(course, tmp_path, bank, line_of(bank, "    pairs:"), "at most 10")


def test_unreachable_scenario_steps(course, tmp_path):
    lesson = course / "lessons" / "03-case.md"
    edit(lesson, "debrief: |", "  - id: orphan\n    prompt: Never reached?\n    choices:\n"
         "      - text: A\n        consequence: A.\n      - text: B\n        consequence: B.\ndebrief: |")
    refused(course, tmp_path, lesson, line_of(lesson, "- id: orphan"), "'orphan'", "reach")


def test_an_accepted_answer_that_is_empty(course, tmp_path):
    bank = course / BANK
    edit(bank, 'accept: [scorm12, "SCORM 1.2"]', 'accept: [scorm12, ""]')
    refused(course, tmp_path, bank, line_of(bank, "accept:"), "empty answer")


@pytest.mark.parametrize("old,new,words", [
    ("title: Writing a course with coursesmith", 'title: ""', ("'title'", "empty")),
    ("title: Writing a course with coursesmith", "title: " + "T" * 201, ("'title'", "at most 200")),
    ("version: 1.0.0", "version: 1.0.0-" + "9" * 20, ("'version'", "at most 20")),
])
def test_titles_and_versions_that_no_lms_takes(course, tmp_path, old, new, words):
    yaml = course / "course.yaml"
    edit(yaml, old, new)
    refused(course, tmp_path, yaml, line_of(yaml, new[:8]), *words)


def test_a_colour_typo_is_reported_not_crashed_on(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, 'colour: "#1d4f91"', 'colour: "#1d4f9g"')
    refused(course, tmp_path, yaml, line_of(yaml, "colour:"), "'branding.colour'")


# -- what the author wrote is what is published ----------------------------------------------

def test_ids_and_versions_are_the_text_written(course, tmp_path):
    yaml, bank = course / "course.yaml", course / BANK
    edit(yaml, "version: 1.0.0", "version: 1.10")
    edit(bank, "  - id: validate-before-build", "  - id: 0010")
    loaded = load_course(course)
    assert loaded.version == "1.10"
    assert "0010" in {q.id for q in loaded.questions}
    code, err = build(course, tmp_path / "out")
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "out" / "example-course-scorm12.zip") as zf:
        assert b'version="1.10"' in zf.read("imsmanifest.xml")


def test_page_ids_from_file_names(course, tmp_path):
    yaml = course / "course.yaml"
    (course / "lessons" / "04-summary.md").rename(course / "lessons" / "04 Summary Page.md")
    edit(yaml, "lessons/04-summary.md", '"lessons/04 Summary Page.md"')
    assert "summary-page" in [p.id for p in load_course(course).pages]
    (course / "lessons" / "04 Summary Page.md").rename(course / "lessons" / "04.md")
    edit(yaml, '"lessons/04 Summary Page.md"', "lessons/04.md")
    refused(course, tmp_path, course / "lessons" / "04.md", 1, "no id")


# -- files that cannot be read -----------------------------------------------------------------

def test_a_local_information_file_that_is_not_utf8(course, tmp_path):
    yaml = course / "course.yaml"
    edit(yaml, "file: local-information.md", "file: local.md")
    (course / "local.md").write_bytes(b"Call the team\nCaf\xe9 on the corner\n")
    refused(course, tmp_path, course / "local.md", 2, "not UTF-8")


@pytest.mark.parametrize("make,words", [
    (lambda p: (p.unlink(), p.mkdir()), ("is a folder",)),
    (lambda p: (p.unlink(), p.symlink_to(p)), ("loop",)),
])
def test_a_lesson_that_is_not_a_readable_file(course, tmp_path, make, words):
    make(course / LESSON)
    yaml = course / "course.yaml"
    refused(course, tmp_path, yaml, line_of(yaml, str(LESSON)), *words)


def test_a_lesson_file_name_too_long_for_the_system(course, tmp_path):
    yaml = course / "course.yaml"
    name = "lessons/" + "x" * 256 + ".md"
    edit(yaml, "lessons/04-summary.md", name)
    refused(course, tmp_path, yaml, line_of(yaml, "xxxx"), "too long")


# -- writing -------------------------------------------------------------------------------------

def test_out_naming_an_existing_file(tmp_path):
    target = tmp_path / "output"
    target.write_text("not a folder")
    code, err = build(EXAMPLE, target)
    assert code == 1
    assert err.startswith(f"{target}: error: the output folder is a file")


def _child(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "builder", *args], env=env, capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_a_full_disk_leaves_every_output_as_it_was(tmp_path, course):
    """A file-size limit plays the full disk: the big zip cannot be written, so neither output
    of the run is replaced, no temporary file is left, and the author is told plainly."""
    out = tmp_path / "out"
    assert _child(["build", str(EXAMPLE), "--out", str(out), "-f", "web", "-f", "scorm12"]).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (course / "images" / "big.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    with (course / LESSON).open("a") as fh:
        fh.write("\n[A big file](../images/big.bin)\n")
    limit = 2 * 1024 * 1024

    def small_files():
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error from write(), not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = _child(["build", str(course), "--out", str(out), "-f", "web", "-f", "scorm12"], preexec_fn=small_files)
    assert result.returncode == 1, result.stderr
    assert "error: could not write the module: File too large" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_two_builds_into_one_folder_at_once(tmp_path):
    out = tmp_path / "out"
    for _ in range(5):
        runs = [subprocess.Popen([sys.executable, "-m", "builder", "build", str(EXAMPLE), "--out", str(out),
                                  "-f", "web", "-f", "scorm12", "-q"],
                                 env=dict(os.environ, PYTHONPATH=str(ROOT)), stderr=subprocess.PIPE, text=True)
                for _ in range(3)]
        for run in runs:
            _, err = run.communicate(timeout=120)
            assert run.returncode == 0, err
        assert (out / "example-course-web" / "index.html").is_file()
        assert sorted(p.name for p in out.iterdir()) == ["example-course-scorm12.zip", "example-course-web"]


def test_memory_stays_flat_in_the_size_of_the_media(tmp_path, course):
    """A 96 MB video is copied into the zip in chunks, never held in memory (it used to be held
    three times over)."""
    size = 96 * 1024 * 1024
    with (course / "images" / "video.mp4").open("wb") as fh:
        for _ in range(size // (1024 * 1024)):
            fh.write(os.urandom(1024 * 1024))
    with (course / LESSON).open("a") as fh:
        fh.write("\n[A video](../images/video.mp4)\n")
    script = ("import resource, sys; from builder import cli; code = cli.main(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script, "build", str(course), "--out", str(tmp_path / "out"),
                             "-q"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.split()[-1]) / 1024
    assert peak_mb < size / 1024 / 1024, f"peak memory {peak_mb:.0f} MB for a {size >> 20} MB file"
    with zipfile.ZipFile(tmp_path / "out" / "example-course-scorm12.zip") as zf:
        assert zf.getinfo("images/video.mp4").file_size == size


# -- the fuzzer ------------------------------------------------------------------------------------

def test_fuzzed_courses_end_in_a_build_or_a_located_error():
    """A few hundred mutations of the example course (seeded), in a process limited to 2 GB:
    each ends in a correct build or a located error, never exit 70, a hang or a blow-up."""
    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz.py"), "2026", "300"],
                            capture_output=True, text=True, timeout=600, preexec_fn=limit_memory)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    summary, failures = rows[-1], rows[:-1]
    assert summary["cases"] == 300
    assert failures == [], "\n".join(f"{f['mutation']}: {f['problem']}\n{f['stderr'][-500:]}" for f in failures[:5])
