"""Backups of the database, restoring one, and setting a damaged database aside.

Backups are made with SQLite's online backup API (a consistent copy even while the window
writes), into `<data>/backups/` (0700, files 0600), through a temporary file that is
checked, fsynced and renamed into place: a backup is whole or absent. The desktop app takes
one when it starts, at most once a day, and keeps the newest KEEP; copies kept aside by a
restore are never pruned. A database with nothing in it is not backed up, so a fresh start
after damage cannot push the last good backups out.

Restoring never loses data: the file is verified first (SQLite, `PRAGMA integrity_check`, a
schema version this Call Coach knows), the current database is kept as a backup, and only
then is the copy moved into place. A damaged database is moved aside under a dated name,
never deleted or silently replaced.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coach import instance, paths
from coach.errors import CoachError, InvalidInput, NotFound
from coach.store import DB_NAME, SCHEMA_VERSION

BACKUPS = "backups"
KEEP = 10
PREFIX = "callcoach-"
SUFFIX = ".sqlite3"
BEFORE_RESTORE = "-before-restore"
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file
TABLES = {"profile", "applications", "contacts", "scripts", "takes", "call_log"}
HEADER = b"SQLite format 3\x00"


class DamagedDatabase(CoachError):
    """The database can't be read. `kept`: where it was set aside (None if it could not be
    moved yet); `backup`: the newest backup that passes its checks, if any."""

    def __init__(self, message: str, kept: Path | None = None, backup: Path | None = None):
        super().__init__(message)
        self.kept, self.backup = kept, backup


@dataclass
class BackupInfo:
    path: Path
    schema: int
    applications: int
    modified: datetime


def backups_dir(data_dir: Path) -> Path:
    folder = Path(data_dir) / BACKUPS
    if not folder.is_dir():
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by umask
    return folder


def list_backups(data_dir: Path) -> list[Path]:
    """Every backup in the backups folder, newest first (names sort by time)."""
    folder = Path(data_dir) / BACKUPS
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.name, reverse=True)


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    n, candidate = 2, path
    while candidate.exists() or Path(f"{candidate}-wal").exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _fsync_dir(folder: Path) -> None:
    if os.name != "nt":  # Windows can't open a folder for fsync; its rename is durable
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check(conn: sqlite3.Connection, pragma: str = "quick_check") -> str:
    """'' when SQLite finds nothing wrong, else its first complaint."""
    rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    first = rows[0][0] if rows else "no result"
    return "" if first == "ok" else str(first)


def write_copy(source: sqlite3.Connection, dest: Path) -> Path:
    """Copy the database behind `source` to `dest` (0600) as one self-contained file: a
    temporary file beside it, checked and fsynced, then renamed over `dest`."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.part")
    tmp.unlink(missing_ok=True)  # left by a crash mid-copy: it was never a backup
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        out = sqlite3.connect(tmp)
        try:
            source.backup(out)
            # a copy of a WAL database is WAL too; a backup should need no companion files
            out.execute("PRAGMA journal_mode = DELETE")
            problem = _check(out)
        finally:
            out.close()
        if problem:
            raise InvalidInput(f"the copy came out damaged ({problem}); nothing was replaced")
        fd = os.open(tmp, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def backup_now(data_dir: Path, conn: sqlite3.Connection, out: Path | None = None,
               tag: str = "", now: datetime | None = None) -> Path:
    """A backup of `conn`'s database to `out` (a file, or a folder to put it in), or into
    the backups folder. `tag` marks copies the rotation never prunes."""
    name = f"{PREFIX}{_stamp(now)}{tag}{SUFFIX}"
    if out is None:
        dest = _unique(backups_dir(data_dir) / name)
    else:
        out = Path(out).expanduser()
        dest = out / name if out.is_dir() else out
        if not dest.parent.is_dir():
            raise NotFound(f"there is no folder {dest.parent} to put the backup in")
        live = Path(data_dir) / DB_NAME
        if dest.resolve() in {Path(f"{live}{s}").resolve() for s in ("", *SIDE_FILES)}:
            raise InvalidInput(f"{dest} is your database itself; choose another file")
    try:
        return write_copy(conn, dest)
    except PermissionError as exc:
        raise paths.not_writable(dest.parent, exc) from exc


def _has_data(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM applications) "
                             "OR EXISTS (SELECT 1 FROM profile)").fetchone()[0])


def auto_backup(data_dir: Path, conn: sqlite3.Connection, keep: int = KEEP,
                now: datetime | None = None) -> Path | None:
    """The start-up backup: taken unless one was made today or there is nothing to keep;
    then the oldest automatic ones beyond `keep` are removed. Returns the new file."""
    now = now or datetime.now()
    today = f"{PREFIX}{now:%Y%m%d}-"
    automatic = [p for p in list_backups(data_dir) if BEFORE_RESTORE not in p.name]
    if any(p.name.startswith(today) for p in automatic) or not _has_data(conn):
        return None
    made = backup_now(data_dir, conn, now=now)
    for old in [made, *automatic][keep:]:
        old.unlink(missing_ok=True)
    return made


