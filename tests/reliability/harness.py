"""The crash-safety harness: start crash_worker.py on a data folder, SIGKILL it at a random
moment, then restart the way the app does and check that nothing committed was lost.

A `Ledger` holds what the worker reported as committed over every cycle so far, so each
restart checks the whole history, not just the last cycle: applications, script versions,
kept takes (row, report and every sample of the audio), recordings recovered after
earlier kills, and the profile.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coach.models import Profile
from tests.reliability import crashkit

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = WORKER.parents[2]
# How long after the worker is ready the kill may come (seconds, uniform): about as long
# as the work it interrupts, so kills land early, late and in between.
WINDOW = {"run": 3.5, "record": 2.5, "cli_record": 2.5, "save_take": 1.5, "script": 1.5,
          "migrate": 0.3}
BLOCK = 1600  # frames per recorder chunk (coach.speech.record.BLOCK)


@dataclass
class Ledger:
    apps: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    scripts: dict[tuple[int, str, int], str] = field(default_factory=dict)
    takes: dict[int, tuple[str, int, str]] = field(default_factory=dict)
    recovered: dict[str, int] = field(default_factory=dict)  # path -> frames
    profile: set[str] | None = None  # names the profile may rightly have
    stats: Counter = field(default_factory=Counter)


@dataclass
class Cycle:
    phase: str
    events: list[dict]
    killed: bool  # False: the work finished before the kill came
    seconds: float
    stderr: str


def run_cycle(phase: str, data: Path, rng, timeout: float = 60, worker: Path = WORKER,
              ready_on: str = "ready") -> Cycle:
    """One worker run on `data`, killed at a random point after it first reports the event
    `ready_on`."""
    seed = rng.randrange(2**31)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(worker), phase, str(data), str(seed)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    events: list[dict] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            events.append(json.loads(line))
            if events[-1]["event"] == ready_on:
                ready.set()
        ready.set()  # the worker ended (or failed) before it was ready

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        ready.wait(timeout)
        time.sleep(rng.uniform(0, WINDOW[phase]))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(timeout)
    stderr = proc.stderr.read()
    proc.stderr.close()
    killed = proc.returncode == -signal.SIGKILL
    if not killed and proc.returncode != 0:
        raise AssertionError(f"the {phase} worker failed ({proc.returncode}): {stderr}")
    return Cycle(phase, events, killed, time.monotonic() - t0, stderr)


def absorb(ledger: Ledger, cycle: Cycle) -> dict | None:
    """Add what the cycle committed to the ledger; returns the recording it interrupted
    ({path, frames}) if it was recording when killed."""
    rec = None
    attempts: set[str] = set()
    for e in cycle.events:
        kind = e["event"]
        if kind == "app":
            ledger.apps[e["id"]] = (e["company"], e["role"], e["contacts"])
        elif kind == "script":
            ledger.scripts[(e["app"], e["variant"], e["version"])] = e["sha"]
        elif kind == "take":
            ledger.takes[e["id"]] = (e["path"], e["frames"], e["report"])
            rec = None
        elif kind == "recording":
            rec = {"path": e["path"], "frames": 0, "phase": cycle.phase}
        elif kind == "frames":
            rec["frames"] = e["frames"]
        elif kind == "done":
            rec = None
        elif kind == "profile":
            ledger.profile = {e["name"]}
            attempts = set()
        elif kind == "attempt" and e["kind"] == "profile":
            attempts.add(e["name"])
    if attempts:  # the kill may have come after the commit and before the report
        # ...or before the commit: then the name is what it was, which in a folder whose
        # profile was never set is the default (no name)
        before = ledger.profile if ledger.profile is not None else {Profile().name}
        ledger.profile = before | attempts
    return rec if cycle.killed else None


def samples_ok(path: Path, frames: int) -> bool:
    from coach.speech.wavio import load_audio

    got = load_audio(path, dtype="int16")[0]
    return len(got) == frames and np.array_equal(got, crashkit.source_pcm()[:frames])


def restart(data: Path, ledger: Ledger, interrupted: dict | None,
            told_by_app: bool = False) -> tuple[list[str], list]:
    """Open the data folder as the app does at start (the store, then repair_folder on the
    takes, which is what the app announces) and check everything. Returns the problems
    found and the recordings the user is told were recovered."""
    from coach.speech.wavio import repair_folder, wav_info
    from coach.store import Store

    problems: list[str] = []
    stale = None
    if interrupted is not None and interrupted["frames"] > 0 and Path(
            interrupted["path"]).exists():
        stale = not wav_info(interrupted["path"]).header_ok  # before the app repairs it
    store = Store.open(data)
    told = repair_folder(data / "takes") if (data / "takes").is_dir() else []
    try:
        c = store.conn
        if (r := [tuple(x) for x in c.execute("PRAGMA integrity_check")]) != [("ok",)]:
            problems.append(f"integrity_check: {r}")
        if fk := c.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign_key_check: {[tuple(x) for x in fk]}")
        for app_id, (company, role, n) in ledger.apps.items():
            row = c.execute("SELECT company, role FROM applications WHERE id=?",
                            (app_id,)).fetchone()
            if row is None or tuple(row) != (company, role):
                problems.append(f"application {app_id} lost or changed: {row and tuple(row)}")
            elif len(store.list_contacts(app_id)) != n:
                problems.append(f"application {app_id} has lost contacts")
        for (app_id, company) in c.execute(
                "SELECT a.id, count(c.id) FROM applications a LEFT JOIN contacts c "
                "ON c.application_id = a.id GROUP BY a.id"):
            if company not in (0, 2):  # each add is one transaction: all or nothing
                problems.append(f"application {app_id} was half written ({company} contacts)")
        problems += _scripts(store, ledger)
        problems += _takes(store, ledger)
        if ledger.profile is not None and store.get_profile().name not in ledger.profile:
            problems.append(f"profile name {store.get_profile().name!r} is none of "
                            f"{sorted(ledger.profile)}")
    finally:
        store.close()
    if interrupted is not None and interrupted["frames"] > 0:
        path, before = Path(interrupted["path"]), interrupted["frames"]
        if not path.exists():
            problems.append(f"the take being recorded ({path.name}) is gone")
        else:
            info = wav_info(path)
            if not info.header_ok:
                problems.append(f"{path.name} was not repaired")
            # the workers report from the recording thread, after each chunk's write; the
            # app is polled from its GUI thread, so more may be on disk than it last said
            slack = BLOCK if interrupted["phase"] != "run" else len(crashkit.source_pcm())
            if not before <= info.frames <= before + slack:
                problems.append(f"{path.name}: {info.frames} frames recovered, "
                                f"{before} were recorded")
            elif not samples_ok(path, info.frames):
                problems.append(f"{path.name}: the recovered audio is not what was recorded")
            if told_by_app:
                pass  # the app repaired it already; the caller checks what it said
            elif stale and path not in told:
                problems.append(f"{path.name} was repaired but the user is not told")
            elif path in told:
                ledger.stats["recovered_and_told"] += 1
                ledger.stats[f"recovered_{interrupted['phase']}"] += 1
            else:  # the kill came just after a header refresh: nothing to repair or tell
                ledger.stats["recovered_already_whole"] += 1
            ledger.recovered[str(path)] = info.frames
            ledger.stats["recovered_seconds"] += info.frames / 16000
    for p, frames in ledger.recovered.items():
        if not Path(p).exists() or not samples_ok(Path(p), frames):
            problems.append(f"recovered take {Path(p).name} changed since it was recovered")
    return problems, told


def _scripts(store, ledger: Ledger) -> list[str]:
    import hashlib

    problems = []
    c = store.conn
    for (app_id, variant, version), digest in ledger.scripts.items():
        row = c.execute("SELECT text FROM scripts WHERE application_id=? AND variant=? AND "
                        "version=?", (app_id, variant, version)).fetchone()
        got = row and hashlib.sha256(row[0].encode()).hexdigest()[:16]
        if got != digest:
            problems.append(f"script {app_id}/{variant} v{version} lost or changed")
    for app_id, variant, n, top in c.execute(
            "SELECT application_id, variant, count(*), max(version) FROM scripts "
            "GROUP BY application_id, variant"):
        if n != top:
            problems.append(f"script {app_id}/{variant} versions have a gap ({n} of {top})")
    return problems


def _takes(store, ledger: Ledger) -> list[str]:
    import hashlib

    from coach.speech.wavio import wav_info

    problems = []
    for take_id, (path, frames, digest) in ledger.takes.items():
        row = store.conn.execute("SELECT audio_path, report_json FROM takes WHERE id=?",
                                 (take_id,)).fetchone()
        if row is None:
            problems.append(f"kept take {take_id} is gone")
            continue
        report = json.dumps(json.loads(row[1]), sort_keys=True)
        if row[0] != path or hashlib.sha256(report.encode()).hexdigest()[:16] != digest:
            problems.append(f"kept take {take_id} changed")
        elif not samples_ok(Path(path), frames):
            problems.append(f"the audio of kept take {take_id} is damaged")
    for take_id, path in store.conn.execute("SELECT id, audio_path FROM takes"):
        # a take is kept only once its recording is closed, so its header must be right
        if not Path(path).exists() or not wav_info(path).header_ok:
            problems.append(f"take {take_id} points at a missing or unfinished file")
    return problems


# --- migrations ---------------------------------------------------------------------------


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """The user's rows, to compare before and after an interrupted upgrade."""
    conn = sqlite3.connect(db)
    try:
        return {t: [tuple(r) for r in conn.execute(f"SELECT {cols} FROM {t} ORDER BY id")]
                for t, cols in (("applications", "id, company, role, notes"),
                                ("contacts", "id, application_id, name"),
                                ("scripts", "id, application_id, variant, version, text"),
                                ("takes", "id, audio_path, report_json"))}
    finally:
        conn.close()


