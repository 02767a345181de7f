"""Script lint's model: the kinds of finding, `Finding`, `Sentence` and `LintResult`, and
splitting a script into sentences, each with its pronoun counts and whether it asks.

The checks (`coach.lint_checks`) and the rewrite (`coach.lint_rewrite`) both work on these
sentences; `coach.lint` puts them together.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from coach import phrases
from coach.focus import focus_counts

KINDS = ("weak_phrase", "filler", "other_focus", "length", "missing_ask", "voicemail_name",
         "voicemail_number", "blank")
# A blank left for the caller to fill in: "[your phone number]", "[their name]", "[something
# you enjoyed discussing]". Square brackets with a few words in them, never said or sent.
BLANK = re.compile(r"\[[^\[\]\n]{1,60}\]")

# An ask is a question or a request. Question words count only as a sentence's first word
# ("What is the next step", not "what I did"); request phrases count anywhere.
_ASK_OPENERS = frozenset("who what when where why how which could would can is are do does "
                         "did should".split())
_ASK_PHRASES = tuple(
    tuple(phrases.normalize(w) for w in p.split()) for p in (
        "could you", "would you", "can you", "will you", "could i", "can i", "may i",
        "might i", "is it", "is there", "are you", "do you", "would it", "please",
        "let me know", "call me", "reach me", "get back to me", "love to hear",
        "i'd appreciate", "i would appreciate", "would mean a lot", "i'd be grateful",
    )
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr vs etc e.g i.e".split())


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # the flagged text, text[start:end]
    start: int  # character offsets into the linted text
    end: int
    message: str  # why it matters to the listener
    suggestion: str  # a concrete better line (for "length": what to cut)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    you_words: int
    self_words: int
    is_ask: bool

    @property
    def other_focus(self) -> float | None:
        total = self.you_words + self.self_words
        return self.you_words / total if total else None

    @property
    def self_focused(self) -> bool:
        # Two "I"s and no "you": one "I" is natural ("I saw your post"), two with no "you"
        # is a sentence about the caller.
        return self.self_words >= 2 and self.you_words == 0

    def to_dict(self) -> dict:
        return {**asdict(self), "other_focus": _rounded(self.other_focus)}


@dataclass
class LintResult:
    findings: list[Finding]
    other_focus: float | None  # listener words / (listener + self words); None if neither
    estimated_seconds: float
    sentences: list[Sentence]
    rewrite: str | None = None  # the script turned toward the listener, if anything changed

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings],
                "other_focus": _rounded(self.other_focus),
                "estimated_seconds": self.estimated_seconds,
                "sentences": [s.to_dict() for s in self.sentences], "rewrite": self.rewrite}


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (a line break also ends one) with their pronoun counts and whether each asks."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = re.search(r"([\w.]+)$", text[start : m.start()])
        if m.group(0) == "." and before and before.group(1).lower() in _ABBREVIATIONS:
            continue  # "Dr. Okafor" is one sentence
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        s, e = s + len(chunk) - len(chunk.lstrip()), e - len(chunk) + len(chunk.rstrip())
        if s < e:
            out.append(_sentence(text[s:e], s, e))
    return out


def _sentence(text: str, start: int, end: int) -> Sentence:
    tokens = _tokens(text)
    you, me = focus_counts(tokens)
    return Sentence(text, start, end, you_words=you, self_words=me, is_ask=_is_ask(text, tokens))


def _is_ask(text: str, tokens: list[str]) -> bool:
    if "?" in text or (tokens and tokens[0] in _ASK_OPENERS):
        return True
    return any(tuple(tokens[i : i + len(p)]) == p for p in _ASK_PHRASES for i in range(len(tokens)))


def _tokens(text: str) -> list[str]:
    return [t[0] for t in phrases.text_tokens(text)]
