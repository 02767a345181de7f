"""Where practice takes live on disk: <data>/takes, one recording per take, and keeping one.

The desktop app records straight into this folder; `callcoach analyze --keep` copies a
take that was recorded elsewhere into it, so the History page and `callcoach print
--what report` find it like any other."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from coach.files import copy_atomic
from coach.models import Take

TAKES = "takes"


def take_path(data_dir: Path, app_id: int, suffix: str = ".wav") -> Path:
    """A new file under <data>/takes named by application and time (never an existing one).
    The folder is private: recordings are the user's own voice."""
    folder = Path(data_dir) / TAKES
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"app{app_id}-{stamp}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"app{app_id}-{stamp}-{n}{suffix}"
        n += 1
    return path


def copy_path(data_dir: Path, app_id: int, recording: Path) -> Path:
    """Where a copy of `recording` goes in the takes folder: a new name, the recording's
    own format (a FLAC stays a FLAC)."""
    return take_path(data_dir, app_id, suffix=Path(recording).suffix.lower() or ".wav")


def keep_take(store, app_id: int, audio_path, report: dict, variant: str = "",
              script_version: int | None = None) -> Take:
    """Store a take whose recording is already in the takes folder, with its report."""
    return store.add_take(Take(app_id, str(audio_path), report, variant, script_version))


def keep_copy(store, data_dir: Path, app_id: int, recording: Path, report: dict,
              variant: str = "", script_version: int | None = None) -> Take:
    """Copy `recording` into the takes folder (whole or not at all) and keep it with its
    report (`copy_path`)."""
    dest = copy_path(data_dir, app_id, recording)
    copy_atomic(recording, dest)
    try:
        return keep_take(store, app_id, dest, report, variant, script_version)
    except BaseException:
        dest.unlink(missing_ok=True)  # no take row, no orphan recording
        raise
