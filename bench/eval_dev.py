"""Score the analyzer on a labelled set with the shared scorer.

    .venv/bin/python bench/eval_dev.py [DIR]            # in one process, model loaded once
    .venv/bin/python bench/eval_dev.py [DIR] --cli      # whole process per take, as CI scores
    .venv/bin/python bench/eval_dev.py [DIR] --human    # fluent human takes: fillers + WER
    add --gap-fillers to switch on the (measured, not adopted) missed-filler search, gaps.py

DIR defaults to ../shared/eval/dev. In-process mode writes each report to a temporary
folder and runs score.py --outputs on it, so the figures are the scorer's own; it also
prints the warm real-time factor (analysis only, model already loaded)."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
SCORE = SHARED / "score.py"


def in_process(folder: Path, keep: str | None = None) -> None:
    import soundfile as sf

    from coach.analysis.pipeline import analyze
    from coach.speech.recognize import default_engine

    engine = default_engine()
    out = Path(keep or tempfile.mkdtemp(prefix="callcoach-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    wall = cpu = audio = 0.0
    for flac in sorted(glob.glob(str(folder / "*.flac"))):
        name = os.path.basename(flac)[:-5]
        pcm, rate = sf.read(flac, dtype="float32")
        assert rate == 16000, flac
        lines = Path(flac[:-5] + ".script.txt").read_text().splitlines()
        t0, c0 = time.perf_counter(), time.process_time()
        report = analyze(pcm, lines, engine=engine)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        audio += len(pcm) / rate
        (out / f"{name}.json").write_text(json.dumps(report.to_dict()))
    subprocess.run([sys.executable, str(SCORE), str(folder), "--outputs", str(out)], check=True)
    print(f"warm real-time factor (analysis only)={wall / audio:.3f} wall, "
          f"{cpu / audio:.3f} CPU-seconds per second  reports in {out}")


def cli(folder: Path) -> None:
    cmd = f"{ROOT / '.venv/bin/callcoach'} analyze --json {{wav}} --script {{script}}"
    subprocess.run([sys.executable, str(SCORE), str(folder), cmd], check=True)


def human() -> None:
    """Every filler on fluent read speech is a false alarm; WER against the transcripts."""
    from coach.analysis.align import norm_tokens
    from coach.analysis.pipeline import analyze
    from coach.speech.recognize import default_engine

    engine = default_engine()
    folder = SHARED / "human"
    truth = json.loads((folder / "transcripts.json").read_text())
    errs = total = fillers = 0
    for name, text in sorted(truth.items()):
        report = analyze(folder / name, None, engine=engine)
        got = [t for w in report.words if not w.filler for t in norm_tokens(w.text)]
        ref = norm_tokens(text)
        e = _edit_distance(ref, got)
        f = [x["text"] for x in report.to_dict()["findings"] if x["kind"] == "filler"]
        print(f"{name:32s} WER={e / len(ref):.3f} fillers={f}")
        errs, total, fillers = errs + e, total + len(ref), fillers + len(f)
    print(f"human: WER={errs / total:.3f} filler false alarms={fillers}")


def _edit_distance(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


if __name__ == "__main__":
    if "--gap-fillers" in sys.argv:
        from coach.analysis import pipeline

        pipeline.FIND_MISSED_FILLERS = True
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else SHARED / "dev"
    if "--cli" in sys.argv:
        cli(folder)
    elif "--human" in sys.argv:
        human()
    else:
        in_process(folder, keep=os.environ.get("EVAL_KEEP"))
