"""Script lint's checks, each turning a script's sentences into Findings: weak phrases and
fillers (lists in scripts_library/phrases), sentences about the caller rather than the
listener, length against a time budget, a missing ask, for a voicemail the caller's name
and number at the start and again at the end, and blanks still to fill in; then one
finding per place per kind.
"""

from __future__ import annotations

import math
import re

from coach import phrases
from coach.focus import SELF_WORDS
from coach.lint_model import BLANK, KINDS, Finding, Sentence, _tokens
from coach.lint_rewrite import _edit_sentence, _fill, _new_line
from coach.models import Variant
from coach.text import estimate_seconds

_VOICEMAIL_SHARE = 0.25  # name and number belong in the first and the last quarter of words


def _phrase_findings(text: str, sentences: list[Sentence], role: str) -> list[Finding]:
    out = []
    weak = phrases.find_weak_phrases(text)
    for m in weak:
        out.append(Finding("weak_phrase", m.text, m.start, m.end, m.phrase.why,
                           _fill(m.phrase.better, role)))
    fills = phrases.find_fillers(text)
    for m in fills:
        # The better line is the whole sentence without its fillers, ready to say — or, when
        # the sentence also has a weak phrase or is about the speaker, the listener-focused
        # line, so the fix for a filler never keeps "I'm just following up".
        sentence = next(s for s in sentences if s.start <= m.start < s.end)
        edits = [(f.start, f.end, "") for f in fills if sentence.start <= f.start < sentence.end]
        better = _new_line(sentence, weak, role) or _edit_sentence(sentence, edits)
        if m.filler.kind == "filled_pause":
            message = (f"'{m.text}' is a filled pause. Written into a script it gets read "
                       "aloud; on the call, a short breath sounds calmer and more sure.")
        else:
            message = (f"'{m.text}', set off by commas, reads as a filler and softens the "
                       "line around it. The sentence is stronger without it.")
        out.append(Finding("filler", m.text, m.start, m.end, message, better))
    return out


def _quoted_self_words(text: str) -> str:
    found = [text[a:b] for w, a, b in phrases.text_tokens(text) if w in SELF_WORDS]
    return ", ".join(f"'{w}'" for w in dict.fromkeys(found))


def _focus_findings(
    text: str, sentences: list[Sentence], overall: float | None, role: str
) -> list[Finding]:
    weak = phrases.find_weak_phrases(text)
    out = []
    for s in sentences:
        if s.self_focused:
            out.append(Finding(
                "other_focus", s.text, s.start, s.end,
                f"This sentence is about you ({_quoted_self_words(s.text)}) and not yet about "
                "them. People lean in when a call is about their team and their work.",
                _new_line(s, weak, role),
            ))
    you = sum(s.you_words for s in sentences)
    me = sum(s.self_words for s in sentences)
    # A lone "I" is no pattern, so the script as a whole is flagged from two self-words on.
    if overall is not None and overall < 0.5 and me >= 2:
        point = "points" if you == 1 else "point"
        summary = (f"Across the script, {you} of {you + me} pronouns {point} at them ('you', "
                   f"'your') and {me} at you ('I', 'my'); aim for at least half about them.")
        if out:  # the flagged sentences already carry spans: add the overall picture to one
            first = out[0]
            out[0] = Finding(first.kind, first.text, first.start, first.end,
                             f"{first.message} {summary}", first.suggestion)
        else:
            whole = sentences[0].start, sentences[-1].end
            out.append(Finding("other_focus", text[whole[0]:whole[1]], *whole, summary,
                               _fill("How is the [role] search going for your team?", role)))
    return out


def _length_finding(text, sentences, seconds, lo, hi, rate_wpm, variant, role) -> list[Finding]:
    span = sentences[0].start, sentences[-1].end
    if seconds > hi:
        over = seconds - hi
        message = (f"At {rate_wpm:g} words a minute this takes about {seconds:.0f} seconds, "
                   f"{over:.0f} over your {hi:.0f}-second limit. A short call is easier to "
                   "say well and kinder to their time.")
        # Cut the longest sentence that is neither the opening nor an ask: those carry the call.
        middle = [s for s in sentences[1:] if not s.is_ask]
        if middle:
            cut = max(middle, key=lambda s: estimate_seconds(s.text, rate_wpm))
            saves = estimate_seconds(cut.text, rate_wpm)
            suggestion = f"Cut \"{cut.text}\" — that saves about {saves:.0f} seconds."
            if saves < over:
                more = math.ceil((over - saves) * rate_wpm / 60)
                suggestion += f" Then trim about {more} more words."
        else:
            suggestion = (f"Say it in about {math.ceil(over * rate_wpm / 60)} fewer words: keep "
                          "one line about them and your question.")
    elif variant == Variant.VOICEMAIL and seconds < lo / 2:
        # Far under: a very short voicemail sounds abrupt and the number goes by too fast.
        message = (f"This voicemail takes about {seconds:.0f} seconds; well under {lo:.0f} it "
                   "can sound abrupt, and they may not catch your number.")
        suggestion = _fill("I know your team is hiring for the [role] role — I'd love to hear "
                           "how the search is going.", role)
    else:
        return []
    return [Finding("length", text[span[0] : span[1]], *span, message, suggestion)]


