"""What the Role-play page says about a call, for the cases a spoken test call does not
reach reliably: talking too much, a long monologue, fillers, no ask, no turn at all."""

from __future__ import annotations

import numpy as np

from coach.roleplay import CallResult, CallTurn
from coach.roleplay.scores import score
from ui import roleplay_words as words

ASK = frozenset({"ask_person", "ask_status"})


def call(*yours, theirs_s=4.0, outcome="finished") -> CallResult:
    turns, at = [CallTurn("them", "hello", "Good morning.", 0.0, theirs_s, theirs_s)], theirs_s
    for text, speaking, intents, kw in yours:
        turns.append(CallTurn("you", "hello", text, at, at + speaking, speaking,
                              intents=intents, **kw))
        at += speaking
    return CallResult("receptionist", "The receptionist", ["hello", "bye"], outcome, turns,
                      score(turns, ASK), None, np.zeros(int(at * 16000), np.float32))


def by_name(result) -> dict[str, words.Score]:
    return {s.name: s for s in words.scores(result, ASK)}


def test_a_long_monologue_with_fillers_and_no_ask_says_what_to_practise():
    r = call(("Um so I, uh, applied and, um, I think I'm a great fit…", 30.0,
              ["introduction"], {"fillers": ["um", "uh", "Um"], "longest_monologue_s": 26.4}))
    s = by_name(r)
    assert s["Talk ratio"].good is False
    assert s["Talk ratio"].text.startswith("You spoke 88% of the time. Leave them more room")
    assert s["Longest monologue"].good is False and "26 s" in s["Longest monologue"].text
    assert s["Questions asked"].good is False and "No questions" in s["Questions asked"].text
    assert s["The ask"].good is False
    assert s["The ask"].text.endswith("ask to speak with someone or ask how things stand.")
    assert s["Thanks"].good is False
    assert s["Fillers"].text.startswith("3 fillers (“um” ×2, “uh”).")


def test_a_balanced_call_is_praised_specifically():
    r = call(("Hi Jordan, it's Sam. Could I speak with Dana?", 3.0,
              ["introduction", "ask_person", "question"],
              {"questions": 1, "longest_monologue_s": 3.0}),
             ("Thanks so much.", 1.0, ["thanks"], {"longest_monologue_s": 1.0}))
    s = by_name(r)
    assert s["Talk ratio"].good and "50% of the time — a good balance" in s["Talk ratio"].text
    assert s["Questions asked"].text == ("You asked 1 question — a question hands the call "
                                         "back to them.")
    assert s["The ask"].good and s["Thanks"].good and s["Fillers"].good
    assert all(v.good for v in s.values())
    assert words.outcome(r) == "They ended the call after 0:08. You spoke for 4 s, they for 4 s."


def test_a_short_reply_is_not_scolded_and_silence_is_not_scored_as_speech():
    quiet = by_name(call(("", 0.0, ["silence"], {}), theirs_s=5.0))
    assert quiet["Talk ratio"].good is None and "didn't get to speak" in quiet["Talk ratio"].text
    assert "Longest monologue" not in quiet and "Fillers" not in quiet
    brief = by_name(call(("Dana please.", 1.0, ["ask_person"], {}), theirs_s=9.0))
    assert brief["Talk ratio"].good is None and "Short is fine" in brief["Talk ratio"].text


def test_hanging_up_before_speaking_and_the_outcome_lines():
    r = call(outcome="hung-up")
    assert [s.name for s in words.scores(r, ASK)] == ["Your turns"]
    assert words.outcome(r) == "You hung up after 0:04."
    assert words.outcome(call(theirs_s=75.0)) == "They ended the call after 1:15."
    assert words.path_text(["hello", "who_is_calling", "hang_up"]) == \
        "hello → who is calling → hang up"


def test_the_transcript_escapes_what_was_said_and_marks_silence():
    r = call(("<b>not bold</b> & co", 2.0, [], {}), ("", 0.0, ["silence"], {}))
    html = words.transcript_html(r.turns)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; co" in html
    assert html.endswith("<p><b>You:</b> <i>(silence)</i></p>")
    assert html.startswith("<p><b>They:</b> Good morning.</p>")
