"""The preview server: the course's module and the preview page, on this machine only.

    /                    the preview page (static/index.html): the preview LMS and its panel
    /_preview/NAME       the preview page's own files (static/)
    /_preview/events     Server-Sent Events: "rebuilt" and "error", each with the build as JSON
    /_preview/build      the latest build as JSON (what the events carry)
    /module/NAME         the module's files, from the latest build (held in memory)

Nothing else is served: every name is looked up in a fixed table (the module's files, the
preview's files), never joined to a folder path, so no request can reach another file. The
server binds to 127.0.0.1 only and answers only requests addressed to it by that name or as
localhost (a web page elsewhere cannot reach it through a DNS trick).
"""
from __future__ import annotations

import http.server
import json
import mimetypes
import os
import shutil
import threading
import time
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import Build, PreviewBuilder
from .watch import Watcher

HOST = "127.0.0.1"
MODULE = "/module/"
OWN = "/_preview/"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".json": "application/json", ".mp4": "video/mp4", ".webm": "video/webm", ".vtt": "text/vtt",
         ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp", ".mp3": "audio/mpeg"}
KEEPALIVE = 15.0  # seconds between comments on an idle event stream


def static_files() -> dict[str, bytes]:
    """The preview page's own files, read from the installed package."""
    root = resources.files(__package__).joinpath("static")
    return {entry.name: entry.read_bytes() for entry in root.iterdir() if entry.is_file()}


def content_type(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


class Preview:
    """The state the server shares between its threads: the latest build, and who listens."""

    def __init__(self, course_dir: Path, scorm: str = "1.2", interval: float = 0.025, log=None):
        self.course_dir = Path(course_dir)
        self.scorm = scorm
        self.builder = PreviewBuilder(self.course_dir, scorm)
        self.static = static_files()
        self.log = log or (lambda build, changed: None)
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.build: Build | None = None
        self.watcher = Watcher(self._paths, self._rebuild, interval)
        self.watcher.mark()
        started = time.time()
        self.build = self.builder.build()
        self.build.detected = started

    def _paths(self) -> list[Path]:
        """What to watch: the course folder, and the theme's folders when the build found them."""
        theme = self.build.theme if self.build else None
        return [self.course_dir] + (list(theme.dirs) if theme else [])

    def _rebuild(self, seen_at: float, changed: list[str]) -> None:
        build = self.builder.build()
        if not build.ok and self.watcher.still_changing():
            return  # caught in the middle of a save: the watcher sees the rest and builds again
        build.detected = seen_at
        with self.changed:
            self.build = build
            self.changed.notify_all()
        self.log(build, changed)

    def event(self, build: Build | None = None) -> tuple[str, str]:
        """The event for a build: its name ("rebuilt" or "error") and its JSON."""
        build = build or self.build
        base = self.course_dir.resolve()
        problems = []
        for p in build.problems:
            try:
                file = Path(p.file).resolve().relative_to(base).as_posix()
            except (ValueError, OSError, RuntimeError):
                file = str(p.file)
            problems.append({"file": file, "line": p.line, "column": p.column, "level": p.level,
                             "message": p.message, "hint": p.hint})
        data = {"build": build.number, "ok": build.ok, "ms": round(build.seconds * 1000),
                "detected": build.detected, "problems": problems}
        if build.course is not None:
            data["course"] = {"id": build.course.id, "title": build.course.title}
        return ("rebuilt" if build.ok else "error"), json.dumps(data)

    def page(self) -> bytes:
        """The preview page, with its settings."""
        config = json.dumps({"scorm": self.scorm, "folder": self.course_dir.resolve().name})
        text = self.static["index.html"].decode("utf-8")
        config = config.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        text = text.replace("{{config}}", config)
        return text.encode("utf-8")

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.stopping.set()
        self.watcher.stop()
        with self.changed:
            self.changed.notify_all()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "coursesmith-preview"
    protocol_version = "HTTP/1.1"
    # Every write goes out at once: with Nagle's algorithm, a response's body waits for the
    # browser's delayed acknowledgement of its headers (40 ms a file, on Linux).
    disable_nagle_algorithm = True
    preview: Preview  # set on the class made for each server

    def log_message(self, *args):  # the console shows builds, not requests
        pass

    def _allowed_host(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        port = self.server.server_address[1]
        return host in (f"{HOST}:{port}", f"localhost:{port}")

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        if not self._allowed_host():
            return self._send(403, b"Forbidden: this preview answers only at its own address.", "text/plain")
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            return self._send(200, self.preview.page(), content_type("index.html"), head)
        if path == OWN + "events":
            return self._events()
        if path == OWN + "build":
            return self._send(200, self.preview.event()[1].encode(), content_type("build.json"), head)
        if path.startswith(OWN):
            data = self.preview.static.get(path[len(OWN):])
            if data is not None:
                return self._send(200, data, content_type(path), head)
        elif path.startswith(MODULE):
            return self._module(path[len(MODULE):], head)
        self._send(404, b"Not found", "text/plain", head)

    def _module(self, name: str, head: bool):
        build = self.preview.build
        if not build.ok:
            body = ("<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>Build failed</title>"
                    "<p>The course has problems: the preview lists them.</p></html>").encode()
            return self._send(503, body, content_type("index.html"), head)
        data = build.files.get(name or "index.html")
        if data is None:
            return self._send(404, b"Not found", "text/plain", head)
        if isinstance(data, Path):  # a course file (an image, a video): sent from disk, in pieces
            try:
                fh = data.open("rb")
            except OSError:
                return self._send(404, b"Not found", "text/plain", head)
            with fh:
                size = os.fstat(fh.fileno()).st_size
                self._send_headers(200, size, content_type(name))
                if not head:
                    shutil.copyfileobj(fh, self.wfile, 1024 * 1024)
            return
        self._send(200, data, content_type(name or "index.html"), head)

    def _send_headers(self, status: int, length: int, ctype: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str, head: bool = False):
        self._send_headers(status, len(body), ctype)
        if not head:
            self.wfile.write(body)

    def _events(self):
        """Server-Sent Events: the current build at once, then each new one as it comes."""
        preview = self.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = None
        try:
            while not preview.stopping.is_set():
                with preview.changed:
                    if preview.build is sent:
                        preview.changed.wait(KEEPALIVE)
                    build = preview.build
                if build is sent:
                    self.wfile.write(b": still here\n\n")
                else:
                    name, data = preview.event(build)
                    self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
                    sent = build
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass


class PreviewServer:
    """The server and its watcher, started together; `url` is where to open it."""

    def __init__(self, course_dir: Path, scorm: str = "1.2", port: int = 8000, interval: float = 0.025, log=None):
        self.preview = Preview(course_dir, scorm, interval, log)
        handler = type("PreviewHandler", (Handler,), {"preview": self.preview})
        self.httpd = http.server.ThreadingHTTPServer((HOST, port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}/"
        self._thread: threading.Thread | None = None

    def start(self) -> "PreviewServer":
        self.preview.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="preview-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.preview.start()
        self.httpd.serve_forever()

    def close(self) -> None:
        self.preview.stop()
        self.httpd.shutdown() if self._thread else None
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
