"""Which script lines were said, and when: the recognised words aligned to the script.

A line counts as said when enough of its words are found, in order, in what was said
(difflib over word tokens, so a misheard name or a skipped "the" does not sink a line)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from coach.analysis.report import LineResult
from coach.text import words as tokenize

# A line counts as said when this share of its words is found in order, and at least
# SAID_MIN_WORDS of them (all of a shorter line). Measured (bench/RESULTS.md): a skipped
# line never gets more than 0.11 of its words matched by chance, while Whisper tiny.en can
# mishear most of a line that was plainly said (robotic voices, the phone band). Over nine
# held-out sets 0.3 missed 101 said lines, 0.2 misses 63 for one more skipped line judged
# said (a phone number repeated on the next line); dev unchanged.
SAID_SHARE = 0.2
SAID_MIN_WORDS = 2

_DIGITS = "zero one two three four five six seven eight nine".split()


def norm_tokens(text: str) -> list[str]:
    """Tokens for matching: lower case, digits spelled out one by one (a phone number is
    read "five five five" but may be transcribed "555"), apostrophes dropped."""
    out = []
    for t in tokenize(text):
        if any(c.isdigit() for c in t):
            out.extend(_DIGITS[int(c)] for c in t if c.isdigit())
        else:
            out.append(_stem(t.replace("'", "").replace("-", "")))
    return out


def _stem(t: str) -> str:
    """A crude stem so "appreciated" matches "appreciate" and "teams" matches "team": the
    recogniser often gets an ending wrong while the line was plainly said."""
    for suffix in ("ed", "es", "s", "d"):
        if len(t) > 3 + len(suffix) and t.endswith(suffix):
            return t[: -len(suffix)]
    return t


@dataclass
class Alignment:
    lines: list[LineResult]
    in_script: list[bool]  # per spoken word: matched to a script word


def align(spoken: list, script_lines: list[str]) -> Alignment:
    """`spoken`: words with .text/.start/.end, fillers already removed."""
    lines = [ln.strip() for ln in script_lines if ln.strip()]
    if not lines:
        return Alignment([], [False] * len(spoken))
    s_tok, s_line = [], []
    for li, line in enumerate(lines):
        toks = norm_tokens(line)
        s_tok += toks
        s_line += [li] * len(toks)
    w_tok, w_idx = [], []
    for wi, w in enumerate(spoken):
        for t in norm_tokens(w.text):
            w_tok.append(t)
            w_idx.append(wi)
    matcher = difflib.SequenceMatcher(None, s_tok, w_tok, autojunk=False)
    hit_words: list[list[int]] = [[] for _ in lines]
    matched_script = [0] * len(lines)
    in_script = [False] * len(spoken)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            li = s_line[block.a + k]
            wi = w_idx[block.b + k]
            matched_script[li] += 1
            hit_words[li].append(wi)
            in_script[wi] = True
    out = []
    for li, line in enumerate(lines):
        n = sum(1 for x in s_line if x == li)
        said = (n > 0 and matched_script[li] / n >= SAID_SHARE
                and matched_script[li] >= min(SAID_MIN_WORDS, n))
        ws = hit_words[li]
        out.append(
            LineResult(
                line, said,
                spoken[min(ws)].start if said else None,
                spoken[max(ws)].end if said else None,
            )
        )
    return Alignment(out, in_script)


def coverage(lines: list[LineResult]) -> float | None:
    return round(sum(ln.said for ln in lines) / len(lines), 3) if lines else None
