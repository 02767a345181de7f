"""How words sound: pronunciations (ARPAbet phones) from the CMU dictionary that ships with
pocketsphinx, and a rough letter-to-sound guess for words it lacks (names).

The aligner needs them to place words in the audio, and the weak-phrase finder to tell a
phrase Whisper misheard ("sorry to my other" for "sorry to bother") from a different one
("sorry to hear"). The 134,000-word dictionary takes 0.15-0.2 s to read, so it is read
once per process, when a word is first looked up (the app reads it while the recogniser
loads). Without pocketsphinx every word gets the letter-to-sound guess."""

from __future__ import annotations

import functools
import os
import threading

import numpy as np

_LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "AE B K D EH F G HH IH JH K L M N AA P K R S T AH V W K_S Y Z").split(), strict=True))
_PAIRS = {"ch": "CH", "sh": "SH", "th": "TH", "ph": "F", "ee": "IY", "ea": "IY", "oo": "UW",
          "ai": "EY", "ay": "EY", "ou": "AW", "ow": "OW", "ck": "K", "ng": "NG", "qu": "K W",
          "wh": "W", "oa": "OW"}
_VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
_lock = threading.Lock()


@functools.cache
def _dictionary() -> dict[str, str]:
    try:
        from pocketsphinx import get_model_path
    except ImportError:
        return {}
    path = os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict")
    lex: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                w, _, ph = line.partition(" ")
                lex.setdefault(w, ph.strip())
    except OSError:
        return {}
    return lex


def dictionary() -> dict[str, str]:
    """word (lower case) -> phones separated by spaces; first pronunciation only."""
    with _lock:  # two workers asking at once read the file once
        return _dictionary()


def pronounce(token: str) -> list[str]:
    """The phones of one lower-case word: the dictionary's, else a guess."""
    lex = dictionary()
    return (lex.get(token) or spell(token, lex)).split()


def syllables(token: str) -> int:
    """How many syllables one lower-case word has (its vowel sounds; at least one); the
    parts of "follow-up" are looked up apart."""
    parts = [p for p in token.split("-") if p]
    return max(1, sum(ph.rstrip("012") in _VOWELS for p in parts for ph in pronounce(p)))


def spell(token: str, lexicon: dict[str, str]) -> str:
    """A rough pronunciation for a word the dictionary lacks (names): two dictionary words
    if it splits into them ("brightside"), else letter by letter. The aligner only needs
    roughly the right sounds and length."""
    for i in range(len(token) - 2, 2, -1):
        head, tail = token[:i], token[i:]
        if head in lexicon and tail in lexicon:
            return f"{lexicon[head]} {lexicon[tail]}"
    out, i = [], 0
    while i < len(token):
        if token[i : i + 2] in _PAIRS:
            out.append(_PAIRS[token[i : i + 2]])
            i += 2
            continue
        c = token[i]
        if c in _LETTERS and not (c == "e" and i == len(token) - 1 and out):
            out.append(_LETTERS[c].replace("_", " "))
        i += 1
    return " ".join(out) or "AH"


# Phones a recogniser confuses cost half a change: any vowel for another, and consonants
# made at the same place in the mouth ("my other" for "bother": M for B, AY for AA).
_GROUPS = [
    "AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW",
    "P B M F V W",
    "T D N S Z TH DH L R",
    "SH ZH CH JH Y",
    "K G NG HH",
]
_GROUP_OF = {ph: k for k, group in enumerate(_GROUPS) for ph in group.split()}


# Kept: the live analyser asks the weak-phrase finder about the words so far after each
# piece of a take, so when the take ends only the last piece's stretches are new (a
# one-minute take asks ~1,000 of these, 0.25 s of the final report's time).
@functools.lru_cache(maxsize=1 << 16)
def sounds_alike(heard: tuple[str, ...], meant: tuple[str, ...], least: float = 0.0) -> float:
    """How alike two word sequences sound, 0..1: one minus the phone edit distance (with
    the cheaper changes above) over the longer one's length; 0.0 for anything under
    `least`, which is quick to rule out (the weak-phrase finder asks thousands of times a
    take, and most are nowhere near)."""
    a, _ = _phones(heard)
    b, _ = _phones(meant)
    longer = max(len(a), len(b))
    if not a or not b:
        return 0.0
    # no distance is over the longer length, so with no floor the whole table is filled
    distance = _distance_within(a, b, (1.0 - max(least, 0.0)) * longer)
    return 0.0 if distance is None else 1.0 - distance / longer


