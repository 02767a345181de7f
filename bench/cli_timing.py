"""Whole-process cost of `callcoach analyze --json` per take: CPU seconds (user + sys of the
child, both Whisper threads) per second of audio, and wall-clock real-time factor with
the machine's load average beside it (other jobs share the cores; CPU time is the steadier
figure).

    .venv/bin/python bench/cli_timing.py [DIR] [--takes N] [--rounds R] [--sequential]

DIR defaults to ../shared/eval/dev. `--sequential` runs the same analysis in a bare
`python -c` (pipeline imports only, no CLI), to see what the CLI itself adds."""

from __future__ import annotations

import argparse
import glob
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
SEQUENTIAL = (
    "import sys, json; from coach.analysis.pipeline import analyze; "
    "from coach.speech.recognize import default_engine; e = default_engine(); "
    "lines = open(sys.argv[2]).read().splitlines(); "
    "print(json.dumps(analyze(sys.argv[1], lines, engine=e).to_dict()))"
)


def main() -> None:
    import soundfile as sf

    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=DEV)
    ap.add_argument("--takes", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--sequential", action="store_true")
    a = ap.parse_args()
    flacs = sorted(glob.glob(str(a.folder / "*.flac")))[: a.takes]
    if not flacs:
        sys.exit(f"no .flac takes in {a.folder}")
    cpu = wall = audio = 0.0
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.rounds):
            for flac in flacs:
                x, rate = sf.read(flac, dtype="int16")
                wav = os.path.join(tmp, "take.wav")
                sf.write(wav, x, rate)
                script = flac[:-5] + ".script.txt"
                if a.sequential:
                    cmd = [sys.executable, "-c", SEQUENTIAL, wav, script]
                else:
                    cmd = [str(ROOT / ".venv/bin/callcoach"), "analyze", "--json", wav,
                           "--script", script]
                loads.append(os.getloadavg()[0])
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                wall += time.perf_counter() - t0
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                audio += len(x) / rate
    mode = "sequential" if a.sequential else "callcoach analyze"
    print(f"{mode}: {len(flacs) * a.rounds} runs, {audio:.0f} s of audio: "
          f"{cpu / audio:.3f} CPU-s per audio-s, wall RTF {wall / audio:.3f} "
          f"(load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
