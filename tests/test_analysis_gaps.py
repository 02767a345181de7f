"""Filled pauses Whisper left out (gaps.py) and filler onsets snapped to the energy map
(fillers.py). PocketSphinx only; no Whisper model needed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from coach.analysis import fillers, gaps, lexicon, signal
from coach.speech.recognize import Word

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
AWB = DEV / "dev_gatekeeper_orion__flite_awb__clean.flac"
RATE = signal.RATE


def _vowel(seconds: float, f0_from: float, f0_to: float, wobble: float = 0.0,
           level: float = 0.3) -> np.ndarray:
    """A harmonic-rich voiced sound whose pitch moves from f0_from to f0_to, with an 8 Hz
    pitch wobble of +-`wobble` (a share) on top, as in running speech."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = np.linspace(f0_from, f0_to, len(t)) * (1 + wobble * np.sin(2 * np.pi * 8 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    x = sum(np.sin(k * phase) / k for k in range(1, 12))
    x = x + np.random.default_rng(0).normal(0, 0.05, len(t))  # breath: no empty bands
    return (level * x / np.max(np.abs(x))).astype(np.float32)


def _take(*parts: np.ndarray) -> np.ndarray:
    gap = np.zeros(int(0.3 * RATE), dtype=np.float32)
    noise = np.random.default_rng(1).normal(0, 1e-4, int(0.3 * RATE)).astype(np.float32)
    out = [noise]
    for p in parts:
        out += [p, gap + noise]
    return np.concatenate(out)


def test_a_steady_sustained_vowel_sounds_filled_and_a_moving_one_does_not():
    pcm = _take(_vowel(0.5, 120, 121), _vowel(0.5, 110, 140, wobble=0.15),
                _vowel(0.1, 120, 120))
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    regions = signal.speech_regions(mask)
    assert len(regions) == 3
    (a0, a1), (b0, b1), (c0, c1) = regions
    assert gaps.sounds_filled(fr, mask, a0 + 0.05, a1 - 0.05)
    assert not gaps.sounds_filled(fr, mask, b0 + 0.05, b1 - 0.05)  # pitch keeps moving: a word
    assert not gaps.sounds_filled(fr, mask, c0, c1)  # too short
    assert not gaps.sounds_filled(fr, mask, a1 + 0.05, b0 - 0.05)  # silence


def test_candidates_are_gaps_holding_voiced_speech():
    pcm = _take(_vowel(0.4, 150, 150), _vowel(0.4, 150, 150), _vowel(0.4, 150, 150))
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    (a0, a1), (b0, b1), (c0, c1) = signal.speech_regions(mask)
    # The recogniser placed words on the first and last sounds only; the middle one is in
    # the gap between them. A gap of pure silence is no candidate.
    words = [Word("so", a0, a1), Word("right", c0, c1)]
    assert gaps.candidates(words, fr, mask) == [0]
    words = [Word("so", a0, a1), Word("and", b0, b1), Word("right", c0, c1)]
    assert gaps.candidates(words, fr, mask) == []
    # A gap next to a filler the recogniser did write is left alone.
    words = [Word("so", a0, a1), Word("um", b0, b1), Word("right", c0, c1)]
    assert gaps.candidates(words, fr, mask) == []


def test_words_missing_from_the_dictionary_get_a_rough_pronunciation():
    known = {"bright": "B R AY T", "side": "S AY D"}
    assert lexicon.spell("brightside", known) == "B R AY T S AY D"
    assert lexicon.spell("kwame", known).split() == ["K", "W", "AE", "M"]


@pytest.mark.skipif(not AWB.exists(), reason="needs ../shared/eval/dev")
def test_the_um_whisper_left_out_is_found_between_its_neighbours():
    pytest.importorskip("pocketsphinx")
    pcm, rate = sf.read(AWB, dtype="float32")
    assert rate == RATE
    fr = signal.frames_of(pcm)
    mask, _ = signal.speech_mask(fr)
    # Whisper's words around the labelled "um" (3.37-3.96 s): "...picking up | I'm hoping".
    words = [Word("picking", 2.74, 3.04), Word("up", 3.04, 3.44), Word("I'm", 4.04, 4.32),
             Word("hoping", 4.32, 4.64)]
    found = gaps.missed_fillers(pcm, fr, mask, words)
    assert len(found) == 1
    name, start, end = found[0]
    assert name in gaps.FILLERS
    assert abs(start - 3.37) < 0.15 and end > 3.7
    # Inserted as a word of its own, in time order, for the rest of the pipeline.
    merged = gaps.add_missed_fillers(words, pcm, fr, mask)
    assert [w.text for w in merged] == ["picking", "up", name, "I'm", "hoping"]


