"""Weak phrases the recogniser misheard (coach/analysis/misheard.py): found when they sound
like the phrase and were said off-script, never for a phrase that only starts the same."""

from __future__ import annotations

from coach import phrases
from coach.analysis import detectors, misheard
from coach.analysis.pipeline import _on_script
from coach.analysis.report import LineResult, SpokenWord


def _words(text: str, start: float = 0.0) -> list[SpokenWord]:
    return [SpokenWord(t, start + 0.3 * k, start + 0.3 * k + 0.25)
            for k, t in enumerate(text.split())]


def _found(text: str, in_script=None):
    words = text.split()
    flags = in_script if in_script is not None else [False] * len(words)
    return [(p.id, " ".join(words[a:b])) for p, _w, a, b in misheard.find(words, flags, [])]


def test_a_misheard_weak_phrase_is_found_by_its_sound():
    assert _found("sorry to my other group but") == [("sorry_to_bother", "sorry to my other")]
    assert _found("I'm just pulling to check in") == [
        ("just_checking_in", "I'm just pulling to check in")]
    assert [p for p, _t in _found("I don't want to be obtained so")] == ["taking_your_time"]


def test_a_phrase_misheard_from_its_second_word_is_found_by_its_whole_sound():
    # Only the first word leads exactly; most of the words are there in order and the
    # whole sounds like the phrase.
    assert [p for p, _t in _found("so I hate about you about this")] == ["sorry_to_bother"]
    assert [p for p, _t in _found("and I went wondering if")] == ["i_was_wondering"]
    # the same lead, but neither enough words in order nor the sound
    assert _found("I hate that you had to wait") == []
    assert _found("I went to the office") == []


def test_a_phrase_misheard_after_its_first_word_is_found_when_it_sounds_close():
    # Only the first word exact, and too few words in order for the rule above, but the
    # whole sounds three-quarters like the phrase.
    assert _found("sorry the father you but") == [("sorry_to_bother", "sorry the father you")]
    assert _found("just check with the team") == [("just_checking_in", "just check with")]
    assert _found("I thought you were great") == []  # 0.69 like "I thought maybe"
    assert _found("to a bus stop") == []  # 0.69 like "to touch base"


def test_a_closer_rule_names_the_phrase_before_the_loose_one():
    # "sorry to my" leads with two words of "sorry to bother" (the rest sounds alike): that
    # wording wins over any phrase the whole merely sounds like.
    [(phrase, wording, a, b)] = misheard.find("sorry to my other group".split(), [False] * 5, [])
    assert wording == "sorry to bother" and (a, b) == (0, 4)


def test_a_phrase_that_only_starts_the_same_is_not_weak():
    assert _found("sorry to hear that news") == []
    assert _found("I hate to say it but") == []
    assert _found("I know you're the right person") == []
    # two words in common and a loose likeness are not enough for a long phrase
    assert _found("did you know I met okay") == []
    assert _found("I really met you around this") == []


def test_words_of_the_script_are_never_a_misheard_weak_phrase():
    text = "sorry to my other group but"
    assert _found(text, [True, True, False, False, False, False]) == []
    assert _found(text, [True, False, False, False, False, False]) != []  # one of four


def test_a_word_inside_a_said_line_counts_as_the_script():
    words = _words("I really met you around this and thanks")
    line = LineResult("I really admire your work on this and thanks", True,
                      words[0].start, words[-1].end)
    flags = _on_script(words, [True, True, False, False, False, True, True, True], [line])
    assert flags == [True, True, True, True, True, True, True, True]
    unsaid = LineResult(line.text, False)
    assert _on_script(words, [False] * 8, [unsaid]) == [False] * 8


def test_a_stray_script_word_does_not_make_the_words_after_it_script():
    # "to" of "sorry to monger you" was matched to the "to" of the next line, whose other
    # words Whisper heard only much later: the phrase between stays off-script and is found.
    words = _words("sorry to monger you but did my romantic gay day for me to check back")
    flags = [False, True] + [False] * 7 + [True] * 6
    line = LineResult("Is there a better day for me to check back?", True,
                      words[1].start, words[-1].end)
    on = _on_script(words, flags, [line])
    assert on == [False, True] + [False] * 7 + [True] * 6
    found = detectors.weak_phrase_findings(words, on)
    assert [f.text for f in found] == ["sorry to bug you"]


def test_report_findings_say_the_phrase_was_hard_to_make_out():
    words = _words("hi Dana sorry to my other group but I saw your talk")
    flags = [True, True] + [False] * 5 + [True] * 5
    found = detectors.weak_phrase_findings(words, flags)
    assert len(found) == 1
    f = found[0]
    assert f.text == "sorry to bother"  # what it sounded like, as the list writes it
    assert (f.start, f.end) == (words[2].start, words[5].end)
    assert f.message.startswith("Hard to make out (heard as \u201csorry to my other\u201d).")
    assert f.suggestion
    # without a script there is no telling what was off-script: exact matches only
    assert detectors.weak_phrase_findings(words) == []


def test_the_phrase_is_named_as_the_list_writes_it():
    found = _found("I know your music but")  # "music" is too far from "busy"
    assert found == []
    words = "so I know you're really more busy".split()
    [(phrase, wording, a, b)] = misheard.find(words, [False] * len(words), [])
    assert wording == "I know you're really busy" and (a, b) == (1, 7)


def test_an_exact_match_is_reported_once():
    words = _words("sorry to bother you but I saw your talk")
    found = detectors.weak_phrase_findings(words, [False] * 4 + [True] * 5)
    assert [f.text for f in found] == ["sorry to bother you"]
    assert not found[0].message.startswith("Hard to make out")


def test_an_everyday_lead_needs_the_rest_to_sound_like_the_phrase():
    # "do you have", "is there", "I know you" begin many questions a caller says off the
    # script; they are no sign of "any news" or "I know you're busy"
    assert _found("do you have a minute or is there a better time") == []
    assert _found("is there anything about the timeline you can share") == []
    assert _found("I know your team is hiring for the role") == []
    assert _found("I know you worked with their operations group") == []
    # ... but the rest heard close to the phrase's rest still is one
    assert [p for p, _t in _found("so I went wondering if")] == ["i_was_wondering"]
    assert [p for p, _t in _found("I know your boss but")] == ["i_know_youre_busy"]


def test_the_better_lines_the_list_offers_are_never_weak():
    # A user who says the suggested line off-script must not be told it is weak.
    for phrase in phrases.weak_phrases():
        line = detectors.spoken_line(phrase.better)
        for blank, word in (("[their name]", "Dana"), ("[event]", "the fair"),
                            ("[project]", "the launch"), ("[skill]", "planning")):
            line = line.replace(blank, word)
        words = [w.strip(",.?!—") for w in line.split() if w.strip(",.?!—")]
        assert phrases.find_weak_phrases_in_words(words) == [], line
        assert misheard.find(words, [False] * len(words), []) == [], line
