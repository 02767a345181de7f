"""Weak phrases Whisper misheard: "Sorry to my other group" is "Sorry to bother you" said
by a voice Whisper tiny.en does not know well, and the user wants to hear about it.

Exact matching (coach.phrases) misses those. A stretch of the transcript counts as a weak
phrase it does not spell when all of this holds (bench/RESULTS.md has the measurements):
- it begins with the phrase's first LEAD_WORDS words exactly ("sorry to ...") and the
  rest sounds like the rest of the phrase: their phones (CMU dictionary,
  coach.analysis.lexicon) are at least REST_SOUNDS alike (`lexicon.sounds_alike`), or
  CLOSE_SOUNDS when the exact lead is under half the phrase. "Sorry to hear" is not
  "sorry to bother" (0.25), "sorry to mother" is (0.75);
- or it begins and ends with the phrase's first and last words, has EXACT_SHARE of the
  phrase's words in order, and sounds WHOLE_SOUNDS like the whole phrase: "I hate about
  you" (0.73) and "I went wondering" (0.83) for "I hate to bug you" and "I was
  wondering", not "I hate that you" (0.64) or "I know your music" (0.71, but it does not
  end in "busy");
- or, failing both, it begins with the phrase's first word and sounds ANY_SOUNDS like the
  whole phrase: "sorry the father you" (0.88), "just check with" (0.77) for "just checking
  in", not "I thought you were" (0.69) for "I thought maybe";
- but when the words it begins with exactly are all everyday words (PLAIN_WORDS: "I know
  your", "is there", "do you have") they say nothing of the phrase, and only the rest
  counts: it must sound CLOSE_SOUNDS like the phrase's rest. Without this, "Do you have a
  minute" was "do you have any news" and "I know your team is hiring" (a better line the
  list itself offers) "I know you're so busy";
- it is off-script: at most a third of its words were matched to the script or lie among
  the matched words of a script line that was said (pipeline._on_script). A weak phrase is
  something said instead of the script; a script line, however Whisper heard it, is never
  one.
Only with a script: without one there is no telling off-script words."""

from __future__ import annotations

from coach import phrases
from coach.analysis import lexicon
from coach.analysis.align import matched_pairs

LEAD_WORDS = 2
REST_SOUNDS = 0.5
CLOSE_SOUNDS = 0.7  # ... when less than half the phrase's words led exactly
MAX_IN_SCRIPT = 1 / 3
MIN_PHRASE_WORDS = 3  # two-word phrases ("any news") are too short to guess at
EXACT_SHARE, WHOLE_SOUNDS = 0.6, 0.7  # ... for a phrase misheard in its middle
ANY_SOUNDS = 0.75  # ... for one that begins right and is misheard anywhere after
# Words too common to show which phrase was said (as spoken_tokens writes them).
PLAIN_WORDS = frozenset(
    "i im you your is are was were there theres do did does have has had know see my the a "
    "an to it this that we me".split())


def find(words: list[str], in_script: list[bool], taken: list[tuple[int, int]]):
    """[(WeakPhrase, wording it sounded like, first word, end word exclusive)] for the
    misheard weak phrases among `words` (the transcript, fillers included: they are
    skipped), avoiding the word spans in `taken` (the exact matches). `in_script`, one flag
    per word: the word belongs to the script as said (matched to it, or inside the stretch
    of a line that was said: a misheard script line is not a weak phrase either)."""
    tokens = phrases.spoken_tokens(words)
    index = phrases.phrase_index()
    taken = list(taken)
    out = []
    for s, (first, _i) in enumerate(tokens):
        best = loose = None
        for variant, order, phrase in index.get(first, ()):
            n = len(variant)
            if n < MIN_PHRASE_WORDS:
                continue
            for m in (n - 1, n, n + 1):  # one word heard as two ("my other") or two as one
                window = tokens[s : s + m]
                if len(window) < m:
                    continue
                heard = tuple(t for t, _ in window)
                lead = _common_lead(heard, variant)
                if lead == 0 or lead == m or heard[:n] == variant:
                    continue
                idx = sorted({i for _t, i in window})
                if sum(in_script[i] for i in idx) > MAX_IN_SCRIPT * len(idx):
                    continue
                score = _alike(heard, variant, lead)
                if score is None:
                    # a closer rule's match, once there, wins anyway; a plain lead, none
                    if best is None and not _plain(heard[:lead]):
                        whole = lexicon.sounds_alike(heard, variant, least=ANY_SOUNDS)
                        if whole >= ANY_SOUNDS and (loose is None or (whole, -order) > loose[0]):
                            loose = ((whole, -order), phrase, variant, idx[0], idx[-1] + 1)
                    continue
                # the longest exact lead is the best evidence, then the closest sound
                if best is None or (lead, score, -order) > best[0]:
                    best = ((lead, score, -order), phrase, variant, idx[0], idx[-1] + 1)
        best = best or loose
        if best and all(best[4] <= a or best[3] >= b for a, b in taken):
            taken.append((best[3], best[4]))
            out.append((best[1], wording(best[1], best[2]), best[3], best[4]))
    return sorted(out, key=lambda m: m[2])


def wording(phrase, tokens: tuple[str, ...]) -> str:
    """The phrase as written in the list for its matched tokens ("i know you're busy" for
    ("i", "know", "your", "busy")), "I" capitalised, to show the user."""
    for pattern in phrase.patterns:
        for text in phrases.expand(pattern):
            if tuple(t for t, _i in phrases.spoken_tokens([text])) == tokens:
                return " ".join("I" + w[1:] if w == "i" or w.startswith("i'") else w
                                for w in text.split())
    return " ".join(tokens)


def _alike(heard: tuple[str, ...], meant: tuple[str, ...], lead: int) -> float | None:
    """How alike `heard` sounds to the phrase `meant` it begins like (`lead` words exactly),
    or None when not enough by the rules in the module's docstring."""
    n = len(meant)
    if _plain(heard[:lead]):
        score = lexicon.sounds_alike(heard[lead:], meant[lead:], CLOSE_SOUNDS)
        return score if score >= CLOSE_SOUNDS else None
    if lead >= LEAD_WORDS:
        least = REST_SOUNDS if lead * 2 >= n else CLOSE_SOUNDS
        score = lexicon.sounds_alike(heard[lead:], meant[lead:], least)
        if score >= least:
            return score
    if heard[-1] == meant[-1] and len(matched_pairs(list(heard), list(meant))) >= EXACT_SHARE * n:
        score = lexicon.sounds_alike(heard, meant, WHOLE_SOUNDS)
        if score >= WHOLE_SOUNDS:
            return score
    return None


def _plain(words: tuple[str, ...]) -> bool:
    return all(w in PLAIN_WORDS for w in words)


def _common_lead(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
