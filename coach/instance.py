"""One owner of the database: the desktop window holds a lock on a file in the data folder
for as long as it is open, so a second window started at once can say so and leave the
data alone.

The lock is an OS lock on an open file (flock on POSIX, msvcrt.locking on Windows), not
the file's existence: the OS drops it when the process ends however it ends, so a killed
app never leaves a stale lock behind. The file itself is never deleted — unlinking it while
another process waits on it would let two processes each lock a different file.

The command line keeps working beside an open window (SQLite's WAL lets them share the
database); only commands that replace or delete the database file (restore, forget) take
the lock and refuse while the window is open.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from coach.errors import CoachError
from coach.paths import not_writable

LOCK_NAME = "callcoach.lock"

# Locks this process holds, by lock-file path: a second lock from the same process would
# conflict with its own (flock belongs to an open file, not a process), so code that runs
# inside the window (a restore from the start-up dialog) asks here first.
_held: dict[Path, int] = {}
_guard = threading.Lock()


class AlreadyOpen(CoachError):
    """Another Call Coach window owns this data folder."""


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_NAME


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """The data folder's lock. `acquire()` never waits: it says whether we own it now."""

    def __init__(self, data_dir: Path):
        self.path = lock_path(data_dir).resolve()
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        with _guard:
            if self.path in _held:  # this process owns it already (another object)
                return False
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise not_writable(self.path.parent, exc) from exc
            if not _try_lock(fd):
                os.close(fd)
                return False
            _held[self.path] = fd
            self._fd = fd
            return True

    def release(self) -> None:
        with _guard:
            if self._fd is None:
                return
            _held.pop(self.path, None)
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def held_here(data_dir: Path) -> bool:
    """This process (the window) owns the folder's lock."""
    with _guard:
        return lock_path(data_dir).resolve() in _held


def exclusive(data_dir: Path, doing: str) -> InstanceLock:
    """The lock for a command that must not run beside the window (`doing` names it for the
    message), or AlreadyOpen. Use it as a context manager. Inside the window's own process
    the window's lock stands in for it."""
    lock = InstanceLock(data_dir)
    if held_here(data_dir):
        return lock  # not held by this object, so leaving the block releases nothing
    if not lock.acquire():
        raise AlreadyOpen(f"Call Coach is already open on {data_dir}; close its window "
                          f"first, then {doing} again")
    return lock
