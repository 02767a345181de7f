"""`analyze()`: a take (file or PCM) and its script in, a `Report` out.

Steps, each chosen by measurement on the labelled takes (bench/RESULTS.md):
1. Frame the audio once (signal.py) and find speech by energy against the take's own
   noise floor. No speech, no transcription: silence gives an empty report, never words.
2. Cut the take into pieces at silences with the causal Segmenter (the live analyzer cuts
   identically while recording) and transcribe each piece, speech only: long silences
   are squeezed out before Whisper hears them (it invents words in silence) and times are
   mapped back. The prompt is written with fillers in it, which primes Whisper to write
   "um" and "uh" instead of dropping them. (The script itself as prompt was tried: Whisper
   then skipped whole stretches, taking them as already said.)
3. Words that land outside detected speech are dropped (hallucinations).
4. Filled pauses from Whisper's filler tokens with corrected onsets, those it weighed and
   left out, and held sounds set apart by silence that it did not write; one hesitation
   it wrote twice counts once (fillers.py). (Aligning gaps between words with
   PocketSphinx, gaps.py, is measured but off.)
5. Pauses from the energy map, less those a filler too quiet for it breaks (found in the
   pause itself); script lines, weak phrases, pace and metrics from words."""

from __future__ import annotations

import bisect
import os

import numpy as np

from coach.analysis import align as align_mod
from coach.analysis import detectors, fillers, gaps, signal
from coach.analysis.report import Finding, Report, SpokenWord, empty_metrics
from coach.analysis.timeline import Timeline

SQUEEZE_OVER_S = 0.6  # silences longer than this are shortened before Whisper hears them
SQUEEZE_TO_S = 0.3
GENERIC_PROMPT = "Um, so, uh, I was, er, hoping to, hmm, talk. Uh, yes. Um, okay."
# Look for filled pauses Whisper left out between words (gaps.py). Off: on the dev voices it
# raised filled-pause F1 0.85 -> 0.92, but on the held-out voices it cost precision
# (0.95 -> 0.90, F1 0.83 -> 0.82), because espeak-ng holds word vowels as steadily as a
# filler (bench/RESULTS.md). `bench/eval_dev.py --gap-fillers` measures it again.
FIND_MISSED_FILLERS = False


def filler_prompt(script_lines: list[str] | None) -> str:
    """Whisper continues the style of its prompt, so fillers written here make it
    transcribe fillers it would otherwise drop. The script is not used (see step 2)."""
    return GENERIC_PROMPT


def _squeeze(regions, lo: int, hi: int):
    """Segments (orig_start, orig_end, new_start) in samples covering the speech regions
    with SQUEEZE_TO_S of silence between them when the original gap was longer; never
    reaching outside samples lo..hi (the piece being transcribed)."""
    rate = signal.RATE
    pad = int(0.15 * rate)
    segs = []
    new = 0
    for a, b in regions:
        s, e = max(lo, int(a * rate) - pad), min(hi, int(b * rate) + pad)
        if segs and s <= segs[-1][1] + int(SQUEEZE_OVER_S * rate):
            ps, _pe, pn = segs[-1]
            new = pn + (e - ps)
            segs[-1] = (ps, e, pn)
            continue
        if segs:
            new += int(SQUEEZE_TO_S * rate)
        segs.append((s, e, new))
        new += e - s
    return segs


def _unsqueeze(t: float, segs) -> float:
    rate = signal.RATE
    x = t * rate
    for s, e, n in reversed(segs):
        if x >= n:
            return min(s + (x - n), e) / rate
    return segs[0][0] / rate if segs else t


def transcribe_piece(engine, pcm: np.ndarray, speech: np.ndarray, first: int, last: int,
                     prompt: str, fr=None):
    """Recognise frames first..last-1 of the take (one piece from the Segmenter), using the
    causal speech flags to squeeze silences. Times are in the whole take.

    Whisper sometimes stops early or skips a stretch (it emits end-of-text, or jumps to a
    timestamp it likes). Every stretch of speech must be accounted for, so speech left
    without words is transcribed again on its own, up to twice. With the take's frames
    `fr` and FIND_MISSED_FILLERS on, filled pauses Whisper left out between two words are
    looked for (gaps.py)."""
    regions = [
        (round(a + first * signal.HOP, 3), round(b + first * signal.HOP, 3))
        for a, b in signal.speech_regions(np.asarray(speech[first:last], dtype=bool))
    ]
    if not regions:
        return []
    bounds = (first * signal.HOP_N, min(len(pcm), last * signal.HOP_N + signal.WIN_N))
    words = _recognize_regions(engine, pcm, regions, prompt, bounds)
    for _attempt in range(2):
        missing = _uncovered(regions, words)
        if not missing:
            break
        for chunk in missing:
            before = [w for w in words if w.end <= chunk[0][0] + 0.05]
            after = [w for w in words if w.start >= chunk[-1][1] - 0.05]
            new = _recognize_regions(engine, pcm, chunk, prompt, bounds)
            words = before + new + after
    if FIND_MISSED_FILLERS and fr is not None and words:
        words = gaps.add_missed_fillers(words, pcm, fr, speech[: len(fr)],
                                        bounds[0] / signal.RATE, bounds[1] / signal.RATE)
    return words


