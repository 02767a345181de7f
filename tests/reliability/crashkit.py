"""What the crash worker writes and the harness checks, shared so both agree: the audio a
take is made of, sample records, and future schema migrations to be interrupted."""

from __future__ import annotations

import functools
import random
import sqlite3
import threading
from datetime import date
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hello_take.wav"


@functools.cache
def _looped(seconds: float) -> np.ndarray:
    from coach.speech.wavio import RATE, load_audio

    one = load_audio(FIXTURE, rate=RATE, dtype="int16")[0]
    reps = int(seconds * RATE / len(one)) + 1
    return np.tile(one, reps)


def source_pcm(seconds: float = 30.0) -> np.ndarray:
    """The audio every take starts with: the fixture looped (a take is a prefix of it)."""
    return _looped(float(seconds))


class FastSource:
    """The looped fixture as fast as the recorder takes it."""

    overflows = 0

    def chunks(self, stop: threading.Event):
        from coach.speech.record import BLOCK

        pcm = source_pcm()
        for i in range(0, len(pcm), BLOCK):
            if stop.is_set():
                return
            yield pcm[i: i + BLOCK].tobytes()

    def close(self) -> None:
        pass


# Names with the characters that break careless code: accents, RTL, emoji, quotes.
_COMPANIES = ("Northwind Health", "Société Générale", "شركة المستقبل", "Zoë & Co 🚀",
              "O'Brien \"Data\"", "東京システム", "Ünïcødé GmbH")
_ROLES = ("Product Designer", "Data Analyst", "Ingénieure logiciel", "Support lead")


def application(n: int):
    from coach.models import Application, Contact, Relationship

    rng = random.Random(n)
    return Application(
        company=f"{rng.choice(_COMPANIES)} {n}", role=rng.choice(_ROLES),
        date_sent=date(2026, 3, 2), notes=f"note {n} " + "é" * rng.randrange(200),
        contacts=[Contact("Dana Reyes", Relationship.NETWORK, title="Design lead",
                          how_we_know="we worked together at Acme"),
                  Contact("Jordan Ellis", Relationship.ALLY, title="Receptionist")])


def report(rng: random.Random, seconds: float) -> dict:
    """A report the size of a real one (a word list with times), for keeping a take."""
    words = [{"word": rng.choice(("so", "um", "Dana", "team", "hiring", "uh")),
              "start": i * 0.4, "end": i * 0.4 + 0.3} for i in range(int(seconds * 2.5))]
    return {"schema": 1, "duration_s": seconds, "words": words,
            "metrics": {"words_per_minute": rng.randrange(110, 190),
                        "fillers_per_100_words": round(rng.uniform(0, 9), 1)}}


def script_text(rng: random.Random, n: int) -> str:
    lines = [f"Hi Dana, it's Sam — edit {n}.",
             "I saw the team is hiring — « how is the search going » for you?",
             "مرحبا 👋 " * rng.randrange(1, 40)]
    return "\n".join(lines + ["Thanks so much for your time."] * rng.randrange(1, 200))


# --- future migrations to interrupt -------------------------------------------------------

ROWS = 150_000  # enough work that a migration takes a noticeable fraction of a second

EXTRA: list[str] = [
    # a new table filled by the migration itself (a data migration)
    f"""
    CREATE TABLE practice_minutes (id INTEGER PRIMARY KEY, minute INTEGER NOT NULL,
                                   words INTEGER NOT NULL);
    INSERT INTO practice_minutes (minute, words)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
        SELECT i, i % 180 FROM n
    """,
    # a new column computed from existing rows
    """
    ALTER TABLE applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
    UPDATE applications SET search_text = lower(company || ' ' || role || ' ' || notes)
    """,
    "CREATE INDEX practice_minutes_words ON practice_minutes(words, minute)",
    # the table-rebuild pattern SQLite needs for most schema changes
    """
    CREATE TABLE scripts_new (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        variant TEXT NOT NULL, version INTEGER NOT NULL,
        template_id TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, data_json TEXT,
        created_at TEXT NOT NULL, characters INTEGER NOT NULL DEFAULT 0,
        UNIQUE (application_id, variant, version));
    INSERT INTO scripts_new SELECT id, application_id, variant, version, template_id, text,
        data_json, created_at, length(text) FROM scripts;
    DROP TABLE scripts;
    ALTER TABLE scripts_new RENAME TO scripts
    """,
]


def migration_problems(conn: sqlite3.Connection, base: int) -> list[str]:
    """Whether the database is exactly at one version: every migration up to user_version
    fully applied and none after it partly applied. `base` is the schema before EXTRA."""
    v = conn.execute("PRAGMA user_version").fetchone()[0]
    done = v - base  # how many of EXTRA are in
    problems = []
    if not 0 <= done <= len(EXTRA):
        return [f"user_version {v} is outside {base}..{base + len(EXTRA)}"]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    app_cols = {r[1] for r in conn.execute("PRAGMA table_info(applications)")}
    script_cols = {r[1] for r in conn.execute("PRAGMA table_info(scripts)")}
    has = [
        "practice_minutes" in tables,
        "search_text" in app_cols,
        "practice_minutes_words" in tables,
        "characters" in script_cols and "scripts_new" not in tables,
    ]
    for i, present in enumerate(has):
        if present != (i < done):
            problems.append(f"at version {v}, migration {base + i + 1} is "
                            f"{'present' if present else 'missing'}")
    if has[0]:
        n = conn.execute("SELECT count(*), sum(words) FROM practice_minutes").fetchone()
        want = (ROWS, sum(i % 180 for i in range(1, ROWS + 1)))
        if tuple(n) != want:
            problems.append(f"practice_minutes holds {tuple(n)}, not {want}")
    if has[1]:
        bad = conn.execute("SELECT count(*) FROM applications WHERE search_text != "
                           "lower(company || ' ' || role || ' ' || notes)").fetchone()[0]
        if bad:
            problems.append(f"{bad} applications lack their search_text")
    if has[3]:
        bad = conn.execute("SELECT count(*) FROM scripts WHERE characters != length(text)"
                           ).fetchone()[0]
        if bad:
            problems.append(f"{bad} scripts lost their character count")
    return problems
