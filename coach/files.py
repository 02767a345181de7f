"""Writing files the user asked for (exports, printouts): all of it or nothing, so a crash
or a full disk never leaves half a file where they expect a whole one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def _atomic(dest: str | os.PathLike, fill: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temporary file beside `dest` (fsynced), then rename it into place."""
    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
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


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write `text` as UTF-8, line ends exactly as given (an .ics needs CRLF everywhere)."""
    return _atomic(path, lambda out: out.write(text.encode("utf-8")))


def copy_atomic(src: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Copy `src` to `dest`."""
    def fill(out: IO[bytes]) -> None:
        with open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)

    return _atomic(dest, fill)