_ASK_LINES = {
    Variant.GATEKEEPER: "Could you tell me who is best to ask about the [role] role?",
    Variant.HIRING_MANAGER: "Is there anything else you'd like to know from me as you decide?",
    Variant.HR: "Could you tell me where the [role] search is in your process?",
    Variant.EMAIL: "Would you be open to letting me know where the search stands when you have "
                   "a moment?",
    Variant.LINKEDIN: "Would you be open to a short chat about your team's work?",
}


def _missing_ask(text, sentences, variant, name, phone, role) -> list[Finding]:
    if any(s.is_ask for s in sentences):
        return []
    line = _ASK_LINES.get(variant, "Could I ask how the search for the [role] role is going?")
    if variant == Variant.VOICEMAIL:
        line = (f"Could you call me back at {phone or '[your number]'}? Again, that's "
                f"{name or '[your name]'}.")
    span = sentences[0].start, sentences[-1].end
    return [Finding("missing_ask", text[span[0] : span[1]], *span,
                    "There is no question or request, so they won't know what you hope for. "
                    "End with one clear, easy ask.", _fill(line, role))]


def _occurrences(text: str, name: str, phone: str) -> tuple[list, list]:
    """Character spans where the name (in full, or the first name) and the number occur."""
    tokens = phrases.text_tokens(text)
    plain, names = [t[0] for t in tokens], []
    for want in filter(None, {tuple(_tokens(name)), tuple(_tokens(name)[:1])}):
        names += [(tokens[i][1], tokens[i + len(want) - 1][2]) for i in range(len(plain))
                  if tuple(plain[i : i + len(want)]) == want]
    digits, numbers = re.sub(r"\D", "", phone), []
    # Compared by digits only; a number saved with its country code may be said without it.
    for d in filter(None, {digits, digits[-10:] if len(digits) > 10 else ""}):
        numbers += [m.span() for m in re.finditer(r"[\s.\-()/]*".join(d), text)]
    return names, numbers


def _voicemail_findings(text: str, sentences: list[Sentence], name: str, phone: str):
    # The start is the first ~quarter of the words and the end the last ~quarter, each
    # widened to whole sentences, so "Hi, it's Sam Lee, 555 201 4477." counts as the start.
    tokens = phrases.text_tokens(text)
    if not tokens:
        return []
    k = max(1, math.ceil(len(tokens) * _VOICEMAIL_SHARE))
    head_end = next(s.end for s in sentences if s.end >= tokens[k - 1][2])
    tail_start = next(s.start for s in reversed(sentences) if s.start <= tokens[-k][1])
    names, numbers = _occurrences(text, name, phone)
    me, at_phone = name or "[your name]", f" at {phone}" if phone else ""
    hello, again = f"Hi [their name], this is {me}{at_phone}.", f"Again, that's {me}{at_phone}."
    out = []
    for kind, what, spans, known in (("voicemail_name", "your name", names, name),
                                     ("voicemail_number", "your number", numbers,
                                      re.search(r"\d", phone))):
        if not known:
            continue  # nothing to check against
        at_start = any(s < head_end for s, _ in spans)
        at_end = any(e > tail_start for _, e in spans)
        if not at_start and not at_end:
            span, line = (sentences[0].start, sentences[-1].end), f"{hello} … {again}"
            message = (f"They need {what} to call you back. Say it in your first sentence and "
                       "again, slowly, at the end — that's when they reach for a pen.")
        elif not at_start:
            span, line = (sentences[0].start, head_end), hello
            message = (f"They hear {what} only at the end. Say it at the start too, so they "
                       "can catch it on the first listen.")
        elif not at_end:
            span, line = (tail_start, sentences[-1].end), f"{again} Thank you!"
            message = (f"Repeat {what} at the end: by then they may have forgotten it, and "
                       "that's when they reach for a pen.")
        else:
            continue
        out.append(Finding(kind, text[span[0] : span[1]], *span, message, line))
    return out


_BLANK_HELP = {
    "your name": "Add your name to your profile, or type it in here.",
    "your phone number": "Add your phone number to your profile, or type it in here, so they "
                         "can reach you.",
    "your number": "Type your phone number in here, so they can call you back.",
    "their name": "Type in the name of the person you're writing to or calling.",
}


def _blank_findings(text: str, variant: Variant | None) -> list[Finding]:
    """Each "[…]" blank: left in, it would be said or sent word for word."""
    written = variant is not None and not variant.spoken
    verb, get = ("send", "read") if written else ("say", "hear")
    out = []
    for m in BLANK.finditer(text):
        inside = " ".join(m[0][1:-1].split())
        help_ = _BLANK_HELP.get(inside.lower(), "Put in something true and specific, in your "
                                                "own words.")
        out.append(Finding("blank", m[0], m.start(), m.end(),
                           f"Fill this in before you {verb} it: left as it is, they would {get} "
                           f"the words in brackets as they stand. {help_}", ""))
    return out


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place per kind: of overlapping findings of a kind, keep the longest."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.kind == f.kind and f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, KINDS.index(f.kind)))
