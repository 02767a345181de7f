"""Filled pauses Whisper left out: voiced speech between two recognised words, checked by
forced alignment and by how a filled pause sounds.

Whisper (even prompted with fillers) drops some "um"s and stretches the neighbouring words'
timestamps over them, so a stretch of voiced speech inside a gap between two words is a
candidate. A candidate alone is not evidence: word boundaries are loose, so most gaps hold
the tail of a word. Each candidate is decided in two steps:

1. PocketSphinx aligns the two neighbouring words to their audio with an optional
   filled pause between them (`w1 [um|uh|er|ah] w2`). Its phone-level boundaries are much
   tighter than Whisper's, and it only puts a filler there when the audio between the words
   is not explained better by the words themselves.
2. The aligned filler must sound like a filled pause (Goto et al.): voiced and sustained for
   at least MIN_S, with small frame-to-frame pitch steps and a steady spectral envelope.
   Words move from sound to sound; "uhhh" holds one.

Measured in bench/RESULTS.md: either step alone adds as many false alarms as it finds
fillers. Together, on the dev voices (flite, kal) filled-pause F1 rose 0.85 -> 0.92 with no
new false alarm, and the human recordings stayed at zero; but on the held-out espeak-ng
voices, which hold the vowels of words as steadily as a filler, it found 1 more filler for
3 false alarms. So it is off (pipeline.FIND_MISSED_FILLERS) until it is measured better
than that on voices it was not tuned on. Only gaps are aligned, so the cost is a decoder
set-up (~0.2 CPU-s, once per process) plus ~0.01 CPU-s per second of audio. Without
pocketsphinx installed the step is skipped."""

from __future__ import annotations

import os
import re
import tempfile
import threading

import numpy as np

from coach.analysis import lexicon, signal

FILLERS = ("uh", "um", "er", "ah")
MIN_VOICED_S = 0.15  # voiced speech a gap must hold to be a candidate
CONTEXT_S = 0.1  # audio kept around the two neighbouring words
MIN_S = 0.15  # an aligned filled pause at least this long
MIN_VOICED_SHARE = 0.85  # ... voiced in this share of its frames
MAX_PITCH_STEP = 1.5  # ... pitch moving at most this many % per 10 ms (std of log steps)
MAX_ENVELOPE_STEP = 1.25  # ... mean absolute change of the mel cepstrum per 10 ms
_DIGITS = "zero one two three four five six seven eight nine".split()


def candidates(words, fr, mask, lo: float = 0.0, hi: float | None = None) -> list[int]:
    """Indices i such that the gap between words[i] and words[i+1] holds MIN_VOICED_S of
    voiced speech (and neither word is itself a filled pause). -1 stands for the stretch
    from `lo` (s) to the first word and len(words) - 1 for the last word to `hi`: a filler
    that opens or closes an utterance."""
    from coach.analysis.detectors import filled_pause_name

    if not words:
        return []
    voiced = mask & (fr.f0 > 0)
    hi = len(fr) * signal.HOP if hi is None else hi
    spans = [(-1, lo, words[0].start, None, words[0])]
    spans += [(i, words[i].end, words[i + 1].start, words[i], words[i + 1])
              for i in range(len(words) - 1)]
    spans.append((len(words) - 1, words[-1].end, hi, words[-1], None))
    out = []
    for i, t0, t1, a, b in spans:
        if any(w is not None and filled_pause_name(w.text) for w in (a, b)):
            continue
        f0, f1 = int(t0 / signal.HOP), int(t1 / signal.HOP)
        if f1 > f0 and voiced[f0:f1].sum() * signal.HOP >= MIN_VOICED_S:
            out.append(i)
    return out


def sounds_filled(fr, mask, start: float, end: float) -> bool:
    """Sustained, voiced, steady pitch and envelope: the acoustics of a filled pause."""
    a, b = int(start / signal.HOP), int(end / signal.HOP)
    if (b - a) * signal.HOP < MIN_S or mask[a:b].mean() < 0.5:
        return False
    f0 = fr.f0[a:b]
    if (f0 > 0).mean() < MIN_VOICED_SHARE:
        return False
    pitch_step = float(np.std(np.diff(np.log(f0[f0 > 0])))) * 100.0
    return (pitch_step <= MAX_PITCH_STEP
            and signal.envelope_step(fr, a, b) <= MAX_ENVELOPE_STEP)