def test_filler_onset_snaps_to_the_speech_onset_in_its_first_part():
    regions = [(0.0, 1.0), (1.32, 2.0)]
    # Whisper's filler starts 0.1 s after the real onset: snapped back to 1.32.
    assert fillers.snap_onset(1.42, 1.9, regions) == 1.32
    # An onset after the first 40 % of the span is another sound: left alone.
    assert fillers.snap_onset(1.0, 1.5, regions) == 1.0
    # No speech onset nearby: left alone.
    assert fillers.snap_onset(0.5, 0.9, regions) == 0.5
    words = [Word("so", 0.1, 1.25), Word("um", 1.5, 1.9)]
    (_w, none), (filler, name) = fillers.fuse(words, regions)
    assert none is None and name == "um"
    assert filler.start == 1.32 and words[1].start == 1.5  # a copy; the input is unchanged


def test_a_filler_is_moved_back_to_the_previous_word_only_when_whisper_squeezed_it():
    regions = [(0.0, 3.0)]  # one run of speech: no onset to snap to
    # squeezed against the next word (0.06 s): it began where the previous word ended
    (_w, _), (squeezed, _), _yes = fillers.fuse(
        [Word("so", 0.1, 1.0), Word("um", 1.5, 1.56), Word("yes", 1.56, 2.0)], regions)
    assert squeezed.start == 1.0
    # a span of its own (0.5 s): Whisper's start stands
    (_w, _), (spanned, _), _yes = fillers.fuse(
        [Word("so", 0.1, 1.0), Word("um", 1.4, 1.9), Word("yes", 1.9, 2.3)], regions)
    assert spanned.start == 1.4


def test_a_filler_whisper_wrote_unsure_of_it_is_left_out():
    regions = [(0.0, 3.0)]
    said = [Word("this", 0.1, 0.4), Word("is", 0.4, 0.6)]
    # "Alex Kim" heard as "Atlas um": Whisper gave filled pauses only 0.2 at that step
    unsure = Word("um", 0.7, 1.1, filler_before=0.2, filler_guess="um")
    sure = Word("um", 0.7, 1.1, filler_before=0.9, filler_guess="um")
    assert [n for _w, n in fillers.fuse([*said, unsure], regions)] == [None, None]
    assert [n for _w, n in fillers.fuse([*said, sure], regions)] == [None, None, "um"]
    # without Whisper's step distributions (another engine, beam search) a filler stands
    unknown = Word("um", 0.7, 1.1, filler_before=0.0, filler_guess="")
    assert [n for _w, n in fillers.fuse([*said, unknown], regions)] == [None, None, "um"]


