"""Measure what a build costs and weighs: build time, zip sizes, and the runtime's size.

    python benchmarks/bench.py                 # every course under courses/
    python benchmarks/bench.py courses/x ...   # named courses
    python benchmarks/bench.py --runs 5

Numbers are printed, never asserted: timing depends on the machine.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import prepare  # noqa: E402
from builder.errors import BuildFailed  # noqa: E402
from builder.render import THEME_OUT  # noqa: E402
from builder.state import SCORM12_LIMIT, worst_case_state  # noqa: E402


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("courses", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="builds per course and format (median is shown)")
    args = parser.parse_args(argv)
    courses = args.courses or sorted(p.parent for p in (ROOT / "courses").glob("*/course.yaml"))
    if not courses:
        courses = [ROOT / "docs" / "example-course"]
    out = Path("/nonexistent-benchmark-output")  # prepare() builds in memory; nothing is written

    print(f"{'course':32} {'format':10} {'build (median)':>15} {'zip':>10} {'files':>6} {'suspend_data (worst)':>21}")
    runtime = None
    for course in courses:
        for fmt in ("scorm12", "scorm2004"):
            times = []
            result = None
            for _ in range(args.runs):
                started = time.perf_counter()
                try:
                    result = prepare(course, [fmt], out)
                except BuildFailed as exc:
                    print(f"{course}: build failed ({len(exc.problems.errors)} errors)")
                    return 1
                times.append(time.perf_counter() - started)
            output = result.outputs[0]
            runtime = output.files
            worst = len(worst_case_state(result.course))
            print(f"{result.course.id:32} {fmt:10} {statistics.median(times) * 1000:>12.0f} ms "
                  f"{kb(output.size):>10} {len(output.files):>6} {worst:>9} of {SCORM12_LIMIT} chars")
    print()
    print("Runtime shipped in every module:")
    for name in sorted(runtime):
        if name.startswith(THEME_OUT + "/"):
            data = runtime[name]
            print(f"  {name:28} {kb(len(data)):>10} ({kb(len(gzip.compress(data, 9, mtime=0)))} gzipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
