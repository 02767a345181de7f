"""Read aloud: pyttsx3 (espeak-ng) renders the script to a WAV and every word gets a time.

Engine tests need espeak-ng (`speech` marker). The word-timing functions are pure and
are also tested on synthetic audio, without an engine."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from coach.errors import InvalidInput, Unavailable
from coach.speech import wordtimes
from coach.speech.wavio import load_audio, wav_info
from coach.text import word_spans, words

from .conftest import REPO

SENTENCE = "Hi Dana, thanks for taking my call. I wanted to ask how the search is going."


# --- pure word-timing functions -----------------------------------------------------------


def test_phone_numbers_are_spoken_digit_by_digit_and_map_back():
    text = "Call me on 555-0134, or (212) 555-0199 after 5."
    spoken, where = wordtimes.speakable(text)
    assert spoken == "Call me on 5 5 5, 0 1 3 4, or 2 1 2, 5 5 5, 0 1 9 9 after 5."
    assert len(where) == len(spoken) + 1
    for i, ch in enumerate(spoken):  # every digit comes from the same digit in the script
        if ch.isdigit():
            assert text[where[i]] == ch
    times = [(float(i), i + 0.5) for i in range(len(word_spans(spoken)))]
    got = wordtimes.to_script(text, spoken, where, times)
    assert [w.word for w in got] == [text[a:b] for _, a, b in word_spans(text)]
    phone = got[3]
    assert phone.word == "555-0134" and (phone.start, phone.end) == (3.0, 9.5)


@pytest.mark.parametrize("text", [
    "I applied on 2025-01-06 and again in 2024. 12 people, 1,000 dollars, room 1234567.",
    "Suite 100, 5 Main St.",
])
def test_numbers_that_are_not_phone_numbers_are_left_alone(text):
    assert wordtimes.speakable(text)[0] == text


def test_international_numbers_keep_their_plus():
    assert wordtimes.speakable("Call +44 20 7946 0958.")[0] == \
        "Call plus 4 4, 2 0, 7 9 4 6, 0 9 5 8."


def _bursts(spec, sr=16000, seed=1):
    """Noise bursts (seconds of sound, seconds of silence after) like speech and pauses."""
    rng = np.random.default_rng(seed)
    parts = []
    for on, off in spec:
        parts += [rng.normal(0, 0.2, int(on * sr)), np.zeros(int(off * sr))]
    return np.concatenate(parts).astype(np.float32)


def test_estimate_puts_clause_breaks_on_the_longest_pauses():
    text = "Hello there, friend. How are you today?"
    # three clauses of sound; short gaps inside clauses; long gaps at the punctuation
    audio = _bursts([(0.3, 0.05), (0.3, 0.4), (0.4, 0.6), (0.3, 0.05), (0.3, 0.05),
                     (0.3, 0.05), (0.4, 0.2)])
    times, how = wordtimes.word_times(text, audio, 16000, method="estimated")
    assert how == "estimated" and len(times) == 7
    starts = [s for s, _ in times]
    assert starts == sorted(starts) and all(s < e for s, e in times)
    assert starts[2] == pytest.approx(1.05, abs=0.02)  # "friend" after the first long pause
    assert starts[3] == pytest.approx(2.05, abs=0.02)  # "How" after the second
    assert times[-1][1] <= len(audio) / 16000


def test_marks_fill_in_words_without_an_event():
    text = "one two three four"
    audio = _bursts([(0.3, 0.1)] * 4)
    marks = [(0, 3, 0), (8, 5, 800), (14, 4, 1200)]  # "two" has no event
    times, how = wordtimes.word_times(text, audio, 16000, marks=marks)
    assert how == "marks"
    assert [round(s, 2) for s, _ in times][:1] == [0.0] and times[2][0] == 0.8
    assert 0.0 < times[1][0] < 0.8 and times[3][0] == 1.2


# --- the engine (espeak-ng through pyttsx3) ----------------------------------------------


@pytest.fixture(scope="module")
def sp():
    from coach.speech.tts import speaker

    try:
        s = speaker()
        s.voices()
    except Unavailable as exc:
        pytest.skip(str(exc))
    return s


def _check_timings(result, text):
    timings = result.word_timings
    assert [t.word for t in timings] == [text[a:b] for _, a, b in word_spans(text)]
    starts = [t.start for t in timings]
    assert starts == sorted(starts)
    assert all(0 <= t.start < t.end <= result.duration + 1e-6 for t in timings)
    assert all(text[t.start_char: t.end_char] == t.word for t in timings)


@pytest.mark.speech
def test_voices_are_listed_with_ids(sp):
    voices = sp.voices()
    assert len(voices) > 10
    assert any(v.id == "gmw/en-us" and "en-us" in v.languages for v in voices)
    assert sp.default_voice() in {v.id for v in voices}


@pytest.mark.speech
def test_a_sentence_renders_to_a_wav_of_plausible_length(sp, tmp_path, capsys):
    out = tmp_path / "s.wav"
    r = sp.render(SENTENCE, out, rate=150)
    n = len(words(SENTENCE))
    assert r.path == out and r.rate == 150 and r.timing_source == "marks"
    info = wav_info(out)
    assert info.channels == 1 and info.bits == 16 and info.header_ok
    assert r.duration == pytest.approx(info.frames / info.rate, abs=0.01)
    assert 0.6 * n * 60 / 150 < r.duration < 1.6 * n * 60 / 150
    _check_timings(r, SENTENCE)
    assert capsys.readouterr().out == ""  # pyttsx3's "Audio saved to ..." is silenced
    assert [p.name for p in tmp_path.iterdir()] == ["s.wav"]  # no temporary files left


@pytest.mark.speech
@pytest.mark.parametrize("method", ["aligned", "estimated"])
def test_timings_without_engine_marks_agree_with_them(sp, tmp_path, method):
    """The routes used for engines without word marks (SAPI5, NSSpeech): close to espeak's
    own marks. bench/tts_timing.py measures how close; this only guards against breakage."""
    ref = sp.render(SENTENCE, tmp_path / "a.wav", rate=150, timings="marks")
    r = sp.render(SENTENCE, tmp_path / "b.wav", rate=150, timings=method)
    assert r.timing_source == method
    _check_timings(r, SENTENCE)
    err = [abs(a.start - b.start) for a, b in zip(r.word_timings, ref.word_timings,
                                                  strict=True)]
    limit = 0.15 if method == "aligned" else 0.5
    assert sorted(err)[len(err) // 2] < limit / 2 and max(err) < limit


@pytest.mark.speech
def test_a_phone_number_is_read_digit_by_digit(sp, tmp_path):
    text = "My number is 555-0134."
    r = sp.render(text, tmp_path / "n.wav", rate=170)
    _check_timings(r, text)
    phone = r.word_timings[-1]
    assert phone.end - phone.start > 7 * 0.2  # seven digits, not "five hundred ..."


@pytest.mark.speech
def test_three_renders_in_a_row_each_write_their_own_file(sp, tmp_path):
    """pyttsx3 writes only the last save_to_file of a runAndWait, and re-writes its last
    file on the next runAndWait: each render must be its own, complete file."""
    texts = ["Good morning.", "Thanks so much for your time today, it really helps.",
             "Talk soon."]
    paths = [tmp_path / f"{i}.wav" for i in range(3)]
    results = [sp.render(t, p, rate=160) for t, p in zip(texts, paths, strict=True)]
    durations = [r.duration for r in results]
    assert durations[1] > 2 * durations[0] and durations[1] > 2 * durations[2]
    before = [p.read_bytes() for p in paths]
    again = sp.render(texts[0], tmp_path / "again.wav", rate=160)
    # espeak varies a few ms from run to run (its voice has random flutter)
    assert again.duration == pytest.approx(durations[0], rel=0.1)
    assert [p.read_bytes() for p in paths] == before  # nothing re-wrote an earlier file


@pytest.mark.speech
def test_rate_and_volume_apply_to_every_render(sp, tmp_path):
    """Property changes are dropped if espeak is busy; set them for every render."""
    text = "The quick brown fox jumps over the lazy dog again and again."
    d = {}
    for rate in (100, 250, 100, 250):
        d.setdefault(rate, []).append(sp.render(text, tmp_path / "r.wav", rate=rate).duration)
    assert d[100][0] == pytest.approx(d[100][1], rel=0.05)
    assert d[250][0] == pytest.approx(d[250][1], rel=0.05)
    assert d[100][0] > 2.0 * d[250][0]
    loud = load_audio(sp.render(text, tmp_path / "l.wav", volume=1.0).path)[0]
    soft = load_audio(sp.render(text, tmp_path / "q.wav", volume=0.3).path)[0]
    ratio = np.sqrt(np.mean(soft**2) / np.mean(loud**2))
    assert 0.2 < ratio < 0.45


@pytest.mark.speech
def test_voice_choice_changes_the_audio_and_a_bad_voice_is_named(sp, tmp_path):
    a = sp.render("Hello there.", tmp_path / "a.wav", voice="gmw/en-us")
    b = sp.render("Hello there.", tmp_path / "b.wav", voice="English (Great Britain)")
    assert a.voice == "gmw/en-us" and b.voice == "gmw/en"
    assert a.path.read_bytes() != b.path.read_bytes()
    with pytest.raises(InvalidInput) as exc:
        sp.render("Hello.", tmp_path / "c.wav", voice="no-such-voice")
    msg = str(exc.value)
    assert "no-such-voice" in msg and "gmw/en" in msg and "\n" not in msg
    assert not (tmp_path / "c.wav").exists()


@pytest.mark.speech
@pytest.mark.parametrize("kwargs, message", [
    (dict(text="   "), "no text"),
    (dict(rate=20), "80-400"),
    (dict(volume=1.5), "volume"),
    (dict(out="s.mp3"), "WAV"),
])
def test_bad_render_requests(sp, tmp_path, kwargs, message):
    args = dict(text="Hello.", out="s.wav") | kwargs
    with pytest.raises(InvalidInput, match=message):
        sp.render(args.pop("text"), tmp_path / args.pop("out"), **args)


@pytest.mark.speech
def test_one_engine_per_process(sp):
    from coach.speech.tts import Speaker, speaker

    assert speaker() is sp
    with pytest.raises(RuntimeError, match="one Speaker per process"):
        Speaker()


@pytest.mark.speech
@pytest.mark.slow
def test_listening_to_the_rendering_gives_the_words_back(sp, tmp_path):
    from coach.speech.recognize import whisper_engine

    r = sp.render(SENTENCE, tmp_path / "s.wav", voice="gmw/en-us", rate=150)
    pcm, _ = load_audio(r.path, rate=16000)
    heard = {re.sub(r"[^a-z']", "", w.text.lower()) for w in whisper_engine().recognize(pcm)}
    said = words(SENTENCE)
    assert sum(w in heard for w in said) >= 0.8 * len(said), heard


_NO_ESPEAK = """
import ctypes
real = ctypes.cdll.LoadLibrary
def load(name):
    if "espeak" in str(name):
        raise OSError(f"{name}: cannot open shared object file")
    return real(name)
ctypes.cdll.LoadLibrary = load
from coach.speech.tts import speaker
from coach.errors import Unavailable
try:
    speaker().voices()
except Unavailable as exc:
    print(exc)
"""


def test_without_espeak_the_error_says_what_to_install():
    r = subprocess.run([sys.executable, "-c", _NO_ESPEAK], cwd=REPO, capture_output=True,
                       text=True, timeout=60)
    assert r.stdout.strip() == "text-to-speech is not available: install espeak-ng", r.stderr
