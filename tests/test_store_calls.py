"""Store: the call log's edit and delete, and what they refuse."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from coach.errors import NotFound
from coach.models import Application, CallLogEntry, Contact, Outcome, Relationship, Route


def _app(store) -> Application:
    return store.add_application(Application(
        "Northwind", "Data Analyst", date(2026, 11, 2),
        contacts=[Contact("Dana Reyes", Relationship.NETWORK),
                  Contact("Jordan Ellis", Relationship.ALLY)]))


def test_get_update_and_delete_a_call(store):
    app = _app(store)
    first = store.add_call(CallLogEntry(app.id, date(2026, 11, 10), Route.CALL,
                                        Outcome.NO_ANSWER, contact_id=app.contacts[1].id))
    second = store.add_call(CallLogEntry(app.id, date(2026, 11, 12), Route.CALL,
                                         Outcome.VOICEMAIL))
    assert store.get_call(first.id) == first

    changed = dataclasses.replace(first, when=date(2026, 11, 11), route=Route.EMAIL,
                                  outcome=Outcome.EMAIL_SENT, contact_id=app.contacts[0].id,
                                  notes="wrote instead", next_step="wait for Dana",
                                  next_date=date(2026, 11, 18))
    store.update_call(changed)
    assert store.get_call(first.id) == changed
    assert store.get_call(second.id) == second  # the other entry is untouched

    cleared = dataclasses.replace(changed, next_date=None, contact_id=None, next_step="")
    store.update_call(cleared)
    assert store.get_call(first.id).next_date is None
    assert store.get_call(first.id).contact_id is None

    store.delete_call(first.id)
    assert store.list_calls(app.id) == [second]
    with pytest.raises(NotFound, match=f"no call log entry with id {first.id}"):
        store.get_call(first.id)


def test_update_never_moves_an_entry_to_another_application(store):
    app, other = _app(store), _app(store)
    entry = store.add_call(CallLogEntry(app.id, date(2026, 11, 10), Route.CALL,
                                        Outcome.REACHED))
    store.update_call(dataclasses.replace(entry, application_id=other.id, notes="x"))
    assert [e.id for e in store.list_calls(app.id)] == [entry.id]
    assert store.list_calls(other.id) == []


def test_unknown_entries_fail_clearly(store):
    ghost = CallLogEntry(1, date(2026, 11, 10), Route.CALL, Outcome.REACHED, id=404)
    with pytest.raises(NotFound, match="no call log entry with id 404"):
        store.update_call(ghost)
    with pytest.raises(NotFound, match="no call log entry with id 404"):
        store.delete_call(404)


def test_deleting_the_application_takes_its_call_log(store):
    app = _app(store)
    entry = store.add_call(CallLogEntry(app.id, date(2026, 11, 10), Route.CALL,
                                        Outcome.REACHED))
    store.delete_application(app.id)
    with pytest.raises(NotFound):
        store.get_call(entry.id)
