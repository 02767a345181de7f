"""Weak phrases and fillers: the lists (TOML data in scripts_library/phrases) and finders.

Lint runs these over written scripts and the speech analysis over transcripts, so every
finder comes twice: over text, with character spans, and over a list of words, with word
index spans (end exclusive). Matching is on normalised tokens: lower case, accents dropped
(résumé = resume), apostrophes dropped (I’m = I'm = im, because transcripts often lose
them), and punctuation or extra spaces between words ignored.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import NamedTuple

from coach.errors import TemplateProblem

FILLED_PAUSE = "filled_pause"
DISCOURSE = "discourse"
POSITIONS = ("anywhere", "start", "edge")

_APOSTROPHES = "'’‘ʼ"
# Phrase tokens split at hyphens, so "follow-up" matches the pattern "follow up".
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’‘ʼ][^\W_]+)*")
# Filler tokens keep hyphens, so "uh-huh" (a backchannel, not a filled pause) is one token.
_WORD_RE = re.compile(r"[^\W_]+(?:['’‘ʼ\-][^\W_]+)*")


@dataclass(frozen=True)
class WeakPhrase:
    id: str
    patterns: tuple[str, ...]  # as written in the data, with [optional] and a/b words
    why: str
    better: str
    replace: str | None = None  # rewrite in place (None: rewrite the sentence as `better`)
    tail: bool = False  # usually ends a sentence another weak phrase began (see the data)


@dataclass(frozen=True)
class Filler:
    text: str
    kind: str  # FILLED_PAUSE or DISCOURSE
    position: str = "anywhere"
    not_after: frozenset[str] = field(default=frozenset(), repr=False)
    not_before: frozenset[str] = field(default=frozenset(), repr=False)


class PhraseMatch(NamedTuple):
    """A weak phrase found: character offsets for text, word indices for word lists."""

    phrase: WeakPhrase
    start: int
    end: int
    text: str


class FillerMatch(NamedTuple):
    filler: Filler
    start: int
    end: int
    text: str


def normalize(word: str) -> str:
    """A word as matching sees it: case-folded, no accents, no apostrophes."""
    return _folded(word, "")


def _spelled(word: str) -> str:
    """A word as a discourse filler is matched: like `normalize`, but an apostrophe stays
    (as one kind), because "we'll" is never the filler "well"."""
    return _folded(word, "'")


def _folded(word: str, apostrophe: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(apostrophe if ch in _APOSTROPHES else ch
                   for ch in decomposed if not unicodedata.combining(ch))


def text_tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised token, start, end) for each word of `text`, split at hyphens."""
    return [(normalize(m.group(0)), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def expand(pattern: str) -> list[str]:
    """Every wording a pattern allows: "[i'm] just a/the x" → "i'm just a x", "just the x", …"""
    slots: list[list[str | None]] = []
    for part in pattern.split():
        optional = part.startswith("[") and part.endswith("]")
        body = part[1:-1] if optional else part
        choices = body.split("/")
        if not body or any(not c or "[" in c or "]" in c for c in choices):
            raise ValueError(f"bad word {part!r} in pattern {pattern!r}")
        slots.append([*choices, None] if optional else list(choices))
    out = []
    for combo in itertools.product(*slots):
        chosen = [w for w in combo if w is not None]
        if chosen:
            out.append(" ".join(chosen))
    if not out:
        raise ValueError(f"pattern {pattern!r} has no words")
    return out


# Words that sound alike, matched as one: a recogniser writes "your busy" for "you're
# busy" (and people type it), and the phrase is just as weak.
_SOUNDS_ALIKE = {"youre": "your", "theyre": "there", "their": "there"}


def _sound(token: str) -> str:
    return _SOUNDS_ALIKE.get(token, token)


# One word a recogniser writes for two ("following upon my application"): matched as both.
_SPLIT_ALIKE = {"upon": ("up", "on")}


def _split_alike(tokens: list[tuple]) -> list[tuple]:
    """Tokens (normalised text first) with each of _SPLIT_ALIKE made two, same position."""
    return [(part, *rest) for text, *rest in tokens for part in _SPLIT_ALIKE.get(text, (text,))]


def _tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(m.group(0)) for m in _TOKEN_RE.finditer(phrase))


# ---------------------------------------------------------------- loading the lists


def _load(name: str, table: str) -> list[dict]:
    where = f"scripts_library/phrases/{name}"
    try:
        raw = (resources.files("scripts_library") / "phrases" / name).read_text("utf-8")
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateProblem(f"{where}: cannot read the phrase list ({exc})") from exc
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        raise TemplateProblem(f"{where}: no [[{table}]] entries")
    return entries


def _check_keys(where: str, entry: dict, required: set[str], optional: set[str]) -> None:
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing or unknown:
        parts = [f"missing {sorted(missing)}"] if missing else []
        parts += [f"unknown keys {sorted(unknown)}"] if unknown else []
        detail = "; ".join(parts)
        raise TemplateProblem(f"{where}: {detail}")


@functools.cache
def weak_phrases() -> tuple[WeakPhrase, ...]:
    """The weak-phrase list, in file order (the rewrite prefers earlier entries)."""
    out, seen = [], set()
    for n, entry in enumerate(_load("weak_phrases.toml", "phrase"), 1):
        where = f"scripts_library/phrases/weak_phrases.toml, phrase {n}"
        _check_keys(where, entry, {"id", "patterns", "why", "better"},
                    {"replace", "tail"})
        pid, patterns = entry["id"], entry["patterns"]
        if pid in seen:
            raise TemplateProblem(f"{where}: id {pid!r} is used twice")
        seen.add(pid)
        if not isinstance(patterns, list) or not patterns:
            raise TemplateProblem(f"{where} ({pid}): patterns must be a non-empty list")
        for p in patterns:
            try:
                expand(p)
            except (ValueError, AttributeError) as exc:
                raise TemplateProblem(f"{where} ({pid}): {exc}") from exc
        if not (entry["why"].strip() and entry["better"].strip()):
            raise TemplateProblem(f"{where} ({pid}): 'why' and 'better' must not be empty")
        if not isinstance(entry.get("tail", False), bool):
            raise TemplateProblem(f"{where} ({pid}): 'tail' must be true or false")
        out.append(WeakPhrase(pid, tuple(patterns), entry["why"].strip(),
                              entry["better"].strip(), entry.get("replace"),
                              entry.get("tail", False)))
    return tuple(out)


@functools.cache
def fillers() -> tuple[Filler, ...]:
    """The filler list: filled pauses and discourse fillers with their position rules."""
    out = []
    for n, entry in enumerate(_load("fillers.toml", "filler"), 1):
        where = f"scripts_library/phrases/fillers.toml, filler {n}"
        _check_keys(where, entry, {"text", "kind"}, {"position", "not_after", "not_before"})
        kind, position = entry["kind"], entry.get("position", "anywhere")
        if kind not in (FILLED_PAUSE, DISCOURSE):
            raise TemplateProblem(f"{where}: kind must be {FILLED_PAUSE!r} or {DISCOURSE!r}")
        if position not in POSITIONS:
            raise TemplateProblem(f"{where}: position must be one of {POSITIONS}")
        if kind == FILLED_PAUSE and (len(_tokens_of(entry["text"])) != 1 or position != "anywhere"
                                     or "not_after" in entry or "not_before" in entry):
            raise TemplateProblem(f"{where}: a filled pause is one word with no position rules")
        out.append(Filler(
            entry["text"].strip().lower(), kind, position,
            frozenset(normalize(w) for w in entry.get("not_after", [])),
            frozenset(normalize(w) for w in entry.get("not_before", [])),
        ))
    return tuple(out)


@functools.cache
def phrase_index() -> dict[str, list[tuple[tuple[str, ...], int, WeakPhrase]]]:
    """First token → (token sequence, file order, phrase), for every wording of every pattern
    (tokens normalised and sound-alikes merged, as `spoken_tokens` gives them)."""
    index: dict[str, list[tuple[tuple[str, ...], int, WeakPhrase]]] = {}
    for order, phrase in enumerate(weak_phrases()):
        variants = {tuple(map(_sound, _tokens_of(v))) for p in phrase.patterns
                    for v in expand(p)}
        for tokens in sorted(variants):
            index.setdefault(tokens[0], []).append((tokens, order, phrase))
    return index


@functools.cache
def _filled_pause_res() -> tuple[tuple[re.Pattern[str], Filler], ...]:
    # Each letter may be stretched but not shortened: "hmm" matches "hmmm", not "hm".
    def stretchy(word: str) -> str:
        runs = itertools.groupby(word)
        return "".join(f"{re.escape(ch)}{{{len(list(run))},}}" for ch, run in runs)

    return tuple(
        (re.compile(stretchy(normalize(f.text))), f) for f in fillers() if f.kind == FILLED_PAUSE
    )


def filled_pause(word: str) -> Filler | None:
    """The filled pause `word` is ("Ummm" → um), or None."""
    token = normalize(word)
    for regex, filler in _filled_pause_res():
        if regex.fullmatch(token):
            return filler
    return None


@functools.cache
def _discourse() -> tuple[tuple[tuple[str, ...], Filler], ...]:
    # Longest first, so "you know" is tried before any one-word filler at the same place.
    items = [(tuple(_spelled(m.group(0)) for m in _TOKEN_RE.finditer(f.text)), f)
             for f in fillers() if f.kind == DISCOURSE]
    return tuple(sorted(items, key=lambda item: -len(item[0])))


# ---------------------------------------------------------------- weak phrases


def _match_phrases(tokens: Sequence[str]) -> list[tuple[WeakPhrase, int, int]]:
    """Token-index spans of weak phrases; overlapping matches keep the longest, then the
    earliest, then the one listed first, so "I'm just following up" is one finding."""
    index = phrase_index()
    tokens = [_sound(t) for t in tokens]
    candidates = []
    for i, token in enumerate(tokens):
        for variant, order, phrase in index.get(token, ()):
            if tuple(tokens[i : i + len(variant)]) == variant:
                candidates.append((i, i + len(variant), order, phrase))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken: list[tuple[int, int, WeakPhrase]] = []
    for start, end, _order, phrase in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, phrase))
    return [(p, s, e) for s, e, p in sorted(taken, key=lambda t: t[0])]