def _colours(seconds: float) -> np.ndarray:
    """A voiced sound that changes its vowel every 60 ms, as a word moves between sounds."""
    t = np.arange(int(0.06 * RATE)) / RATE
    shapes = [(1, 0.05, 0.02, 0.6, 0.8), (0.1, 1, 0.9, 0.02, 0.05), (0.6, 0.02, 0.1, 1, 0.02)]
    parts = [0.05 * sum(shapes[i % 3][min(4, (k - 1) // 6)] * np.sin(2 * np.pi * 120 * k * t)
                        / k ** 0.5 for k in range(1, 31)) for i in range(int(seconds / 0.06))]
    return np.concatenate(parts).astype(np.float32)


def test_a_filler_whisper_half_doubted_over_a_moving_sound_is_a_misheard_word():
    pcm = _take(_vowel(0.4, 120, 110), _colours(0.42))
    fr = signal.frames_of(pcm)
    (a0, a1), (b0, b1) = signal.speech_regions(signal.speech_mask(fr)[0])
    assert not fillers.moves(fr, a0, a1) and fillers.moves(fr, b0, b1)

    def kept(a, b, share, guess="um", frames=fr):
        w = Word("um", a, b, filler_before=share, filler_guess=guess)
        return [n for _w, n in fillers.fuse([w], [(a0, a1), (b0, b1)], frames)] == ["um"]

    # "three um Marcus" for "Thanks, Marcus": Whisper less than half sure, a word's sound
    assert not kept(b0, b1, 0.4)
    assert kept(a0, a1, 0.4)  # the same doubt over a held sound: a filler
    assert kept(b0, b1, 0.6)  # Whisper surer: its word stands
    assert kept(b0, b1, 0.4, guess="")  # no step distributions to judge by
    assert kept(b0, b1, 0.4, frames=None)  # no audio to judge by


def _rumble(seconds: float, level: float, seed: int = 4) -> np.ndarray:
    """Steady low-heavy noise (a fan, a kitchen behind the caller): no pitch, and not the
    bright spectrum of clatter, so only the missing voicing tells it from a voice."""
    white = np.random.default_rng(seed).normal(0, 1, int(seconds * RATE) + 7)
    return (level * np.convolve(white, np.ones(8) / 8, mode="valid")).astype(np.float32)


def _pauses_between(middle: np.ndarray) -> list[tuple[float, float]]:
    from coach.analysis import pipeline

    quiet = np.random.default_rng(3).normal(0, 1e-4, int(0.6 * RATE)).astype(np.float32)
    pcm = np.concatenate([quiet, _vowel(0.6, 130, 110), middle, _vowel(0.6, 130, 110), quiet])
    second = len(pcm) / RATE - 1.2
    words = [Word("hello", 0.6, 1.2), Word("there", second, second + 0.6)]
    report = pipeline.build_report(pcm, signal.frames_of(pcm), ["Hello there."], "test", words)
    return [(f.start, f.end) for f in report.findings if f.kind == "pause"]


def test_clatter_in_a_silence_does_not_break_the_pause_but_a_voice_does():
    clatter = (0.3 * np.random.default_rng(2).normal(0, 1, int(0.15 * RATE))).astype(np.float32)
    vowel = _vowel(0.3, 120, 110)
    assert signal.sounds_like_noise(clatter, 0.0, 0.15)
    assert not signal.sounds_like_noise(vowel, 0.0, 0.3)
    quiet = np.random.default_rng(3).normal(0, 1e-4, int(0.7 * RATE)).astype(np.float32)

    # A dish clattering in a 1.55 s silence: still one pause, from word to word.
    found = _pauses_between(np.concatenate([quiet, clatter, quiet]))
    assert len(found) == 1 and found[0][1] - found[0][0] > 1.4
    # A voice there (a filler Whisper left out) splits it into two short gaps: no pause.
    assert _pauses_between(np.concatenate([quiet, vowel, quiet])) == []


def test_a_silence_filled_with_steady_noise_is_still_a_pause():
    rumble = _rumble(1.3, 0.1)
    assert not signal.sounds_like_noise(rumble, 0.0, 1.3)  # not clatter: a voice's tilt
    fr = signal.frames_of(np.concatenate([np.zeros(8000, np.float32), rumble]))
    mask, _ = signal.speech_mask(fr)
    assert mask[-100:].all()  # the energy map takes the noise for speech
    assert not signal.without_voiceless(mask, fr)[-100:].any()
    found = _pauses_between(rumble)
    assert len(found) == 1
    assert 0.6 + 0.6 - 0.05 <= found[0][0] < 1.3 and 1.2 <= found[0][1] - found[0][0] <= 1.4


def test_noise_with_a_voice_in_it_or_a_short_one_is_no_pause():
    # the voice in the noise (a filler Whisper left out) leaves two shorter silences
    half = _rumble(0.55, 0.1)
    assert _pauses_between(np.concatenate([half, _vowel(0.3, 120, 110), half])) == []
    # a voiceless consonant at a word's end running into a short silence: no pause
    hiss = _rumble(0.3, 0.1)
    silence = np.random.default_rng(5).normal(0, 1e-4, int(0.8 * RATE)).astype(np.float32)
    assert _pauses_between(np.concatenate([hiss, silence])) == []
