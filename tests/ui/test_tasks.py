"""run_task: work off the GUI thread, answers on it, errors shown instead of raised."""

from __future__ import annotations

import threading

import pytest

from coach.errors import InvalidInput
from ui import tasks

pytestmark = pytest.mark.gui


@pytest.fixture
def pool_tasks(qapp):
    """The real thread pool, for the tests about threads."""
    previous = tasks.set_runner(tasks.run_in_pool)
    yield
    tasks.drain()
    tasks.set_runner(previous)


def test_pool_runs_work_on_a_worker_and_answers_on_the_gui_thread(qtbot, pool_tasks):
    seen = {}

    def work():
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread() is threading.main_thread()

    tasks.run_task(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen == {"worker": False, "result": 42, "callback": True}


def test_pool_delivers_an_error_to_on_error(qtbot, pool_tasks):
    got = []
    tasks.run_task(lambda: 1 / 0, lambda r: got.append(("done", r)), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert isinstance(got[0], ZeroDivisionError)


def test_without_on_error_the_reporter_gets_a_plain_message(qtbot, pool_tasks):
    messages = []
    tasks.set_error_reporter(messages.append)
    tasks.run_task(lambda: (_ for _ in ()).throw(InvalidInput("no application with id 9")))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == ["no application with id 9"]


def test_a_bug_in_a_callback_is_reported_not_raised(qtbot, pool_tasks):
    messages = []
    tasks.set_error_reporter(messages.append)

    def broken(_result):
        raise KeyError("oops")

    tasks.run_task(lambda: 1, broken)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "went wrong on our side" in messages[0] and "KeyError" in messages[0]


def test_inline_runner_is_synchronous():
    got = []
    tasks.run_task(lambda: "now", got.append)
    assert got == ["now"]


def test_latest_drops_answers_to_superseded_requests():
    latest, got = tasks.Latest(), []
    first = latest.new()
    second = latest.new()
    first(got.append)("stale")
    second(got.append)("fresh")
    assert got == ["fresh"]
    latest.cancel()
    second(got.append)("cancelled")
    assert got == ["fresh"]


def test_describe_error_separates_user_errors_from_bugs():
    assert tasks.describe_error(InvalidInput("the date is in the future")) == \
        "the date is in the future"
    text = tasks.describe_error(RuntimeError("boom"))
    assert "Nothing you typed is lost" in text and "RuntimeError: boom" in text
