"""Opening the database file: private, in a folder we can write to, and readable.

A folder we can't write to raises FolderNotWritable before SQLite half-opens anything. A
file SQLite can't read (not a database, or a page that fails `PRAGMA quick_check`) is set
aside by coach.backup and DamagedDatabase raised, so nothing ever writes into it and
nothing silently replaces it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coach.paths import check_writable, not_writable

_UNWRITABLE = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM)
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only, before SQLite opens it, so the
    database (and the -wal/-shm files SQLite gives the same mode) is never world-readable."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    folder = path.parent
    check_writable(folder)
    try:
        _create_private(path)
    except PermissionError as exc:  # e.g. the file belongs to another user
        raise not_writable(folder, exc) from exc
    conn = None
    try:
        # isolation_level=None: Store issues BEGIN itself so every write is one explicit
        # transaction (sqlite3's implicit ones do not cover DDL in migrations).
        conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # quick_check reads every page (milliseconds for a job search's worth of data) but
        # skips the index cross-checks integrity_check adds
        row = conn.execute("PRAGMA quick_check").fetchone()
        problem = "" if row and row[0] == "ok" else str(row[0] if row else "no result")
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if conn is not None:
            conn.close()
        if code in _UNWRITABLE:
            raise not_writable(folder, exc) from exc
        if code not in _DAMAGED:
            raise
        problem = str(exc)
    if problem:
        if conn is not None:
            conn.close()
        from coach.backup import damaged  # coach.backup builds on coach.store, which needs us

        raise damaged(folder, problem)
    return conn
