"""The gist of a reply: which intents (greeting, ask for a person, thanks, …) a transcript
shows, by the keyword rules in scripts_library/phrases/intents.toml.

Keyword rules, not a language model: they run offline in microseconds, a user can read
why a branch was taken, and a scenario author can add a phrase without retraining
anything. A reply may show several intents at once ("Hi, it's Sam — could I speak to
Dana?" is a greeting, an introduction, an ask for a person and a question); scenarios
pick a branch by them in order. Two intents come from the engine itself: SILENCE (no
words, or only um/uh) and OFF_TRACK (words that match no rule)."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass

from coach import phrases
from coach.errors import TemplateProblem

SILENCE = "silence"
OFF_TRACK = "off_track"
QUESTION = "question"
ENGINE_INTENTS = (SILENCE, OFF_TRACK)
ME = "<me>"  # in a pattern: the user's first or full name

_KEYS = ("id", "phrases", "starts", "mark")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Where a new clause begins: sentence ends and the pauses a speaker marks with a comma.
_CLAUSE_RE = re.compile(r"[.?!,;:…—–]+")
_SENTENCE_RE = re.compile(r"[^.?!…]+[.?!…]*")

Pattern = tuple[str, ...]


@dataclass(frozen=True)
class Intent:
    id: str
    phrases: tuple[Pattern, ...]  # normalised tokens; ME stands for the user's name
    starts: tuple[Pattern, ...]
    mark: str | None = None


@dataclass(frozen=True)
class Gist:
    """What a reply amounts to: its intents and how many of its sentences are questions."""

    intents: frozenset[str]
    questions: int
    text: str

    def to_dict(self) -> dict:
        return {"intents": sorted(self.intents), "questions": self.questions}


class IntentRules:
    def __init__(self, intents: Sequence[Intent], source: str, lead_ins: Sequence[str] = ()):
        self.intents = tuple(intents)
        self.source = source
        self.lead_ins = frozenset(lead_ins)  # skipped at a clause start ("so, when …")

    def ids(self) -> frozenset[str]:
        """Every intent a scenario may branch on, the engine's own included."""
        return frozenset(i.id for i in self.intents) | set(ENGINE_INTENTS)

    def classify(self, text: str, me: Sequence[str] = ()) -> Gist:
        """The gist of `text` (a transcript, punctuation welcome). `me`: the user's names
        ("Sam", "Sam Rivera"), for patterns like "it's <me>"."""
        names = [tuple(t for t, _a, _b in phrases.text_tokens(n)) for n in me]
        names = [n for n in names if n]
        sentences = [s for s in _SENTENCE_RE.findall(text or "") if _words(s)]
        if not sentences:
            return Gist(frozenset({SILENCE}), 0, text or "")
        found: set[str] = set()
        questions = 0
        for sentence in sentences:
            heard = {i.id for i in self.intents
                     if _matches(i, sentence, names, self.lead_ins)}
            found |= heard
            questions += QUESTION in heard
        return Gist(frozenset(found or {OFF_TRACK}), questions, text)


def _words(text: str) -> list[str]:
    """Normalised tokens of `text` without filled pauses (they carry no gist)."""
    return [t for t, _a, _b in phrases.text_tokens(text) if not phrases.filled_pause(t)]


def _clauses(sentence: str, lead_ins: frozenset[str] = frozenset()) -> list[list[str]]:
    """Token lists of the clauses of `sentence`, lead-ins dropped from their start; a
    filled pause also starts a clause ("um, so what's next" and "um what's next" both
    start a clause with "what")."""
    out: list[list[str]] = []
    for part in _CLAUSE_RE.split(sentence):
        current: list[str] = []
        for tok, _a, _b in phrases.text_tokens(part):
            if phrases.filled_pause(tok):
                if current:
                    out.append(current)
                current = []
            else:
                current.append(tok)
        if current:
            out.append(current)
    for clause in out:
        while len(clause) > 1 and clause[0] in lead_ins:
            del clause[0]
    return out


def _with_names(pattern: Pattern, names: list[Pattern]) -> list[Pattern]:
    if ME not in pattern:
        return [pattern]
    out = []
    for name in names:
        i = pattern.index(ME)
        out += _with_names(pattern[:i] + name + pattern[i + 1:], names)
    return out


def _contains(tokens: list[str], pattern: Pattern) -> bool:
    n = len(pattern)
    return any(tuple(tokens[i:i + n]) == pattern for i in range(len(tokens) - n + 1))


