"""Filled pauses (um, uh, er, ah, hmm), from the recogniser's filler tokens.

Whisper transcribes most filled pauses when its prompt is written with fillers in it
(pipeline.GENERIC_PROMPT), but its word timestamps put a filler late: the cross-attention
alignment attaches the filler's sound to the end of the previous word and starts the "um"
just before the next word. The previous word's end is where the filler really begins
(measured: median onset error 75 ms with this correction), so the filler's start is moved
back to it, by at most MAX_SHIFT_S, when Whisper's own span for it is short. That bound
is still loose (±0.2 s), so when the energy map shows speech starting inside the first
part of the filler's span — the silence a speaker leaves before an "um" — the onset is
snapped to that start (measured: median onset error 71 → 40 ms on dev, 138 → 34 ms on the
held-out voices).

An acoustic filled-pause detector (stable F0 and spectral envelope for ≥ 150 ms, after
Goto et al.) over any speech Whisper left without words was measured and not adopted: on
the dev takes it found 10 of the 12 fillers Whisper missed but raised 16 false alarms,
because Whisper's word boundaries are too loose to tell "speech no word covers" from
"the tail of a word" (bench/RESULTS.md). What does hold (`unwritten`) is the narrower
case: a run of voice with silence on both sides, in which no word begins, held on one
sound for 0.3 s or more. A speaker who hesitates stops, says "uhhh", goes on. And a
filler too quiet for the energy map shows as a bump in what it took for a pause
(`in_silence`)."""

from __future__ import annotations

import dataclasses

import numpy as np

from coach.analysis import signal
from coach.analysis.detectors import filled_pause_name
from coach.analysis.report import Finding
from coach.analysis.signal import HOP
from coach.analysis.timeline import Timeline

MAX_SHIFT_S = 0.6
# ... but only for a filler Whisper squeezed against the next word. When it gave the filler
# a span of its own, its start is the better one: moving those back to the previous word's
# end put them 0.3-0.8 s early (held-out seed 17: median onset error 118 -> 32 ms; dev
# 50 -> 29 ms; the other sets within 2 ms; bench/RESULTS.md).
TRUST_SPAN_S = 0.25
SNAP_BEFORE_S = 0.15  # a speech onset this far before the estimated start may be the filler's
SNAP_SHARE = 0.4  # ... or one within the first 40 % of its span
SNAP_SINCE_WORD_S = 0.3  # a filler at Whisper's start: this far back, not past the last word
# A filler Whisper wrote while giving filled pauses less than this share of the step is a
# guess, mostly a script word it misheard ("Hi, this is Atlas um" for "Alex Kim"): it is
# left out of the report. Measured on seven held-out sets (bench/RESULTS.md): 61 -> 43
# false fillers for 3 of 332 true ones lost; both sets made afterwards improved in precision
# (0.84 -> 0.85, 0.80 -> 0.90); dev and the human takes unchanged.
WRITTEN_MIN = 0.3
# Below half that share, the sound under it tells: a misheard word ("three um Marcus" for
# "Thanks, Marcus", "Uh can suggest" for "Ana Chen suggested") moves from sound to sound
# as words do (mean mel-cepstral step 1.7 and more), a filler holds. Measured on twenty
# held-out sets (bench/RESULTS.md, tenth session): 18 of the 91 false fillers Whisper
# wrote and 1 of its 961 true ones are so.
WRITTEN_SURE = 0.5
WRITTEN_MOVING = 1.7


def fuse(words, regions=(), fr=None):
    """[(word, filled-pause name or None)]; a filler comes back as a copy with its onset
    corrected, the recogniser's words are left as they were. `regions` are the take's
    speech regions (s) for the onset snap; without them only the word-based shift is done.
    A filler Whisper was unsure of (`doubted`) is left out, and with the take's frames
    `fr`, one it was not sure of over a sound that moves like a word (`moves`)."""
    out = []
    for i, w in enumerate(words):
        name = filled_pause_name(w.text)
        if name and doubted(w):
            continue
        if name:
            start = w.start
            before = SNAP_BEFORE_S
            if i > 0 and words[i - 1].end < start and w.end - w.start < TRUST_SPAN_S:
                start = max(words[i - 1].end, start - MAX_SHIFT_S)
            elif i > 0:  # Whisper's own start: an onset since the previous word may be it
                before = max(before, min(SNAP_SINCE_WORD_S, start - words[i - 1].end))
            start = snap_onset(start, w.end, regions, before)
            if fr is not None and doubted(w, WRITTEN_SURE) and moves(fr, start, w.end):
                continue
            if start != w.start:
                w = dataclasses.replace(w, start=start)
        out.append((w, name))
    return out


