"""Each filled pause the analyzer reports on a labelled set, right or wrong, with what it
was based on: for finding the rule that keeps the right ones.

    .venv/bin/python bench/filler_probe.py DIR [--cache C] [--misses]

Whisper's words for each take are kept in C (default /tmp/callcoach-probe/<set name>), so
a second run only rebuilds the reports (fast): change a rule in coach/analysis and run
again. Prints one row per reported filler (TP/FP), the misses with --misses, and the
scorer's figures for the rebuilt reports."""

from __future__ import annotations

import glob
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
COLLAR = 0.25  # as score.py


def raw_words(flac: str, cache: Path, engine_box: list):
    import soundfile as sf

    from coach.analysis import pipeline, signal

    pcm, _rate = sf.read(flac, dtype="float32")
    lines = Path(flac[:-5] + ".script.txt").read_text().splitlines()
    fr = signal.frames_of(pcm)
    path = cache / (Path(flac).stem + ".pkl")
    if path.exists():
        return pcm, fr, lines, pickle.loads(path.read_bytes())
    if not engine_box:
        from coach.speech.recognize import default_engine

        engine_box.append(default_engine())
    regions = signal.speech_regions(signal.speech_mask(fr)[0])
    raw = (pipeline.transcribe(engine_box[0], pcm, fr, pipeline.filler_prompt(lines))
           if regions else [])
    path.write_bytes(pickle.dumps(raw))
    return pcm, fr, lines, raw


def acoustics(fr, start: float, end: float) -> str:
    from coach.analysis import signal

    a, b = int(start / signal.HOP), max(int(start / signal.HOP) + 2, int(end / signal.HOP))
    f0 = fr.f0[a:b]
    voiced = float((f0 > 0).mean()) if len(f0) else 0.0
    logs = np.log(f0[f0 > 0])
    pitch = float(np.std(np.diff(logs))) * 100 if len(logs) > 2 else float("nan")
    env = signal.envelope_step(fr, a, b)
    return f"voiced={voiced:.2f} pitch%={pitch:4.1f} env={env:.2f}"


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else \
        Path(tempfile.gettempdir()) / "callcoach-probe" / folder.name
    cache.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="callcoach-probe-reports-"))
    from coach.analysis import pipeline

    engine_box: list = []
    rows, misses = [], []
    for flac in sorted(glob.glob(str(folder / "*.flac"))):
        name = os.path.basename(flac)[:-5]
        pcm, fr, lines, raw = raw_words(flac, cache, engine_box)
        report = pipeline.build_report(pcm, fr, lines, "probe", raw)
        (out / f"{name}.json").write_text(json.dumps(report.to_dict()))
        truth = [e for e in json.loads(Path(flac[:-5] + ".json").read_text())["events"]
                 if e["type"] == "filler"]
        found = [f for f in report.findings if f.kind == "filler"]
        used = set()
        for f in found:
            hit = next((k for k, t in enumerate(truth) if k not in used
                        and f.start < t["end"] + COLLAR and f.end > t["start"] - COLLAR), None)
            if hit is not None:
                used.add(hit)
            near = [w for w in raw if w.end > f.start - 0.8 and w.start < f.end + 0.8]
            context = " ".join(
                (f"[{w.text}]" if abs(w.start - f.start) < 0.3 else w.text)
                + (f"({w.probability:.2f},{w.filler_before:.2f})"
                   if abs(w.start - f.start) < 0.3 else "") for w in near)
            rows.append((hit is not None, name, f.text, f.start, f.end,
                         acoustics(fr, f.start, f.end), context))
        for k, t in enumerate(truth):
            if k not in used:
                near = [w.text for w in raw if w.end > t["start"] - 0.8
                        and w.start < t["end"] + 0.8]
                misses.append((name, t["text"], t["start"], t["end"], " ".join(near)))
    for ok, name, text, s, e, ac, context in rows:
        print(f"{'TP' if ok else 'FP'} {name[:44]:44s} {text:4s} {s:6.2f}-{e:6.2f} {ac}  "
              f"{context}")
    if "--misses" in argv:
        for name, text, s, e, context in misses:
            print(f"FN {name[:44]:44s} {text:4s} {s:6.2f}-{e:6.2f}  {context}")
    try:
        subprocess.run([sys.executable, str(SCORE), str(folder), "--outputs", str(out)],
                       check=True)
    finally:  # the reports are only for the scorer; a run leaves nothing behind
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
