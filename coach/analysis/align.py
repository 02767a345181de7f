"""Which script lines were said, and when: the recognised words aligned to the script.

A line counts as said when enough of its words are found, in order, in what was said (the
most script words that can be matched in order, so a misheard name or a skipped "the" does
not sink a line). A line Whisper garbled past matching its words ("It's Melometo Gay for
Mito Kecsma" for "Is there a better day for me to check back?") is found by its sound in
what was heard between the lines said around it."""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass

import numpy as np

from coach.analysis import lexicon
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
# A line not said by its words is said by its sound when a stretch of what was heard between
# the said lines around it sounds this much like it (lexicon.sounds_within). Measured over
# seventeen held-out sets (bench/RESULTS.md): of 82 said lines missed, 37 reach 0.5, and of
# 674 skipped lines none is above 0.44.
LINE_SOUNDS = 0.5
# ... and not past this many heard-by-script word pairs (some 0.1 s of phone matching): a
# long take against a script it does not follow has nothing of the kind to find.
BY_SOUND_MAX_PAIRS = 100_000

_DIGITS = "zero one two three four five six seven eight nine".split()


def norm_tokens(text: str) -> list[str]:
    """Tokens for matching: lower case, digits spelled out one by one (a phone number is
    read "five five five" but may be transcribed "555"), apostrophes dropped."""
    return [_stem(t) for t in said_tokens(text)]


def said_tokens(text: str) -> list[str]:
    """`norm_tokens` before stemming: words as they sound ("timeline", not "timelin")."""
    out = []
    for t in tokenize(text):
        if any(c.isdigit() for c in t):
            out.extend(_DIGITS[int(c)] for c in t if c.isdigit())
        else:
            out.append(t.replace("'", "").replace("-", ""))
    return out


def _stem(t: str) -> str:
    """A crude stem so "appreciated" matches "appreciate" and "teams" matches "team": the
    recogniser often gets an ending wrong while the line was plainly said."""
    for suffix in ("ed", "es", "s", "d"):
        if len(t) > 3 + len(suffix) and t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    # "appreciate" loses its "e" as "appreciated" loses "ed": both end "appreciat".
    return t[:-1] if len(t) > 4 and t.endswith("e") else t


# A spoken word that sits between two matched words, where the script has a few words the
# speaker did not say (a word misheard: "time like" for "timeline"), is in that gap.
GAP_MAX_WORDS = 4


@dataclass
class Alignment:
    lines: list[LineResult]
    in_script: list[bool]  # per spoken word: matched to a script word
    # per spoken word in such a gap: (the gap's spoken tokens, the script's missing ones),
    # as they sound (said_tokens); None elsewhere
    gaps: list[tuple[tuple[str, ...], tuple[str, ...]] | None]


def align(spoken: list, script_lines: list[str]) -> Alignment:
    """`spoken`: words with .text/.start/.end, fillers already removed."""
    lines = [ln.strip() for ln in script_lines if ln.strip()]
    if not lines:
        return Alignment([], [False] * len(spoken), [None] * len(spoken))
    s_tok, s_line, s_said = [], [], []
    for li, line in enumerate(lines):
        said = said_tokens(line)
        s_said += said
        s_tok += [_stem(t) for t in said]
        s_line += [li] * len(said)
    w_tok, w_idx, w_said = [], [], []
    for wi, w in enumerate(spoken):
        for t in said_tokens(w.text):
            w_said.append(t)
            w_tok.append(_stem(t))
            w_idx.append(wi)
    hit_words: list[list[int]] = [[] for _ in lines]
    matched_script = [0] * len(lines)
    in_script = [False] * len(spoken)
    pairs = matched_pairs(s_tok, w_tok)
    gaps: list = [None] * len(spoken)
    for (a1, b1), (a2, b2) in zip(pairs, pairs[1:], strict=False):
        if 1 < a2 - a1 <= GAP_MAX_WORDS + 1 and 1 < b2 - b1 <= GAP_MAX_WORDS + 1:
            gap = (tuple(w_said[b1 + 1:b2]), tuple(s_said[a1 + 1:a2]))
            for b in range(b1 + 1, b2):
                gaps[w_idx[b]] = gap
    for a, b in pairs:
        li, wi = s_line[a], w_idx[b]
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
    return Alignment(_by_sound(out, spoken), in_script, gaps)