def inspect(path: Path) -> BackupInfo:
    """Check that `path` is a whole Call Coach database this version can read; raise a
    CoachError saying what is wrong with it otherwise."""
    path = Path(path).expanduser()
    if not path.exists():
        raise NotFound(f"{path} doesn't exist")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give the backup file inside it")
    with open(path, "rb") as f:
        if f.read(len(HEADER)) != HEADER:
            raise InvalidInput(f"{path} is not a Call Coach backup: it isn't an SQLite "
                               "database")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problem = _check(conn, "integrity_check")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            apps = conn.execute("SELECT count(*) FROM applications").fetchone()[0] \
                if "applications" in tables else 0
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem:
        raise InvalidInput(f"{path} is damaged ({problem}); choose another backup "
                           "(callcoach backup --list shows them)")
    if version > SCHEMA_VERSION:
        raise InvalidInput(f"{path} was made by a newer Call Coach (schema {version}; this "
                           f"one reads up to {SCHEMA_VERSION}); update Call Coach first")
    if version < 1 or not TABLES <= tables:
        raise InvalidInput(f"{path} is an SQLite database, but not a Call Coach one")
    return BackupInfo(path, version, apps, datetime.fromtimestamp(path.stat().st_mtime))


def last_good(data_dir: Path) -> Path | None:
    """The newest backup that passes `inspect`."""
    for candidate in list_backups(data_dir):
        try:
            inspect(candidate)
        except CoachError:
            continue
        return candidate
    return None


def set_aside(db: Path, now: datetime | None = None) -> Path:
    """Move a damaged database (and its -wal/-shm, which belong to it) to a dated name
    beside it; the name keeps the companions matched, so SQLite can still open the set."""
    kept = _unique(db.with_name(f"{db.name}.corrupt-{_stamp(now)}"))
    for side in SIDE_FILES:
        if Path(f"{db}{side}").exists():
            os.replace(f"{db}{side}", f"{kept}{side}")
    os.replace(db, kept)
    _fsync_dir(db.parent)
    return kept


def command(data_dir: Path, *args: str) -> str:
    """The `callcoach` command line to suggest, naming the folder unless it is the default."""
    folder = [] if Path(data_dir).resolve() == paths.chosen_dir().resolve() else \
        ["--data-dir", str(data_dir)]
    return " ".join(["callcoach", *map(shlex.quote, [*folder, *args])])


def restore_command(backup: Path, data_dir: Path) -> str:
    return command(data_dir, "restore", str(backup))


def damaged(data_dir: Path, problem: str) -> DamagedDatabase:
    """Set the unreadable database aside (unless the window has it open) and the error that
    says where it went and how to get the last good backup back."""
    db = Path(data_dir) / DB_NAME
    try:
        with instance.exclusive(data_dir, "try"):
            kept = set_aside(db)
    except instance.AlreadyOpen:
        return DamagedDatabase(f"your data file {db} can't be read ({problem}); close Call "
                               "Coach's window so it can be set aside safely, then try again")
    good = last_good(data_dir)
    then = (f"restore your last good backup with: {restore_command(good, data_dir)}"
            if good else "there is no backup to restore, so Call Coach starts with empty "
            "data from now on")
    return DamagedDatabase(f"your data file couldn't be read ({problem}), so it was set aside "
                           f"as {kept} (nothing was deleted); {then}", kept, good)


def restore(source: Path, data_dir: Path, now: datetime | None = None):
    """Replace the database with the backup `source`. Returns (BackupInfo, where the data
    it replaced was kept — a backup, or the set-aside file if it was damaged — or None)."""
    info = inspect(source)
    data_dir = Path(data_dir)
    db = data_dir / DB_NAME
    with instance.exclusive(data_dir, "restore"):
        paths.check_writable(data_dir)
        incoming = data_dir / f".{DB_NAME}.restore"
        try:
            src = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                write_copy(src, incoming)
            finally:
                src.close()
        except sqlite3.Error as exc:  # e.g. a WAL file in a folder we may not write
            raise InvalidInput(f"couldn't read {info.path} ({exc}); nothing was changed"
                               ) from exc
        try:
            previous = _keep_current(data_dir, db, now) if db.exists() else None
            # The old -wal would be replayed onto the restored file; its pages are in the
            # copy just kept, so dropping it loses nothing.
            for side in SIDE_FILES:
                Path(f"{db}{side}").unlink(missing_ok=True)
            os.replace(incoming, db)
            _fsync_dir(data_dir)
        finally:
            incoming.unlink(missing_ok=True)
    return info, previous


def _keep_current(data_dir: Path, db: Path, now: datetime | None) -> Path | None:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if _check(conn):
                raise sqlite3.DatabaseError("damaged")
            if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return None  # an empty file: nothing to keep
            return backup_now(data_dir, conn, tag=BEFORE_RESTORE, now=now)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return set_aside(db, now)