def find_weak_phrases(text: str) -> list[PhraseMatch]:
    """Weak phrases in written text, with character spans, sorted by start."""
    # Filled pauses are skipped so "I'm, um, just following up" still matches.
    tokens = _split_alike([t for t in text_tokens(text) if filled_pause(t[0]) is None])
    out = []
    for phrase, s, e in _match_phrases([t[0] for t in tokens]):
        start, end = tokens[s][1], tokens[e - 1][2]
        out.append(PhraseMatch(phrase, start, end, text[start:end]))
    return out


def spoken_tokens(words: Sequence[str]) -> list[tuple[str, int]]:
    """(token as phrases are matched, index of its word) for a transcript, fillers skipped."""
    return [(_sound(t), i) for t, i in _split_alike([
        (normalize(part), i)
        for i, word in enumerate(words)
        for part in _TOKEN_RE.findall(word)
        if filled_pause(part) is None
    ])]


def find_weak_phrases_in_words(words: Sequence[str]) -> list[PhraseMatch]:
    """Weak phrases in a word list (a transcript), with word-index spans, end exclusive."""
    tokens = spoken_tokens(words)
    out = []
    for phrase, s, e in _match_phrases([t[0] for t in tokens]):
        start, end = tokens[s][1], tokens[e - 1][1] + 1
        out.append(PhraseMatch(phrase, start, end, " ".join(words[start:end])))
    return out


