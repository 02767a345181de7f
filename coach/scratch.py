"""Scratch folders for work in progress that is not kept: the script read aloud, the
turns of a role-play call. Each is private (0700, tempfile's default) and removed when its
owner is done; but a killed or crashed process leaves its folder behind, and in a role-play
one that holds the user's own voice. So the folder's name carries the process id, and
`sweep()` (run when the desktop app starts, and by "Delete all my data") removes the ones
whose process is gone."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

PREFIX = "callcoach-"
_OURS = re.compile(rf"^{PREFIX}([a-z]+)-(\d+)-")


def folder(purpose: str) -> tempfile.TemporaryDirectory:
    """A scratch folder for `purpose` ("rehearse", "roleplay"), removed with the object."""
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{purpose}-{os.getpid()}-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's
        return True
    return True


def sweep(where: str | os.PathLike | None = None) -> list[Path]:
    """Remove the scratch folders of processes that are gone; returns what was removed.
    POSIX only: on Windows os.kill(pid, 0) would send Ctrl+C instead of asking (and the
    system's Storage Sense empties the temp folder there)."""
    if sys.platform == "win32":
        return []
    removed = []
    base = Path(where or tempfile.gettempdir())
    try:
        entries = list(base.iterdir())
    except OSError:
        return []
    for path in entries:
        m = _OURS.match(path.name)
        if not m or int(m.group(2)) == os.getpid() or _alive(int(m.group(2))):
            continue
        try:
            if path.is_dir() and not path.is_symlink() and path.stat().st_uid == os.getuid():
                shutil.rmtree(path)
                removed.append(path)
        except OSError:
            pass
    return removed
