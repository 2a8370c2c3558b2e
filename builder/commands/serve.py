"""`coursesmith serve`: preview a course in the browser while writing it."""
from __future__ import annotations

import sys
import time

DESCRIPTION = ("Preview a course in your web browser while you write it. The course is built in memory "
               "(nothing is written to output/) and played inside a preview learning platform that shows "
               "what the module records. Save a file and the preview rebuilds and reloads on the same page; "
               "a mistake is shown in the page with its file and line. The preview is on this computer "
               "only: nothing is sent anywhere. Stop it with Ctrl+C.")


def _port(value: str) -> int:
    import argparse
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port: give a number from 1024 to 65535, like 8001")
    return port


def add_arguments(parser) -> None:
    parser.add_argument("course", nargs="?", default=".", metavar="COURSE_DIR",
                        help="the course folder, or its course.yaml (default: the current folder)")
    parser.add_argument("--port", "-p", type=_port, default=8000,
                        help="the port to serve on, at http://127.0.0.1:PORT/ (default: 8000; 0 picks a free one)")
    parser.add_argument("--scorm", choices=["1.2", "2004"], default="1.2",
                        help="the SCORM version to preview (default: 1.2, what Moodle supports best)")
    parser.add_argument("--open", action="store_true", help="open the preview in your web browser")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args) -> int:
    from pathlib import Path

    from ..preview.server import PreviewServer
    from . import course_dirs

    course_dir = course_dirs([args.course])[0]
    if not (course_dir / "course.yaml").is_file():
        print(f"{course_dir}: error: there is no course.yaml here\n    hint: name a course folder, "
              "like 'coursesmith serve courses/my-course'", file=sys.stderr)
        return 1
    base = Path.cwd()

    def log(build, changed):
        stamp = time.strftime("%H:%M:%S")
        if build.ok:
            if not args.quiet:
                print(f"{stamp} rebuilt in {build.seconds * 1000:.0f} ms", flush=True)
        else:
            print(f"{stamp} the course has {sum(p.level == 'error' for p in build.problems)} error(s); "
                  "the preview shows them:", file=sys.stderr, flush=True)
        for problem in build.problems:
            if build.ok and args.quiet and problem.level != "error":
                continue
            print(problem.format(base), file=sys.stderr, flush=True)

    try:
        server = PreviewServer(course_dir, args.scorm, args.port, log=log)
    except OSError as exc:
        print(f"error: cannot serve on port {args.port}: {exc.strerror or exc}\n    hint: another program "
              f"may be using it: try another port, like --port {args.port + 1 if args.port else 8001}",
              file=sys.stderr)
        return 1
    build = server.preview.build
    log(build, []) if not build.ok or build.problems else None
    print(f"Previewing {course_dir} (SCORM {args.scorm}) at {server.url}\nPress Ctrl+C to stop.", flush=True)
    if args.open:
        import webbrowser
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.close()
    return 0