def doubted(w, below: float = WRITTEN_MIN) -> bool:
    """Whether Whisper wrote this filler with a filled-pause share under `below` at its
    step. Only words that carry Whisper's step distributions (`filler_guess` set) are
    judged: other engines' fillers, and beam search's, stand."""
    return bool(getattr(w, "filler_guess", "")) and w.filler_before < below


def moves(fr, start: float, end: float) -> bool:
    """Whether the sound from `start` to `end` (s; at least 30 ms) changes as a word does
    (WRITTEN_MOVING)."""
    i = int(round(start / HOP))
    return signal.envelope_step(fr, i, max(int(round(end / HOP)), i + 3)) > WRITTEN_MOVING


def snap_onset(start: float, end: float, regions, before: float = SNAP_BEFORE_S) -> float:
    """The first speech onset in [start - before, start + SNAP_SHARE * span], else `start`
    unchanged."""
    lo, hi = start - before, start + SNAP_SHARE * max(0.0, end - start)
    for a, _b in regions:
        if a > hi:
            break
        if a >= lo:
            return min(a, end)
    return start


# Whisper's own hesitation (recognize.Word.filler_before): the share it gave a filled pause
# at the step where it wrote a word instead. Measured on dev, held-out and human takes
# (bench/RESULTS.md): fluent human speech never reaches 0.03; a filler Whisper left out
# between two words mostly gets 0.1 or more, and then there is voiced sound between them.
HEARD_MIN = 0.10
HEARD_VOICED_S = 0.20  # voiced speech between the two words, as a filler lasts
# A short word that is not in the script and that Whisper nearly wrote as a filler is the
# filler misheard: "er" written "or", "for", "oh".
SWAPPED_MIN = 0.05
SOUNDS_LIKE_FILLER = frozenset({"or", "oh", "for", "our", "a", "ah", "her", "err"})


def recover(timed, in_script, fr, mask, has_script: bool):
    """Filled pauses Whisper heard but did not write, from its step distributions. With a
    script, one of the two words around an added filler must be the script's: where Whisper
    misheard a whole stretch it hesitates everywhere.
    `timed`: [(Word, filler name or None)] from `fuse`; `in_script`: per entry, whether
    the word was matched to the script; `fr`/`mask`: the take's frames and speech mask.
    Returns new (timed, in_script) lists."""
    out, flags = [], []
    voiced = mask & (fr.voicing > 0.5)
    for k, ((w, name), flag) in enumerate(zip(timed, in_script, strict=True)):
        heard = getattr(w, "filler_before", 0.0)
        prev = out[-1] if out else None
        if (name is None and has_script and not flag and heard >= SWAPPED_MIN
                and w.text.lower() in SOUNDS_LIKE_FILLER and _between_script(in_script, k)):
            out.append((w, _guess(w)))
            flags.append(False)
            continue
        if (name is None and heard >= HEARD_MIN and prev is not None and prev[1] is None
                and (flag or flags[-1] or not has_script)):
            span = _voiced_span(voiced, prev[0].end, w.start)
            if span is not None:
                filler = dataclasses.replace(w, text=_guess(w), raw=_guess(w),
                                             start=span[0], end=span[1], filler_before=0.0)
                out.append((filler, _guess(w)))
                flags.append(False)
        out.append((w, name))
        flags.append(flag)
    return out, flags


