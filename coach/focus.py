"""Who a script or a take is about: the words that point at the listener and at the
caller. Lint and the speech analysis both measure other-focus as
listener / (listener + self) words, so both count them here."""

from __future__ import annotations

from collections.abc import Sequence

from coach.phrases import normalize

LISTENER_WORDS = frozenset(
    normalize(w) for w in
    ("you", "your", "yours", "you're", "you've", "you'll", "you'd", "yourself", "yourselves")
)
SELF_WORDS = frozenset(
    normalize(w) for w in ("i", "me", "my", "mine", "i'm", "i've", "i'd", "i'll", "myself")
)


def focus_counts(words: Sequence[str]) -> tuple[int, int]:
    """(listener words, self words) among `words` (raw or normalised)."""
    tokens = [normalize(w) for w in words]
    return sum(t in LISTENER_WORDS for t in tokens), sum(t in SELF_WORDS for t in tokens)