def _matches(intent: Intent, sentence: str, names: list[Pattern],
             lead_ins: frozenset[str]) -> bool:
    if intent.mark and sentence.rstrip().endswith(intent.mark):
        return True
    if intent.phrases:
        tokens = _words(sentence)
        for p in intent.phrases:
            if any(_contains(tokens, q) for q in _with_names(p, names)):
                return True
    if intent.starts:
        for clause in _clauses(sentence, lead_ins):
            for p in intent.starts:
                if any(tuple(clause[:len(q)]) == q for q in _with_names(p, names)):
                    return True
    return False


# --- loading and checking the rules ---------------------------------------------------


def parse_rules(data: bytes, source: str) -> IntentRules:
    """The rules in `data` (an intents.toml named `source` in messages). Raises
    TemplateProblem listing every problem, each with its line."""
    problems: list[str] = []
    try:
        text = data.decode("utf-8-sig")
        doc = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateProblem(f"{source}: can't read the intent rules ({exc})") from None
    headers = [n for n, line in enumerate(text.splitlines(), 1)
               if re.match(r"\s*\[\[\s*intent\s*\]\]", line)]
    for key in doc:
        if key not in ("intent", "lead_ins"):
            problems.append(f"{source} line 1: unknown key '{key}' (expected intent, lead_ins)")
    lead_ins = doc.get("lead_ins", [])
    if not isinstance(lead_ins, list) or not all(isinstance(x, str) for x in lead_ins):
        problems.append(f"{source}: 'lead_ins' must be a list of words in quotes")
        lead_ins = []
    entries = doc.get("intent")
    if not isinstance(entries, list) or not entries:
        raise TemplateProblem(f"{source}: no [[intent]] tables")
    out, seen = [], set()
    for n, entry in enumerate(entries):
        line = headers[n] if n < len(headers) else 1

        def bad(message: str, line=line) -> None:
            problems.append(f"{source} line {line}: {message}")

        iid = entry.get("id")
        for key in entry:
            if key not in _KEYS:
                bad(f"unknown key '{key}' (expected {', '.join(_KEYS)})")
        if not isinstance(iid, str) or not _ID_RE.match(iid):
            bad("each [[intent]] needs an id of lower-case letters, digits and _")
            continue
        if iid in ENGINE_INTENTS:
            bad(f"'{iid}' is decided by the engine and can't have rules")
        elif iid in seen:
            bad(f"there are two intents with id '{iid}'")
        seen.add(iid)
        lists = {}
        for key in ("phrases", "starts"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                bad(f"'{key}' of intent '{iid}' must be a list of texts in quotes")
                value = []
            lists[key] = _patterns(value, iid, bad)
        mark = entry.get("mark")
        if mark is not None and (not isinstance(mark, str) or not mark.strip()):
            bad(f"'mark' of intent '{iid}' must be a punctuation mark in quotes, like \"?\"")
            mark = None
        if not (lists["phrases"] or lists["starts"] or mark):
            bad(f"intent '{iid}' has no phrases, starts or mark, so it can never be heard")
        out.append(Intent(iid, lists["phrases"], lists["starts"], mark))
    if problems:
        raise TemplateProblem("; ".join(problems))
    return IntentRules(out, source, [phrases.normalize(w) for w in lead_ins])


def _patterns(values: list[str], iid: str, bad) -> tuple[Pattern, ...]:
    out: list[Pattern] = []
    for value in values:
        try:
            wordings = phrases.expand(value.replace(ME, "\x00"))
        except ValueError as exc:
            bad(f"intent '{iid}': {exc}")
            continue
        for wording in wordings:
            parts = [ME if w == "\x00" else w for w in wording.split()]
            tokens = tuple(t for part in parts
                           for t in ([ME] if part == ME else
                                     [x for x, _a, _b in phrases.text_tokens(part)]))
            if tokens and tokens not in out:
                out.append(tokens)
    return tuple(out)


@functools.cache
def intent_rules() -> IntentRules:
    """The shipped rules (scripts_library/phrases/intents.toml), read once."""
    from scripts_library import data_files

    files = dict(data_files("phrases"))
    if "intents.toml" not in files:
        raise TemplateProblem("scripts_library/phrases/intents.toml is missing")
    return parse_rules(files["intents.toml"], "built-in intents.toml")
