"""Which of a take's words (anything with .start and .end, in seconds) reach into a span
of time, answered by bisection: testing every word against every speech region or run of
voice grows as words x regions and took half a minute on a two-hour take."""

from __future__ import annotations

import bisect
import itertools


class Timeline:
    """`items` in order of their start, with the furthest end reached so far, so that
    the items reaching into [lo, hi] are found by one bisect and a short walk back."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda w: w.start)
        self._starts = [w.start for w in self.items]
        self._reach = list(itertools.accumulate((w.end for w in self.items), max))

    def any_reaching(self, lo: float, hi: float) -> bool:
        """Whether some item starts before `hi` and ends after `lo`."""
        k = bisect.bisect_left(self._starts, hi)
        return k > 0 and self._reach[k - 1] > lo

    def reaching(self, lo: float, hi: float) -> list[int]:
        """Indices (into `items`) of the items that start before `hi` and end after
        `lo`, earliest first."""
        k = bisect.bisect_left(self._starts, hi)
        out = []
        while k > 0 and self._reach[k - 1] > lo:
            k -= 1
            if self.items[k].end > lo:
                out.append(k)
        return out[::-1]

    def first_from(self, t: float) -> int:
        """Index of the first item starting at or after `t` (len(items) if none)."""
        return bisect.bisect_left(self._starts, t)
