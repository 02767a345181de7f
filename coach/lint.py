"""Script lint: what to fix in a call script before saying it aloud.

Each check gives a Finding with a character span, a kind explanation from the listener's
point of view and a concrete better line: weak phrases and fillers (lists in
scripts_library/phrases), sentences about the caller rather than the listener, length
against a time budget, a missing ask, and for a voicemail, the caller's name and number at
the start and again at the end. `suggest_rewrite` turns the whole script toward the listener.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

from coach import phrases
from coach.errors import InvalidInput
from coach.models import Variant
from coach.text import estimate_seconds

KINDS = ("weak_phrase", "filler", "other_focus", "length", "missing_ask", "voicemail_name",
         "voicemail_number")

# An ask is a question or a request. Question words count only as a sentence's first word
# ("What is the next step", not "what I did"); request phrases count anywhere.
_ASK_OPENERS = frozenset("who what when where why how which could would can is are do does "
                         "did should".split())
_ASK_PHRASES = tuple(
    tuple(phrases.normalize(w) for w in p.split()) for p in (
        "could you", "would you", "can you", "will you", "could i", "can i", "may i",
        "might i", "is it", "is there", "are you", "do you", "would it", "please",
        "let me know", "call me", "reach me", "get back to me", "love to hear",
        "i'd appreciate", "i would appreciate", "would mean a lot", "i'd be grateful",
    )
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr vs etc e.g i.e".split())
_VOICEMAIL_SHARE = 0.25  # name and number belong in the first and the last quarter of words


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # the flagged text, text[start:end]
    start: int  # character offsets into the linted text
    end: int
    message: str  # why it matters to the listener
    suggestion: str  # a concrete better line (for "length": what to cut)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    you_words: int
    self_words: int
    is_ask: bool

    @property
    def other_focus(self) -> float | None:
        total = self.you_words + self.self_words
        return self.you_words / total if total else None

    @property
    def self_focused(self) -> bool:
        # Two "I"s and no "you": one "I" is natural ("I saw your post"), two with no "you"
        # is a sentence about the caller.
        return self.self_words >= 2 and self.you_words == 0

    def to_dict(self) -> dict:
        return {**asdict(self), "other_focus": _rounded(self.other_focus)}


@dataclass
class LintResult:
    findings: list[Finding]
    other_focus: float | None  # listener words / (listener + self words); None if neither
    estimated_seconds: float
    sentences: list[Sentence]
    rewrite: str | None = None  # the script turned toward the listener, if anything changed

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings],
                "other_focus": _rounded(self.other_focus),
                "estimated_seconds": self.estimated_seconds,
                "sentences": [s.to_dict() for s in self.sentences], "rewrite": self.rewrite}


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


# ---------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (a line break also ends one) with their pronoun counts and whether each asks."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = re.search(r"([\w.]+)$", text[start : m.start()])
        if m.group(0) == "." and before and before.group(1).lower() in _ABBREVIATIONS:
            continue  # "Dr. Okafor" is one sentence
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        s, e = s + len(chunk) - len(chunk.lstrip()), e - len(chunk) + len(chunk.rstrip())
        if s < e:
            out.append(_sentence(text[s:e], s, e))
    return out


def _sentence(text: str, start: int, end: int) -> Sentence:
    tokens = _tokens(text)
    you, me = phrases.focus_counts(tokens)
    return Sentence(text, start, end, you_words=you, self_words=me, is_ask=_is_ask(text, tokens))


def _is_ask(text: str, tokens: list[str]) -> bool:
    if "?" in text or (tokens and tokens[0] in _ASK_OPENERS):
        return True
    return any(tuple(tokens[i : i + len(p)]) == p for p in _ASK_PHRASES for i in range(len(tokens)))


# ---------------------------------------------------------------- rewriting


def _fill(line: str, role: str) -> str:
    return line.replace("[role]", role.strip()) if role.strip() else line


def _toward_listener(sentence: Sentence, role: str) -> str:
    """A line about the listener to say instead of a sentence about the caller; picked by
    what the sentence was about, so the suggestion keeps its purpose."""
    tokens = set(_tokens(sentence.text))
    if tokens & {"resume", "application", "applied", "cv"}:
        line = "I know your team is busy with the [role] search — how is it going for you?"
    elif tokens & {"interview", "interviewed", "met", "meeting"}:
        line = "Thank you again for your time — is there anything else you'd like to know?"
    elif tokens & {"experience", "skills", "background", "fit", "qualified", "worked", "years"}:
        line = "What does your team most need from the person in the [role] role?"
    else:
        line = "How is the [role] search going for your team?"
    return _fill(line, role)


def _edit_sentence(sentence: Sentence, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits, given in text offsets, to one sentence."""
    out = sentence.text
    for s, e, repl in sorted(edits, reverse=True):
        out = phrases.drop_words(out, s - sentence.start, e - sentence.start, repl)
    return out[:1].upper() + out[1:]


