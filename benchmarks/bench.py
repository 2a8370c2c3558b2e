"""Measure what a build costs and weighs, and what a learner's pass costs the LMS: build
time, zip sizes, the runtime's size, the worst-case saved state, the peak memory of a build with
a large video, and the API calls and commits
of a full pass in Chromium under the test LMS's Moodle profile (benchmarks/tracking.py).

    python benchmarks/bench.py                 # every course under courses/
    python benchmarks/bench.py courses/x ...   # named courses
    python benchmarks/bench.py --runs 5
    python benchmarks/bench.py --no-browser    # the build measures only

Numbers are printed, never asserted: timing depends on the machine.
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build_course  # noqa: E402
from builder.errors import BuildFailed  # noqa: E402
from builder.render import THEME_OUT  # noqa: E402
from builder.state import SCORM12_LIMIT, worst_case_state  # noqa: E402

import tracking  # noqa: E402  (benchmarks/tracking.py)


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def command_line_times(courses: list[Path], formats: list[str], runs: int) -> tuple[float, float]:
    """Median seconds of `python -m builder build` for the courses, and of the floor."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        out, floor_out = Path(tmp) / "out", Path(tmp) / "floor"
        floor_out.mkdir()
        command = [sys.executable, "-m", "builder", "build", *map(str, courses), "--out", str(out), "-q"]
        for fmt in formats:
            command += ["--format", fmt]
        builds, floors = [], []
        for _ in range(max(runs, 3)):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True)
            builds.append(time.perf_counter() - started)
            zips = sorted(str(z) for z in out.glob("*.zip"))
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(floor_out),
                            ",".join(map(str, courses)), *zips], check=True)
            floors.append(time.perf_counter() - started)
    return statistics.median(builds), statistics.median(floors)


def peak_memory_mb(tmp: Path, media_mb: int) -> float:
    """Build the example course in a fresh process, with a video of this size linked from a
    lesson, and return the process's peak memory."""
    course = tmp / f"course-{media_mb}"
    shutil.copytree(ROOT / "docs" / "example-course", course)
    if media_mb:
        with (course / "images" / "video.mp4").open("wb") as fh:
            for _ in range(media_mb):
                fh.write(os.urandom(1024 * 1024))
        with (course / "lessons" / "02-lessons-and-checks.md").open("a") as fh:
            fh.write("\n[A video](../images/video.mp4)\n")
    script = ("import resource, sys; from builder import cli; code = cli.main(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", script, "build", str(course), "--out", str(tmp / "out"), "-q"],
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, check=True)
    return int(result.stdout.split()[-1]) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("courses", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="builds per course and format (median is shown)")
    parser.add_argument("--no-browser", action="store_true", help="skip the full passes in Chromium")
    args = parser.parse_args(argv)
    courses = args.courses or sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))
    if not courses:
        courses = [ROOT / "docs" / "example-course"]

    out = Path(tempfile.mkdtemp(prefix="coursesmith-bench-"))
    print(f"{'course':32} {'format':10} {'build (median)':>15} {'zip':>10} {'files':>6} {'suspend_data (worst)':>21}")
    runtime = None
    zips = []
    for course in courses:
        for fmt in ("scorm12", "scorm2004"):
            times = []
            result = None
            for _ in range(args.runs):
                started = time.perf_counter()
                try:
                    result = build_course(course, [fmt], out)
                except BuildFailed as exc:
                    print(f"{course}: build failed ({len(exc.problems.errors)} errors)")
                    return 1
                times.append(time.perf_counter() - started)
            output = result.outputs[0]
            runtime = output.files
            zips.append((course, result.course.id, fmt, output.target))
            worst = len(worst_case_state(result.course))
            print(f"{result.course.id:32} {fmt:10} {statistics.median(times) * 1000:>12.0f} ms "
                  f"{kb(output.size):>10} {len(output.files):>6} {worst:>9} of {SCORM12_LIMIT} chars")
    print()
    print("Runtime shipped in every module:")
    for name in sorted(runtime):
        if name.startswith(THEME_OUT + "/"):
            data = runtime[name] if isinstance(runtime[name], bytes) else runtime[name].read_bytes()
            print(f"  {name:28} {kb(len(data)):>10} ({kb(len(gzip.compress(data, 9, mtime=0)))} gzipped)")
    print()
    print("Build time from the command line (fresh processes, median), beside the floor (reading the")
    print("sources and writing the same zips, nothing else):")
    all_courses = sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))
    if all_courses:
        for label, chosen, formats in (("one module, SCORM 1.2", all_courses[-1:], ["scorm12"]),
                                       (f"{len(all_courses)} modules, both versions", all_courses,
                                        ["scorm12", "scorm2004"])):
            build_s, floor_s = command_line_times(chosen, formats, args.runs)
            print(f"  {label:32} build {build_s * 1000:>6.0f} ms   floor {floor_s * 1000:>6.0f} ms   "
                  f"({build_s / floor_s:.1f} times the floor)")
    print()
    print("Peak memory of a build (the example course, alone and with a large video beside it):")
    with tempfile.TemporaryDirectory() as tmp:
        for label, media_mb in (("without media", 0), ("with a 64 MB video", 64)):
            print(f"  {label:24} {peak_memory_mb(Path(tmp), media_mb):>6.0f} MB")
    if not args.no_browser:
        print()
        print("A learner's full pass, under the test LMS's Moodle profile:")
        why = tracking.missing()
        if why:
            print(f"  not measured: {why}")
        else:
            builds = [(course, path, "1.2" if fmt == "scorm12" else "2004") for course, _, fmt, path in zips]
            tracking.report(tracking.measure(builds))
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
