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


def sounds_alike(heard: tuple[str, ...], meant: tuple[str, ...]) -> float:
    """How alike two word sequences sound, 0..1: one minus the phone edit distance (with
    the cheaper changes above) over the longer one's length."""
    a, _ = _phones(heard)
    b, _ = _phones(meant)
    if not a or not b:
        return 0.0
    return 1.0 - float(_edit_costs(a, b, anywhere=False)[-1]) / max(len(a), len(b))


def sounds_within(heard: list[str], meant: list[str]) -> tuple[float, int, int]:
    """How alike `meant` sounds to the stretch of `heard` it sounds most like, 0..1 (one
    minus the edit distance over `meant`'s phones), and that stretch: heard[first:end].
    For a script line Whisper garbled among words said around it."""
    a, owner = _phones(heard)
    b, _ = _phones(meant)
    if not a or not b:
        return 0.0, 0, 0
    costs = _edit_costs(a, b, anywhere=True)
    end = int(np.argmin(costs))
    # The same search backwards from that end finds where the stretch begins.
    back = int(np.argmin(_edit_costs(a[:end][::-1], b[::-1], anywhere=True)))
    first = end - back
    return 1.0 - float(costs[end]) / len(b), owner[min(first, end - 1)], owner[end - 1] + 1


def _phones(tokens) -> tuple[list[str], list[int]]:
    """The phones of lower-case words in a row, and the word each phone belongs to."""
    phones, owner = [], []
    for k, token in enumerate(tokens):
        for ph in pronounce(token):
            phones.append(ph)
            owner.append(k)
    return phones, owner


def _edit_costs(a: list[str], b: list[str], anywhere: bool) -> np.ndarray:
    """For each i, the cost of changing a[:i] into all of b (anywhere: the cheapest a[s:i]
    for any s), a phone at a time with the changes above costing half. Column by column
    over b, each column a whole numpy step: a deletion running down a column is a running
    minimum of cost minus position."""
    ids = {ph: k for k, ph in enumerate(dict.fromkeys(a + b))}
    a_id = np.array([ids[ph] for ph in a])
    a_group = np.array([_GROUP_OF.get(ph, -1 - ids[ph]) for ph in a])
    pos = np.arange(len(a) + 1, dtype=np.float64)
    col = np.zeros(len(a) + 1) if anywhere else pos.copy()
    for ph in b:
        change = np.where(a_id == ids[ph], 0.0,
                          np.where(a_group == _GROUP_OF.get(ph, -1 - ids[ph]), 0.5, 1.0))
        step = np.empty_like(col)
        step[0] = col[0] + 1
        step[1:] = np.minimum(col[1:] + 1, col[:-1] + change)
        col = pos + np.minimum.accumulate(step - pos)
    return col
