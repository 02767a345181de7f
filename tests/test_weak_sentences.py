"""A weak sentence is one finding: a tail phrase ("I know you're busy", "any news") said
just after another weak phrase belongs to that phrase's sentence (detectors._one_sentence)."""

from __future__ import annotations

import pytest

from coach import phrases
from coach.analysis import detectors
from coach.analysis.report import SpokenWord
from coach.errors import TemplateProblem


def _words(text: str, start: float = 0.0, step: float = 0.3) -> list[SpokenWord]:
    return [SpokenWord(t, start + step * k, start + step * k + 0.25, t in ("um", "uh"))
            for k, t in enumerate(text.split())]


def _weak(text: str, in_script=None):
    words = _words(text)
    flags = in_script if in_script is not None else [False] * len(words)
    return words, detectors.weak_phrase_findings(words, flags)


def _phrase(pid: str):
    return next(p for p in phrases.weak_phrases() if p.id == pid)


def test_an_apology_and_i_know_youre_busy_are_one_thing_to_fix():
    words, found = _weak("sorry to bother you I know you're busy could we talk")
    assert len(found) == 1
    f = found[0]
    assert f.text == "sorry to bother you I know you're busy"
    assert (f.start, f.end) == (words[0].start, words[7].end)
    # the sentence is rewritten once, by the phrase that carries it
    bother = _phrase("sorry_to_bother")
    assert f.message == bother.why
    assert f.suggestion == detectors.spoken_line(bother.better)


def test_words_and_fillers_between_the_two_stay_in_the_sentence():
    _w, found = _weak("I was just wondering um if there's any news thanks")
    assert [f.text for f in found] == ["I was just wondering if there's any news"]


def test_two_weak_sentences_said_back_to_back_stay_two():
    # neither second phrase is a tail: each sentence is its own thing to fix
    _w, found = _weak("I'm just calling to check in just checking in")
    assert [f.text for f in found] == ["I'm just calling to check in", "just checking in"]
    _w, found = _weak("I don't want to be a pain I was wondering")
    assert len(found) == 2


def test_a_tail_said_later_or_alone_is_a_finding_of_its_own():
    words, found = _weak("sorry to bother you we met at the fair last week I know you're busy")
    assert [f.text for f in found] == ["sorry to bother you", "I know you're busy"]
    _w, found = _weak("hello I know you're busy")
    assert [f.text for f in found] == ["I know you're busy"]
    # close in words but not in time: a long silence ends the sentence
    words = _words("sorry to bother you") + _words("I know you're busy", start=3.0)
    found = detectors.weak_phrase_findings(words, [False] * len(words))
    assert len(found) == 2


def test_a_misheard_lead_takes_its_tail_and_says_it_was_hard_to_make_out():
    _w, found = _weak("sorry to my other group I know you're busy")
    assert len(found) == 1
    assert found[0].text == "sorry to bother group I know you're busy"  # heard between
    assert found[0].message.startswith("Hard to make out (heard as \u201csorry to my other\u201d).")


def test_the_tail_flag_is_checked_when_the_list_is_read(monkeypatch):
    bad = [{"id": "x", "patterns": ["any news"], "why": "w", "better": "b", "tail": "yes"}]
    monkeypatch.setattr(phrases, "_load", lambda name, table: bad)
    phrases.weak_phrases.cache_clear()
    try:
        with pytest.raises(TemplateProblem, match="'tail' must be true or false"):
            phrases.weak_phrases()
    finally:
        monkeypatch.undo()
        phrases.weak_phrases.cache_clear()
    assert [p.id for p in phrases.weak_phrases() if p.tail] == ["i_know_youre_busy",
                                                                 "any_update"]


def test_the_common_wordings_of_three_phrases_are_found_whole():
    _w, found = _weak("so I wonder if the role is still open")
    assert [f.text for f in found] == ["I wonder if"]
    _w, found = _weak("sorry I know you're busy but is now good")
    assert [f.text for f in found] == ["sorry I know you're busy but"]
    _w, found = _weak("I hate to bug you about this but")
    assert [f.text for f in found] == ["I hate to bug you about this"]
