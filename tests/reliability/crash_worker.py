"""A process for the crash-safety harness (test_crash.py) to kill with SIGKILL.

    python crash_worker.py PHASE DATA_DIR SEED

does one kind of work in a loop until it is killed — recording a take, recording and
keeping takes, migrating the database, editing scripts and records through the CLI — and
prints one JSON line on stdout *after* each step is committed (and an "attempt" line
before a change whose commit might land just before the kill). What the parent has read
when it kills is therefore what the user may rightly expect to find after a restart.

It uses the real code paths: coach.speech.record.Recorder into <data>/takes as the
Practice page does, coach.takes.keep_take, ui.work.save_script_text (the Script page's
autosave) and coach.cli.main for the command line.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import sys
import threading
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.reliability import crashkit  # noqa: E402


def say(**fields) -> None:
    # sys.__stdout__: cli() redirects sys.stdout to capture a command's output
    print(json.dumps(fields, ensure_ascii=False), file=sys.__stdout__, flush=True)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def open_store(data: Path):
    from coach.store import Store

    return Store.open(data)


def ensure_app(store) -> int:
    """The application the takes belong to (the first one; made on the first run)."""
    apps = store.list_applications()
    if apps:
        return min(a.id for a in apps)
    app = store.add_application(crashkit.application(0))
    say(event="app", id=app.id, company=app.company, role=app.role, contacts=2)
    return app.id


class PacedSource:
    """The fixture take, looped, delivered in 100 ms chunks `speed` times faster than real
    time: a microphone without the wait, so a kill lands anywhere in a long take."""

    def __init__(self, speed: float = 4.0, seconds: float = 30.0):
        self.pcm = crashkit.source_pcm(seconds)
        self.speed = speed
        self.overflows = 0

    def chunks(self, stop: threading.Event):
        from coach.speech.record import BLOCK, RATE

        t0 = time.monotonic()
        for i in range(0, len(self.pcm), BLOCK):
            if stop.is_set():
                return
            time.sleep(max(0.0, t0 + (i + BLOCK) / RATE / self.speed - time.monotonic()))
            yield self.pcm[i: i + BLOCK].tobytes()

    def close(self) -> None:
        pass


def phase_record(data: Path, rng: random.Random) -> None:
    from coach.speech.record import Recorder
    from coach.takes import take_path

    store = open_store(data)
    app_id = ensure_app(store)
    store.close()
    path = take_path(data, app_id)
    say(event="recording", path=str(path))
    holder: list[Recorder] = []

    def on_chunk(_pcm) -> None:  # called after the chunk is handed to the OS
        say(event="frames", path=str(path), frames=holder[0].writer.frames)

    rec = Recorder(path, source=PacedSource(speed=rng.choice((2.0, 4.0, 8.0))),
                   on_chunk=on_chunk)
    holder.append(rec)
    say(event="ready")
    rec.record()
    say(event="done")


def phase_cli_record(data: Path, rng: random.Random) -> None:
    """`callcoach record --out <takes>/…` itself, with the microphone swapped for the paced
    source just below the device layer (a fake ALSA device delivers audio hundreds of
    times faster than real time, so a kill would nearly always find the take finished)."""
    from coach.speech import record

    store = open_store(data)
    app_id = ensure_app(store)
    store.close()
    path = data / "takes" / f"app{app_id}-cli-{rng.randrange(10**9)}.wav"
    path.parent.mkdir(mode=0o700, exist_ok=True)

    class Microphone(PacedSource):
        def __init__(self, device=None, block=None):
            super().__init__(speed=rng.choice((2.0, 4.0, 8.0)))

        def chunks(self, stop):
            frames = 0
            for chunk in super().chunks(stop):
                yield chunk
                frames += len(chunk) // 2  # the recorder asks for more once it has written
                say(event="frames", path=str(path), frames=frames)

    record.MicrophoneSource = Microphone
    say(event="recording", path=str(path))
    say(event="ready")
    cli(data, "record", "--out", str(path), "--seconds", "3600")


def phase_save_take(data: Path, rng: random.Random) -> None:
    """Record short takes at full speed and keep each with its report, as Practice does
    after "Keep this take"."""
    from coach.speech.record import Recorder
    from coach.takes import keep_take, take_path

    store = open_store(data)
    app_id = ensure_app(store)
    say(event="ready")
    while True:
        path = take_path(data, app_id)
        seconds = round(rng.uniform(0.3, 6.0), 1)
        say(event="recording", path=str(path))
        info = Recorder(path, source=crashkit.FastSource()).record(seconds)
        time.sleep(rng.uniform(0, 0.1))  # the analysis runs before the user can keep it
        report = crashkit.report(rng, info.seconds)
        say(event="attempt", kind="take", path=str(path))
        take = keep_take(store, app_id, path, report, "live", None)
        say(event="take", id=take.id, path=str(path), frames=info.frames,
            report=sha(json.dumps(report, sort_keys=True)))


def cli(data: Path, *args: str) -> str:
    """Run one `callcoach` command in this process; its stdout, or raise on failure."""
    from coach.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--data-dir", str(data), *args])
    if code != 0:
        raise SystemExit(f"callcoach {' '.join(args)} failed with {code}")
    return out.getvalue()


def phase_script(data: Path, rng: random.Random) -> None:
    """Edit the way a user does: the Script page's autosave (a new version per change),
    `callcoach script --rebuild`, `callcoach apps add` and `callcoach profile set`."""
    from ui.work import ScriptSnapshot, save_script_text

    store = open_store(data)
    app_id = ensure_app(store)
    say(event="ready")
    n = 0
    while True:
        n += 1
        what = rng.random()
        if what < 0.5:
            variant = rng.choice(("live", "voicemail", "gatekeeper"))
            text = crashkit.script_text(rng, n)
            say(event="attempt", kind="script", app=app_id, variant=variant, sha=sha(text))
            v = save_script_text(store, ScriptSnapshot(app_id, variant, text))
            if v is not None:
                say(event="script", app=app_id, variant=variant, version=v.version,
                    sha=sha(text))
        elif what < 0.7:
            out = json.loads(cli(data, "script", str(app_id), "--variant", "hr", "--rebuild",
                                 "--json"))
            text = store.latest_script(app_id, "hr")
            say(event="script", app=app_id, variant="hr", version=text.version,
                sha=sha(text.text), via="cli", lines=len(out.get("sections", [])))
        elif what < 0.9:
            app = crashkit.application(rng.randrange(10**6))
            say(event="attempt", kind="app", company=app.company)
            made = json.loads(cli(data, "apps", "add", "--company", app.company, "--role",
                                  app.role, "--sent", date(2026, 3, 2).isoformat(),
                                  "--notes", app.notes, "--json"))
            say(event="app", id=made["id"], company=app.company, role=app.role, contacts=0)
        else:
            name = f"Sam Rivera {n}"
            say(event="attempt", kind="profile", name=name)
            cli(data, "profile", "set", "--name", name, "--rate", str(140 + n % 20))
            say(event="profile", name=name)


def phase_migrate(data: Path, rng: random.Random) -> None:
    """Upgrade the database with the harness's future migrations (crashkit.EXTRA)."""
    from coach.schema import MIGRATIONS
    from coach.store import Store

    say(event="ready")
    store = Store.open(data, migrations=MIGRATIONS + crashkit.EXTRA)
    say(event="migrated", version=store.schema_version())
    store.close()
    say(event="done")


PHASES = {"record": phase_record, "cli_record": phase_cli_record,
          "save_take": phase_save_take, "script": phase_script, "migrate": phase_migrate}

if __name__ == "__main__":
    phase, folder, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    PHASES[phase](folder, random.Random(seed))
