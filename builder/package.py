"""Write a module to disk: deterministic zips and folders, moved into place only when whole."""
from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .paths import require_safe_name

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of the files with sorted entries, fixed times and permissions: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(require_safe_name(name), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permission bits below are read
            info.external_attr = (0o100644 & 0xFFFF) << 16
            zf.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def write_file_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder_atomic(target: Path, files: dict[str, bytes]) -> None:
    """Write a folder beside the target, then swap it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        os.chmod(tmp, 0o755)
        for name in sorted(files):
            path = tmp.joinpath(*require_safe_name(name).split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
