"""What the user typed and could not save yet (a new application without a role), kept
in the data folder beside the database: it belongs to that folder's data (another
`--data-dir` has its own), and "Delete all my data" removes it with the rest.

Written on every change, so nothing typed is lost to a crash: through a temporary file
and a rename, so the file is the old draft or the new one, never half of one. Not
fsynced: this runs as the user types, and a draft lost to a power cut is a small loss
(a damaged one is ignored by the reader)."""

from __future__ import annotations

from pathlib import Path

from coach import files

NEW_APPLICATION = "draft-new-application.json"


def read(data_dir: Path, name: str = NEW_APPLICATION) -> str | None:
    try:
        return (Path(data_dir) / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(data_dir: Path, text: str, name: str = NEW_APPLICATION) -> None:
    files.write_atomic(Path(data_dir) / name, text, private=True, durable=False)


def clear(data_dir: Path, name: str = NEW_APPLICATION) -> None:
    (Path(data_dir) / name).unlink(missing_ok=True)
