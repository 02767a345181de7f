"""Small text helpers shared by the script builder, lint, the speech analysis and the
screens and printouts that show them."""

from __future__ import annotations

import re

# A word is letters/digits with inner apostrophes or hyphens ("I'm", "follow-up", "résumé").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, with curly apostrophes made straight."""
    return [m.group(0).lower().replace("’", "'") for m in WORD_RE.finditer(text)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) character spans, words normalised as in `words`."""
    return [
        (m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in WORD_RE.finditer(text)
    ]


def spoken_word_count(text: str) -> int:
    """How many words `text` takes to say: a phone number is read digit by digit
    ("555-0134" is seven words), so each digit counts as one word."""
    count = 0
    for w in words(text):
        digits = sum(ch.isdigit() for ch in w)
        count += digits + (1 if digits < len(w.replace("-", "").replace("'", "")) else 0)
    return count


def estimate_seconds(text: str, wpm: int = 150) -> float:
    """Seconds to say `text` aloud at `wpm` words per minute."""
    if wpm <= 0:
        raise ValueError("speaking rate must be positive")
    return round(spoken_word_count(text) * 60.0 / wpm, 1)


def half_up(value: float) -> int:
    """`value` to the nearest whole number as a person rounds (187.5 → 188, 186.5 → 187),
    not Python's round-half-even."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def clock(seconds: float) -> str:
    """A time in a take, or how long something lasted, as m:ss to the nearest second."""
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def moment(start: float, end: float) -> str:
    """When a finding happened in a take, as the screen and the printed report show it:
    "0:08", or "0:12–0:41" for a stretch of two seconds or more (a pace finding)."""
    if end - start >= 2.0 and clock(end) != clock(start):
        return f"{clock(start)}–{clock(end)}"
    return clock(start)
