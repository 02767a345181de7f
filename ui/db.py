"""The one Store the window uses, shared by worker threads.

How access is serialised: coach.store.Store opens its sqlite3 connection with
check_same_thread=False, which only switches off Python's thread check — a connection
still holds one transaction and one set of cursors at a time, and Store issues its own
BEGIN/COMMIT on it. So every use of the store goes through `Database.call`, which holds
one lock for the whole call: two workers never interleave statements or transactions.
It is an RLock so a function holding it may call another helper that takes it again.
The GUI thread never takes the lock while the window is open (all store work runs in
`run_task` workers); it does only at close, to write unsaved edits before the store shuts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ui.tasks import Done, Failed, run_task

T = TypeVar("T")


class Database:
    def __init__(self, store, data_dir: Path):
        self._store = store
        self.data_dir = Path(data_dir)
        self._lock = threading.RLock()

    @property
    def templates_dir(self) -> Path:
        return self.data_dir / "templates"

    def call(self, fn: Callable[[Any], T]) -> T:
        """Run `fn(store)` holding the lock (blocking: call it from a worker)."""
        with self._lock:
            return fn(self._store)

    def task(self, fn: Callable[[Any], Any], on_done: Done | None = None,
             on_error: Failed | None = None) -> None:
        """`fn(store)` on a worker, under the lock; callbacks on the GUI thread."""
        run_task(lambda: self.call(fn), on_done, on_error)

    def close(self) -> None:
        with self._lock:
            self._store.close()
