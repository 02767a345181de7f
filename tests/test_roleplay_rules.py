"""Role-play without speech: the intent rules, the dialogue state machine, end of turn on
synthetic audio, voice choice, the beep, scores, and the CLI's refusals (scenario files:
test_roleplay_scenarios.py)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.errors import TemplateProblem
from coach.roleplay import (
    FINISHED,
    TOO_LONG,
    CallTurn,
    Dialogue,
    TurnListener,
    beep_tone,
    intent_rules,
    load_scenario,
    load_scenarios,
    other_voice,
    practice_variables,
)
from coach.roleplay.intents import parse_rules
from coach.roleplay.scores import score
from coach.roleplay.turns import END_OF_SPEECH, NO_SPEECH
from coach.speech.tts import Voice
from tests.test_roleplay_scenarios import GOOD

ME = ["Sam", "Sam Rivera"]


def gist(text, me=ME):
    return intent_rules().classify(text, me)


# --- intents ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Hi Jordan, this is Sam Rivera. Could I speak with Dana, please?",
     {"greeting", "introduction", "ask_person", "question"}),
    ("I was hoping to ask how the search is going.", {"ask_status"}),
    ("Thanks so much, have a lovely day!", {"thanks", "goodbye"}),
    ("Sure, I can call you back on Thursday.", {"agree", "offer_later"}),
    ("Could you call me back on 555 201 4477?", {"callback", "question"}),
    ("What would you suggest I do to stand out?", {"ask_advice", "question"}),
    ("No, that's all.", {"decline"}),
    ("The weather has been lovely. I went hiking.", {"off_track"}),
    ("", {"silence"}),
    ("Um... uh.", {"silence"}),  # hesitation only is no reply at all
])
def test_the_gist_of_a_reply(text, expected):
    assert gist(text).intents == expected


def test_case_apostrophes_and_accents_do_not_matter():
    assert "ask_person" in gist("COULD I SPEAK WITH DANA").intents
    assert "introduction" in gist("Im calling about my résumé").intents
    assert "introduction" in gist("i sent in my resume last week").intents


def test_words_inside_other_words_do_not_match():
    # "hi" is in "hiking" and "this", "thank" in "thankless": whole words only
    assert gist("This hiking trip was thankless.").intents == {"off_track"}


def test_the_users_own_name_is_an_introduction_only_when_known():
    assert "introduction" in gist("Hey, it's Sam.").intents
    assert "introduction" not in gist("Hey, it's Sam.", me=[]).intents
    assert "introduction" not in gist("It's raining.").intents


def test_questions_are_counted_by_sentence_with_or_without_a_question_mark():
    assert gist("How is the team? And when do interviews start?").questions == 2
    # Whisper may drop the mark; a question opener at a clause start still counts
    assert gist("um so when do interviews start").questions == 1
    assert gist("I wonder if the role is still open").questions == 1
    assert gist("That is how it goes. I know what you mean.").questions == 0


def bad_rules(text: str) -> str:
    with pytest.raises(TemplateProblem) as exc:
        parse_rules(text.encode(), "my_intents.toml")
    return str(exc.value)


def test_bad_intent_rules_are_named_with_their_line():
    msg = bad_rules('[[intent]]\nid = "hello"\nphrases = ["hi"]\n\n'
                    '[[intent]]\nid = "silence"\nphrases = ["shh"]\n\n'
                    '[[intent]]\nid = "bye"\nphrase = ["bye"]\n')
    assert "my_intents.toml line 5: 'silence' is decided by the engine" in msg
    assert "my_intents.toml line 9: unknown key 'phrase'" in msg
    assert "line 9: intent 'bye' has no phrases, starts or mark" in msg
    assert "line 1" not in msg  # the good one is fine
    assert "bad word" in bad_rules('[[intent]]\nid = "x"\nphrases = ["a [b"]\n')
    assert "no [[intent]] tables" in bad_rules('title = "nothing"\n')
    assert "can't read" in bad_rules('[[intent]\n')


# --- the dialogue, by intents alone --------------------------------------------------


def walk(scenario_id: str, *replies: set[str]) -> Dialogue:
    s = load_scenarios().get(scenario_id)
    d = Dialogue(s, practice_variables(s))
    for r in replies:
        d.reply(frozenset(r))
    return d


@pytest.mark.parametrize("scenario, replies, path", [
    ("receptionist", [{"greeting", "introduction", "ask_person"}, {"thanks"}],
     ["hello", "put_through", "connecting"]),
    ("receptionist", [{"ask_person"}, {"off_track"}], ["hello", "who_is_calling",
                                                       "email_instead"]),
    ("receptionist", [{"silence"}, {"silence"}], ["hello", "anyone_there", "hang_up"]),
    ("contact-busy", [{"agree", "offer_later"}, {"thanks"}],
     ["hello", "call_thursday", "bye"]),
    ("contact-chatty", [{"greeting"}, {"off_track"}, {"decline"}],
     ["hello", "catch_up", "ramble", "bye"]),
    ("hiring-manager", [{"introduction"}, {"off_track"}],
     ["hello", "what_do_you_want", "brush_off"]),
    ("hr", [{"ask_status"}, {"question"}, {"thanks"}], ["hello", "in_touch", "timeline", "bye"]),
    ("voicemail", [{"silence"}], ["greeting", "no_message"]),
])
def test_branches_follow_the_intents(scenario, replies, path):
    d = walk(scenario, *replies)
    assert d.path == path and d.outcome == FINISHED
    with pytest.raises(RuntimeError):
        d.reply(frozenset({"thanks"}))


def test_a_branch_needing_all_its_intents_is_not_taken_on_one():
    d = walk("receptionist", {"ask_person"})
    assert d.steps[0].branch == "ask_person" and d.node.id == "who_is_calling"
    d = walk("receptionist", {"ask_person", "introduction"})
    assert d.steps[0].branch == "ask_person+introduction" and d.node.id == "put_through"


def test_a_call_that_goes_round_in_circles_still_ends(tmp_path):
    path = tmp_path / "loop.toml"
    path.write_text(GOOD.replace('default = "bye"\n\n[[nodes]]\nid = "answer"',
                                 'default = "hello"\n\n[[nodes]]\nid = "answer"'), "utf-8")
    s = load_scenario(path)
    d = Dialogue(s, practice_variables(s))
    while not d.over:
        d.reply(frozenset({"off_track"}))
    assert d.outcome == TOO_LONG and len(d.steps) == 20 and set(d.path) == {"hello"}


# --- end of turn, voice, beep, scores ---------------------------------------------------


def bursts(spec, seed=3) -> np.ndarray:
    """Noise bursts like speech: (seconds of sound, seconds of silence after) pairs."""
    rng = np.random.default_rng(seed)
    out = []
    for on, off in spec:
        out += [rng.normal(0, 0.1, int(on * 16000)), np.zeros(int(off * 16000))]
    return np.concatenate(out).astype(np.float32)


def feed_until_end(listener: TurnListener, pcm: np.ndarray) -> float | None:
    """Seconds of audio fed when the listener first said the turn was over."""
    for i in range(0, len(pcm), 1600):
        if listener.feed(pcm[i:i + 1600]):
            return (i + 1600) / 16000
    return None


def test_the_turn_ends_after_the_silence_that_follows_speech():
    # 0.5 s before speaking, words with a 0.5 s pause between them, then quiet
    pcm = bursts([(0.0, 0.5), (0.8, 0.5), (1.0, 3.0)])
    listener = TurnListener(silence_s=0.8)
    ended = feed_until_end(listener, pcm)
    speech_end = 0.5 + 0.8 + 0.5 + 1.0
    assert listener.reason == END_OF_SPEECH
    assert speech_end + 0.8 <= ended <= speech_end + 1.0  # not at the mid-turn pause
    assert listener.speech_end_s == pytest.approx(speech_end, abs=0.06)


def test_a_longer_silence_setting_waits_through_a_pause_and_int16_is_heard_too():
    pcm = bursts([(0.0, 0.5), (1.0, 1.5), (1.0, 3.0)])
    listener = TurnListener(silence_s=2.0)
    pcm16 = (pcm * 32767).astype(np.int16)
    ended = feed_until_end(listener, pcm16)
    assert ended == pytest.approx(0.5 + 1.0 + 1.5 + 1.0 + 2.0, abs=0.15)


def test_saying_nothing_ends_the_turn_as_silence_and_a_cough_is_not_a_turn():
    listener = TurnListener()
    ended = feed_until_end(listener, bursts([(0.0, 1.0), (0.08, 10.0)]))  # a click
    assert listener.reason == NO_SPEECH and ended == pytest.approx(5.0, abs=0.1)
    assert not listener.heard_speech
    assert len(listener.audio()) == int(ended * 16000)


def test_the_other_side_never_uses_the_users_voice():
    voices = [Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
              Voice("gmw/en-us", "English (America)", ("en-us",)),
              Voice("roa/fr", "French", ("fr",))]
    assert other_voice(voices, None, ["gmw/en-us"]) == "gmw/en-us"
    assert other_voice(voices, "gmw/en-us", ["gmw/en-us"]) == "gmw/en"
    assert other_voice(voices, "English (America)", ["gmw/en-us", "nope"]) == "gmw/en"
    assert other_voice(voices, "gmw/en", ["missing"]) == "gmw/en-us"
    assert other_voice(voices[:1], "gmw/en") is None  # the only voice: use the default


def test_the_beep_is_a_clean_tone():
    tone = beep_tone()
    spectrum = np.abs(np.fft.rfft(tone))
    assert np.fft.rfftfreq(len(tone), 1 / 16000)[np.argmax(spectrum)] == pytest.approx(
        1000, abs=5)
    assert abs(tone[0]) < 0.01 and abs(tone[-1]) < 0.01  # faded: no click
    assert 0.25 < np.max(np.abs(tone)) <= 0.3


def test_scores_add_up_over_your_turns_only():
    turns = [CallTurn("them", "hello", "Hello?", 0, 2, 1.5),
             CallTurn("you", "hello", "Hi, um, is Dana in?", 2, 5, 2.5,
                      ["ask_person", "greeting", "question"], questions=1, fillers=["um"],
                      longest_monologue_s=2.4),
             CallTurn("them", "x", "Sure.", 5, 6, 1.0),
             CallTurn("you", "x", "Thanks! Uh, bye.", 6, 8, 1.0, ["goodbye", "thanks"],
                      fillers=["uh"], longest_monologue_s=0.9)]
    s = score(turns, frozenset({"ask_person"}))
    assert s.talk_ratio == round(3.5 / 6.0, 2) and s.longest_monologue_s == 2.4
    assert (s.questions_asked, s.made_the_ask, s.said_thanks) == (1, True, True)
    assert (s.fillers, s.filler_words) == (2, ["um", "uh"])
    none = score(turns[:1], frozenset({"ask_person"}))
    assert none.talk_ratio == 0.0 and not none.made_the_ask and not none.said_thanks


# --- the CLI's refusals (no speech needed: each fails before anything is spoken) --------


def one_line_error(r, *fragments):
    assert r.code == 2, (r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("callcoach: error: "), r.err
    for f in fragments:
        assert f in lines[0], lines[0]


def test_roleplay_list(cli):
    r = cli("roleplay", "--list", "--json")
    assert r.code == 0
    rows = {row["id"]: row for row in r.json()}
    assert rows["voicemail"]["title"] and rows["receptionist"]["relationship"] == "ally"
    text = cli("roleplay", "--list").out
    assert "hiring-manager" in text and "The busy contact" in text


def test_roleplay_bad_input_is_one_line(cli, tmp_path):
    turn = tmp_path / "t.wav"
    from coach.speech.wavio import write_wav

    write_wav(turn, np.zeros(1600, np.float32), 16000)
    (tmp_path / "notes.wav").write_text("not audio")
    (tmp_path / "empty.wav").write_bytes(b"")
    one_line_error(cli("roleplay", "nope", "--turns", str(turn)), "no role-play scenario 'nope'",
                   "receptionist")
    one_line_error(cli("roleplay", "hr"), "--turns")
    one_line_error(cli("roleplay", "--turns", str(turn)), "name a scenario")
    one_line_error(cli("roleplay", "hr", "--turns", str(tmp_path / "gone.wav")),
                   "no such audio file")
    one_line_error(cli("roleplay", "hr", "--turns", str(turn), str(tmp_path / "notes.wav")),
                   "notes.wav", "not")
    one_line_error(cli("roleplay", "hr", "--turns", str(tmp_path / "empty.wav")), "is empty")
    one_line_error(cli("roleplay", "hr", "--turns", str(turn), "--replay", "call.mp3"),
                   "should end in .wav")
    one_line_error(cli("roleplay", "hr", "--app", "7", "--turns", str(turn)),
                   "no application with id 7")
    one_line_error(cli("roleplay", "hr", "--app", "seven", "--turns", str(turn)),
                   "must be a whole number")
    one_line_error(cli("roleplay", "hr", "--list"), "--list")


def test_with_no_voice_chosen_the_other_side_avoids_the_engines_default():
    from coach.roleplay import RolePlay, load_scenarios

    class Speaker:  # the engine's answers, as coach.speech.tts.Speaker gives them
        def voices(self):
            return [Voice("gmw/en-us", "English (America)", ("en-us",)),
                    Voice("gmw/en", "English (Great Britain)", ("en-gb",))]

        def default_voice(self):
            return "gmw/en-us"

        def render(self, *a, **k):
            raise AssertionError("not reached")

    scenario = load_scenarios().get("receptionist")
    call = RolePlay(scenario, speaker=Speaker())
    with pytest.raises(AssertionError, match="not reached"):
        call.opening()
    assert call.voice == "gmw/en"
