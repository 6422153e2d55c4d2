"""Foundation: writing output files atomically (a temporary file beside the target, then
a rename), so a reader sees either the old file or the whole new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import InputError


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write DATA to a temporary file beside PATH, then rename it over PATH: PATH is
    either the old file or the whole new one. A file system problem is an InputError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except (FileExistsError, NotADirectoryError):
        raise InputError(f"cannot write: {path.parent} is not a folder", str(path)) from None
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise InputError(f"cannot write: {err.strerror or err}", str(path)) from None
        raise
    return path
