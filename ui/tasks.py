"""The one way the window runs blocking work: `run_task(fn, on_done, on_error)`.

`fn` runs on a worker thread (a QThreadPool); its result or exception comes back to the
GUI thread, where `on_done(result)` or `on_error(exc)` runs. Without `on_error`, the error
goes to the reporter the main window installs (a message shown in place), so a failing
task never takes the window down.

Tests swap the runner for `run_inline` (see tests/ui/conftest.py), which runs `fn` and its
callback at once on the calling thread, so they need no waiting and stay deterministic.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from coach.errors import CoachError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Runner = Callable[[Callable[[], Any], Done, Failed], None]


def describe_error(exc: BaseException) -> str:
    """What the user reads: a CoachError's own message (it says what to do); anything else
    is our bug, said plainly, with a reassurance that nothing typed is lost."""
    if isinstance(exc, CoachError):
        return str(exc)
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (f"Sorry — something went wrong on our side ({detail}). Nothing you typed is "
            "lost; if it keeps happening, please report it.")


def _log_reporter(message: str) -> None:
    log.error("%s", message)


_reporter: Callable[[str], None] = _log_reporter


def set_error_reporter(reporter: Callable[[str], None] | None) -> None:
    """Where errors without their own `on_error` are shown (None: the log)."""
    global _reporter
    _reporter = reporter or _log_reporter


def report_error(exc: BaseException) -> None:
    if not isinstance(exc, CoachError):
        log.error("task failed", exc_info=exc)
    try:
        _reporter(describe_error(exc))
    except RuntimeError:  # the reporter's widget is already gone (window closing)
        _log_reporter(describe_error(exc))


# --- the pool runner -------------------------------------------------------------------


class _Relay(QObject):
    """Lives in the GUI thread. A worker puts a closure on the queue and emits `wake`;
    because the relay belongs to the GUI thread, Qt queues the (argument-free) signal and
    `run_pending` runs there. Only an argument-free wake-up crosses threads through Qt;
    the closures travel in a thread-safe queue, so a result never depends on how the
    binding copies queued signal arguments between threads."""

    wake = Signal()

    def __init__(self):
        super().__init__()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.wake.connect(self.run_pending)

    def post(self, thunk: Callable[[], None]) -> None:  # any thread
        self._queue.put(thunk)
        self.wake.emit()

    @Slot()
    def run_pending(self) -> None:  # GUI thread
        while True:
            try:
                thunk = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                thunk()
            except Exception as exc:  # a bug in a callback: show it, keep the window alive
                report_error(exc)


_pool: QThreadPool | None = None
_relay: _Relay | None = None


def _ensure() -> tuple[QThreadPool, _Relay]:
    global _pool, _relay
    if _relay is None or not shiboken6.isValid(_relay):  # none yet, or its app has gone
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("run_task must first be called from the GUI thread")
        # Both belong to the application object, so they go when it goes rather than at
        # interpreter exit, when PySide may already be half torn down.
        _relay = _Relay()
        _relay.setParent(QCoreApplication.instance())
        _pool = QThreadPool(_relay)
        _pool.setMaxThreadCount(4)
    return _pool, _relay


class _Task(QRunnable):
    """One call on a pool thread; the answer goes back through the relay."""

    def __init__(self, fn, on_done: Done, on_error: Failed, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (kept in _running until it reports)
        self.fn, self.on_done, self.on_error, self.relay = fn, on_done, on_error, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            error = exc  # `exc` is unbound when the except block ends; the lambda runs later
            self.relay.post(lambda: self._finish(self.on_error, error))
        else:
            self.relay.post(lambda: self._finish(self.on_done, result))

    def _finish(self, callback, value) -> None:
        _running.discard(self)
        callback(value)


_running: set[_Task] = set()


def run_in_pool(fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
    pool, relay = _ensure()
    task = _Task(fn, on_done, on_error, relay)
    _running.add(task)
    pool.start(task)


def run_inline(fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
    """The synchronous runner for tests and for rendering screenshots."""
    try:
        result = fn()
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)


_runner: Runner = run_in_pool


def set_runner(runner: Runner) -> Runner:
    """Swap the runner (tests: `run_inline`); returns the previous one."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def run_task(fn: Callable[[], Any], on_done: Done | None = None,
             on_error: Failed | None = None) -> None:
    """Run `fn()` off the GUI thread; then `on_done(result)` or `on_error(exc)` on it."""

    def failed(exc: BaseException) -> None:
        if on_error is None:
            report_error(exc)
            return
        try:
            on_error(exc)
        except Exception as inner:
            report_error(inner)

    def done(result) -> None:
        if on_done is not None:
            on_done(result)

    _runner(fn, done, failed)


def drain() -> None:
    """Wait for running tasks and deliver their callbacks now. Only for closing the
    window, where unsaved edits must be written before the store closes."""
    if _pool is not None and shiboken6.isValid(_pool):
        _pool.waitForDone()
        _relay.run_pending()


class Latest:
    """Drops the answers of superseded requests (pick app A, then B: A's late advice must
    not replace B's). `t = latest.new()` per request, then pass `t(on_done)`, `t(on_error)`:
    only callbacks of the newest request run. `wrap(cb)` is `new()(cb)`."""

    def __init__(self):
        self._n = 0

    def new(self) -> Callable[[Callable[..., None]], Callable[..., None]]:
        self._n += 1
        n = self._n

        def guard(callback: Callable[..., None]) -> Callable[..., None]:
            def call(*args) -> None:
                if n == self._n:
                    callback(*args)

            return call

        return guard

    def wrap(self, callback: Callable[..., None]) -> Callable[..., None]:
        return self.new()(callback)

    def cancel(self) -> None:
        self._n += 1
