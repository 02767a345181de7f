"""Privacy: recording, analysing, speaking, printing and exporting open no network socket;
recordings and the database are private files in a private folder; deleting a take
deletes its audio.

Each command runs in a subprocess with three layers, as far as this machine allows:
nonet.py refuses (and logs) every internet socket Python code tries to make; strace
records every socket the process and its children create, C libraries included; and
`unshare -n` runs it in a network namespace with no network at all, so a command that
needed one would fail. AF_UNIX sockets (Qt, D-Bus, audio servers on this computer) are
allowed: they cannot leave the laptop.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.reliability.conftest import FIGURES
from tests.test_record import FIXTURE, alsa_home, has_devices

REPO = Path(__file__).resolve().parents[2]
NONET = Path(__file__).with_name("nonet.py")


def _can_unshare() -> str:
    """'' if `unshare -n` works here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    r = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    return "" if r.returncode == 0 else f"unshare -n is not permitted: {r.stderr.strip()}"


NO_UNSHARE = _can_unshare()
STRACE = shutil.which("strace")


def offline(tmp: Path, home: Path, *args: str, timeout: float = 300) -> tuple[str, list[str]]:
    """Run `callcoach ARGS` with the network cut every way available; its stdout and the
    network attempts seen (empty when there were none)."""
    log, trace = tmp / "refused.log", tmp / "strace.txt"
    log.unlink(missing_ok=True)
    trace.unlink(missing_ok=True)
    cmd = [sys.executable, str(NONET), str(log), *args]
    if STRACE:
        cmd = [STRACE, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), *cmd]
    if not NO_UNSHARE:
        cmd = ["unshare", "-n", *cmd]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALSA")}
    env.update(HOME=str(home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               CALLCOACH_DATA_DIR=str(tmp / "data"))
    r = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"callcoach {' '.join(args)}: {r.stderr}"
    seen = log.read_text().splitlines() if log.exists() else []
    if trace.exists():
        for line in trace.read_text().splitlines():
            call = re.search(r"(socket|connect)\((.*)", line)
            if call and "AF_UNIX" not in call[2] and "AF_LOCAL" not in call[2]:
                seen.append(f"strace: {line}")
    return r.stdout, seen


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A data folder with one application and contact, and a HOME with a fake ALSA
    microphone (playing the fixture take) when this machine's ALSA supports it."""
    tmp = tmp_path_factory.mktemp("privacy")
    raw = tmp / "mic.raw"
    from coach.speech.wavio import load_audio

    raw.write_bytes(load_audio(FIXTURE, rate=16000, dtype="int16")[0].astype("<i2").tobytes())
    home = alsa_home(tmp, infile=raw)
    offline(tmp, home, "apps", "add", "--company", "Northwind", "--role", "Designer",
            "--sent", "2026-03-02")
    offline(tmp, home, "contacts", "add", "1", "--name", "Dana Reyes", "--relationship",
            "network")
    return tmp, home


COMMANDS = {
    "record": ["record", "--out", "take.wav", "--seconds", "2"],
    "analyse": ["analyze", str(FIXTURE), "--app", "1"],
    "speak": ["speak", "--text", "Hi Dana, it's Sam.", "--out", "spoken.wav"],
    "print": ["print", "1", "--what", "cards", "--pdf", "cards.pdf"],
    "export": ["export", "1", "--format", "md", "--out", "sheet.md"],
    "calendar": ["export", "1", "--format", "ics", "--out", "follow-up.ics"],
    "app self-test": ["--self-test"],  # the window, a script, a PDF and an analysis
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COMMANDS))
def test_default_paths_open_no_network_socket(world, name):
    tmp, home = world
    if name == "record" and not has_devices(home, "input"):
        pytest.skip("ALSA's file plugin (the fake microphone) is not available here")
    if name == "speak" and shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    out, seen = offline(tmp, home, *COMMANDS[name])
    assert seen == [], f"{name} tried to use the network:\n" + "\n".join(seen)
    FIGURES["privacy commands run with the network cut"] += 1
    FIGURES["privacy network attempts"] += len(seen)