# A filled pause Whisper left out whole, or stretched a word over, still stands out in the
# audio: a run of voice with silence either side (the speaker stopped, hesitated, went on)
# that holds one sound. Measured on eleven held-out sets (bench/RESULTS.md): such runs of
# 0.3 s or more with a mean mel-cepstral step of at most 1.1 (words move from sound to
# sound at 1.3-2.4; fillers hold at 0.8-1.4) were 47 missed fillers and 5 other sounds.
ISLAND_GAP_S = 0.03  # silence either side that sets a run of voice apart
ISLAND_MIN_S = 0.3
ISLAND_MAX_S = 1.2
ISLAND_VOICED = 0.8  # share of its frames voiced
ISLAND_STEADY = 1.1  # mean absolute change of the mel cepstrum per 10 ms, at most
ISLAND_NEAR_S = 0.3
# ... and one Whisper wrote as an interjection, off-script: esp_carib_f3's "uh" comes out
# as "Oh" ("India Oh you can reach"). Of the 41 "oh"s and "huh"s on seeds 7-89, six lay
# on such a run, all of them fillers (four found already by `recover`; RESULTS).
WRITTEN_AS_WORD = frozenset({"oh", "huh"})


def unwritten(timed, in_script, fr, mask):
    """Filled pauses Whisper did not write: each run of voice set apart by silence that is
    held steady (ISLAND_*), that no filler found so far touches, in which no word begins
    and over which at most one word lies (stretched from before it). A filler Whisper did
    write within ISLAND_NEAR_S of such a run is that run, timed late: it is moved onto it,
    not counted twice; an off-script "oh" Whisper wrote on it (WRITTEN_AS_WORD) is the
    filler. Returns new (timed, in_script) lists in time order."""
    if not timed:  # no words, no report to add to (build_report stops before this)
        return [], []
    voiced = mask & (fr.voicing > 0.5)
    order = sorted(range(len(timed)), key=lambda k: timed[k][0].start)
    timed, flags = [timed[k] for k in order], [in_script[k] for k in order]
    line = Timeline([w for w, _ in timed])  # same order as timed: it is sorted already
    moved: set[int] = set()
    added = []
    for a, b in signal.speech_regions(mask, bridge=ISLAND_GAP_S, min_len=0.1):
        if not ISLAND_MIN_S <= b - a <= ISLAND_MAX_S:
            continue
        i, j = int(round(a / HOP)), int(round(b / HOP))
        if voiced[i:j].mean() < ISLAND_VOICED or signal.envelope_step(fr, i, j) > ISLAND_STEADY:
            continue
        near = line.reaching(a - ISLAND_NEAR_S, b + ISLAND_NEAR_S)
        over = [k for k in near if timed[k][0].start < b and timed[k][0].end > a]
        if (len(over) == 1 and not flags[over[0]] and timed[over[0]][1] is None
                and timed[over[0]][0].text.lower().strip(".,!?") in WRITTEN_AS_WORD):
            w = timed[over[0]][0]
            name = _guess(w)
            timed[over[0]] = (dataclasses.replace(w, text=name, raw=name, start=a, end=b), name)
            continue
        if (any(timed[k][1] for k in over) or len(over) > 1
                or any(a - 0.05 <= timed[k][0].start < b - 0.05 for k in over)):
            continue
        late = [k for k in near if timed[k][1] and k not in moved]
        if late:
            moved.add(late[0])
            timed[late[0]] = (dataclasses.replace(timed[late[0]][0], start=a, end=b),
                              timed[late[0]][1])
            continue
        # Whisper's step distribution at the next word names the filler it weighed most.
        ref = timed[min(line.first_from(b - 0.05), len(timed) - 1)][0]
        name = _guess(ref)
        added.append((dataclasses.replace(ref, text=name, raw=name, start=a, end=b,
                                          probability=0.0, filler_before=0.0), name))
    timed += added
    flags += [False] * len(added)
    order = sorted(range(len(timed)), key=lambda k: timed[k][0].start)
    return [timed[k] for k in order], [flags[k] for k in order]


# A filled pause too quiet for the speech map (Festival's "um" under pink noise) leaves a
# silence of a second or more with a bump in it: a QUIET_WINDOW_S stretch QUIET_RISE_DB
# over the silence's median energy with a voice's spectrum (high band over low at most
# QUIET_HF_DB; kitchen clatter is above -5), held on one sound (envelope step at most
# QUIET_STEADY: a breath drawn before the next sentence rises as much, and in a phone
# recording has no high band either, but it rushes; 1.69 on a human take). Measured on
# seeds 7-73 (bench/RESULTS.md): 11 of the reported pauses hold such a filler, none of
# the rest has such a bump.
QUIET_WINDOW_S = 0.3
QUIET_RISE_DB = 3.0
QUIET_HF_DB = -7.0
QUIET_STEADY = 1.6
QUIET_EDGE_S = 0.05  # the silence's own edges are the words' tails