class SphinxAligner:
    """PocketSphinx with the en-us acoustic model and a dictionary of just the words it is
    asked to align (the full 134k-word dictionary takes a second to load)."""

    def __init__(self):
        from pocketsphinx import Config, Decoder, get_model_path

        root = get_model_path()
        with tempfile.NamedTemporaryFile("w", suffix=".dict", delete=False) as f:
            f.write("uh AH\num AH M\ner ER\nah AA\n")
        try:
            config = Config(lm=None)  # no language model: only the alignment grammar
            config["hmm"] = os.path.join(root, "en-us", "en-us")
            config["dict"] = f.name
            config["loglevel"] = "FATAL"
            self._decoder = Decoder(config)
        finally:
            os.unlink(f.name)
        self._known = set(FILLERS)
        self._lock = threading.Lock()

    def _tokens(self, texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            for part in re.findall(r"[a-z']+|[0-9]", text.lower()):
                tok = _DIGITS[int(part)] if part.isdigit() else part.strip("'")
                if not tok:
                    continue
                if tok not in self._known:
                    self._decoder.add_word(tok, " ".join(lexicon.pronounce(tok)), True)
                    self._known.add(tok)
                out.append(tok)
        return out

    def filler_between(self, pcm: np.ndarray, t0: float, texts: list[str]):
        """Align `texts` (one or two words) to `pcm`, which starts at t0 s, allowing a filled
        pause between the words, or before a single word that opens the audio at its start
        (t0 is then the piece's start) and after one that closes it. The (name, start, end)
        of the filled pauses placed."""
        with self._lock:
            toks = self._tokens(texts)
            if not toks:
                return []
            body = " <f> ".join(toks)
            if len(texts) == 1:  # an utterance's first or last word: a filler may go either side
                body = f"<f> {body} <f>"
            grammar = (f"#JSGF V1.0;\ngrammar gap;\n<f> = <NULL> | {' | '.join(FILLERS)};\n"
                       f"public <s> = {body};\n")
            self._decoder.add_jsgf_string("gap", grammar)
            self._decoder.activate_search("gap")
            pcm16 = (np.clip(pcm, -1.0, 1.0) * 32767).astype("<i2").tobytes()
            self._decoder.start_utt()
            self._decoder.process_raw(pcm16, full_utt=True)
            self._decoder.end_utt()
            if self._decoder.hyp() is None:  # the words could not be aligned: no opinion
                return []
            return [(s.word, t0 + s.start_frame / 100.0, t0 + (s.end_frame + 1) / 100.0)
                    for s in self._decoder.seg() if s.word in FILLERS]


_aligner: SphinxAligner | None = None
_aligner_lock = threading.Lock()


def aligner() -> SphinxAligner | None:
    """The process-wide aligner, or None when pocketsphinx is not installed."""
    global _aligner
    with _aligner_lock:
        if _aligner is None:
            try:
                _aligner = SphinxAligner()
            except ImportError:
                return None
        return _aligner


def missed_fillers(pcm, fr, mask, words, lo: float = 0.0, hi: float | None = None,
                   align=None):
    """(name, start, end) of filled pauses found in gaps between `words` (time order) and
    between lo..hi (s, the piece of the take they come from) and the first/last word.
    `fr`/`mask` are the frames and speech flags of the whole take (or of the part so far)."""
    hi = len(pcm) / signal.RATE if hi is None else hi
    idx = candidates(words, fr, mask, lo, hi)
    if not idx:
        return []
    align = align or aligner()
    if align is None:
        return []
    found = []
    for i in idx:
        texts, t0, t1 = [], lo, hi
        if i >= 0:
            texts.append(words[i].text)
            t0 = max(lo, words[i].start - CONTEXT_S)
        if i + 1 < len(words):
            texts.append(words[i + 1].text)
            t1 = min(hi, words[i + 1].end + CONTEXT_S)
        clip = pcm[int(t0 * signal.RATE) : int(t1 * signal.RATE)]
        for name, s, e in align.filler_between(clip, t0, texts):
            if sounds_filled(fr, mask, s, e):
                found.append((name, s, e))
    return found


def add_missed_fillers(words, pcm, fr, mask, lo: float = 0.0, hi: float | None = None):
    """`words` (recognize.Word, time order) with the filled pauses found in their gaps
    inserted as words of their own, as if the recogniser had written them."""
    from coach.speech.recognize import Word

    found = missed_fillers(pcm, fr, np.asarray(mask, dtype=bool), words, lo, hi)
    if not found:
        return words
    extra = [Word(name, round(s, 3), round(e, 3), 1.0, name) for name, s, e in found]
    return sorted([*words, *extra], key=lambda w: w.start)
