"""Writing files all at once or not at all, so a crash or a full disk never leaves half a
file where a whole one is expected: the files the user asked for (exports, printouts),
with their usual permissions, and private ones in the data folder (the unsaved draft)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def _atomic(dest: str | os.PathLike, fill: Callable[[IO[bytes]], None],
            private: bool = False, durable: bool = True) -> Path:
    """Write through a temporary file beside `dest` (fsynced if `durable`), then rename it
    into place. `private` keeps mkstemp's 0600; otherwise the user's usual permissions."""
    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # the user's usual permissions for a file they chose
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def write_atomic(path: str | os.PathLike, text: str, private: bool = False,
                 durable: bool = True) -> Path:
    """Write `text` as UTF-8, line ends exactly as given (an .ics needs CRLF everywhere)."""
    return _atomic(path, lambda out: out.write(text.encode("utf-8")), private, durable)


def copy_atomic(src: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Copy `src` to `dest`."""
    def fill(out: IO[bytes]) -> None:
        with open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)

    return _atomic(dest, fill)
