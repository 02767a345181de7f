"""The database schema as forward migrations, applied in order by coach.store.

Each entry moves the schema from version i to i+1 (`PRAGMA user_version`). Never edit a
released entry: add a new one, so every existing database upgrades the same way.
"""

MIGRATIONS: list[str] = [
    """
    CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_comfort TEXT NOT NULL DEFAULT 'okay',
        prefers_written INTEGER NOT NULL DEFAULT 0,
        speaking_rate_wpm INTEGER NOT NULL DEFAULT 150,
        pitch TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        company TEXT NOT NULL,
        role TEXT NOT NULL,
        date_sent TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT 'applied',
        no_calls INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        relationship TEXT NOT NULL DEFAULT 'unknown',
        title TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        how_we_know TEXT NOT NULL DEFAULT '',
        referred_by TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX contacts_app ON contacts(application_id);
    CREATE TABLE scripts (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        variant TEXT NOT NULL,
        version INTEGER NOT NULL,
        template_id TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        data_json TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (application_id, variant, version)
    );
    CREATE TABLE takes (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        variant TEXT NOT NULL DEFAULT '',
        script_version INTEGER,
        audio_path TEXT NOT NULL,
        report_json TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX takes_app ON takes(application_id);
    CREATE TABLE call_log (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        date TEXT NOT NULL,
        route TEXT NOT NULL,
        outcome TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        next_step TEXT NOT NULL DEFAULT '',
        next_date TEXT
    );
    CREATE INDEX call_log_app ON call_log(application_id);
    """,
]
