"""Findings that follow from timed words and the speech/silence map: discourse fillers,
pauses, pace, weak phrases, and the metrics block. Filled pauses (um/uh) are found in
`fillers.py`; script coverage in `align.py`."""

from __future__ import annotations

from coach import phrases
from coach.analysis import lexicon, misheard
from coach.analysis.report import Finding, SpokenWord
from coach.focus import focus_counts
from coach.text import half_up, spoken_word_count
from coach.text import words as tokenize

PAUSE_S = 1.0  # a silence this long between words is worth pointing out
PACE_LOW, PACE_HIGH = 110, 170  # comfortable phone pace, words per minute
PACE_WINDOW_S = 12.0  # a pace finding needs a sustained stretch, not one rushed phrase


def filled_pause_name(text: str) -> str | None:
    """"um" for "Umm", None for a real word; the list is scripts_library's fillers.toml."""
    filler = phrases.filled_pause(text.strip(" ,.-"))
    return filler.text if filler else None


def utterances(words, raw: list[str], gap_s: float = 0.3) -> list[tuple[int, int]]:
    """(first, end) index spans of utterances: split where the recogniser ended a sentence
    or the speaker paused, because "so" and "actually" are fillers at an utterance start."""
    spans, start = [], 0
    for i in range(1, len(words) + 1):
        if i == len(words) or raw[i - 1].rstrip().endswith((".", "?", "!")) or (
            words[i].start - words[i - 1].end >= gap_s
        ):
            spans.append((start, i))
            start = i
    return spans


# A discourse filler is a real word: telling someone they said "so" when they said "could"
# is worse than missing one "so". Whisper's probability for the word it wrote says how
# sure it was. On the synthetic sets (bench/RESULTS.md), where no discourse filler is ever
# said, 57 of the 98 it wrote in filler position were below DISCOURSE_SURE, and of the
# same words read from the script 8 % were.
DISCOURSE_SURE = 0.3


# ... and one written where the script has words the speaker did not say, that sounds like
# them, is those words misheard: "the hiring time like you're able" for "the hiring
# timeline you're able", "like last Monday" for "I applied last Monday".
GAP_SOUNDS = 0.5


def discourse_fillers(words, raw: list[str], in_script: list[bool], gaps=None
                      ) -> list[tuple[int, int]]:
    """(first, last) word indices of discourse fillers ("you know", "like", "so") in filler
    position by the rules in fillers.toml, applied per utterance. Words the speaker read from
    the script are never fillers: the script meant them ("So glad we met"); nor are words
    the recogniser was unsure of (DISCOURSE_SURE), nor words in a gap of the script that
    sound like the words missing there (`gaps`: per word, align.Alignment.gaps)."""
    out = []
    for s, e in utterances(words, raw):
        toks = [w.text for w in words[s:e]]
        for m in phrases.find_fillers_in_words(toks):
            if m.filler.kind != phrases.DISCOURSE:
                continue
            first, last = s + m.start, s + m.end - 1
            sure = min(getattr(w, "probability", 1.0) for w in words[first : last + 1])
            gap = gaps[first] if gaps else None
            if gap and lexicon.sounds_alike(*gap) >= GAP_SOUNDS:
                continue
            if not any(in_script[first : last + 1]) and sure >= DISCOURSE_SURE:
                out.append((first, last))
    return out


def pauses(regions: list[tuple[float, float]], t_first: float, t_last: float) -> list[Finding]:
    """Silences of PAUSE_S or more between the first and the last word."""
    out = []
    for (_, a_end), (b_start, _) in zip(regions, regions[1:], strict=False):
        if a_end < t_first - 0.05 or b_start > t_last + 0.05:
            continue
        gap = round(b_start - a_end, 3)  # whole milliseconds: 2.3 - 1.3 is 0.9999…
        if gap >= PAUSE_S:
            out.append(
                Finding(
                    "pause", a_end, b_start,
                    f"A {gap:.1f}-second pause. A short pause is fine; if you lost your place, "
                    "glance at the cue card and carry on.",
                )
            )
    return out


def word_counts(words: list[SpokenWord], said_lines: list[str] | None = None) -> list[float]:
    """How many spoken words each recognised word stands for, for the pace (a filler: none).

    Without a script, one each ("555-0134" is seven: a number is read digit by digit). With
    the script lines that were said, a word's syllables over their syllables per word: the
    recogniser hears a stretch it cannot make out as more, shorter words ("alumni mentoring
    program" as "you have long been thrown in floor Brian") but keeps roughly its
    syllables. Counted as words, that overstated the pace by about 5 % on robotic and noisy
    takes; by syllables the median error is 1-3 % (bench/RESULTS.md)."""
    per_word = _syllables_per_word(said_lines or [])
    out = []
    for w in words:
        tokens = tokenize(w.text)
        if w.filler:
            out.append(0.0)
        elif per_word is None or not tokens:
            out.append(float(max(1, spoken_word_count(w.text))))
        else:
            out.append(sum(spoken_word_count(t) if any(c.isdigit() for c in t)
                           else lexicon.syllables(t) / per_word for t in tokens))
    return out


def _syllables_per_word(lines: list[str]) -> float | None:
    tokens = [t for line in lines for t in tokenize(line) if not any(c.isdigit() for c in t)]
    return sum(lexicon.syllables(t) for t in tokens) / len(tokens) if tokens else None


def wpm(words: list[SpokenWord], counts: list[float] | None = None) -> float | None:
    """Non-filler words over the time from the first to the last word (fillers excluded
    from the count, not from the span: they took time to say). `counts` as word_counts."""
    counts = counts or word_counts(words)
    if sum(not w.filler for w in words) < 2:
        return None
    span = words[-1].end - words[0].start
    return sum(counts) * 60.0 / span if span > 0.5 else None


