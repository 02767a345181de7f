"""Autosave: write edits shortly after typing stops, one save at a time, and everything
still pending when the window closes.

The page gives a `snapshot()` that copies what is on screen (or None while it cannot be
saved yet, e.g. a new application without a company) and a blocking `save(snapshot)` run
on a worker under the database lock. A snapshot is taken when the save starts, so the page
may show something else right after; a save asked for while another runs waits its turn,
and only the newest waiting snapshot is written (each one is the whole form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui import tasks
from ui.db import Database

DELAY_MS = 1200


class Autosave(QObject):
    saved = Signal(object, object)  # snapshot, what save() returned
    failed = Signal(str)
    state_changed = Signal(str)  # "saving", "saved", "pending", "failed"

    def __init__(self, db: Database, snapshot: Callable[[], Any],
                 save: Callable[[Any, Any], Any], delay_ms: int = DELAY_MS, parent=None):
        super().__init__(parent)
        self._db, self._snapshot, self._save = db, snapshot, save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._dirty = False
        self._busy = False
        self._waiting: Any = None

    @property
    def pending(self) -> bool:
        return self._dirty or self._busy or self._waiting is not None

    def touch(self) -> None:
        """Something changed: save once typing has paused."""
        self._dirty = True
        self._timer.start()
        self.state_changed.emit("pending")

    def discard(self) -> None:
        """Forget unsaved changes that no longer apply (the thing was deleted)."""
        self._timer.stop()
        self._dirty = False
        self._waiting = None

    def save_now(self) -> None:
        """Start saving what is on screen now (asynchronously)."""
        self._timer.stop()
        if not self._dirty:
            return
        snap = self._snapshot()
        if snap is None:
            return  # not saveable yet; stays dirty
        self._dirty = False
        self._submit(snap)

    def _submit(self, snap) -> None:
        if self._busy:
            self._waiting = snap
            return
        self._busy = True
        self.state_changed.emit("saving")
        tasks.run_task(lambda: self._db.call(lambda store: self._save(store, snap)),
                       lambda result: self._done(snap, result), self._error)

    def _done(self, snap, result) -> None:
        self._busy = False
        self.saved.emit(snap, result)
        self._next()

    def _error(self, exc: BaseException) -> None:
        self._busy = False
        self._dirty = True  # try again with the next edit, or at close
        self.state_changed.emit("failed")
        self.failed.emit(f"Couldn't save just now: {tasks.describe_error(exc)} "
                         "Your changes are still on screen; we'll try again.")
        self._next()

    def _next(self) -> None:
        if self._waiting is not None:
            snap, self._waiting = self._waiting, None
            self._submit(snap)
        elif not self._dirty:
            self.state_changed.emit("saved")

    def flush(self) -> None:
        """Blocking: write everything pending now. Only for closing the window."""
        self._timer.stop()
        for _ in range(10):  # a save in flight finishes and reports first (ids for new rows)
            if not self._busy:
                break
            tasks.drain()  # its callback may start the waiting snapshot: drain again
        todo = [self._waiting] if self._waiting is not None else []
        self._waiting = None
        if self._dirty:
            snap = self._snapshot()
            if snap is not None:
                todo.append(snap)
        for snap in todo:
            result = self._db.call(lambda store, snap=snap: self._save(store, snap))
            self._dirty = False
            self.saved.emit(snap, result)
