"""Mutation fuzzing of the builder: bad course folders made from a good one, each built by the
command line in this process, which must end with a correct build (exit 0) or a located error
(exit 1), never an internal error (exit 70), a hang or a memory blow-up.

    python tests/fuzz.py SEED COUNT [COURSE_DIR]   # prints one JSON line per failing case

The test suite runs it in a subprocess under a memory limit (tests/test_fuzz.py).
"""
from __future__ import annotations

import contextlib
import io
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import cli  # noqa: E402

SECONDS_PER_CASE = 10
VERBOSE = False
LOCATED = re.compile(r"^(?P<file>[^\n:]+?)(:(?P<line>\d+)(:\d+)?)?: error: ", re.M)


# -- mutations of YAML data ------------------------------------------------------------------

def _nested(depth: int) -> str:
    """A marker for lists nested `depth` deep, written as text after dumping (yaml.dump recurses)."""
    return f"__NESTED_{depth}__"


REPLACEMENTS = [
    lambda rng, v: None,
    lambda rng, v: "",
    lambda rng, v: [v],
    lambda rng, v: {"x": v},
    lambda rng, v: str(v) if not isinstance(v, str) else 12,
    lambda rng, v: float("nan"),
    lambda rng, v: float("inf"),
    lambda rng, v: -1,
    lambda rng, v: 10 ** 30,
    lambda rng, v: True,
    lambda rng, v: "x" * rng.choice([201, 300, 5000]),
    lambda rng, v: "\u00e9\u4e2d\U0001F600 ../../etc/passwd",
    lambda rng, v: _nested(rng.choice([50, 1000])),
    lambda rng, v: [v] * rng.choice([27, 40]),
    lambda rng, v: "0010",
    lambda rng, v: "#1d4f9g",
    lambda rng, v: "javascript:alert(1)",
]


