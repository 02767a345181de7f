"""Word times for read-aloud audio: when each word of a script starts and ends in the
rendered WAV, so the player can highlight the word being heard.

Three ways, best first: the engine's own word marks (espeak reports each word's position
in the audio); forced alignment of the audio to the text with pocketsphinx (for engines
that report only character offsets: SAPI5, NSSpeech); and, when that fails, the words
spread over the speech by syllable count between the pauses. bench/tts_timing.py measures
the last two against espeak's marks. Everything here is a pure function of the text and
the samples, so it is tested without an engine."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from coach.speech.wavio import resample, to_int16
from coach.text import word_spans

_HOP = 0.01  # seconds per energy frame


@dataclass(frozen=True)
class WordTiming:
    word: str  # as written in the script
    start_char: int  # span in the script text, end exclusive
    end_char: int
    start: float  # seconds into the WAV
    end: float


# A phone number is read digit by digit, in its groups ("five five five, zero one three
# four"); espeak would say "five hundred and fifty-five dash zero one three four". A phone
# number: groups of 1-4 digits joined by one space, dot or hyphen (or a bracket), seven
# digits or more; an ISO date is not one.
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d{1,4}\)?(?:(?:[ .-]|(?<=\)))\(?\d{1,4}\)?){1,5}(?!\w)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def speakable(text: str) -> tuple[str, list[int]]:
    """The text as the engine should get it, and for each of its characters (plus one for
    the end) the position in `text` it came from, to map word events back to the script."""
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) < 7 or _DATE.match(m.group()):
            continue
        out.append(text[last: m.start()])
        where.extend(range(last, m.start()))
        if m.group().startswith("+"):
            out.append("plus ")
            where.extend([m.start()] * 5)
        for gi, g in enumerate(re.finditer(r"\d+", m.group())):
            for k, ch in enumerate(g.group()):
                at = m.start() + g.start() + k
                sep = ", " if gi and not k else " " if k else ""
                out.append(sep + ch)
                where.extend([at] * (len(sep) + 1))
        last = m.end()
    out.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(out), where


def word_times(text: str, samples: np.ndarray, sr: int, marks=None, method: str = "auto",
               decoder=None) -> tuple[list[tuple[float, float]], str]:
    """(start, end) in seconds of each word of `text` (the text exactly as spoken) in the
    mono float `samples`, and the method used: "marks", "aligned" or "estimated".
    `marks`: the engine's word events as (0-based char position, length, ms).
    `decoder`: a pocketsphinx Decoder from `new_aligner()` (reused: it takes 0.4 s to make).
    method "auto" takes the best available; naming one forces it ("aligned" raises
    ValueError when alignment fails)."""
    words = [(text[a:b], a, b) for _, a, b in word_spans(text)]
    if not words:
        return [], ""
    energy = _energy(samples, sr)
    if method in ("auto", "marks") and marks:
        starts = _starts_from_marks(words, marks)
        if method == "marks" or sum(s is not None for s in starts) >= len(words) / 2:
            return _finish(words, _fill(words, starts, energy), None, energy), "marks"
    clauses = _clauses(words, text, energy)
    if method in ("auto", "aligned") and decoder is not None:
        got = _align(decoder, words, clauses, samples, sr)
        if got is not None:
            return _finish(words, *got, energy), "aligned"
    if method == "aligned":
        raise ValueError("could not align the speech to the text")
    starts, ends = [], []
    for idx, t0, t1 in clauses:
        _spread(words, idx, t0, t1, starts, ends)
    return _finish(words, starts, ends, energy), "estimated"


def new_aligner():
    """A pocketsphinx decoder set up for forced alignment (None if pocketsphinx is not
    installed). Not thread-safe: use it on one thread."""
    try:
        from pocketsphinx import Decoder
    except ImportError:
        return None
    # No optional silences between words: with them the search often ends early ("final
    # result does not match the grammar"), even on a short clause.
    return Decoder(lm=None, loglevel="FATAL", fsgusefiller=False)


def _align(dec, words, clauses, samples, sr):
    """Forced alignment, one clause at a time (a whole script in one go often loses the
    path; a clause between two pauses rarely does). A clause that will not align is
    spread by syllables; None if fewer than half of the clauses aligned."""
    pcm = to_int16(resample(samples, sr, 16000))
    starts: list[float] = []
    ends: list[float] = []
    aligned = 0
    for idx, t0, t1 in clauses:
        a, b = max(0.0, t0 - 0.1), t1 + 0.1
        try:
            toks = [_align_tokens(words[i][0], dec) for i in idx]
            dec.set_align_text(" ".join(t for ts in toks for t in ts))
            dec.start_utt()
            dec.process_raw(pcm[int(a * 16000): int(b * 16000)].tobytes(), full_utt=True)
            dec.end_utt()
            segs = [s for s in dec.seg() or () if not s.word.startswith(("<", "[", "+"))]
        except RuntimeError:
            segs, toks = [], [[]]
            try:
                dec.end_utt()  # leave the decoder ready for the next clause
            except RuntimeError:
                pass
        if not segs or len(segs) != sum(len(ts) for ts in toks):
            _spread(words, idx, t0, t1, starts, ends)
            continue
        aligned += 1
        k = 0
        for ts in toks:
            starts.append(a + segs[k].start_frame / 100.0)
            ends.append(a + (segs[k + len(ts) - 1].end_frame + 1) / 100.0)
            k += len(ts)
    return (starts, ends) if aligned * 2 >= len(clauses) else None


def _energy(samples: np.ndarray, sr: int) -> np.ndarray:
    """Per-10 ms RMS in dB, relative to the loudest frame."""
    hop = int(sr * _HOP)
    n = len(samples) // hop
    if n == 0:
        return np.zeros(0)
    x = samples[: n * hop].reshape(n, hop).astype(np.float64)
    db = 10 * np.log10(np.mean(x * x, axis=1) + 1e-12)
    return db - db.max()


def _voiced(energy: np.ndarray) -> np.ndarray:
    return energy > -40.0  # TTS output has digital silence between words; -40 dB is safe


def _starts_from_marks(words, marks) -> list[float | None]:
    """Each script word's start from espeak's word events (0-based char position, length,
    ms). espeak sometimes merges or re-orders events around non-ASCII words; a word keeps
    the first event that lands inside it."""
    starts: list[float | None] = [None] * len(words)
    for pos, length, ms in marks:
        for i, (_, a, b) in enumerate(words):
            if a <= pos < b or (pos <= a < pos + max(length, 1)):
                if starts[i] is None:
                    starts[i] = ms / 1000.0
                break
    return starts


def _fill(words, starts, energy) -> list[float]:
    """Starts for words without one, spread by syllables between their neighbours."""
    n = len(words)
    total = len(energy) * _HOP
    known = [i for i, s in enumerate(starts) if s is not None]
    out = list(starts)
    bounds = [(-1, 0.0)] + [(i, starts[i]) for i in known] + [(n, total)]
    for (i0, t0), (i1, t1) in zip(bounds, bounds[1:], strict=False):
        gap = range(i0 + 1, i1)
        if not gap:
            continue
        w = [_syllables(words[j][0]) for j in gap]
        first = 0.0 if i0 < 0 else _syllables(words[i0][0])
        acc = first
        scale = (t1 - t0) / (first + sum(w))
        for j, wj in zip(gap, w, strict=True):
            out[j] = t0 + acc * scale
            acc += wj
    for i in range(1, n):  # never let a start go backwards
        out[i] = max(out[i], out[i - 1])
    return out


def to_script(text, spoken, where, times) -> list[WordTiming]:
    """Timings of the spoken words, gathered onto the script's words (one script word,
    such as a phone number, may have been spoken as several)."""
    swords = word_spans(spoken)
    out = []
    for _, a, b in word_spans(text):
        got = [t for (_, sa, _), t in zip(swords, times, strict=True) if a <= where[sa] < b]
        if got:
            out.append(WordTiming(text[a:b], a, b, min(t[0] for t in got),
                                  max(t[1] for t in got)))
    return out


def _finish(words, starts, ends, energy) -> list[tuple[float, float]]:
    """Word timings with each end trimmed to the word's last loud frame before the next
    word starts, so a pause after a comma is not counted as part of the word."""
    voiced = _voiced(energy)
    total = round(len(energy) * _HOP, 3)
    out = []
    for i in range(len(words)):
        s = max(float(starts[i]), out[-1][0] if out else 0.0)  # starts never go backwards
        nxt = float(starts[i + 1]) if i + 1 < len(words) else total
        e = float(ends[i]) if ends is not None else nxt
        e = min(max(e, s), max(nxt, s))
        f0, f1 = int(s / _HOP), int(e / _HOP)
        loud = np.flatnonzero(voiced[f0:f1])
        if len(loud):
            e = (f0 + loud[-1] + 1) * _HOP
        e = max(e, min(s + 0.05, max(nxt, s)))
        out.append((round(s, 3), round(float(min(e, total)), 3)))
    return out


def _clauses(words, text, energy) -> list[tuple[range, float, float]]:
    """Split the script at its clause breaks (commas, full stops) and the audio at its
    pauses: the longest pauses go to the breaks, in order. Returns (word indices, start,
    end) per clause. Speakers (and engines) pause at punctuation, rarely elsewhere."""
    regs = _regions(energy) or [(0.0, len(energy) * _HOP)]
    gaps = [(x[1], y[0]) for x, y in zip(regs, regs[1:], strict=False)]
    breaks = [i for i in range(len(words) - 1)
              if re.search(r"[,.;:?!]", text[words[i][2]: words[i + 1][1]])]
    chosen = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[: len(breaks)])
    if len(chosen) < len(breaks):  # fewer pauses than breaks: keep the sentence ends
        ends = [i for i in breaks if re.search(r"[.?!]", text[words[i][2]: words[i + 1][1]])]
        breaks = (ends if len(ends) <= len(chosen) else breaks)[: len(chosen)]
        chosen = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[: len(breaks)])
    edges = [regs[0][0]] + [t for g in chosen for t in g] + [regs[-1][1]]
    cuts = [-1] + breaks + [len(words) - 1]
    return [(range(cuts[k] + 1, cuts[k + 1] + 1), edges[2 * k], edges[2 * k + 1])
            for k in range(len(cuts) - 1)]


def _spread(words, idx, t0, t1, starts, ends) -> None:
    """Spread words `idx` over t0..t1 by syllable count (appending to starts and ends)."""
    wts = [_syllables(words[i][0]) + 0.3 for i in idx]
    acc, total = 0.0, sum(wts) or 1.0
    for wt in wts:
        starts.append(t0 + (t1 - t0) * acc / total)
        acc += wt
        ends.append(t0 + (t1 - t0) * acc / total)


def _regions(energy: np.ndarray, bridge: float = 0.12) -> list[tuple[float, float]]:
    """Stretches of sound, in seconds, with gaps shorter than `bridge` closed."""
    v = _voiced(energy).astype(np.int8)
    d = np.diff(np.concatenate([[0], v, [0]]))
    out: list[list[float]] = []
    for a, b in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1), strict=True):
        if out and a * _HOP - out[-1][1] < bridge:
            out[-1][1] = b * _HOP
        else:
            out.append([a * _HOP, b * _HOP])
    return [(float(a), float(b)) for a, b in out]


def _syllables(word: str) -> int:
    w = _ascii(word)
    digits = sum(c.isdigit() for c in w)
    groups = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(1, groups) + digits


def _ascii(word: str) -> str:
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()


_DIGITS = "zero one two three four five six seven eight nine".split()
_GRAPHS = [("igh", "AY"), ("tch", "CH"), ("ch", "CH"), ("sh", "SH"), ("th", "TH"),
           ("ph", "F"), ("ng", "NG"), ("ck", "K"), ("qu", "K W"), ("wh", "W"), ("ee", "IY"),
           ("ea", "IY"), ("oo", "UW"), ("ou", "AW"), ("ai", "EY"), ("ay", "EY"), ("oa", "OW"),
           ("a", "AE"), ("b", "B"), ("c", "K"), ("d", "D"), ("e", "EH"), ("f", "F"),
           ("g", "G"), ("h", "HH"), ("i", "IH"), ("j", "JH"), ("k", "K"), ("l", "L"),
           ("m", "M"), ("n", "N"), ("o", "AA"), ("p", "P"), ("q", "K"), ("r", "R"),
           ("s", "S"), ("t", "T"), ("u", "AH"), ("v", "V"), ("w", "W"), ("x", "K S"),
           ("y", "IY"), ("z", "Z")]


def _align_tokens(word: str, dec) -> list[str]:
    """The dictionary words pocketsphinx should expect for one script word: digits one by
    one (phone numbers are read that way), hyphenated parts separately, and unknown words
    (names, companies) added with a spelling-based pronunciation, close enough to align."""
    w = _ascii(word).replace("’", "'")
    if dec.lookup_word(w) is not None:
        return [w]
    out = []
    for part in re.findall(r"[a-z']+|\d", w):
        if part.isdigit():
            out.append(_DIGITS[int(part)])
        elif dec.lookup_word(part) is not None:
            out.append(part)
        elif re.search(r"[a-z]", part):
            dec.add_word(part, _guess_phones(part), True)
            out.append(part)
    return out or ["a"]


def _guess_phones(word: str) -> str:
    w = re.sub(r"(.)\1", r"\1", word.replace("'", ""))  # "Anna" sounds like "Ana"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # silent final e
    phones, i = [], 0
    while i < len(w):
        for g, ph in _GRAPHS:
            if w.startswith(g, i):
                phones.append(ph)
                i += len(g)
                break
        else:
            i += 1
    return " ".join(phones) or "AH"