def transcribe(engine, pcm: np.ndarray, fr, prompt: str):
    """Cut the take with the causal Segmenter and recognise piece by piece."""
    seg = signal.Segmenter()
    seg.push(fr.energy_db)
    edges = [*seg.cuts, len(fr)]
    speech = np.asarray(seg.speech, dtype=bool)
    words = []
    for a, b in zip(edges, edges[1:], strict=False):
        words += transcribe_piece(engine, pcm, speech, a, b, prompt, fr)
    return words


def _recognize_regions(engine, pcm, regions, prompt, bounds):
    segs = _squeeze(regions, *bounds)
    gap = np.zeros(int(SQUEEZE_TO_S * signal.RATE), dtype=np.float32)
    pieces = []
    for k, (s, e, _n) in enumerate(segs):
        if k:
            pieces.append(gap)
        pieces.append(pcm[s:e])
    words = engine.recognize(np.concatenate(pieces), prompt=prompt)
    for w in words:
        w.start, w.end = _unsqueeze(w.start, segs), _unsqueeze(w.end, segs)
    return _in_speech(words, regions)


def _uncovered(regions, words, min_s: float = 0.8):
    """Runs of consecutive speech regions, totalling `min_s` or more, that no word touches."""
    out, cur = [], []
    for a, b in regions:
        touched = any(w.start < b and w.end > a for w in words)
        if touched:
            if cur and sum(e - s for s, e in cur) >= min_s:
                out.append(cur)
            cur = []
        else:
            cur.append((a, b))
    if cur and sum(e - s for s, e in cur) >= min_s:
        out.append(cur)
    return out


# A word Whisper misheard inside a script line still sits among the line's matched words:
# at most this many places apart. A stray match further off ("to" in "sorry to monger you"
# taken for the "to" of the next line) does not make the words after it script, which hid
# weak phrases said just before a line (bench/RESULTS.md: weak-phrase F1 up on five of
# seventeen held-out sets, none down but for a label that joins two phrases).
ON_SCRIPT_GAP = 4


def _on_script(words, in_script, lines) -> list[bool]:
    """Per word: matched to the script, or between two matched words of a line that was
    said, at most ON_SCRIPT_GAP places apart."""
    spans = [(ln.start, ln.end) for ln in lines if ln.said]
    matched = [i for i, flag in enumerate(in_script) if flag]
    out = []
    for i, flag in enumerate(in_script):
        k = bisect.bisect_left(matched, i)
        if not flag and 0 < k < len(matched) and matched[k] - matched[k - 1] <= ON_SCRIPT_GAP:
            p, q = words[matched[k - 1]], words[matched[k]]
            flag = any(a <= p.start and q.end <= b for a, b in spans)
        out.append(flag)
    return out


def _heard(regions, words) -> list[bool]:
    """Per region: whether a word lies on it (as `_in_speech`)."""
    line = Timeline(words)
    return [line.any_reaching(a - 0.1, b + 0.1) for a, b in regions]


def _in_speech(words, regions) -> list:
    """The words that lie on a speech region (within 0.1 s); the rest are Whisper's
    inventions in silence. `regions` are in time order and disjoint, so the only region
    to test is the first one ending after the word starts: one bisect per word."""
    ends = [b for _a, b in regions]
    out = []
    for w in words:
        k = bisect.bisect_right(ends, w.start - 0.1)
        if k < len(regions) and regions[k][0] < w.end + 0.1:
            out.append(w)
    return out


def analyze(audio, script_lines: list[str] | None = None, engine=None) -> Report:
    """Analyse a take. `audio` is a path or 16 kHz mono float PCM; `script_lines` the script
    (or None); `engine` a recogniser from coach.speech.recognize (default: Whisper)."""
    if isinstance(audio, str | os.PathLike):
        from coach.analysis.audio import load_take

        pcm = load_take(audio)
    else:
        pcm = np.asarray(audio, dtype=np.float32)
    pcm = np.nan_to_num(pcm)
    fr = signal.frames_of(pcm)
    regions = signal.speech_regions(signal.speech_mask(fr)[0])
    if engine is None:
        from coach.speech.recognize import default_engine

        engine = default_engine()
    raw = transcribe(engine, pcm, fr, filler_prompt(script_lines)) if regions else []
    return build_report(pcm, fr, script_lines, engine.name, raw)


