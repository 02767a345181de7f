"""Unit checks of the analysis pieces that need no model: alignment, fillers in filler
position, pauses, pace, the causal segmenter and the frame features."""

from __future__ import annotations

import numpy as np

from coach.analysis import align, detectors, lexicon, signal
from coach.analysis.report import SpokenWord
from coach.speech.recognize import Word, drop_loops


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    out = []
    for i, tok in enumerate(text.split()):
        clean = tok.strip(",.?")
        out.append(Word(clean, start + i * step, start + i * step + 0.3, 1.0, tok))
    return out


def test_lines_said_when_most_words_are_found_in_order():
    lines = ["Hello Kwame, this is Chris Park.", "I led a renewal program.", "Thanks, bye."]
    spoken = _words("hello gwame this is chris park thanks bye")
    al = align.align(spoken, lines)
    assert [ln.said for ln in al.lines] == [True, False, True]
    assert al.lines[0].start == spoken[0].start and al.lines[2].end == spoken[-1].end
    assert al.in_script[1] is False and al.in_script[0] is True


def test_a_wrong_ending_still_matches_the_script_word():
    pairs = ["appreciated appreciate", "teams team", "hoped hope", "named name", "calls called"]
    for pair in pairs:
        heard, meant = align.norm_tokens(pair)
        assert heard == meant, pair
    assert align.norm_tokens("three")[0] != align.norm_tokens("free")[0]


def test_a_number_repeated_on_a_later_line_goes_to_the_line_that_was_said():
    lines = ["My number is six one seven, five five two.", "Thanks for your time.",
             "Again, that's Dana Cole, six one seven, five five two."]
    al = align.align(_words("again that's diana call 617 552"), lines)  # name misheard
    assert [ln.said for ln in al.lines] == [False, False, True]


def test_the_most_script_words_are_matched_in_order(monkeypatch):
    a, b = list("abcbdab"), list("bdcaba")  # the textbook case: four in order at best
    pairs = align.matched_pairs(a, b)
    assert len(pairs) == 4 and all(a[i] == b[j] for i, j in pairs)
    assert all(p < q and r < s for (p, r), (q, s) in zip(pairs, pairs[1:], strict=False))
    # Past the table's size limit (a huge script and take) the greedy match still pairs
    # equal tokens in order.
    monkeypatch.setattr(align, "EXACT_MAX_CELLS", 10)
    pairs = align.matched_pairs(a, b)
    assert pairs and all(a[i] == b[j] for i, j in pairs)
    assert all(p < q and r < s for (p, r), (q, s) in zip(pairs, pairs[1:], strict=False))


def test_a_line_misheard_in_part_still_counts_as_said_but_one_stray_word_does_not():
    lines = ["I read that your group opened the new Portland office.",  # 3 of 10 heard
             "Could we talk on Tuesday?",  # only "we" heard: a chance match
             "Thanks!",
             "Have a lovely afternoon."]  # skipped
    spoken = _words("I read nat yurruh opened an newportland orifice we thanks")
    assert [ln.said for ln in align.align(spoken, lines).lines] == [True, False, True, False]


def test_a_fifth_of_a_long_line_heard_counts_as_said():
    line = ["I saw your talk on warehouse safety at the regional conference."]  # 11 words
    # Whisper tiny.en on a robotic voice: "I", "on", "regional", 3 of 11 words in order
    assert align.align(_words("I sort of walk on where its a fifty regional fans"), line
                       ).lines[0].said
    assert not align.align(_words("we could meet for coffee near the station next week"),
                           line).lines[0].said  # no word of it, nor its sound


def test_a_line_garbled_past_its_words_is_said_by_its_sound():
    lines = ["Thanks for picking up.",
             "I saw your talk on warehouse safety at the regional conference.",
             "I'd love to hear how it went.",
             "Have a lovely afternoon."]
    # No word of line 2 was heard right, but it sounds like what was heard between lines 1
    # and 3; nothing was heard after line 3, so line 4 stays unsaid.
    spoken = _words("thanks for picking up eye sort of walk in where its a fifty rational "
                    "fans i'd love to hear how it went")
    al = align.align(spoken, lines)
    assert [ln.said for ln in al.lines] == [True, True, True, False]
    assert (al.lines[1].start, al.lines[1].end) == (spoken[4].start, spoken[14].end)
    assert not any(al.in_script[4:15])  # said by its sound, not matched word by word


