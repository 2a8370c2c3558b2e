"""Paths a course names stay inside its folder; names written into a package stay safe.

A course folder may come from someone else. Every file it names (lessons, the question
bank, the local information file, images, linked files, the logo, its theme and the theme's
files) must be inside its own folder once symbolic links are followed, so building it cannot
publish a file from elsewhere on the machine. Every name the builder writes into a zip or a
folder must be a plain relative path, so the package cannot write outside where it is unpacked.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .errors import Problems

DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot be a file's name inside a package, or None if it is a safe relative path:
    segments separated by '/', none empty, '.' or '..', no backslash, no drive letter or colon,
    no control character, and not absolute."""
    if not name:
        return "the name is empty"
    if "\\" in name:
        return "it contains a backslash"
    if name.startswith("/"):
        return "it is an absolute path"
    if DRIVE.match(name) or ":" in name:
        return "it contains a colon (a drive letter or a stream name on Windows)"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it contains a control character"
    parts = name.split("/")
    if any(p == "" for p in parts):
        return "it has an empty part (two '/' in a row, or a '/' at the end)"
    if any(p in (".", "..") for p in parts):
        return "it has a '.' or '..' part"
    return None


def check_package_names(files, problems: Problems, file: Path) -> None:
    """Report every name in `files` that is not a safe relative path."""
    for name in sorted(files):
        reason = unsafe_name(name)
        if reason:
            problems.error(file, None, f"the package would hold a file named '{name}': {reason}",
                           "rename the file or folder so its path, relative to its folder, uses only "
                           "plain names separated by '/'")


def require_safe_name(name: str) -> str:
    """The last guard before writing: refuse (as a fault in the builder) an unsafe name."""
    reason = unsafe_name(name)
    if reason:
        raise ValueError(f"refusing to write the file '{name}' into a package: {reason}")
    return name


def resolve_inside(path: Path, folder: Path) -> tuple[Path | None, str | None]:
    """(the real path, None) if `path` is inside `folder` once links are followed; else
    (None, why): "outside" (by '..' or an absolute path), "link" (a symbolic link leads
    outside), "loop" (links that lead round in a loop) or what the system said."""
    try:
        real = path.resolve()
        real_folder = folder.resolve()
    except RuntimeError:  # a loop, before Python 3.13
        return None, "loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "loop"
        if exc.errno == errno.ENAMETOOLONG:
            return None, "has a name too long for this computer"
        return None, f"cannot be used ({(exc.strerror or str(exc)).lower()})"
    try:
        real.stat()
    except OSError as exc:  # a missing file is the caller's to report; a name too long is not
        if exc.errno == errno.ENAMETOOLONG:
            return None, "has a name too long for this computer"
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            return None, f"cannot be used ({(exc.strerror or str(exc)).lower()})"
    if real == real_folder or real_folder in real.parents:
        return real, None
    written = Path(os.path.normpath(os.path.abspath(path)))
    plain_folder = Path(os.path.normpath(os.path.abspath(folder)))
    if written == plain_folder or plain_folder in written.parents or real_folder in written.parents:
        return None, "link"
    return None, "outside"


def inside(path: Path, folder: Path, problems: Problems, file: Path, line: int | None, what: str,
           folder_name: str = "the course folder") -> Path | None:
    """The real path of `path` if it is inside `folder` after links; else None, after
    reporting a problem at file:line. `what` names the file as the author wrote it, like
    "lesson file 'lessons/01.md'"."""
    real, why = resolve_inside(Path(path), Path(folder))
    if why == "loop":
        problems.error(file, line, f"the {what} is a symbolic link that leads round in a loop",
                       "replace the link with the file itself")
    elif why == "link":
        problems.error(file, line, f"the {what} is a symbolic link to a file outside {folder_name}",
                       f"copy the file into {folder_name} instead of linking to it")
    elif why == "outside":
        problems.error(file, line, f"the {what} is outside {folder_name}",
                       f"keep every file the course uses inside {folder_name}, and name it by a path "
                       "relative to it (no '../' and no absolute paths)")
    elif why:
        problems.error(file, line, f"the {what} {why}",
                       "give the file a shorter name" if "too long" in why
                       else "check the path, and that you may read the file")
    return real


def file_problem(path: Path) -> str:
    """Why a path cannot be read as a file, in words for the author; '' when it can."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "is a link to a file that does not exist" if path.is_symlink() else "does not exist"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "has a name too long for this computer"
        if exc.errno == errno.ELOOP:
            return "is a link that leads round in a loop"
        return f"cannot be read ({exc.strerror.lower() if exc.strerror else exc})"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not an ordinary file"
    return ""