def _new_line(sentence: Sentence, weak: list[phrases.PhraseMatch], role: str) -> str | None:
    """The line to say instead of a sentence, if it needs replacing as a whole: the better
    line of its first-listed weak phrase, or for a sentence about the caller, one about them."""
    order = {p.id: n for n, p in enumerate(phrases.weak_phrases())}
    whole = [m for m in weak if m.phrase.replace is None
             and sentence.start <= m.start < sentence.end]
    if whole:
        return _fill(min(whole, key=lambda m: order[m.phrase.id]).phrase.better, role)
    return _toward_listener(sentence, role) if sentence.self_focused else None


def suggest_rewrite(text: str, *, role: str = "") -> str | None:
    """The script with each weak or self-focused sentence turned toward the listener and
    fillers left out; None if nothing needs changing."""
    sentences = split_sentences(text)
    weak, fill = phrases.find_weak_phrases(text), phrases.find_fillers(text)
    pieces, used = [], set()
    for s in sentences:
        line = _new_line(s, weak, role)
        if line is None:
            inside = [m for m in weak if s.start <= m.start < s.end]
            edits = [(m.start, m.end, m.phrase.replace or "") for m in inside]
            edits += [(m.start, m.end, "") for m in fill if s.start <= m.start < s.end
                      and not any(w.start <= m.start < w.end for w in inside)]
            if not edits:
                continue
            line = _edit_sentence(s, edits)
        if line in used:
            line = ""  # two sentences became the same better line: say it once
        used.add(line)
        pieces.append((s.start, s.end, line))
    out = text
    for start, end, line in reversed(pieces):
        out = out[:start] + line + out[end:]
    out = re.sub(r"[ \t]{2,}", " ", out).strip()
    return out if out and out != text.strip() else None


# ---------------------------------------------------------------- checks


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
    found = [text[a:b] for w, a, b in phrases.text_tokens(text) if w in phrases.SELF_WORDS]
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
        summary = (f"Across the script, {you} of {you + me} pronouns point at them ('you', "
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


def _tokens(text: str) -> list[str]:
    return [t[0] for t in phrases.text_tokens(text)]


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


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place per kind: of overlapping findings of a kind, keep the longest."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.kind == f.kind and f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, KINDS.index(f.kind)))


def _checked(variant, rate_wpm, budget) -> tuple[Variant | None, tuple[float, float] | None]:
    if rate_wpm is True or not isinstance(rate_wpm, int | float) or rate_wpm <= 0:
        raise InvalidInput(f"speaking rate must be a positive number of words a minute, "
                           f"not {rate_wpm!r}")
    try:
        variant = None if variant is None else Variant(variant)
    except ValueError:
        choices = ", ".join(v.value for v in Variant)
        raise InvalidInput(f"unknown script variant {variant!r}; use one of: {choices}") from None
    try:
        budget = None if budget is None else tuple(float(x) for x in budget)
    except (TypeError, ValueError):
        raise InvalidInput(f"time budget must be two numbers of seconds, not {budget!r}") from None
    if budget is not None and (len(budget) != 2 or not 0 <= budget[0] <= budget[1]):
        raise InvalidInput(f"time budget {budget!r}: give (shortest, longest) in seconds, "
                           "with 0 ≤ shortest ≤ longest")
    return variant, budget


def lint(text: str, *, variant: Variant | str | None = None,
         budget_seconds: tuple[float, float] | None = None, rate_wpm: int = 150,
         name: str = "", phone: str = "", role: str = "") -> LintResult:
    """Check a script. `variant` turns on the ask check (and for a voicemail, the name and
    number checks against `name`/`phone`); `budget_seconds` is (shortest, longest);
    `role` fills the [role] blank in suggested lines."""
    variant, budget = _checked(variant, rate_wpm, budget_seconds)
    seconds = estimate_seconds(text, rate_wpm)
    sentences = split_sentences(text)
    if not sentences:
        return LintResult([], None, seconds, [])
    you = sum(s.you_words for s in sentences)
    me = sum(s.self_words for s in sentences)
    overall = you / (you + me) if you + me else None
    name, phone = name.strip(), phone.strip()

    findings = _phrase_findings(text, sentences, role)
    findings += _focus_findings(text, sentences, overall, role)
    if budget is not None:
        findings += _length_finding(text, sentences, seconds, *budget, rate_wpm, variant, role)
    if variant is not None:
        findings += _missing_ask(text, sentences, variant, name, phone, role)
    if variant == Variant.VOICEMAIL:
        findings += _voicemail_findings(text, sentences, name, phone)
    return LintResult(_drop_overlaps(findings), overall, seconds, sentences,
                      suggest_rewrite(text, role=role))