def test_only_the_likeliest_of_two_unsaid_lines_takes_the_garbled_stretch():
    lines = ["Thanks for picking up.", "Is there a better day for me to check back?",
             "Is there a later day for you?", "Bye for now."]
    # Whisper tiny.en's hearing of line 2 on seed 79 (0.62 alike); line 3, skipped, sounds
    # a little like it too (0.56)
    spoken = _words("thanks for picking up it's melometo gay for mito kecsma bye for now")
    assert [ln.said for ln in align.align(spoken, lines).lines] == [True, True, False, True]
    # Nothing like either line between them: both stay unsaid.
    spoken = _words("thanks for picking up the weather is lovely bye for now")
    assert [ln.said for ln in align.align(spoken, lines).lines] == [True, False, False, True]


def test_digits_match_spelled_numbers():
    script = ["Call me at five five five, zero one three four."]
    al = align.align(_words("call me at 555 0134"), script)
    assert al.lines[0].said
    # every digit, "three" too, whose spelling the stem would cut to "thre"
    spelled = "zero one two three four five six seven eight nine"
    assert align.norm_tokens("0123456789") == align.norm_tokens(spelled)
    assert all(align.align(_words("one 3 three"), ["one three three"]).in_script)


def test_discourse_fillers_only_in_filler_position():
    def found(text):
        ws = _words(text)
        return detectors.discourse_fillers(ws, [w.raw for w in ws], [False] * len(ws))

    assert found("I like your work.") == []
    assert found("So, I wanted to ask.") == [(0, 0)]
    assert found("It was, you know, great.") == [(2, 3)]
    # A filler word the script asked for is not a filler.
    ws = _words("So, glad we met.")
    assert detectors.discourse_fillers(ws, [w.raw for w in ws], [True, True, True, True]) == []


def test_a_discourse_filler_the_recogniser_was_unsure_of_is_not_reported():
    from dataclasses import replace

    ws = _words("So, could you confirm the title?")
    said = detectors.discourse_fillers(ws, [w.raw for w in ws], [False] * len(ws))
    ws[0] = replace(ws[0], probability=detectors.DISCOURSE_SURE - 0.05)  # "could", misheard?
    doubted = detectors.discourse_fillers(ws, [w.raw for w in ws], [False] * len(ws))
    assert (said, doubted) == ([(0, 0)], [])
    ws = _words("It was, you know, great.")
    ws[3] = replace(ws[3], probability=0.1)  # one word of two in doubt: the pair is
    assert detectors.discourse_fillers(ws, [w.raw for w in ws], [False] * len(ws)) == []


def test_pauses_between_words_only():
    regions = [(0.0, 2.0), (3.2, 4.0), (4.5, 6.0), (8.0, 9.0)]
    got = detectors.pauses(regions, 0.1, 6.0)  # speech after 6.0 has no words: not a pause
    assert [(p.start, p.end) for p in got] == [(2.0, 3.2)]


def _two_vowels(gap_s: float, noise_db: float | None = None) -> np.ndarray:
    t = np.arange(int(0.8 * 16000)) / 16000
    vowel = 0.3 * sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 8))
    pcm = np.concatenate([np.zeros(8000), vowel, np.zeros(int(gap_s * 16000)), vowel,
                          np.zeros(8000)])
    if noise_db is not None:
        noise = np.random.default_rng(3).standard_normal(len(pcm))
        pcm = pcm + noise * np.sqrt(np.mean(vowel**2)) * 10 ** (-noise_db / 20)
    return pcm.astype(np.float32)


def _pauses_in(pcm):
    from coach.analysis import signal

    fr = signal.frames_of(pcm)
    mask, floor = signal.speech_mask(fr)
    voice = signal.speech_regions(signal.without_voiceless(mask, fr))
    assert len(voice) == 2
    return detectors.pauses(signal.onsets_as_heard(voice, fr, floor), 0.5, 3.5)


