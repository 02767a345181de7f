"""Where Call Coach keeps the user's data: one private folder, chosen once."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "CALLCOACH_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: `--data-dir`, else $CALLCOACH_DATA_DIR, else the platform's user data
    folder. Created private (0700) if missing; an existing folder's mode is left alone."""
    chosen = override or os.environ.get(ENV_VAR) or platformdirs.user_data_dir(
        "call-coach", appauthor=False
    )
    path = Path(chosen).expanduser()
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is masked by umask
    elif not path.is_dir():
        from coach.errors import InvalidInput

        raise InvalidInput(f"data folder {path} is a file, not a folder")
    return path
