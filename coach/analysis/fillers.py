"""Filled pauses (um, uh, er, ah, hmm), from the recogniser's filler tokens.

Whisper transcribes most filled pauses when its prompt is written with fillers in it
(pipeline.GENERIC_PROMPT), but its word timestamps put a filler late: the cross-attention
alignment attaches the filler's sound to the end of the previous word and starts the "um"
just before the next word. The previous word's end is where the filler really begins
(measured: median onset error 75 ms with this correction), so the filler's start is moved
back to it, by at most MAX_SHIFT_S. That bound is still loose (±0.2 s), so when the energy
map shows speech starting inside the first part of the filler's span — the silence a
speaker leaves before an "um" — the onset is snapped to that start (measured: median onset
error 71 → 40 ms on dev, 138 → 34 ms on the held-out voices).

An acoustic filled-pause detector (stable F0 and spectral envelope for ≥ 150 ms, after
Goto et al.) over the speech that Whisper left without words was measured and not adopted:
on the dev takes it found 10 of the 12 fillers Whisper missed but raised 16 false alarms,
because Whisper's word boundaries are too loose to tell "speech no word covers" from
"the tail of a word" (bench/RESULTS.md)."""

from __future__ import annotations

import dataclasses

from coach.analysis.detectors import filled_pause_name
from coach.analysis.report import Finding

MAX_SHIFT_S = 0.6
SNAP_BEFORE_S = 0.15  # a speech onset this far before the estimated start may be the filler's
SNAP_SHARE = 0.4  # ... or one within the first 40 % of its span


def fuse(words, regions=()):
    """[(word, filled-pause name or None)]; a filler comes back as a copy with its onset
    corrected, the recogniser's words are left as they were. `regions` are the take's
    speech regions (s) for the onset snap; without them only the word-based shift is done."""
    out = []
    for i, w in enumerate(words):
        name = filled_pause_name(w.text)
        if name:
            start = w.start
            if i > 0 and words[i - 1].end < start:
                start = max(words[i - 1].end, start - MAX_SHIFT_S)
            start = snap_onset(start, w.end, regions)
            if start != w.start:
                w = dataclasses.replace(w, start=start)
        out.append((w, name))
    return out


def snap_onset(start: float, end: float, regions) -> float:
    """The first speech onset in [start - SNAP_BEFORE_S, start + SNAP_SHARE * span], else
    `start` unchanged."""
    lo, hi = start - SNAP_BEFORE_S, start + SNAP_SHARE * max(0.0, end - start)
    for a, _b in regions:
        if a > hi:
            break
        if a >= lo:
            return min(a, end)
    return start


def finding(name: str, start: float, end: float) -> Finding:
    return Finding(
        "filler", start, end,
        f"\u201c{name}\u201d: a filled pause. A brief silent pause sounds calmer and more sure.",
        text=name,
    )