def test_a_silence_of_exactly_a_second_between_two_sounds_is_a_pause():
    """Measured on the audio: a frame's window hears the next sound before it starts, so
    the voice map alone puts the silence 30 ms short."""
    got = _pauses_in(_two_vowels(1.0))
    assert [round(p.end - p.start, 2) for p in got] == [1.0]
    assert abs(got[0].start - 1.3) <= 0.015 and abs(got[0].end - 2.3) <= 0.015
    assert _pauses_in(_two_vowels(0.9)) == []


def test_in_noise_a_sound_s_onset_is_taken_as_the_voice_map_has_it():
    from coach.analysis import signal

    pcm = _two_vowels(1.0, noise_db=15)
    fr = signal.frames_of(pcm)
    mask, floor = signal.speech_mask(fr)
    voice = signal.speech_regions(signal.without_voiceless(mask, fr))
    assert signal.onsets_as_heard(voice, fr, floor) == voice  # 15 dB over the noise
    clean = _two_vowels(1.0)
    fr = signal.frames_of(clean)
    mask, floor = signal.speech_mask(fr)
    voice = signal.speech_regions(signal.without_voiceless(mask, fr))
    assert [a for a, _b in signal.onsets_as_heard(voice, fr, floor)] == [
        round(a + signal.ONSET_LEAD_S, 3) for a, _b in voice]


def test_wpm_counts_non_filler_words_over_first_to_last():
    ws = [SpokenWord("word", i * 0.4, i * 0.4 + 0.3) for i in range(10)]
    ws[3].filler = True
    assert round(detectors.wpm(ws)) == round(9 * 60 / (ws[-1].end - ws[0].start))


def test_syllables_come_from_the_pronunciation():
    assert [lexicon.syllables(w) for w in ("hello", "wonderful", "follow-up", "i'm")] == [
        2, 3, 3, 1]


