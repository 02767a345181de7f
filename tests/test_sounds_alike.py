"""How alike words sound (coach.analysis.lexicon): the phone edit distance the weak-phrase
finder and the line matcher judge misheard words by, checked against a plain one."""

from __future__ import annotations

import random

from coach.analysis import lexicon

_WORDS = ("sorry to bother you my other i know you're busy is there a better day for me "
          "check back melometo gay mito kecsma brightside the of").split()


def _distance(a: list[str], b: list[str]) -> float:
    """Textbook edit distance, a phone at a time, with the lexicon's half-cost changes."""
    def cost(x, y):
        if x == y:
            return 0.0
        same = lexicon._GROUP_OF.get(x, -1) == lexicon._GROUP_OF.get(y, -2)
        return 0.5 if same else 1.0
    row = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], float(i)
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + cost(x, y))
    return row[-1]


def _phones(words):
    return [ph for w in words for ph in lexicon.pronounce(w)]


def test_sounds_alike_is_one_minus_the_edit_distance_over_the_longer():
    rng = random.Random(5)
    for _ in range(300):
        heard = tuple(rng.choice(_WORDS) for _ in range(rng.randint(1, 5)))
        meant = tuple(rng.choice(_WORDS) for _ in range(rng.randint(1, 5)))
        a, b = _phones(heard), _phones(meant)
        want = 1.0 - _distance(a, b) / max(len(a), len(b))
        assert abs(lexicon.sounds_alike(heard, meant) - want) < 1e-9, (heard, meant)
        # asked for at least some likeness, the same answer or 0.0 when under it
        for least in (0.3, 0.5, 0.75):
            quick = lexicon.sounds_alike(heard, meant, least)
            assert abs(quick - (want if want >= least - 1e-9 else 0.0)) < 1e-9
    assert lexicon.sounds_alike(("sorry", "to", "mother"), ("sorry", "to", "bother")) > 0.7
    assert lexicon.sounds_alike((), ("busy",)) == 0.0


def _best_stretch(a: list[str], b: list[str]) -> float:
    return max(1.0 - _distance(a[i:j], b) / len(b)
               for i in range(len(a)) for j in range(i + 1, len(a) + 1))


def test_sounds_within_finds_the_stretch_that_sounds_most_like_the_words():
    rng = random.Random(9)
    for _ in range(150):
        heard = [rng.choice(_WORDS) for _ in range(rng.randint(1, 6))]
        meant = [rng.choice(_WORDS) for _ in range(rng.randint(1, 3))]
        score, first, end = lexicon.sounds_within(heard, meant)
        a, b = _phones(heard), _phones(meant)
        assert abs(score - _best_stretch(a, b)) < 1e-9, (heard, meant)
        # the words it names hold a stretch of phones that good (it may begin or end
        # inside a word: a recogniser splits words where it likes)
        assert 0 <= first < end <= len(heard)
        assert abs(_best_stretch(_phones(heard[first:end]), b) - score) < 1e-9


def test_sounds_within_names_the_words_a_phrase_was_heard_in():
    heard = "well um sorry to my other you but i".split()
    score, first, end = lexicon.sounds_within(heard, "sorry to bother you".split())
    assert (first, end) == (2, 7) and score > 0.8
    assert lexicon.sounds_within([], ["busy"]) == (0.0, 0, 0)
