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