def build_report(pcm, fr, script_lines, engine_name: str, raw) -> Report:
    """The report from the take's frames and its recognised words (`raw`, in time order);
    shared by `analyze` and the live analyzer."""
    mask, floor = signal.speech_mask(fr)
    regions = signal.speech_regions(mask)
    script_lines = [ln for ln in (script_lines or []) if ln.strip()]
    report = Report(duration_s=len(pcm) / signal.RATE, engine=engine_name)
    report.metrics = empty_metrics()
    report.lines = align_mod.align([], script_lines).lines
    report.metrics["script_coverage"] = align_mod.coverage(report.lines)
    raw = _in_speech(raw, regions)
    if not regions or not raw:
        return report
    timed = fillers.fuse(raw, regions, fr)  # [(Word, filled-pause name or None)]
    spoken = [w for w, f in timed if f is None]
    al = align_mod.align(spoken, script_lines)
    in_script = iter(al.in_script)
    flags = [False if f else next(in_script) for _w, f in timed]
    gap_of = {id(w): g for w, g in zip(spoken, al.gaps, strict=True)}
    timed, flags = fillers.recover(timed, flags, fr, mask, bool(script_lines))
    timed, flags = fillers.unwritten(timed, flags, fr, mask)
    words = [SpokenWord(w.text, w.start, w.end, f is not None, w.after) for w, f in timed]
    findings: list[Finding] = fillers.findings(timed)
    tokens = [w for w, _ in timed]
    gaps = [gap_of.get(id(w)) for w in tokens]
    for i, j in detectors.discourse_fillers(tokens, [w.raw or w.text for w in tokens], flags,
                                            gaps):
        for k in range(i, j + 1):
            words[k].filler = True
        text = " ".join(words[k].text.lower() for k in range(i, j + 1))
        findings.append(
            Finding(
                "filler", words[i].start, words[j].end,
                "Said as a filler here; a short silent pause sounds more confident.",
                text=text,
            )
        )
    t_first, t_last = words[0].start, words[-1].end
    # Pauses are silences of the voice: noise with no voicing in it is silence, and sound
    # no word came from that is clatter, not a voice, does not break a silence either.
    voiced = signal.speech_regions(signal.without_voiceless(mask, fr))
    voice = [r for r, heard in zip(voiced, _heard(voiced, words), strict=True)
             if heard or not signal.sounds_like_noise(pcm, *r)]
    voice = signal.onsets_as_heard(voice, fr, floor)
    pause_list = detectors.pauses(voice, t_first, t_last)
    # A filled pause too quiet for the speech map is no silence: the pause around it goes.
    quiet = fillers.in_silence(pause_list, pcm, fr)
    if quiet:
        pause_list = detectors.pauses(sorted(voice + quiet), t_first, t_last)
    findings += pause_list
    findings += detectors.weak_phrase_findings(
        words, _on_script(words, flags, al.lines) if script_lines else None)
    # The pace counts words by their syllables against the lines that were said.
    counts = detectors.word_counts(
        words, [ln.text for ln in al.lines if ln.said] or script_lines)
    findings += detectors.pace_findings(words, counts)
    for a, b in quiet:
        name = fillers.guess_at(tokens, b)
        words.append(SpokenWord(name, a, b, True))
        findings.append(fillers.finding(name, a, b))
    words.sort(key=lambda w: w.start)
    report.words, report.findings, report.lines = words, findings, al.lines
    n_real = sum(not w.filler for w in words)
    n_fill = sum(1 for f in findings if f.kind == "filler")
    rate = detectors.wpm(words, counts)
    report.metrics.update(
        words_per_minute=None if rate is None else round(rate, 1),
        fillers_per_100_words=round(100.0 * n_fill / n_real, 1) if n_real else 0.0,
        filler_count=n_fill,
        longest_pause_s=round(max((f.end - f.start for f in pause_list), default=0.0), 1),
        longest_monologue_s=detectors.longest_monologue(voice),
        script_coverage=align_mod.coverage(al.lines),
        other_focus=detectors.other_focus(words),
        speaking_time_s=round(float(mask.sum()) * signal.HOP, 1),
    )
    return report
