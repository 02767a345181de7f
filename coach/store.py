"""The user's data: one SQLite database in the data folder.

Schema changes are forward migrations keyed on `PRAGMA user_version`, each run in its own
transaction, so an interrupted upgrade leaves the previous version intact. WAL keeps the
desktop app's readers from blocking a write; foreign keys make deleting an application
take its contacts, scripts, takes and call log with it. The file is private (0600), and
coach.dbfile checks it is readable before anything writes to it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from coach.dbfile import connect
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
    ScriptVersion,
    Stage,
    Take,
)
from coach.schema import MIGRATIONS

DB_NAME = "callcoach.sqlite3"

SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    # --- opening and schema -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, migrations: list[str] | None = None) -> Store:
        """Open (or create) the database. A folder we can't write to raises
        FolderNotWritable; a database SQLite can't read is set aside and DamagedDatabase
        raised (coach.backup), so nothing ever writes into a damaged file."""
        path = Path(data_dir) / DB_NAME
        conn = connect(path)
        store = cls(conn, path)
        try:
            store.migrate(migrations if migrations is not None else MIGRATIONS)
        except BaseException:
            conn.close()  # e.g. a newer schema: leave the file closed, as we found it
            raise
        return store

    def migrate(self, migrations: list[str]) -> None:
        current = self.schema_version()
        if current > len(migrations):
            raise InvalidInput(
                f"{self.path} was written by a newer Call Coach (schema {current}); "
                "please update the app — your data has not been touched"
            )
        for version in range(current, len(migrations)):
            with self.transaction():
                for statement in _split_sql(migrations[version]):
                    self.conn.execute(statement)
                # PRAGMA user_version is transactional in SQLite, so the bump commits with it
                self.conn.execute(f"PRAGMA user_version = {version + 1}")

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- profile ------------------------------------------------------------------------

    def get_profile(self) -> Profile:
        row = self.conn.execute("SELECT * FROM profile WHERE id = 1").fetchone()
        if row is None:
            return Profile()
        return Profile(
            name=row["name"],
            phone=row["phone"],
            phone_comfort=PhoneComfort(row["phone_comfort"]),
            prefers_written=bool(row["prefers_written"]),
            speaking_rate_wpm=row["speaking_rate_wpm"],
            pitch=row["pitch"],
        )

    def save_profile(self, p: Profile) -> Profile:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO profile (id, name, phone, phone_comfort, prefers_written, "
                "speaking_rate_wpm, pitch) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO "
                "UPDATE SET name=excluded.name, phone=excluded.phone, "
                "phone_comfort=excluded.phone_comfort, prefers_written=excluded.prefers_written,"
                " speaking_rate_wpm=excluded.speaking_rate_wpm, pitch=excluded.pitch",
                (p.name, p.phone, p.phone_comfort.value, int(p.prefers_written),
                 p.speaking_rate_wpm, p.pitch),
            )
        return p

    # --- applications -------------------------------------------------------------------

    def add_application(self, app: Application) -> Application:
        now = _now()
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO applications (company, role, date_sent, stage, no_calls, notes, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (app.company, app.role, app.date_sent.isoformat(), app.stage.value,
                 int(app.no_calls), app.notes, now, now),
            )
            app.id = cur.lastrowid
            for contact in app.contacts:
                self._insert_contact(c, app.id, contact)
        return app

    def get_application(self, app_id: int) -> Application:
        row = self.conn.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
        if row is None:
            raise NotFound(f"no application with id {app_id} (see `callcoach apps list`)")
        app = _application(row)
        app.contacts = self.list_contacts(app_id)
        return app

    def list_applications(self, search: str = "") -> list[Application]:
        sql = "SELECT * FROM applications"
        params: tuple = ()
        if search:
            # instr over lower() rather than LIKE, so % and _ in what the user types are
            # matched literally
            sql += " WHERE instr(lower(company || ' ' || role || ' ' || notes), lower(?)) > 0"
            params = (search,)
        rows = self.conn.execute(sql + " ORDER BY date_sent DESC, id DESC", params).fetchall()
        apps = [_application(r) for r in rows]
        for app in apps:
            app.contacts = self.list_contacts(app.id)
        return apps

    def update_application(self, app: Application) -> Application:
        with self.transaction() as c:
            cur = c.execute(
                "UPDATE applications SET company=?, role=?, date_sent=?, stage=?, no_calls=?, "
                "notes=?, updated_at=? WHERE id=?",
                (app.company, app.role, app.date_sent.isoformat(), app.stage.value,
                 int(app.no_calls), app.notes, _now(), app.id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no application with id {app.id}")
        return app

    def delete_application(self, app_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM applications WHERE id = ?", (app_id,)).rowcount == 0:
                raise NotFound(f"no application with id {app_id}")

    # --- contacts -----------------------------------------------------------------------

    def add_contact(self, app_id: int, contact: Contact) -> Contact:
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM applications WHERE id=?", (app_id,)).fetchone() is None:
                raise NotFound(f"no application with id {app_id}")
            self._insert_contact(c, app_id, contact)
        return contact

    def _insert_contact(self, c: sqlite3.Connection, app_id: int, contact: Contact) -> None:
        cur = c.execute(
            "INSERT INTO contacts (application_id, name, relationship, title, phone, email, "
            "how_we_know, referred_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (app_id, contact.name, contact.relationship.value, contact.title, contact.phone,
             contact.email, contact.how_we_know, contact.referred_by),
        )
        contact.id = cur.lastrowid
        contact.application_id = app_id

    def list_contacts(self, app_id: int) -> list[Contact]:
        rows = self.conn.execute(
            "SELECT * FROM contacts WHERE application_id = ? ORDER BY id", (app_id,)
        ).fetchall()
        return [_contact(r) for r in rows]

    def update_contact(self, contact: Contact) -> Contact:
        with self.transaction() as c:
            cur = c.execute(
                "UPDATE contacts SET name=?, relationship=?, title=?, phone=?, email=?, "
                "how_we_know=?, referred_by=? WHERE id=?",
                (contact.name, contact.relationship.value, contact.title, contact.phone,
                 contact.email, contact.how_we_know, contact.referred_by, contact.id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no contact with id {contact.id}")
        return contact

    def delete_contact(self, contact_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount == 0:
                raise NotFound(f"no contact with id {contact_id}")

    # --- scripts (every save is a new version) ------------------------------------------

    def save_script(self, app_id: int, variant: str, text: str, *, template_id: str = "",
                    data: dict | None = None) -> ScriptVersion:
        now = _now()
        with self.transaction() as c:
            self._require_app(c, app_id)
            version = c.execute(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM scripts "
                "WHERE application_id=? AND variant=?", (app_id, variant)
            ).fetchone()[0]
            cur = c.execute(
                "INSERT INTO scripts (application_id, variant, version, template_id, text, "
                "data_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (app_id, variant, version, template_id, text,
                 json.dumps(data) if data is not None else None, now),
            )
        return ScriptVersion(app_id, variant, version, text, template_id, data, now,
                             cur.lastrowid)

    def script_versions(self, app_id: int, variant: str) -> list[ScriptVersion]:
        rows = self.conn.execute(
            "SELECT * FROM scripts WHERE application_id=? AND variant=? ORDER BY version",
            (app_id, variant),
        ).fetchall()
        return [_script(r) for r in rows]

    def latest_script(self, app_id: int, variant: str) -> ScriptVersion | None:
        versions = self.script_versions(app_id, variant)
        return versions[-1] if versions else None

    # --- takes --------------------------------------------------------------------------

    def add_take(self, take: Take) -> Take:
        take.created_at = take.created_at or _now()
        with self.transaction() as c:
            self._require_app(c, take.application_id)
            cur = c.execute(
                "INSERT INTO takes (application_id, variant, script_version, audio_path, "
                "report_json, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (take.application_id, take.variant, take.script_version, take.audio_path,
                 json.dumps(take.report) if take.report is not None else None,
                 take.created_at),
            )
            take.id = cur.lastrowid
        return take

    def list_takes(self, app_id: int) -> list[Take]:
        rows = self.conn.execute(
            "SELECT * FROM takes WHERE application_id=? ORDER BY created_at, id", (app_id,)
        ).fetchall()
        return [_take(r) for r in rows]

    def get_take(self, take_id: int) -> Take:
        row = self.conn.execute("SELECT * FROM takes WHERE id=?", (take_id,)).fetchone()
        if row is None:
            raise NotFound(f"no take with id {take_id}")
        return _take(row)

    def delete_take(self, take_id: int, *, remove_audio: bool = True) -> None:
        take = self.get_take(take_id)
        with self.transaction() as c:
            c.execute("DELETE FROM takes WHERE id=?", (take_id,))
        if remove_audio:  # after the commit: a crash in between leaves only an orphan file
            Path(take.audio_path).unlink(missing_ok=True)

    # --- call log -----------------------------------------------------------------------

    def add_call(self, entry: CallLogEntry) -> CallLogEntry:
        with self.transaction() as c:
            self._require_app(c, entry.application_id)
            cur = c.execute(
                "INSERT INTO call_log (application_id, contact_id, date, route, outcome, notes,"
                " next_step, next_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.application_id, entry.contact_id, entry.when.isoformat(),
                 entry.route.value, entry.outcome.value, entry.notes, entry.next_step,
                 entry.next_date.isoformat() if entry.next_date else None),
            )
            entry.id = cur.lastrowid
        return entry

    def list_calls(self, app_id: int) -> list[CallLogEntry]:
        rows = self.conn.execute(
            "SELECT * FROM call_log WHERE application_id=? ORDER BY date, id", (app_id,)
        ).fetchall()
        return [_call(r) for r in rows]

    def get_call(self, entry_id: int) -> CallLogEntry:
        row = self.conn.execute("SELECT * FROM call_log WHERE id=?", (entry_id,)).fetchone()
        if row is None:
            raise NotFound(f"no call log entry with id {entry_id} (see `callcoach log list`)")
        return _call(row)

    def update_call(self, entry: CallLogEntry) -> CallLogEntry:
        """Rewrite an entry's fields; the application it belongs to never changes."""
        with self.transaction() as c:
            cur = c.execute(
                "UPDATE call_log SET contact_id=?, date=?, route=?, outcome=?, notes=?, "
                "next_step=?, next_date=? WHERE id=?",
                (entry.contact_id, entry.when.isoformat(), entry.route.value,
                 entry.outcome.value, entry.notes, entry.next_step,
                 entry.next_date.isoformat() if entry.next_date else None, entry.id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no call log entry with id {entry.id}")
        return entry

    def delete_call(self, entry_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM call_log WHERE id=?", (entry_id,)).rowcount == 0:
                raise NotFound(f"no call log entry with id {entry_id}")

    def _require_app(self, c: sqlite3.Connection, app_id: int) -> None:
        if c.execute("SELECT 1 FROM applications WHERE id=?", (app_id,)).fetchone() is None:
            raise NotFound(f"no application with id {app_id}")


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _application(r: sqlite3.Row) -> Application:
    return Application(
        company=r["company"], role=r["role"], date_sent=date.fromisoformat(r["date_sent"]),
        stage=Stage(r["stage"]), no_calls=bool(r["no_calls"]), notes=r["notes"], id=r["id"],
    )


def _contact(r: sqlite3.Row) -> Contact:
    return Contact(
        name=r["name"], relationship=Relationship(r["relationship"]), title=r["title"],
        phone=r["phone"], email=r["email"], how_we_know=r["how_we_know"],
        referred_by=r["referred_by"], id=r["id"], application_id=r["application_id"],
    )


def _script(r: sqlite3.Row) -> ScriptVersion:
    return ScriptVersion(
        application_id=r["application_id"], variant=r["variant"], version=r["version"],
        text=r["text"], template_id=r["template_id"],
        data=json.loads(r["data_json"]) if r["data_json"] else None,
        created_at=r["created_at"], id=r["id"],
    )


def _take(r: sqlite3.Row) -> Take:
    return Take(
        application_id=r["application_id"], audio_path=r["audio_path"],
        report=json.loads(r["report_json"]) if r["report_json"] else None,
        variant=r["variant"], script_version=r["script_version"],
        created_at=r["created_at"], id=r["id"],
    )


def _call(r: sqlite3.Row) -> CallLogEntry:
    return CallLogEntry(
        application_id=r["application_id"], when=date.fromisoformat(r["date"]),
        route=Route(r["route"]), outcome=Outcome(r["outcome"]), contact_id=r["contact_id"],
        notes=r["notes"], next_step=r["next_step"],
        next_date=date.fromisoformat(r["next_date"]) if r["next_date"] else None, id=r["id"],
    )