def in_silence(pauses, pcm, fr) -> list[tuple[float, float]]:
    """(start, end) of the quiet filled pauses inside `pauses` (findings), one at most
    each: its loudest QUIET_WINDOW_S stretch if it stands out as above, widened to where
    the sound stays over half its rise."""
    k = int(round(QUIET_WINDOW_S / HOP))
    edge = int(round(QUIET_EDGE_S / HOP))
    out = []
    for p in pauses:
        a, b = int(round(p.start / HOP)) + edge, int(round(p.end / HOP)) - edge
        energy = fr.energy_db[a:b]
        if len(energy) <= k:
            continue
        smooth = np.convolve(energy, np.ones(k) / k, mode="valid")
        i = int(np.argmax(smooth))
        base = float(np.median(energy))
        rise = float(smooth[i]) - base
        if (rise < QUIET_RISE_DB
                or signal.high_over_low_db(pcm, (a + i) * HOP, (a + i + k) * HOP) > QUIET_HF_DB
                or signal.envelope_step(fr, a + i, a + i + k) > QUIET_STEADY):
            continue
        near = np.convolve(energy, np.ones(10) / 10, mode="same") >= base + rise / 2
        lo, hi = i, i + k
        while lo > 0 and near[lo - 1]:
            lo -= 1
        while hi < len(near) and near[hi]:
            hi += 1
        out.append((round((a + lo) * HOP, 3), round((a + hi) * HOP, 3)))
    return out


def _between_script(in_script, k: int) -> bool:
    """Whether the words either side of entry k were matched to the script: a stray "or"
    inside a line Whisper misheard throughout is just a misheard word."""
    return all(in_script[j] for j in (k - 1, k + 1) if 0 <= j < len(in_script))


def guess_at(words, t: float) -> str:
    """The filler Whisper weighed most at the first of `words` (time order) from `t` on."""
    after = next((w for w in words if w.start >= t - 0.05), None)
    return _guess(after) if after is not None else "um"


def _guess(w) -> str:
    return filled_pause_name(getattr(w, "filler_guess", "") or "") or "um"


def _voiced_span(voiced, start: float, end: float):
    """(first, last) time of voiced speech between `start` and `end` if it adds up to
    HEARD_VOICED_S, else None."""
    a, b = max(0, int(round(start / HOP))), min(len(voiced), int(round(end / HOP)))
    idx = np.flatnonzero(voiced[a:b])
    if len(idx) * HOP < HEARD_VOICED_S:
        return None
    return round((a + idx[0]) * HOP, 3), round((a + idx[-1] + 1) * HOP, 3)


# Whisper writes one long hesitation as two or three ("Uh Uh uh"), each a few tenths of a
# second after the last: filled pauses back to back, closer than SAME_GAP_S and together
# no longer than SAME_SPAN_S (the labelled fillers last 0.25-0.7 s), are one finding.
# Measured (bench/RESULTS.md): seeds 11, 19, 23, 41, 43 fewer false fillers, no set
# lower; a looser span (no bound) also joined two fillers said 0.5 s apart.
SAME_GAP_S = 0.35
SAME_SPAN_S = 1.0


def findings(timed) -> list[Finding]:
    """The filler findings of `timed` ([(word, filled-pause name or None)], in time
    order), a hesitation Whisper wrote more than once counted once."""
    out: list[Finding] = []
    prev = None
    for w, name in timed:
        if (name and prev is not None and prev[1] and w.start - prev[0].end < SAME_GAP_S
                and max(out[-1].end, w.end) - out[-1].start <= SAME_SPAN_S):
            out[-1] = finding(out[-1].text, out[-1].start, max(out[-1].end, w.end))
        elif name:
            out.append(finding(name, w.start, w.end))
        prev = (w, name)
    return out


def finding(name: str, start: float, end: float) -> Finding:
    return Finding(
        "filler", start, end,
        "A filled pause. A brief silent pause sounds calmer and more sure.",
        text=name,
    )
