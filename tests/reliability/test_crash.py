"""Crash safety: SIGKILL the work at random points — while recording, while keeping a
take, while migrating the database, while editing scripts and records through the CLI —
then restart and check that the database is sound, everything committed is intact, the
take being recorded is recovered up to its last chunk, and the user is told about it.

Set CALLCOACH_CRASH_CYCLES (default 24 here; `make reliability` runs 200 in all, with the
desktop-app cycles of test_crash_app.py) and CALLCOACH_SEED to repeat a run.
"""

from __future__ import annotations

import os
import random
import time

import pytest

from tests.reliability.conftest import FIGURES, SEED
from tests.reliability.harness import (
    Cycle,
    Ledger,
    absorb,
    check_migration,
    prepare_migration,
    restart,
    run_cycle,
)

pytestmark = pytest.mark.slow

CYCLES = int(os.environ.get("CALLCOACH_CRASH_CYCLES", "24"))
APP_SHARE = 20  # one cycle in this many kills the desktop app instead (test_crash_app.py)
PHASES = ("record", "script", "save_take", "migrate", "cli_record")


def worker_cycles() -> int:
    return CYCLES - max(1, CYCLES // APP_SHARE)


def test_sigkill_at_random_points_loses_nothing(tmp_path):
    rng = random.Random(SEED)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    scratch = tmp_path / "upgrade"
    ledger = Ledger()
    phases = PHASES
    failures: list[str] = []
    t0 = time.monotonic()
    n = worker_cycles()
    for i in range(n):
        phase = phases[i % len(phases)]
        if phase == "migrate":
            before = prepare_migration(data, scratch)
            cycle = run_cycle("migrate", scratch, rng)
            problems = check_migration(scratch, before, ledger)
        else:
            cycle = run_cycle(phase, data, rng)
            problems, _told = restart(data, ledger, absorb(ledger, cycle))
        ledger.stats[f"cycles_{phase}"] += 1
        ledger.stats[f"killed_mid_{phase}"] += cycle.killed
        if problems:
            failures.append(f"cycle {i} ({phase}): " + "; ".join(problems))
            if len(failures) >= 5:
                break
    elapsed = time.monotonic() - t0
    FIGURES["crash cycles (CLI and core)"] += n
    FIGURES["crash failures"] += len(failures)
    FIGURES["crash seconds"] += elapsed
    for key, value in ledger.stats.items():
        FIGURES[f"crash {key}"] += value
    FIGURES["crash kept takes checked"] += len(ledger.takes)
    FIGURES["crash script versions checked"] += len(ledger.scripts)
    assert not failures, f"seed {SEED}:\n" + "\n".join(failures)
    # the run did what it says: kills landed mid-work in every phase, recordings were
    # recovered, and there was committed data to check
    for phase in phases:
        if ledger.stats[f"cycles_{phase}"] >= 3:
            assert ledger.stats[f"killed_mid_{phase}"] >= 1, (phase, dict(ledger.stats))
    assert ledger.recovered and ledger.takes and ledger.scripts, dict(ledger.stats)


def _cycle(*events: dict) -> Cycle:
    return Cycle("script", list(events), killed=True, seconds=0.1, stderr="")


def test_a_profile_kill_before_the_first_commit_leaves_the_default_name_allowed():
    # seed 714401 in CI: killed between "attempt" and the commit of the first profile, the
    # folder rightly still had no name, and the ledger allowed only the attempted one
    ledger = Ledger()
    absorb(ledger, _cycle({"event": "attempt", "kind": "profile", "name": "Sam Rivera 5"}))
    assert ledger.profile == {"", "Sam Rivera 5"}


def test_a_profile_kill_after_a_commit_allows_the_last_committed_or_the_attempt():
    ledger = Ledger()
    absorb(ledger, _cycle({"event": "profile", "name": "Sam Rivera 1"},
                          {"event": "attempt", "kind": "profile", "name": "Sam Rivera 9"}))
    assert ledger.profile == {"Sam Rivera 1", "Sam Rivera 9"}
    absorb(ledger, _cycle({"event": "attempt", "kind": "profile", "name": "Sam Rivera 3"},
                          {"event": "profile", "name": "Sam Rivera 3"}))
    assert ledger.profile == {"Sam Rivera 3"}
