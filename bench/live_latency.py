"""How long `LiveAnalyzer.finish()` takes after the last chunk of a one-minute take.

    .venv/bin/python bench/live_latency.py

Builds a ~60 s take by joining shared dev takes, feeds it in 100 ms chunks (as fast as the
analyzer accepts them, so each piece is recognised during the "recording") and times
finish(). Also reports the batch analysis time and the CPU seconds of both."""

from __future__ import annotations

import glob
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from coach.analysis import lexicon
from coach.analysis.live import LiveAnalyzer
from coach.analysis.pipeline import analyze
from coach.speech.recognize import default_engine

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"


def main() -> None:
    files = sorted(glob.glob(str(DEV / "*kal*clean*.flac")) + glob.glob(str(DEV / "*slt*.flac")))
    pcm, lines = [], []
    while sum(len(p) for p in pcm) < 60 * 16000 and files:
        f = files.pop(0)
        x, _ = sf.read(f, dtype="float32")
        pcm.append(x)
        lines += Path(f[:-5] + ".script.txt").read_text().splitlines()
    take = np.concatenate(pcm)[: 60 * 16000]
    engine = default_engine()
    engine.recognize(take[:16000], prompt=None)  # warm
    lexicon.dictionary()  # the app reads it while the model loads (ui/speechwork.py)
    events = []
    live = LiveAnalyzer(lines, engine=engine, on_event=events.append)
    t0 = time.perf_counter()
    for i in range(0, len(take), 1600):
        live.feed(take[i : i + 1600])
    fed = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    report = live.finish()
    fin, fin_cpu = time.perf_counter() - t1, time.process_time() - c1
    t2, c2 = time.perf_counter(), time.process_time()
    batch = analyze(take, lines, engine=engine)
    bt, bcpu = time.perf_counter() - t2, time.process_time() - c2
    same = batch.to_dict() == report.to_dict()
    print(f"take {len(take) / 16000:.1f} s; feeding took {fed:.2f} s; "
          f"{sum(e.kind == 'filler' for e in events)} live filler events")
    print(f"finish() after last chunk: {fin:.2f} s wall, {fin_cpu:.2f} s CPU")
    print(f"batch analyze: {bt:.2f} s wall ({bt / 60:.3f} RTF), {bcpu:.2f} s CPU; "
          f"live final report == batch report: {same}")


if __name__ == "__main__":
    main()
