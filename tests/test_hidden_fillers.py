"""Filled pauses Whisper heard but left out (fillers.recover), from its step distributions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.analysis import detectors, fillers, signal
from coach.speech.recognize import Word

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
RATE = signal.RATE


def _voice(seconds: float, f0: float = 140.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return 0.2 * sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8))


def _take(gap_voiced: bool) -> np.ndarray:
    """word (0.1–0.6 s), then 0.7 s holding a 0.4 s voiced hum or silence, then a word."""
    rng = np.random.default_rng(0)
    silence = lambda s: np.zeros(int(s * RATE))  # noqa: E731
    gap = [silence(0.15), _voice(0.4, 120.0), silence(0.15)] if gap_voiced else [silence(0.7)]
    pcm = np.concatenate([silence(0.1), _voice(0.5), *gap, _voice(0.5), silence(0.3)])
    return (pcm + 1e-4 * rng.standard_normal(len(pcm))).astype(np.float32)


def _recover(pcm, words, in_script, has_script=True):
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    timed = [(w, fillers.filled_pause_name(w.text)) for w in words]
    return fillers.recover(timed, in_script, fr, mask, has_script)


def _words(heard: float, second="hoping"):
    return [Word("thanks", 0.1, 0.6), Word(second, 1.3, 1.8, filler_before=heard,
                                           filler_guess="um")]


def test_a_filler_whisper_weighed_and_left_out_is_added_where_the_voice_is():
    timed, flags = _recover(_take(gap_voiced=True), _words(0.3), [True, True])
    assert [(w.text, name) for w, name in timed] == [("thanks", None), ("um", "um"),
                                                     ("hoping", None)]
    added = timed[1][0]
    assert 0.6 <= added.start < 0.9 and 1.0 < added.end <= 1.3  # the hum at 0.75–1.15 s
    assert flags == [True, False, True]


def test_no_filler_is_added_over_silence_or_where_whisper_did_not_hesitate():
    silent, _ = _recover(_take(gap_voiced=False), _words(0.3), [True, True])
    assert [name for _w, name in silent] == [None, None]
    sure, _ = _recover(_take(gap_voiced=True), _words(fillers.HEARD_MIN / 2), [True, True])
    assert [name for _w, name in sure] == [None, None]


def test_with_a_script_an_added_filler_needs_a_script_word_beside_it():
    timed, _ = _recover(_take(gap_voiced=True), _words(0.3), [False, False])
    assert [name for _w, name in timed] == [None, None]
    no_script, _ = _recover(_take(gap_voiced=True), _words(0.3), [False, False],
                            has_script=False)
    assert [name for _w, name in no_script] == [None, "um", None]


def test_an_off_script_or_whisper_nearly_wrote_as_er_is_the_filler():
    pcm = _take(gap_voiced=True)
    words = [Word("opening", 0.1, 0.6), Word("Or", 0.75, 1.15, filler_before=0.2,
                                             filler_guess="er"),
             Word("perfect", 1.3, 1.8)]
    timed, flags = _recover(pcm, words, [True, False, True])
    assert [(w.text, name) for w, name in timed] == [("opening", None), ("Or", "er"),
                                                     ("perfect", None)]
    assert flags == [True, False, True]
    # ... but not a real "or" of the script, nor one amid words Whisper misheard
    kept, _ = _recover(pcm, words, [True, True, True])
    misheard, _ = _recover(pcm, words, [False, False, False])
    no_script, _ = _recover(pcm, words, [False, False, False], has_script=False)
    for timed in (kept, misheard, no_script):
        assert [name for _w, name in timed] == [None, None, None]


@pytest.fixture(scope="module")
def awb_take():
    take = DEV / "dev_gatekeeper_orion__flite_awb__clean.flac"
    if not take.is_file():
        pytest.skip(f"shared dev takes not found at {DEV}")
    from coach.analysis.audio import load_take

    lines = take.with_name(take.name.replace(".flac", ".script.txt")).read_text().splitlines()
    return load_take(take), lines, json.loads(take.with_suffix(".json").read_text())


@pytest.mark.speech
def test_whisper_reports_its_hesitation_and_the_left_out_um_is_found(awb_take):
    from coach.analysis import pipeline
    from coach.speech import recognize

    pcm, lines, truth = awb_take
    engine = recognize.whisper_engine()
    fr = signal.frames_of(pcm)
    words = pipeline.transcribe(engine, pcm, fr, pipeline.GENERIC_PROMPT)
    assert words == pipeline.transcribe(engine, pcm, fr, pipeline.GENERIC_PROMPT)  # seeded
    # Whisper writes "... picking up. I'm hoping" over the "um" at 3.4 s, but weighed it
    after_um = next(w for w in words if w.text == "I'm" and w.start < 5)
    assert after_um.filler_before >= fillers.HEARD_MIN
    assert sum(w.filler_before >= fillers.HEARD_MIN for w in words) <= 2
    um = next(e for e in truth["events"] if e["type"] == "filler" and e["start"] < 5)
    report = pipeline.analyze(pcm, lines, engine)
    found = [f for f in report.findings if f.kind == "filler"]
    assert any(f.text == "um" and abs(f.start - um["start"]) < 0.15 for f in found), found


# fillers.unwritten: a filled pause Whisper did not write at all, found in the audio.

def _vowel(seconds: float, shape, f0: float = 120.0) -> np.ndarray:
    """Harmonics up to 3.6 kHz, every mel band filled as in a voice; `shape` weights them
    in five groups (a crude vowel colour)."""
    t = np.arange(int(seconds * RATE)) / RATE
    return 0.05 * sum(shape[min(4, (k - 1) // 6)] * np.sin(2 * np.pi * f0 * k * t) / k ** 0.5
                      for k in range(1, 31))


def _held(seconds: float) -> np.ndarray:
    """One vowel held at one pitch: "uhhh"."""
    return _vowel(seconds, (1, 0.5, 0.3, 0.2, 0.1))


def _moving(seconds: float) -> np.ndarray:
    """A voiced sound that changes its vowel every 60 ms, as a word does."""
    shapes = [(1, 0.2, 0.1, 0.6, 0.8), (0.3, 1, 0.9, 0.1, 0.05), (0.6, 0.1, 0.2, 1, 0.1)]
    return np.concatenate([_vowel(0.06, shapes[i % 3]) for i in range(int(seconds / 0.06))])


def _island_take(middle: np.ndarray) -> np.ndarray:
    """A word at 0.1-0.6 s, silence, `middle` from 0.75 s, silence, a word from 1.3 s."""
    rng = np.random.default_rng(0)
    silence = lambda s: np.zeros(int(s * RATE))  # noqa: E731
    gap = 0.55 - len(middle) / RATE
    pcm = np.concatenate([silence(0.1), _voice(0.5), silence(0.15), middle, silence(gap),
                          _voice(0.5), silence(0.3)])
    return (pcm + 1e-4 * rng.standard_normal(len(pcm))).astype(np.float32)


def _unwritten(pcm, words):
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    timed = [(w, fillers.filled_pause_name(w.text)) for w in words]
    return fillers.unwritten(timed, [name is None for _w, name in timed], fr, mask)


def test_a_held_sound_no_word_covers_is_a_filler_where_it_sounds():
    words = [Word("thanks", 0.1, 0.6), Word("hoping", 1.3, 1.8, filler_guess="er")]
    timed, flags = _unwritten(_island_take(_held(0.4)), words)
    assert [(w.text, name) for w, name in timed] == [("thanks", None), ("er", "er"),
                                                     ("hoping", None)]
    assert abs(timed[1][0].start - 0.75) < 0.05 and abs(timed[1][0].end - 1.15) < 0.05
    assert flags == [True, False, True]
    # Whisper stretched the word before it over the sound: the filler is found all the same.
    words = [Word("thanks", 0.1, 1.2), Word("hoping", 1.3, 1.8)]
    timed, _ = _unwritten(_island_take(_held(0.4)), words)
    assert [name for _w, name in timed] == [None, "um", None]


def test_a_word_a_moving_sound_or_a_short_one_is_not_taken_for_a_filler():
    words = [Word("thanks", 0.1, 0.6), Word("hoping", 1.3, 1.8)]
    said = [Word("thanks", 0.1, 0.6), Word("so", 0.76, 1.1), Word("hoping", 1.3, 1.8)]
    for pcm, ws in ((_island_take(_held(0.4)), said),  # Whisper wrote a word there
                    (_island_take(_moving(0.42)), words),      # it moves from sound to sound
                    (_island_take(_held(0.2)), words)):  # too short to be a hesitation
        timed, _ = _unwritten(pcm, ws)
        assert [name for _w, name in timed] == [None] * len(ws)


def test_a_filler_whisper_wrote_late_is_moved_onto_the_held_sound_not_counted_twice():
    words = [Word("thanks", 0.1, 0.6), Word("um", 1.2, 1.28), Word("hoping", 1.3, 1.8)]
    timed, _ = _unwritten(_island_take(_held(0.4)), words)
    assert [name for _w, name in timed] == [None, "um", None]
    assert abs(timed[1][0].start - 0.75) < 0.05


def test_a_filler_whisper_wrote_as_oh_is_the_filler_but_a_said_oh_or_a_moving_one_is_not():
    def run(middle, in_script):
        pcm = _island_take(middle)
        fr = signal.frames_of(pcm)
        words = [Word("thanks", 0.1, 0.6), Word("Oh", 0.8, 1.0, filler_guess="uh"),
                 Word("hoping", 1.3, 1.8)]
        timed = [(w, None) for w in words]
        return fillers.unwritten(timed, [True, in_script, True], fr, signal.speech_mask(fr)[0])

    timed, flags = run(_held(0.4), in_script=False)
    assert [(w.text, name) for w, name in timed] == [("thanks", None), ("uh", "uh"),
                                                     ("hoping", None)]
    assert abs(timed[1][0].start - 0.75) < 0.05 and flags == [True, False, True]
    # the script's own "Oh", or an "oh" on a sound that moves like a word, stays a word
    for middle, in_script in ((_held(0.4), True), (_moving(0.42), False)):
        timed, _ = run(middle, in_script)
        assert [w.text for w, _n in timed] == ["thanks", "Oh", "hoping"]


def test_no_words_means_nothing_is_added():
    assert _unwritten(_island_take(_held(0.4)), []) == ([], [])


def test_a_hesitation_whisper_wrote_several_times_is_one_finding():
    def said(*spans):
        return [(Word(t, a, b), fillers.filled_pause_name(t)) for t, a, b in spans]

    # "Uh Uh uh", each a few tenths of a second after the last: one hesitation
    once = fillers.findings(said(("so", 0.2, 0.5), ("uh", 1.0, 1.2), ("uh", 1.35, 1.5),
                                 ("uh", 1.6, 1.7), ("right", 1.9, 2.2)))
    assert [(f.text, f.start, f.end) for f in once] == [("uh", 1.0, 1.7)]
    # half a second apart, a word between them, or too long together: two
    for spans in ((("uh", 1.0, 1.2), ("um", 1.7, 1.9)),
                  (("uh", 1.0, 1.2), ("so", 1.25, 1.3), ("um", 1.35, 1.5)),
                  (("uh", 1.0, 1.6), ("um", 1.8, 2.1))):
        assert [f.text for f in fillers.findings(said(*spans))] == ["uh", "um"]


def _noise(n: int, rng, tilt: float) -> np.ndarray:
    """Noise whose power falls as 1/f**tilt: pink 1, brown (a rumble, hardly any hiss) 2."""
    freq = np.fft.rfftfreq(n, 1 / RATE)
    spectrum = rng.standard_normal(len(freq)) + 1j * rng.standard_normal(len(freq))
    x = np.fft.irfft(spectrum / np.maximum(freq, 20.0) ** (tilt / 2), n)
    return x / np.std(x)


def _noisy_take(middle: np.ndarray, tilt: float = 1.0) -> np.ndarray:
    """Noise throughout; a word at 0.3-0.9 s, `middle` from 1.6 s, a word from 2.5 s."""
    silence = lambda s: np.zeros(int(s * RATE))  # noqa: E731
    rest = 1.6 - 0.7 - len(middle) / RATE
    pcm = np.concatenate([silence(0.3), _voice(0.6), silence(0.7), middle, silence(rest),
                          _voice(0.6), silence(0.3)])
    return (pcm + 0.01 * _noise(len(pcm), np.random.default_rng(1), tilt)).astype(np.float32)


def _quiet(pcm):
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    regions = signal.speech_regions(mask)
    return regions, fillers.in_silence(detectors.pauses(regions, 0.3, 3.4), pcm, fr)


def test_a_filler_too_quiet_for_the_speech_map_is_found_in_the_silence_around_it():
    regions, quiet = _quiet(_noisy_take(0.2 * _held(0.5)))
    assert len(regions) == 2  # the speech map hears only the two words: a 1.6 s "pause"
    [(start, end)] = quiet
    assert abs(start - 1.6) < 0.06 and abs(end - 2.1) < 0.06


def test_plain_noise_or_clatter_in_a_silence_is_no_filler():
    nothing = np.zeros(int(0.5 * RATE))
    clatter = 0.02 * np.random.default_rng(3).standard_normal(int(0.4 * RATE))  # a hiss
    # a rumble has a voice's low-heavy spectrum but no sound standing out of it; clatter
    # stands out but hisses
    for pcm in (_noisy_take(nothing, tilt=2.0), _noisy_take(nothing), _noisy_take(clatter)):
        regions, quiet = _quiet(pcm)
        assert len(regions) == 2 and quiet == []


def test_the_report_names_the_quiet_filler_and_drops_the_pause_it_broke():
    from coach.analysis import pipeline

    def findings(middle):
        pcm = _noisy_take(middle)
        words = [Word("thanks", 0.3, 0.9), Word("hoping", 2.5, 3.1, filler_guess="uh")]
        report = pipeline.build_report(pcm, signal.frames_of(pcm), None, "test", words)
        return [(f.kind, f.text, round(f.start, 1)) for f in report.findings], report.words

    found, words = findings(0.2 * _held(0.5))
    assert found == [("filler", "uh", 1.6)]  # named as Whisper weighed it at the next word
    assert [(w.text, w.filler) for w in words] == [("thanks", False), ("uh", True),
                                                   ("hoping", False)]
    assert findings(np.zeros(int(0.5 * RATE)))[0] == [("pause", None, 0.9)]


HUMAN = DEV.parent / "human"


@pytest.mark.skipif(not (HUMAN / "OSR_us_000_0034_8k.wav").exists(), reason="needs ../shared")
def test_a_breath_before_a_sentence_in_a_phone_recording_is_no_quiet_filler():
    # A fluent reader (8 kHz: no high band at all) draws breath in the pause before a
    # sentence; it rises as much as a quiet "um" but rushes instead of holding one sound.
    from coach.analysis.audio import load_take

    pcm = load_take(HUMAN / "OSR_us_000_0034_8k.wav")
    fr = signal.frames_of(pcm)
    regions = signal.speech_regions(signal.speech_mask(fr)[0])
    pauses = detectors.pauses(regions, regions[0][0], regions[-1][1])
    assert len(pauses) >= 4  # the reader's pauses between sentences, breath and all
    assert fillers.in_silence(pauses, pcm, fr) == []
