"""Write modules to disk: deterministic zips and folders, staged beside their targets and moved
into place together, only when every output of the run was written whole.

A file of a module is given either as bytes (the pages and the runtime, made in memory) or as
the Path of a course file (images and other media), which is copied in chunks, so memory stays
flat however large the media are.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Union

try:  # a lock on the output folder, where the system has one (not on Windows)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

from .paths import require_safe_name

FileSource = Union[bytes, Path]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
CHUNK = 1024 * 1024


class WriteFailed(Exception):
    """Writing an output failed (a full disk, a quota, a file-size limit): nothing was moved."""

    def __init__(self, target: Path, error: OSError):
        super().__init__(f"{target}: {error.strerror or error}")
        self.target, self.error = target, error


def source_size(data: FileSource) -> int:
    return data.stat().st_size if isinstance(data, Path) else len(data)


def _set_level(info: zipfile.ZipInfo, level: int) -> None:
    """The compression level of one entry: `compress_level` from Python 3.13, `_compresslevel` before."""
    try:
        info.compress_level = level
    except AttributeError:
        info._compresslevel = level


def write_zip(fh, files: dict[str, FileSource]) -> None:
    """A zip of the files with sorted entries, fixed times and permissions: same input, same bytes."""
    with zipfile.ZipFile(fh, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(require_safe_name(name), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permission bits below are read
            info.external_attr = (0o100644 & 0xFFFF) << 16
            _set_level(info, 9)
            data = files[name]
            if isinstance(data, Path):
                # Streamed, so a large file is never held in memory (force_zip64: size unknown up front).
                with data.open("rb") as src, zf.open(info, "w", force_zip64=source_size(data) > 2**31) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
            else:
                zf.writestr(info, data)


def zip_bytes(files: dict[str, FileSource]) -> bytes:
    """The zip in memory (for small modules and tests)."""
    import io
    buffer = io.BytesIO()
    write_zip(buffer, files)
    return buffer.getvalue()


def _write_file(path: Path, data: FileSource) -> None:
    if isinstance(data, Path):
        shutil.copyfile(data, path)
    else:
        path.write_bytes(data)


class Staged:
    """Outputs written beside their targets under temporary names, then moved in together."""

    def __init__(self):
        self.items: list[tuple[Path, Path]] = []  # (temporary, target)

    def zip(self, target: Path, files: dict[str, FileSource]) -> int:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.items.append((Path(tmp), target))
        with os.fdopen(fd, "wb") as fh:
            write_zip(fh, files)
        os.chmod(tmp, 0o644)
        return Path(tmp).stat().st_size

    def folder(self, target: Path, files: dict[str, FileSource]) -> int:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        self.items.append((tmp, target))
        os.chmod(tmp, 0o755)
        for name in sorted(files):
            path = tmp.joinpath(*require_safe_name(name).split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(path, files[name])
        return sum(source_size(d) for d in files.values())

    def discard(self) -> None:
        for tmp, _ in self.items:
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
        self.items = []

    def move_into_place(self) -> None:
        """Replace each target with its staged output, under a lock on the folder, so that two
        builds into one folder never leave it half-replaced or missing."""
        for tmp, target in self.items:
            with _locked(target.parent):
                if tmp.is_dir():
                    _replace_folder(tmp, target)
                else:
                    os.replace(tmp, target)
        self.items = []


@contextlib.contextmanager
def _locked(folder: Path):
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _replace_folder(tmp: Path, target: Path) -> None:
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / "previous")
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_outputs(outputs) -> None:
    """Write every output (with .target, .files, .format.is_zip) to temporary names, then move
    them all into place. Any write error leaves every target as it was and raises WriteFailed."""
    staged = Staged()
    try:
        for output in outputs:
            try:
                if output.format.is_zip:
                    output.size = staged.zip(output.target, output.files)
                else:
                    output.size = staged.folder(output.target, output.files)
            except OSError as exc:
                raise WriteFailed(output.target, exc) from exc
        staged.move_into_place()
    finally:
        staged.discard()


def write_file_atomic(target: Path, data: bytes) -> None:
    """Write one file to a temporary name beside the target, then rename it into place."""
    staged = Staged()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        staged.items.append((Path(tmp), target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        staged.move_into_place()
    finally:
        staged.discard()


def write_folder_atomic(target: Path, files: dict[str, FileSource]) -> None:
    """Write a folder beside the target, then swap it into place."""
    staged = Staged()
    try:
        staged.folder(target, files)
        staged.move_into_place()
    finally:
        staged.discard()
