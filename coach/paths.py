"""Where Call Coach keeps the user's data: one private folder, chosen once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from coach.errors import CoachError

ENV_VAR = "CALLCOACH_DATA_DIR"


class FolderNotWritable(CoachError):
    """The data folder can't be created or written: nothing can be saved there."""


def chosen_dir(override: str | os.PathLike | None = None) -> Path:
    """The folder `data_dir(override)` would use, without creating it."""
    chosen = override or os.environ.get(ENV_VAR) or platformdirs.user_data_dir(
        "call-coach", appauthor=False
    )
    return Path(chosen).expanduser()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: `--data-dir`, else $CALLCOACH_DATA_DIR, else the platform's user data
    folder. Created private (0700) if missing; an existing folder's mode is left alone."""
    path = chosen_dir(override)
    if not path.exists():
        try:
            path.mkdir(parents=True, mode=0o700)
            os.chmod(path, 0o700)  # mkdir's mode is masked by umask
        except OSError as exc:
            raise FolderNotWritable(
                f"Call Coach can't create its data folder {path} ({exc.strerror or exc}); "
                "check the permissions of the folder above it, or use another data folder "
                "(callcoach --data-dir DIR)") from exc
    elif not path.is_dir():
        from coach.errors import InvalidInput

        raise InvalidInput(f"data folder {path} is a file, not a folder")
    return path


def check_writable(folder: Path) -> None:
    """Raise FolderNotWritable unless a file can be created in `folder`. Tried for real
    rather than with os.access, which is wrong for root, ACLs and read-only mounts."""
    if not folder.is_dir():
        raise FolderNotWritable(f"the data folder {folder} doesn't exist (or isn't a folder)")
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-check-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise not_writable(folder, exc) from exc


def not_writable(folder: Path, exc: BaseException) -> FolderNotWritable:
    reason = getattr(exc, "strerror", None) or str(exc)
    return FolderNotWritable(
        f"Call Coach can't write to its data folder {folder} ({reason}), so nothing you do "
        "could be saved; give yourself write access to it, or use another data folder "
        "(callcoach --data-dir DIR)")