def _paths(data, prefix=()):
    """Every place in a YAML document: (path to the container, key or index)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix, key
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix, i
            yield from _paths(value, prefix + (i,))


def _get(data, path):
    for key in path:
        data = data[key]
    return data


def mutate_yaml_data(text: str, rng: random.Random) -> str:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:  # already broken by an earlier mutation: break it some more
        return text.replace(":", "", 1)
    places = list(_paths(data))
    if not places:
        return text + "\n: broken"
    path, key = rng.choice(places)
    container = _get(data, path)
    action = rng.random()
    if action < 0.15 and isinstance(container, dict):
        del container[key]
    elif action < 0.25 and isinstance(container, dict):
        container[str(key)[:-1] + "z"] = container.pop(key)
    else:
        container[key] = rng.choice(REPLACEMENTS)(rng, container[key])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10000)
    return re.sub(r"'?__NESTED_(\d+)__'?", lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)


ALIAS_BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
              "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n")

TEXT_MUTATIONS = [
    lambda rng, t: t.replace("  ", "\t", 1),
    lambda rng, t: t[: rng.randrange(len(t) + 1)],
    lambda rng, t: t.replace(":", "", 1),
    lambda rng, t: t.replace("- ", "-", 1),
    lambda rng, t: "\ufeff" + t,
    lambda rng, t: t + "\x00",
    lambda rng, t: t.replace("\n", "\n" + " " * rng.randrange(1, 4), 1),
    lambda rng, t: ALIAS_BOMB + t,
    lambda rng, t: t.replace("id: ", "id: &anchor ", 1) + "\nextra: *anchor\n",
    lambda rng, t: t + "\n" + "[" * rng.choice([1000, 20000]) + "\n",
    lambda rng, t: t.replace("```", "``", 1),
    lambda rng, t: t.replace("---", "- - -", 1),
    lambda rng, t: t.replace(":::", "::: danger", 1),
    lambda rng, t: t.replace("](", "](../" * 3, 1),
    lambda rng, t: t.replace("](", "](missing-", 1),
    lambda rng, t: t + "\n![](" + "x" * 300 + ".png)\n",
    lambda rng, t: t + "\n```question\nid: q-" + str(rng.randrange(99)) + "\ntype: [single]\n```\n",
    lambda rng, t: t + "\n" + "> " * 2000 + "deep\n",
    lambda rng, t: t + "\n" + "- " * 2000 + "deep\n",
    lambda rng, t: t + "\n" + "*a " * 5000 + "\n",
]


def _write_bytes_mutation(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    choice = rng.random()
    if choice < 0.4:
        data = data.replace(b"e", b"\xe9", 1)  # Latin-1, not UTF-8
    elif choice < 0.7:
        data = data.replace(b"\n", b"\r\n")
    else:
        data = data[:rng.randrange(len(data) + 1)] + bytes([rng.randrange(256)]) + data[rng.randrange(len(data) + 1):]
    path.write_bytes(data)


def _file_mutation(course: Path, rng: random.Random) -> None:
    files = sorted(p for p in course.rglob("*") if p.is_file())
    target = rng.choice(files)
    choice = rng.random()
    if choice < 0.25:
        target.unlink()
    elif choice < 0.45:
        target.rename(target.with_name(rng.choice(["04.md", "04 Summary Page.md", "\u00e9t\u00e9.md",
                                                   "x" * 250 + ".md", ".md"])))
    elif choice < 0.6:
        target.unlink()
        target.mkdir()
    elif choice < 0.75:
        target.unlink()
        target.symlink_to(target)  # a loop
    else:
        _write_bytes_mutation(target, rng)


def mutate(course: Path, rng: random.Random) -> str:
    """Change one thing in the course folder; say what."""
    yaml_files = sorted(course.rglob("*.yaml"))
    md_files = sorted(course.rglob("*.md"))
    kind = rng.random()
    if kind < 0.4:
        path = rng.choice(yaml_files)
        path.write_text(mutate_yaml_data(path.read_text(), rng))
        return f"yaml data: {path.relative_to(course)}"
    if kind < 0.75:
        path = rng.choice(yaml_files + md_files)
        fn = rng.randrange(len(TEXT_MUTATIONS))
        path.write_text(TEXT_MUTATIONS[fn](rng, path.read_text()))
        return f"text mutation {fn}: {path.relative_to(course)}"
    if kind < 0.85:
        path = rng.choice(md_files)
        text = path.read_text()
        if text.startswith("---"):
            end = text.index("---", 3)
            front = mutate_yaml_data(text[3:end], rng)
            path.write_text("---\n" + front + text[end:])
            return f"front matter: {path.relative_to(course)}"
    _file_mutation(course, rng)
    return "file mutation"


# -- one case --------------------------------------------------------------------------------

class TimedOut(Exception):
    pass


def _alarm(*_):
    raise TimedOut()


def run_case(course: Path, out: Path) -> dict:
    stderr, stdout = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_CASE)
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            code = cli.main(["build", str(course), "--out", str(out), "--format", "scorm12",
                             "--format", "web", "-q"] + (["-v"] if VERBOSE else []))
    except TimedOut:
        code = "timeout"
    except MemoryError:
        code = "memory"
    except BaseException as exc:  # noqa: BLE001 - the case must report whatever escapes
        code = f"escaped: {exc.__class__.__name__}: {exc}"
    finally:
        signal.alarm(0)
    return {"code": code, "stderr": stderr.getvalue()[-2000:], "seconds": round(time.perf_counter() - started, 2)}


def verdict(result: dict, out: Path) -> str:
    """'' when the case ended as it must, else what went wrong."""
    code = result["code"]
    if code == 0:
        if not any(out.iterdir()):
            return "exit 0 but nothing written"
        return ""
    if code != 1:
        return f"exit {code}"
    errors = [line for line in result["stderr"].splitlines() if ": error: " in line]
    if not errors:
        return "exit 1 without an error line"
    for line in errors:
        if not LOCATED.match(line):
            return f"error without a file: {line}"
    if list(out.iterdir()):
        return "a failed build wrote something"
    return ""


def main(argv: list[str]) -> int:
    seed, count = int(argv[0]), int(argv[1])
    source = Path(argv[2]) if len(argv) > 2 else ROOT / "docs" / "example-course"
    rng = random.Random(seed)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            course = Path(tmp) / f"case{n}" / "course"
            shutil.copytree(source, course, symlinks=True)
            what = "; ".join(mutate(course, rng) for _ in range(rng.choice([1, 1, 2])))
            out = Path(tmp) / f"case{n}" / "out"
            out.mkdir()
            result = run_case(course, out)
            problem = verdict(result, out)
            if problem:
                failures += 1
                print(json.dumps({"case": n, "mutation": what, "problem": problem, **result}), flush=True)
            shutil.rmtree(course.parent, ignore_errors=True)
    print(json.dumps({"cases": count, "failures": failures}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