# ---------------------------------------------------------------- fillers

_SET_OFF_BEFORE = re.compile(r"[,;:.!?…—–(]|\s-\s")
_SET_OFF_AFTER = re.compile(r"[,;:…—–]|\s-\s")


def find_fillers(text: str) -> list[FillerMatch]:
    """Fillers in written text, with character spans: every filled pause, and discourse
    fillers only when set off by punctuation ("It was, like, great" but not "I like it")."""
    found = list(_WORD_RE.finditer(text))
    tokens = [(normalize(m.group(0)), m.start(), m.end()) for m in found]
    shown = [_spelled(m.group(0)) for m in found]
    discourse = _discourse()
    out: list[FillerMatch] = []
    i = 0
    while i < len(tokens):
        token, start, end = tokens[i]
        pause = filled_pause(token)
        if pause is not None:
            out.append(FillerMatch(pause, start, end, text[start:end]))
            i += 1
            continue
        for seq, filler in discourse:
            j = i + len(seq)
            if tuple(shown[i:j]) != seq:
                continue
            before = text[tokens[i - 1][2] : start] if i else ""
            after = text[tokens[j - 1][2] : tokens[j][1] if j < len(tokens) else len(text)]
            if (i == 0 or _SET_OFF_BEFORE.search(before)) and _SET_OFF_AFTER.search(after):
                end = tokens[j - 1][2]
                out.append(FillerMatch(filler, start, end, text[start:end]))
                i = j - 1
                break
        i += 1
    return out


def _fits(filler: Filler, tokens: Sequence[str], start: int, end: int) -> bool:
    """Whether a discourse filler at tokens[start:end] is in filler position (see fillers.toml)."""
    prev = tokens[start - 1] if start > 0 else None
    after = tokens[end] if end < len(tokens) else None
    if prev in filler.not_after or after in filler.not_before:
        return False
    at_start = prev is None or filled_pause(prev) is not None
    if filler.position == "start":
        return at_start
    if filler.position == "edge":
        return at_start or after is None
    return True


def find_fillers_in_words(words: Sequence[str]) -> list[FillerMatch]:
    """Fillers in a word list (a transcript, lower case and unpunctuated is fine), with
    word-index spans, end exclusive. Discourse fillers follow the position rules in
    fillers.toml; the list is treated as one utterance for "start" and "edge"."""
    parts = [(part, i) for i, word in enumerate(words) for part in _WORD_RE.findall(word)]
    tokens = [(normalize(part), i) for part, i in parts]
    plain = [t[0] for t in tokens]
    shown = [_spelled(part) for part, _i in parts]
    discourse = _discourse()
    out: list[FillerMatch] = []
    i = 0
    while i < len(tokens):
        pause = filled_pause(plain[i])
        matched = None
        if pause is not None:
            matched = (pause, i + 1)
        else:
            for seq, filler in discourse:
                j = i + len(seq)
                if tuple(shown[i:j]) == seq and _fits(filler, plain, i, j):
                    matched = (filler, j)
                    break
        if matched is None:
            i += 1
            continue
        filler, j = matched
        start, end = tokens[i][1], tokens[j - 1][1] + 1
        out.append(FillerMatch(filler, start, end, " ".join(words[start:end])))
        i = j
    return out