def _distance_within(a: list[str], b: list[str], limit: float) -> float | None:
    """The edit distance of `a` and `b` if at most `limit`, else None. A path that costs at
    most `limit` strays no further than that from the diagonal (each step off it costs
    one), so only that band is filled, row by row, stopping once a whole row is over."""
    n, m, band = len(a), len(b), int(limit)
    if abs(n - m) > limit:
        return None
    far = float("inf")
    b_group = [_GROUP_OF.get(pb, -2) for pb in b]
    prev = [float(j) if j <= band else far for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [far] * (m + 1)
        if i <= band:
            cur[0] = float(i)
        lo, hi = max(1, i - band), min(m, i + band)
        pa = a[i - 1]
        ga = _GROUP_OF.get(pa, -1)
        for j in range(lo, hi + 1):
            change = 0.0 if pa == b[j - 1] else 0.5 if ga == b_group[j - 1] else 1.0
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + change)
        if min(cur[lo - 1 : hi + 1]) > limit:
            return None
        prev = cur
    return prev[m] if prev[m] <= limit else None


def sounds_within(heard: list[str], meant: list[str]) -> tuple[float, int, int]:
    """How alike `meant` sounds to the stretch of `heard` it sounds most like, 0..1 (one
    minus the edit distance over `meant`'s phones), and that stretch: heard[first:end].
    For a script line Whisper garbled among words said around it."""
    a, owner = _phones(heard)
    b, _ = _phones(meant)
    if not a or not b:
        return 0.0, 0, 0
    costs = _edit_costs_anywhere(a, b)
    end = int(np.argmin(costs))
    if end == 0:  # nothing of it anywhere: no phone of `heard` helps
        return 0.0, 0, 0
    # The same search backwards from that end finds where the stretch begins.
    back = int(np.argmin(_edit_costs_anywhere(a[:end][::-1], b[::-1])))
    first = end - back
    return 1.0 - float(costs[end]) / len(b), owner[min(first, end - 1)], owner[end - 1] + 1


def _phones(tokens) -> tuple[list[str], list[int]]:
    """The phones of lower-case words in a row, and the word each phone belongs to."""
    phones, owner = [], []
    for k, token in enumerate(tokens):
        said = _said(token)
        phones += said
        owner += [k] * len(said)
    return phones, owner


@functools.lru_cache(maxsize=20_000)
def _said(token: str) -> tuple[str, ...]:
    """`pronounce`, kept: the same few hundred words are compared thousands of times."""
    return tuple(pronounce(token))


def _edit_costs_anywhere(a: list[str], b: list[str]) -> np.ndarray:
    """For each i, the cost of changing the cheapest a[s:i] (any s) into all of b, a phone
    at a time with the changes above costing half: the search `_distance_within` cannot
    band, since the stretch may lie anywhere in a long `a`. Column by column over b, each
    column a whole numpy step: a deletion running down a column is a running minimum of
    cost minus position."""
    ids = {ph: k for k, ph in enumerate(dict.fromkeys(a + b))}
    a_id, b_id = np.array([ids[ph] for ph in a]), np.array([ids[ph] for ph in b])
    group = np.array([_GROUP_OF.get(ph, -1 - k) for ph, k in ids.items()])
    change = np.where(a_id[:, None] == b_id[None, :], 0.0,
                      np.where(group[a_id][:, None] == group[b_id][None, :], 0.5, 1.0))
    pos = np.arange(len(a) + 1, dtype=np.float64)
    col = np.zeros(len(a) + 1)
    step = np.empty_like(col)
    for j in range(len(b)):
        step[0] = col[0] + 1
        np.minimum(col[1:] + 1, col[:-1] + change[:, j], out=step[1:])
        col = pos + np.minimum.accumulate(step - pos)
    return col