def _by_sound(lines: list[LineResult], spoken: list) -> list[LineResult]:
    """`lines` with, between each two said lines (and before the first, after the last),
    the unsaid line that sounds most like a stretch of the words heard there marked said
    when it is LINE_SOUNDS alike: one line a gap, the likeliest, as a skipped line next to
    a garbled one sounds a little like it too."""
    lines = list(lines)
    said = [li for li, ln in enumerate(lines) if ln.said]
    starts = [w.start for w in spoken]
    for p, q in zip([-1, *said], [*said, len(lines)], strict=True):
        if q - p < 2:
            continue
        a = bisect.bisect_right(starts, lines[p].end) if p >= 0 else 0
        b = bisect.bisect_left(starts, lines[q].start) if q < len(lines) else len(spoken)
        heard = [(tok, w) for w in spoken[a:b] for tok in _sound_tokens(w.text)]
        meant = {li: _sound_tokens(lines[li].text) for li in range(p + 1, q)}
        if not heard or len(heard) * sum(map(len, meant.values())) > BY_SOUND_MAX_PAIRS:
            continue
        tokens = [tok for tok, _w in heard]
        score, first, end, li = max(
            (*lexicon.sounds_within(tokens, m), li) for li, m in meant.items())
        if score >= LINE_SOUNDS:
            lines[li] = LineResult(lines[li].text, True, heard[first][1].start,
                                   heard[end - 1][1].end)
    return lines


def _sound_tokens(text: str) -> list[str]:
    """Words to pronounce: digits spelled out one by one, as a number is read."""
    out = []
    for t in tokenize(text):
        digits = [_DIGITS[int(c)] for c in t if c.isdigit()]
        out.extend(digits or [t])
    return out


# Above this many script-by-spoken token pairs (a 40 MB table) the exact match gives way to
# difflib's greedy one: a book-length script against a two-hour take.
EXACT_MAX_CELLS = 10_000_000


def matched_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """(i, j) pairs with a[i] == b[j], in order in both, as many as there can be: a longest
    common subsequence. difflib's greedy longest-block-first match was used before: a long
    run it placed first (a phone number said on the last line, also on an earlier skipped
    one) took the earliest place it fitted and left the words around it nowhere to go. Over
    eleven held-out sets the exact match makes 64 line errors to difflib's 98."""
    n, m = len(a), len(b)
    if not n or not m:
        return []
    if n * m > EXACT_MAX_CELLS:
        return [(blk.a + k, blk.b + k) for blk in difflib.SequenceMatcher(
            None, a, b, autojunk=False).get_matching_blocks() for k in range(blk.size)]
    ids: dict[str, int] = {}
    ai = np.array([ids.setdefault(t, len(ids)) for t in a])
    bi = np.array([ids.get(t, -1) for t in b])
    # table[i, j]: the most matches between a[:i] and b[:j]. Row by row: a diagonal step
    # where the tokens agree, else the best from above; then the best from the left, which
    # is a running maximum along the row.
    table = np.zeros((n + 1, m + 1), dtype=np.int32)
    for i in range(n):
        step = np.maximum(table[i, :-1] + (bi == ai[i]), table[i, 1:])
        table[i + 1, 1:] = np.maximum.accumulate(step)
    pairs, i, j = [], n, m
    while i and j:
        if ai[i - 1] == bi[j - 1] and table[i, j] == table[i - 1, j - 1] + 1:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif table[i - 1, j] >= table[i, j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def coverage(lines: list[LineResult]) -> float | None:
    return round(sum(ln.said for ln in lines) / len(lines), 3) if lines else None
