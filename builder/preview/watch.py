"""Notice when a course file changes, by looking at every file's time and size a few times a
second (no extra package, and it works the same on every system and on network folders)."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable


def snapshot(folders: list[Path]) -> dict[str, tuple]:
    """Every file under the folders, with its modification time, size and inode. Hidden files
    and folders (.git, an editor's swap files) and backups ending in '~' are left out."""
    seen: dict[str, tuple] = {}
    for folder in folders:
        stack = [str(folder)]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or entry.name.endswith("~"):
                    continue
                try:
                    if entry.is_dir():
                        stack.append(entry.path)
                    else:
                        info = entry.stat()
                        seen[entry.path] = (info.st_mtime_ns, info.st_size, info.st_ino)
                except OSError:
                    continue
    return seen


def differences(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


class Watcher:
    """Calls `changed(seen_at, paths)` in its own thread after files under `folders()` change.

    If files change again while the build runs (an editor that saves in two steps), it builds
    again straight away, so the last build is always of what is on disk."""

    def __init__(self, folders: Callable[[], list[Path]], changed: Callable[[float, list[str]], None],
                 interval: float = 0.025):
        self.folders = folders
        self.changed = changed
        self.interval = interval
        self._stop = threading.Event()
        self._folders: list[Path] = []
        self._before: dict | None = None
        self._thread = threading.Thread(target=self._run, name="preview-watcher", daemon=True)

    def mark(self) -> None:
        """Take the files as they are now as the starting point (before the first build, so
        that a save during it is not missed)."""
        self._folders = self.folders()
        self._before = snapshot(self._folders)

    def start(self) -> None:
        if self._before is None:
            self.mark()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def still_changing(self, wait: float = 0.03) -> bool:
        """Whether the files change still (a save in progress), looking again after a moment.
        For the builder to ask before it reports a failed build: half a saved file is not a
        mistake to show."""
        if self._stop.wait(wait):
            return False
        return snapshot(self.folders()) != self._before

    def _run(self) -> None:
        folders, before = self._folders, self._before
        while not self._stop.is_set():
            started = time.perf_counter()
            now = self.folders()
            after = snapshot(now)
            changes = differences(before, after)
            if now != folders:  # a folder newly watched (the theme, once found) is not a change
                roots = tuple(os.path.join(str(f), "") for f in folders)
                changes = [c for c in changes if c.startswith(roots)]
                folders = now
                if not changes:
                    before = self._before = after
            if changes:
                before = self._before = after
                try:
                    self.changed(time.time(), changes)
                except Exception as exc:  # a fault in the builder must not stop the preview
                    import sys
                    print(f"internal error while rebuilding: {exc.__class__.__name__}: {exc}", file=sys.stderr)
                continue  # look again at once: the files may have changed during the build
            # A folder that takes long to look through is looked at less often.
            took = time.perf_counter() - started
            self._stop.wait(max(self.interval, took * 4))