def test_the_network_namespace_layer_is_available():
    """Says plainly, as a skip, when only the Python and strace layers could run."""
    if NO_UNSHARE:
        pytest.skip(NO_UNSHARE)
    if STRACE is None:
        pytest.skip("strace is not installed; only the Python and namespace layers ran")


def test_the_guard_would_catch_a_connection(tmp_path):
    """The harness can fail: a program that does reach for the network is caught."""
    log = tmp_path / "refused.log"
    script = tmp_path / "leaky.py"
    script.write_text("import urllib.request\n"
                      "try:\n    urllib.request.urlopen('http://example.com', timeout=2)\n"
                      "except OSError as e:\n    print('refused:', e)\n")
    r = subprocess.run([sys.executable, str(NONET), str(log), "--script", str(script)],
                       capture_output=True, text=True, timeout=60)
    assert "network use refused by the privacy test" in r.stdout, (r.stdout, r.stderr)
    assert "example.com" in log.read_text()


# --- private files ----------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_recordings_and_database_are_private_files_in_a_private_folder(tmp_path, umask):
    """With the usual umask, and with none at all: the data folder and takes folder are
    0700, the database (and its WAL files) and every recording 0600."""
    code = f"""
import os, sys
os.umask({umask})
from pathlib import Path
from coach.paths import data_dir
from coach.store import Store
from coach.speech.record import Recorder, WavSource
from coach.takes import keep_take, take_path
from tests.reliability import crashkit
folder = data_dir({str(tmp_path / "data")!r})
store = Store.open(folder)
app = store.add_application(crashkit.application(1))
path = take_path(folder, app.id)
Recorder(path, source=WavSource({str(FIXTURE)!r}, paced=False)).record(1.0)
keep_take(store, app.id, path, {{"schema": 1}})
cli = Recorder(Path({str(tmp_path / "cli-take.wav")!r}),
               source=WavSource({str(FIXTURE)!r}, paced=False)).record(0.5)
print(path)
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                       text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert r.returncode == 0, r.stderr
    take = Path(r.stdout.strip())
    data = tmp_path / "data"
    assert mode(data) == 0o700 and mode(take.parent) == 0o700
    db_files = list(data.glob("callcoach.sqlite3*"))
    assert db_files and all(mode(p) == 0o600 for p in db_files), \
        {p.name: oct(mode(p)) for p in db_files}
    assert mode(take) == 0o600, oct(mode(take))
    assert mode(tmp_path / "cli-take.wav") == 0o600  # `callcoach record --out` too


def test_delete_this_take_removes_the_audio_and_leaves_no_copy(tmp_path):
    """What History's "Delete this take" calls: the row and the file go, and no file left
    in the data folder holds any of the take's audio."""
    from coach.paths import data_dir
    from coach.speech.record import Recorder, WavSource
    from coach.speech.wavio import load_audio, write_wav
    from coach.store import Store
    from coach.takes import keep_take, take_path
    from tests.reliability import crashkit
    from ui.speechwork import delete_take

    folder = data_dir(tmp_path / "data")
    store = Store.open(folder)
    try:
        app = store.add_application(crashkit.application(2))
        path = take_path(folder, app.id)
        Recorder(path, source=WavSource(FIXTURE, paced=False)).record()
        pcm = load_audio(path, dtype="int16")[0]
        piece = pcm[len(pcm) // 2: len(pcm) // 2 + 2000].astype("<i2").tobytes()
        assert np.any(pcm) and piece in path.read_bytes()
        take = keep_take(store, app.id, path, {"schema": 1})
        other = take_path(folder, app.id)
        write_wav(other, np.sin(np.arange(16000) / 3) * 0.3, 16000)  # another take stays
        keep_take(store, app.id, other, {"schema": 1})
        delete_take(store, take.id)
        assert not path.exists()
        assert [t.audio_path for t in store.list_takes(app.id)] == [str(other)]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    left = [p for p in folder.rglob("*") if p.is_file() and piece in p.read_bytes()]
    assert left == []
    assert other.exists()