def test_a_misheard_stretch_counts_as_the_words_its_syllables_make():
    # "Congratulations on your promotion" is 4 words and 9 syllables; heard as six short
    # words with about the same sounds, it is still about four words, not six.
    said = ["Congratulations on your promotion."]
    heard = [SpokenWord(t, i * 0.4, i * 0.4 + 0.3)
             for i, t in enumerate("congress relations on your pro motion".split())]
    assert sum(detectors.word_counts(heard)) == 6
    assert abs(sum(detectors.word_counts(heard, said)) - 4) < 0.75
    exact = [SpokenWord(t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate(
        "congratulations on your promotion".split())]
    assert abs(sum(detectors.word_counts(exact, said)) - 4) < 1e-9
    # A number is a word a digit however it is heard; a filler is no word.
    other = [SpokenWord("555-0134", 0.0, 1.5), SpokenWord("um", 1.6, 1.9, True)]
    assert detectors.word_counts(other, said) == [7, 0.0]
    span = heard[-1].end - heard[0].start
    counts = detectors.word_counts(heard, said)
    assert detectors.wpm(heard, counts) == sum(counts) * 60 / span


def test_pace_findings_for_a_sustained_fast_stretch():
    fast = [SpokenWord("word", i * 0.25, i * 0.25 + 0.2) for i in range(80)]  # 240 wpm, 20 s
    found = detectors.pace_findings(fast)
    assert found and found[0].text == "fast" and found[0].end - found[0].start > 9
    rate = found[0].words_per_minute  # the stretch's pace, as its message says it
    assert 230 <= rate <= 250 and f"About {rate} words a minute" in found[0].message
    assert found[0].to_dict()["words_per_minute"] == rate
    assert detectors.pace_findings(fast, [0.6] * 80) == []  # counted as 144 words a minute
    normal = [SpokenWord("word", i * 0.4, i * 0.4 + 0.3) for i in range(60)]  # 150 wpm
    assert detectors.pace_findings(normal) == []


def test_drop_loops_cuts_repeated_ngrams_only():
    ws = _words("my test this is " * 4 + "no no fine")
    kept = [w.text for w in drop_loops(ws)]
    assert kept == ["my", "test", "this", "is", "no", "no", "fine"]


def _tone_bursts(seconds=20.0, rate=16000):
    t = np.arange(int(seconds * rate)) / rate
    x = 0.3 * np.sin(2 * np.pi * 150 * t) * ((t % 3.0) < 2.0)  # 2 s on, 1 s off
    return (x + 0.001 * np.random.default_rng(1).standard_normal(len(t))).astype(np.float32)


def test_segmenter_is_causal_and_chunking_does_not_change_it():
    x = _tone_bursts()
    fr = signal.frames_of(x)
    whole = signal.Segmenter()
    whole.push(fr.energy_db)
    parts = signal.Segmenter()
    for i in range(0, len(fr), 37):
        parts.push(fr.energy_db[i : i + 37])
    assert whole.cuts == parts.cuts and whole.speech == parts.speech
    assert len(whole.cuts) >= 2 and all(not whole.speech[c] for c in whole.cuts[1:])


def test_frames_computed_in_pieces_equal_the_whole():
    x = _tone_bursts(3.0)
    n = signal.n_frames(len(x))
    whole = signal.frames_of(x)
    pieces = signal.concat([signal.frames_between(x, a, min(n, a + 50)) for a in range(0, n, 50)])
    assert np.allclose(whole.energy_db, pieces.energy_db)
    voiced = whole.f0[whole.voicing > 0.9]
    assert len(voiced) and abs(np.median(voiced) - 150) < 5  # the pitch tracker finds 150 Hz


def test_speech_regions_follow_the_bursts():
    fr = signal.frames_of(_tone_bursts(9.0))
    mask, _ = signal.speech_mask(fr)
    regions = signal.speech_regions(mask)
    assert len(regions) == 3
    assert all(abs((b - a) - 2.0) < 0.15 for a, b in regions)



def test_spoken_suggestions_have_no_role_blank():
    from coach.analysis.detectors import spoken_line
    from coach.phrases import weak_phrases

    for phrase in weak_phrases():
        line = spoken_line(phrase.better)
        assert "[role]" not in line and "  " not in line, line
    assert spoken_line("the search for the [role] role stands") == "the search for the role stands"
    assert spoken_line("how the [role] search is going") == "how the search is going"


def test_segmenter_keeps_speech_that_starts_before_the_floor_is_known():
    t = np.arange(int(1.5 * signal.RATE)) / signal.RATE
    x = np.where((t > 0.05) & (t < 1.0), 0.3 * np.sin(2 * np.pi * 220 * t), 0.0)
    x = (x + 0.001 * np.random.default_rng(2).standard_normal(len(t))).astype(np.float32)
    fr = signal.frames_of(x)
    seg = signal.Segmenter()
    for i in range(0, len(fr), 7):  # as live: the warm-up ends in the middle of a chunk
        seg.push(fr.energy_db[i : i + 7])
    speech = np.asarray(seg.speech)
    assert speech[8:30].all()  # the first 0.3 s: heard before the floor was trusted
    assert not speech[:3].any() and not speech[110:].any()


def test_regions_a_word_lies_on_are_marked_heard():
    from coach.analysis.pipeline import _heard

    regions = [(0.0, 1.0), (2.0, 2.5), (4.0, 5.0), (6.0, 6.2)]
    # A long first word reaches past the second region's start; a filler snapped back
    # before the word ahead of it comes out of time order; nothing lies on 6.0-6.2.
    words = [SpokenWord("hello", 0.1, 2.2), SpokenWord("there", 4.5, 4.9),
             SpokenWord("um", 4.05, 4.3, True)]
    assert _heard(regions, words) == [True, True, True, False]
    assert _heard(regions, []) == [False] * 4


def test_words_off_every_speech_region_are_dropped_and_the_rest_kept_in_order():
    from coach.analysis.pipeline import _in_speech

    rng = np.random.default_rng(3)
    edges = np.cumsum(rng.uniform(0.05, 2.0, 400))
    regions = [(round(a, 3), round(b, 3)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    starts = rng.uniform(-1, edges[-1] + 1, 600)
    lengths = rng.uniform(0.01, 1.5, 600)
    words = [SpokenWord("w", s, s + d) for s, d in zip(starts, lengths, strict=True)]
    expected = [w for w in words
                if any(w.start < b + 0.1 and w.end > a - 0.1 for a, b in regions)]
    assert 0 < len(expected) < len(words)  # both kinds are in the sample
    assert _in_speech(words, regions) == expected
    assert _in_speech(words, []) == []


def test_the_words_reaching_into_a_span_are_found_even_behind_a_long_one():
    from coach.analysis.timeline import Timeline

    # Given out of order; "hello" is stretched far past "there", which starts later.
    words = [SpokenWord("there", 1.0, 1.2), SpokenWord("hello", 0.1, 3.0),
             SpokenWord("you", 3.5, 3.8)]
    line = Timeline(words)
    assert [w.text for w in line.items] == ["hello", "there", "you"]
    assert line.reaching(2.0, 2.5) == [0]  # only the stretched word covers 2.0-2.5
    assert line.reaching(1.1, 3.6) == [0, 1, 2]
    assert line.reaching(3.85, 4.0) == [] and not line.any_reaching(3.85, 4.0)
    assert line.first_from(1.0) == 1 and line.first_from(4.0) == 3


def test_the_live_analyzer_looks_back_further_than_a_weak_phrase_reaches():
    # A misheard phrase is a window of up to one token more than the list's longest
    # phrase; a piece's words are put to the finder with ASK_BACK words before them.
    from coach import phrases
    from coach.analysis import live

    longest = max(len(v) for ws in phrases.phrase_index().values() for v, _o, _p in ws)
    assert live.ASK_BACK >= longest + 1


class _Heard:
    """A recogniser that hears the same three words in any audio: "hi", a filler it gives
    the filled-pause share `sure` at its step, "there"."""

    name = "scripted"

    def __init__(self, sure: float):
        self.sure = sure

    def recognize(self, pcm, prompt=None):
        return [Word("hi", 0.1, 0.4, 0.9), Word("um", 0.5, 0.9, 0.9, filler_before=self.sure,
                                                filler_guess="um"),
                Word("there", 1.0, 1.4, 0.9)]


def test_a_live_filler_cue_is_given_only_for_a_filler_the_report_would_keep():
    from coach.analysis.live import LiveAnalyzer

    t = np.arange(int(1.6 * signal.RATE)) / signal.RATE
    voice = 0.2 * sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 8))
    pcm = np.concatenate([np.zeros(4800), voice, np.zeros(16000)]).astype(np.float32)
    cues = {}
    for sure in (0.9, 0.1):  # Whisper sure it heard "um"; guessing (a misheard name)
        events = []
        live = LiveAnalyzer([], engine=_Heard(sure), on_event=events.append)
        for i in range(0, len(pcm), 1600):
            live.feed(pcm[i:i + 1600])
        report = live.finish()
        cues[sure] = [e.text for e in events if e.kind == "filler"]
        assert cues[sure] == [f.text for f in report.findings if f.kind == "filler"]
    assert cues == {0.9: ["um"], 0.1: []}


def test_a_discourse_filler_heard_in_place_of_script_words_that_sound_like_it_is_not_one():
    def found(script: str, said: str, with_gaps: bool = True):
        words = _words(said)
        al = align.align(words, [script])
        gaps = al.gaps if with_gaps else None
        return [" ".join(w.text for w in words[a:b + 1]) for a, b in
                detectors.discourse_fillers(words, [w.text for w in words], al.in_script, gaps)]

    # "timeline" heard as "time like": the gap's words sound like the script's
    misheard = ("Could you share the hiring timeline you're able to share?",
                "could you share the hiring time like you're able to share")
    assert found(*misheard, with_gaps=False) == ["like"]
    assert found(*misheard) == []
    # a "like" said between two script words, none missing, is a filler all the same
    assert found("So I applied last week.", "so I applied like last week") == ["like"]
    # and one said where a script word was left out but sounds nothing like it
    assert found("I applied for the role last week.",
                 "I applied for the role like week") == ["like"]


def test_a_word_keeps_the_punctuation_written_after_it_and_nothing_else():
    from coach.speech.recognize import Word

    def after(raw, text):
        return Word(text, 0.0, 0.5, raw=raw).after

    assert after(" along.", "along") == "."
    assert after(" Uh,", "Uh") == ","
    assert after(" minutes?", "minutes") == "?"
    assert after(' "Hello,', "Hello") == ","  # an opening quote is not kept
    assert after(" 4-8", "4-8") == ""  # a hyphen is part of the word
    assert after("", "um") == ""  # a filler found in the audio has no punctuation
