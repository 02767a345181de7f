"""Delete all my data: the database, its backups and damaged copies, the practice
recordings and the user's own templates — for good.

Only what Call Coach put in the data folder is removed, by name, never the folder's whole
contents: `--data-dir` may point at a folder that holds other things too. The empty lock
file stays (it holds no data, and deleting a lock file another process may be opening is a
race). The desktop app's unsaved draft is a file here too (coach/drafts.py); its
preferences live in Qt's settings, and the app's own "Delete all my data" resets those.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from coach import drafts, instance, scratch
from coach.backup import BACKUPS, PREFIX, SIDE_FILES, SUFFIX
from coach.store import DB_NAME
from coach.takes import TAKES  # the recordings folder; only ours inside

TEMPLATES = "templates"


@dataclass
class Erased:
    database: bool = False
    backups: int = 0
    recordings: int = 0
    templates: int = 0
    damaged: int = 0
    drafts: int = 0
    problems: list[str] = field(default_factory=list)  # files that could not be removed

    def summary(self) -> str:
        parts = [("the database" if self.database else "no database"),
                 f"{self.backups} backup(s)", f"{self.recordings} recording(s)",
                 f"{self.templates} template(s)"]
        if self.damaged:
            parts.append(f"{self.damaged} damaged database file(s)")
        if self.drafts:
            parts.append("an unsaved draft")
        return "Deleted " + ", ".join(parts)


def _remove(path: Path, erased: Erased) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        erased.problems.append(f"{path}: {exc.strerror or exc}")
        return False
    return True


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:  # missing, or something of the user's is still in it
        pass


def erase(data_dir: Path) -> Erased:
    """Remove Call Coach's files from `data_dir`. The caller makes sure nothing has the
    database open (the window is closed, or `forget` below holds the lock)."""
    folder = Path(data_dir)
    done = Erased()
    db = folder / DB_NAME
    for side in SIDE_FILES:
        _remove(Path(f"{db}{side}"), done)
    done.database = _remove(db, done)
    for kept in folder.glob(f"{DB_NAME}.corrupt-*"):
        done.damaged += _remove(kept, done) and not kept.name.endswith(SIDE_FILES)
    for part in folder.glob(f".{DB_NAME}*"):  # a restore or copy a crash interrupted
        _remove(part, done)
    backups = folder / BACKUPS
    if backups.is_dir():
        for b in [*backups.glob(f"{PREFIX}*{SUFFIX}"), *backups.glob(f".{PREFIX}*.part")]:
            done.backups += _remove(b, done) and b.suffix == SUFFIX
        _rmdir_if_empty(backups)
    takes = folder / TAKES
    if takes.is_dir():
        for f in takes.iterdir():  # the folder holds recordings only (README says so)
            done.recordings += _remove(f, done)
        _rmdir_if_empty(takes)
    for draft in [folder / drafts.NEW_APPLICATION, *folder.glob(f".{drafts.NEW_APPLICATION}.*")]:
        done.drafts += _remove(draft, done) and draft.name == drafts.NEW_APPLICATION
    scratch.sweep()  # a killed run's read-aloud or role-play turns in the temp folder
    templates = folder / TEMPLATES
    if templates.is_dir():
        for t in templates.glob("*.toml"):
            done.templates += _remove(t, done)
        _rmdir_if_empty(templates)
    return done


def forget(data_dir: Path) -> Erased:
    """`erase`, refusing while the desktop window has the data open."""
    with instance.exclusive(data_dir, "delete your data"):
        return erase(data_dir)