def prepare_migration(main: Path, scratch: Path) -> dict:
    """A copy of the main database (taken with SQLite's backup API, so it is consistent)
    in `scratch`, at the released schema, for a migration cycle to upgrade."""
    from coach.store import DB_NAME

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700)
    src, dst = sqlite3.connect(main / DB_NAME), sqlite3.connect(scratch / DB_NAME)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return snapshot(scratch / DB_NAME)


def check_migration(scratch: Path, before: dict, ledger: Ledger) -> list[str]:
    """After a kill mid-upgrade: the file is sound and at exactly one version; opening it
    with the new app finishes the upgrade; every row the user had is still there."""
    from coach.schema import MIGRATIONS
    from coach.store import DB_NAME, Store

    db = scratch / DB_NAME
    conn = sqlite3.connect(db)
    try:
        problems = [] if conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)] \
            else ["integrity_check failed after an interrupted migration"]
        problems += crashkit.migration_problems(conn, len(MIGRATIONS))
        ledger.stats[f"migrate_left_at_{conn.execute('PRAGMA user_version').fetchone()[0]}"] += 1
    finally:
        conn.close()
    Store.open(scratch, migrations=MIGRATIONS + crashkit.EXTRA).close()
    conn = sqlite3.connect(db)
    try:
        problems += crashkit.migration_problems(conn, len(MIGRATIONS))
        if conn.execute("PRAGMA user_version").fetchone()[0] != len(MIGRATIONS) + len(
                crashkit.EXTRA):
            problems.append("the restarted app did not finish the upgrade")
    finally:
        conn.close()
    if snapshot(db) != before:
        problems.append("rows changed during the interrupted upgrade")
    return problems