def pace_findings(words: list[SpokenWord], counts: list[float] | None = None) -> list[Finding]:
    """Stretches of at least PACE_WINDOW_S where the pace stays out of PACE_LOW..PACE_HIGH.
    `counts` as word_counts."""
    counts = counts or word_counts(words)
    real = [(w, n) for w, n in zip(words, counts, strict=True) if not w.filler]
    out: list[Finding] = []
    if len(real) < 8 or real[-1][0].end - real[0][0].start < PACE_WINDOW_S:
        return out
    # Pace in a window centred on each word; then merge runs where it is out of range.
    marks = []
    for w, _n in real:
        lo, hi = w.start - PACE_WINDOW_S / 2, w.start + PACE_WINDOW_S / 2
        inside = [(x, n) for x, n in real if lo <= x.start <= hi]
        span = inside[-1][0].end - inside[0][0].start
        rate = sum(n for _x, n in inside) * 60.0 / span if span > 0 else 0
        marks.append("fast" if rate > PACE_HIGH else "slow" if rate < PACE_LOW else None)
    i = 0
    while i < len(real):
        if marks[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(real) and marks[j + 1] == marks[i]:
            j += 1
        start, end = real[i][0].start, real[j][0].end
        if end - start >= PACE_WINDOW_S * 0.75:
            rate = sum(n for _x, n in real[i : j + 1]) * 60.0 / (end - start)
            rate = half_up(rate)  # as the report's table rounds the take's pace
            msg = (
                f"About {rate} words a minute here: slow down a little so they can follow."
                if marks[i] == "fast"
                else f"About {rate} words a minute here: a little more pace keeps it warm."
            )
            out.append(Finding("pace", start, end, msg, text=marks[i], words_per_minute=rate))
        i = j + 1
    return out


def longest_monologue(regions: list[tuple[float, float]], gap: float = PAUSE_S) -> float:
    """Longest stretch of talking without a pause of `gap` seconds."""
    best, start, prev_end = 0.0, None, None
    for a, b in regions:
        if start is None or a - prev_end >= gap:
            start = a
        prev_end = b
        best = max(best, b - start)
    return round(best, 1)


def weak_phrase_findings(words: list[SpokenWord], in_script: list[bool] | None = None
                         ) -> list[Finding]:
    """Weak phrases from the phrase list in scripts_library, each with a better line. With
    `in_script` (one flag per word: part of the script as said, see misheard.find) also
    the ones the recogniser misheard off-script. A tail phrase said just after another
    (`_one_sentence`) is shown as part of that one."""
    texts = [w.text for w in words]
    found, spans = [], []
    for m in phrases.find_weak_phrases_in_words(texts):
        spans.append((m.start, m.end))
        found.append((m.start, m.end, m.phrase, m.phrase.why, None))
    if in_script is not None:
        # named as the list writes it, since that is what it sounded like; what the
        # recogniser wrote goes in the message
        for phrase, wording, a, b in misheard.find(texts, in_script, spans):
            heard = " ".join(texts[a:b])
            why = f"Hard to make out (heard as \u201c{heard}\u201d). {phrase.why}"
            found.append((a, b, phrase, why, wording))
    found.sort(key=lambda f: f[0])
    groups = []  # [first word, end word, phrase, why, text]: one sentence each
    for a, b, phrase, why, wording in found:
        text = wording or " ".join(texts[a:b])
        if groups and phrase.tail and _one_sentence(words, groups[-1][1], a):
            g = groups[-1]
            between = " ".join(w.text for w in words[g[1]:a] if not w.filler)
            g[1] = b  # the first phrase carries the sentence, so its why and better line
            g[4] = " ".join(t for t in (g[4], between, text) if t)
        else:
            groups.append([a, b, phrase, why, text])
    return [_weak(words, *g) for g in groups]


# A user says "Sorry to bother you, I know you're busy" as one sentence, and the report
# should show it as one thing to fix with one better line, not two findings that each
# offer a different rewrite of the same words (lint, too, gives a sentence one better
# line). Whisper's words carry no punctuation, so a tail phrase (scripts_library: `tail =
# true`) joins the weak phrase before it when at most TAIL_WORDS words lie between and it
# starts within TAIL_GAP_S of that one's end ("I was wondering if there's any news"). On
# the held-out sets (bench/RESULTS.md) every pair joined so was one labelled sentence, and
# every pair of separate sentences said back to back began with a phrase that is not a
# tail.
TAIL_WORDS = 4
TAIL_GAP_S = 1.5


def _one_sentence(words: list[SpokenWord], end: int, start: int) -> bool:
    between = [w for w in words[end:start] if not w.filler]
    return (len(between) <= TAIL_WORDS and start >= end
            and words[start].start - words[end - 1].end <= TAIL_GAP_S)


def _weak(words, a: int, b: int, phrase, why: str, text: str) -> Finding:
    return Finding("weak_phrase", words[a].start, words[b - 1].end, why, text=text,
                   suggestion=spoken_line(phrase.better))


def spoken_line(better: str) -> str:
    """A better line to say out loud: the report does not know the role, and "[role]" read
    from the screen mid-rehearsal trips people up, so the blank goes ("the [role] search"
    becomes "the search"); blanks only the user can fill ("[their name]") stay."""
    return better.replace("[role] role", "role").replace(" [role]", "")


def other_focus(words: list[SpokenWord]) -> float | None:
    """Listener words / (listener + self words) of what was said, as lint scores scripts."""
    you, me = focus_counts([w.text for w in words if not w.filler])
    return round(you / (you + me), 2) if you + me else None
