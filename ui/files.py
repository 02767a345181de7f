"""Writing files the user asked for (exports): all of it or nothing, so a crash or a full
disk never leaves half a file where they expect a whole one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def copy_atomic(src: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Copy `src` to `dest` through a temporary file beside `dest`, then rename it."""
    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # the user's usual permissions for a file they chose
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest
