"""Role-play calls driven by synthesized user turns (espeak-ng → WAV → Whisper): each
scenario's main branches, the path taken and the scores, the replay with both sides, and
the headless CLI. The turns are rendered once for the module; the other side is spoken
live by the engine, in a voice that is not the user's.

espeak varies a little from render to render and tiny.en mishears some words, so the
turns are worded around keywords it hears reliably, and scores are checked for what the
turn must produce (an ask, thanks, fillers), not for exact transcripts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from coach.speech.wavio import load_audio

from .speech_turns import USER_VOICE, render_turns

pytestmark = pytest.mark.speech

TURNS = {
    "warm_ask": "Hi Jordan, this is Sam Rivera. Could I please speak with Dana?",
    "cold_ask": "Could I please speak with Dana?",
    "status": "I was hoping to ask how the search is going.",
    "status_um": "Um, so, uh, I was wondering about the timeline.",
    "advice": "What would you suggest I do to stand out?",
    "later": "Sure, I can call you back on Thursday. Thanks!",
    "intro": "Hello, this is Sam Rivera.",
    "catch_up": "Hi Dana! I'm great, thanks. How are you?",
    "yes": "Yes please, that would be great.",
    "next_steps": "Could you tell me what the next steps are?",
    "ramble": "My cat sat on the keyboard this morning.",
    "thanks_bye": "Thank you so much for your help. Goodbye.",
    "message": "Hi Dana, it's Sam Rivera. Could you call me back when you have a minute? "
               "Thanks so much.",
}


@pytest.fixture(scope="module")
def turns(tmp_path_factory):
    """Each user turn as a WAV file, rendered once; "silence" is a second of nothing."""
    from coach.speech.wavio import write_wav

    folder = tmp_path_factory.mktemp("turns")
    files = render_turns(folder, TURNS, USER_VOICE)
    files["silence"] = write_wav(folder / "silence.wav", np.zeros(16000, np.float32), 16000)
    return files


@pytest.fixture(scope="module")
def engine():
    from coach.speech.recognize import whisper_engine

    return whisper_engine()


def play(scenario_id, turns, engine, *names, events=None):
    from coach.roleplay import RolePlay, load_scenarios, play_recorded

    scenario = load_scenarios().get(scenario_id)
    pcms = [load_audio(turns[n], rate=16000)[0] for n in names]
    with RolePlay(scenario, user_voice=USER_VOICE, engine=engine,
                  on_event=events.append if events is not None else None) as call:
        result, unused = play_recorded(call, pcms)
    assert unused == 0
    return result


def yours(result):
    return [t for t in result.turns if t.who == "you"]


def test_receptionist_helps_a_warm_caller_and_the_replay_has_both_sides(turns, engine,
                                                                         tmp_path):
    events = []
    r = play("receptionist", turns, engine, "warm_ask", "thanks_bye", events=events)
    assert r.path == ["hello", "put_through", "connecting"] and r.outcome == "finished"
    first = yours(r)[0]
    assert {"introduction", "ask_person"} <= set(first.intents)
    assert first.branch == "ask_person+introduction" and first.end_of_turn == "end-of-speech"
    s = r.scores
    assert s.made_the_ask and s.said_thanks and s.questions_asked >= 1
    assert 0.2 < s.talk_ratio < 0.6 and s.longest_monologue_s > 2.0
    assert r.their_voice not in (None, USER_VOICE)
    # turns tile the call in order, theirs and yours alternating
    assert [t.who for t in r.turns] == ["them", "you", "them", "you", "them"]
    assert all(a.end == b.start for a, b in zip(r.turns, r.turns[1:], strict=False))
    assert r.turns[-1].end == pytest.approx(r.duration_s)
    assert [e.kind for e in events] == ["they_say", "heard", "they_say", "heard",
                                        "they_say", "ended"]
    assert events[-1].result.path == r.path and not events[-1 - 1].line.expects_reply

    out = r.write_replay(tmp_path / "call.wav")
    pcm, rate = load_audio(out)
    assert rate == 16000 and len(pcm) / rate == pytest.approx(r.duration_s, abs=0.01)
    heard = " ".join(w.text.lower() for w in engine.recognize(pcm[: int(40 * rate)]))
    assert "jordan" in heard and "rivera" in heard  # their greeting and your introduction
    assert re.search(r"put(ting)? you through", heard), heard


def test_receptionist_screens_a_caller_who_does_not_say_who_they_are(turns, engine):
    r = play("receptionist", turns, engine, "cold_ask", "silence")
    assert r.path == ["hello", "who_is_calling", "hang_up"]
    assert yours(r)[1].intents == ["silence"] and yours(r)[1].end_of_turn == "no-speech"
    assert yours(r)[1].text == "" and yours(r)[1].speaking_s == 0.0
    assert r.scores.made_the_ask and not r.scores.said_thanks


def test_receptionist_cannot_discuss_an_application(turns, engine):
    r = play("receptionist", turns, engine, "status", "thanks_bye")
    assert r.path == ["hello", "cannot_discuss", "bye"]


def test_busy_contact_takes_an_offer_to_call_back(turns, engine):
    r = play("contact-busy", turns, engine, "later", "thanks_bye")
    assert r.path == ["hello", "call_thursday", "bye"]
    assert r.scores.made_the_ask and r.scores.said_thanks


def test_busy_contact_answers_a_quick_question_and_fillers_are_counted(turns, engine):
    r = play("contact-busy", turns, engine, "status_um", "thanks_bye")
    assert r.path == ["hello", "quick_answer", "bye"]
    assert r.scores.fillers >= 2 and {"um", "uh"} & set(r.scores.filler_words)
    assert yours(r)[0].fillers == r.scores.filler_words[: len(yours(r)[0].fillers)]


def test_busy_contact_has_to_run_when_you_go_off_track(turns, engine):
    r = play("contact-busy", turns, engine, "ramble", "thanks_bye")
    assert r.path == ["hello", "must_run", "bye"]
    assert yours(r)[0].intents == ["off_track"] and not r.scores.made_the_ask


def test_chatty_contact_catches_up_then_helps(turns, engine):
    r = play("contact-chatty", turns, engine, "catch_up", "status", "yes", "thanks_bye")
    assert r.path == ["hello", "catch_up", "search_news", "happy_to", "bye"]
    assert r.scores.made_the_ask and r.scores.said_thanks
    assert r.scores.talk_ratio < 0.5  # a chatty contact does most of the talking


def test_hiring_manager_asks_what_you_want(turns, engine):
    r = play("hiring-manager", turns, engine, "intro", "advice", "thanks_bye")
    assert r.path == ["hello", "what_do_you_want", "good_question", "bye"]
    assert "What do you want?" in r.turns[2].text
    assert r.scores.made_the_ask and r.scores.questions_asked >= 1


def test_hiring_manager_brushes_off_a_ramble(turns, engine):
    r = play("hiring-manager", turns, engine, "intro", "ramble")
    assert r.path == ["hello", "what_do_you_want", "brush_off"]
    assert not r.scores.made_the_ask and not r.scores.said_thanks


def test_hr_says_they_will_be_in_touch_and_a_question_gets_the_timeline(turns, engine):
    r = play("hr", turns, engine, "intro", "status", "next_steps", "thanks_bye")
    assert r.path == ["hello", "how_can_i_help", "in_touch", "timeline", "bye"]
    assert "We'll be in touch" in r.turns[4].text
    assert r.scores.questions_asked >= 1 and r.scores.said_thanks


def test_voicemail_beeps_and_keeps_the_message(turns, engine):
    r = play("voicemail", turns, engine, "message")
    assert r.path == ["greeting", "saved"]
    assert r.scores.made_the_ask and r.scores.said_thanks  # asked for a call back
    greeting = r.turns[0]
    tail = r.audio[int((greeting.end - 0.45) * 16000): int(greeting.end * 16000)]
    spectrum = np.abs(np.fft.rfft(tail))
    peak = np.fft.rfftfreq(len(tail), 1 / 16000)[np.argmax(spectrum)]
    assert peak == pytest.approx(1000, abs=10)  # the line ends with the beep
    # the message is heard through to its end (a voicemail waits 2 s, not 0.8 s)
    assert yours(r)[0].end - yours(r)[0].start > 2.0 + 3.0


def test_voicemail_with_no_message(turns, engine):
    r = play("voicemail", turns, engine, "silence")
    assert r.path == ["greeting", "no_message"]
    assert r.scores.talk_ratio == 0.0 and not r.scores.made_the_ask


def test_roleplay_cli_json_and_replay(cli, turns, store, tmp_path):
    from coach.sample import seed

    app = seed(store)
    replay = tmp_path / "call.wav"
    r = cli("roleplay", "receptionist", "--app", str(app.id), "--turns",
            str(turns["silence"]), str(turns["warm_ask"]), str(turns["thanks_bye"]),
            str(turns["yes"]), "--replay", str(replay), "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["path"] == ["hello", "anyone_there", "put_through", "connecting"]
    assert data["unused_turns"] == 1 and data["replay"] == str(replay)
    assert data["turns"][0]["text"].startswith("Good morning, Northwind Analytics, Jordan")
    assert data["turns"][1]["intents"] == ["silence"]
    assert data["scores"]["made_the_ask"] and data["scores"]["said_thanks"]
    assert load_audio(replay)[0].size / 16000 == pytest.approx(data["duration_s"], abs=0.01)
    human = cli("roleplay", "hr", "--turns", str(turns["intro"]), str(turns["thanks_bye"]))
    assert human.code == 0, human.err
    # out of recorded turns before HR has said goodbye: the user hung up
    assert "hello → how_can_i_help → in_touch (hung-up" in human.out
    assert "Talk ratio" in human.out and "thanks: yes" in human.out
