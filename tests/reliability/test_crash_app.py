"""Crash safety of the desktop app itself (offscreen): SIGKILL while the Script page saves
edits or the Practice page records, then start it again as `callcoach` does and check
what it tells the user, and that everything committed is intact (test_crash.py's checks).

One cycle in twenty of CALLCOACH_CRASH_CYCLES (at least one) is an app cycle."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import FIGURES, SEED
from tests.reliability.harness import REPO, Ledger, absorb, restart, run_cycle
from tests.reliability.test_crash import APP_SHARE, CYCLES

pytestmark = [pytest.mark.slow, pytest.mark.gui]

APP_WORKER = Path(__file__).with_name("app_worker.py")


def app_restart(data: Path) -> str:
    """Start the app on `data`; the text of the message it shows the user ("" if none)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, str(APP_WORKER), "restart", str(data)], cwd=REPO,
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])["text"]


def test_killing_the_app_loses_nothing_and_it_says_what_it_recovered(tmp_path):
    from coach.speech.wavio import wav_info

    rng = random.Random(SEED + 1)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    ledger = Ledger()
    failures: list[str] = []
    cycles = max(1, CYCLES // APP_SHARE)
    t0 = time.monotonic()
    for i in range(cycles):
        # the kill comes from the first saved edit on: mid-edit, between, or mid-take
        cycle = run_cycle("run", data, rng, worker=APP_WORKER, ready_on="script")
        assert cycle.killed, cycle.stderr
        rec = absorb(ledger, cycle)
        path = Path(rec["path"]) if rec and rec["frames"] else None
        stale = path is not None and path.exists() and not wav_info(path).header_ok
        told = app_restart(data)
        problems = []
        if stale and not (told.startswith("Recovered an interrupted recording")
                          and path.name in told):
            problems.append(f"the app did not tell the user about {path.name}: {told!r}")
        if not stale and "Recovered" in told:
            problems.append(f"the app announced a recovery with nothing to recover: {told!r}")
        ledger.stats["app_told_of_recovery"] += stale
        problems += restart(data, ledger, rec, told_by_app=True)[0]
        if problems:
            failures.append(f"app cycle {i}: " + "; ".join(problems))
    FIGURES["crash cycles (desktop app)"] += cycles
    FIGURES["crash failures"] += len(failures)
    FIGURES["crash seconds"] += time.monotonic() - t0
    FIGURES["crash app recoveries announced"] += ledger.stats["app_told_of_recovery"]
    assert not failures, f"seed {SEED}:\n" + "\n".join(failures)
    assert ledger.scripts, "no edit was saved before the kill"
