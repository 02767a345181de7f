"""Store: migrations, round trips, cascades, privacy of the files."""

import os
import sqlite3
import stat
from datetime import date

import pytest

from coach.errors import InvalidInput, NotFound
from coach.models import (
    Application,
    CallLogEntry,
    Contact,
    Outcome,
    PhoneComfort,
    Profile,
    Relationship,
    Route,
    Stage,
    Take,
)
from coach.store import DB_NAME, MIGRATIONS, SCHEMA_VERSION, Store


def sample_app() -> Application:
    return Application(
        company="Zoë's Café & Co. {{ 7*7 }}", role="Data Analyst", date_sent=date(2026, 11, 2),
        stage=Stage.SCREENED, no_calls=True, notes="صباح الخير — notes",
        contacts=[
            Contact(name="Dana Reyes", relationship=Relationship.NETWORK, title="Lead",
                    how_we_know="volunteered together", email="dana@example.org"),
            Contact(name="Front desk", relationship=Relationship.ALLY),
        ],
    )


def test_new_database_is_at_current_schema_with_wal_and_fks(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_database_files_are_private(store, data_dir):
    store.add_application(sample_app())  # make SQLite create the -wal file too
    for name in (DB_NAME, DB_NAME + "-wal"):
        mode = stat.S_IMODE(os.stat(data_dir / name).st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700


def test_application_round_trip_keeps_every_field(store):
    app = store.add_application(sample_app())
    got = store.get_application(app.id)
    assert got == app
    assert [c.name for c in got.contacts] == ["Dana Reyes", "Front desk"]
    assert got.contacts[0].application_id == app.id


def test_update_search_and_delete_cascade(store):
    app = store.add_application(sample_app())
    other = store.add_application(Application("Initech", "QA", date(2026, 10, 1)))
    app.stage = Stage.INTERVIEWED
    app.role = "Senior Data Analyst"
    store.update_application(app)
    assert store.get_application(app.id).stage == Stage.INTERVIEWED
    # search treats % and _ literally and is case-insensitive
    assert [a.id for a in store.list_applications("senior")] == [app.id]
    assert store.list_applications("%") == []
    store.save_script(app.id, "live", "Hi Dana")
    store.add_take(Take(app.id, "/nonexistent.wav", {"schema": 1}))
    store.add_call(CallLogEntry(app.id, date(2026, 11, 10), Route.CALL, Outcome.VOICEMAIL))
    store.delete_application(app.id)
    with pytest.raises(NotFound):
        store.get_application(app.id)
    for table in ("contacts", "scripts", "takes", "call_log"):
        n = store.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE application_id=?",
                               (app.id,)).fetchone()[0]
        assert n == 0, table
    assert store.get_application(other.id).company == "Initech"


def test_profile_defaults_then_round_trip(store):
    assert store.get_profile() == Profile()
    p = Profile(name="Sam", phone="555 0100", phone_comfort=PhoneComfort.SO_SO,
                prefers_written=True, speaking_rate_wpm=135, pitch="I make data useful")
    store.save_profile(p)
    store.save_profile(p)  # upsert, not a second row
    assert store.get_profile() == p
    assert store.conn.execute("SELECT COUNT(*) FROM profile").fetchone()[0] == 1


def test_script_versions_are_kept(store):
    app = store.add_application(sample_app())
    v1 = store.save_script(app.id, "live", "first", template_id="live", data={"a": 1})
    v2 = store.save_script(app.id, "live", "second")
    store.save_script(app.id, "voicemail", "vm")
    assert (v1.version, v2.version) == (1, 2)
    assert [v.text for v in store.script_versions(app.id, "live")] == ["first", "second"]
    assert store.latest_script(app.id, "live").text == "second"
    assert store.script_versions(app.id, "live")[0].data == {"a": 1}
    assert store.latest_script(app.id, "hr") is None


def test_takes_round_trip_and_delete_removes_audio(store, tmp_path):
    app = store.add_application(sample_app())
    wav = tmp_path / "take.wav"
    wav.write_bytes(b"RIFF")
    take = store.add_take(Take(app.id, str(wav), {"metrics": {"words_per_minute": 140}},
                               variant="live", script_version=1))
    got = store.get_take(take.id)
    assert got.report["metrics"]["words_per_minute"] == 140 and got.variant == "live"
    assert [t.id for t in store.list_takes(app.id)] == [take.id]
    store.delete_take(take.id)
    assert not wav.exists()
    with pytest.raises(NotFound):
        store.get_take(take.id)


def test_call_log_round_trip_and_contact_delete_sets_null(store):
    app = store.add_application(sample_app())
    entry = store.add_call(CallLogEntry(app.id, date(2026, 11, 10), Route.CALL, Outcome.REACHED,
                                        contact_id=app.contacts[0].id, notes="nice chat",
                                        next_step="send portfolio", next_date=date(2026, 11, 12)))
    assert store.list_calls(app.id) == [entry]
    store.delete_contact(app.contacts[0].id)
    assert store.list_calls(app.id)[0].contact_id is None


def test_writes_to_unknown_application_fail_clearly(store):
    with pytest.raises(NotFound, match="no application with id 99"):
        store.add_contact(99, Contact("X"))
    with pytest.raises(NotFound):
        store.save_script(99, "live", "x")
    with pytest.raises(NotFound):
        store.add_call(CallLogEntry(99, date.today(), Route.EMAIL, Outcome.EMAIL_SENT))


def test_failed_transaction_leaves_nothing_behind(store):
    app = sample_app()
    app.contacts.append(Contact(name=None))  # NOT NULL violation on the third insert
    with pytest.raises(sqlite3.IntegrityError):
        store.add_application(app)
    assert store.list_applications() == []


def test_migrations_run_forward_from_an_older_database(data_dir):
    data_dir.mkdir(mode=0o700)
    s = Store.open(data_dir)
    s.add_application(sample_app())
    s.close()
    extra = MIGRATIONS + ["ALTER TABLE applications ADD COLUMN salary TEXT DEFAULT ''"]
    s = Store.open(data_dir, migrations=extra)
    assert s.schema_version() == SCHEMA_VERSION + 1
    assert s.list_applications()[0].company.startswith("Zoë")  # data carried over
    cols = [r[1] for r in s.conn.execute("PRAGMA table_info(applications)")]
    assert "salary" in cols
    s.close()


def test_failed_migration_rolls_back_to_previous_version(data_dir):
    data_dir.mkdir(mode=0o700)
    Store.open(data_dir).close()
    broken = MIGRATIONS + ["ALTER TABLE applications ADD COLUMN x TEXT; SELECT * FROM nope"]
    with pytest.raises(sqlite3.OperationalError):
        Store.open(data_dir, migrations=broken)
    s = Store.open(data_dir)
    assert s.schema_version() == SCHEMA_VERSION
    assert "x" not in [r[1] for r in s.conn.execute("PRAGMA table_info(applications)")]
    s.close()


def test_database_from_a_newer_app_is_refused_untouched(data_dir):
    data_dir.mkdir(mode=0o700)
    s = Store.open(data_dir)
    s.add_application(sample_app())
    s.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    s.close()
    with pytest.raises(InvalidInput, match="newer Call Coach"):
        Store.open(data_dir)
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 1
    conn.close()
