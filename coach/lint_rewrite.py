"""Script lint's better lines: the line to say instead of a weak or self-focused sentence,
a sentence with its fillers left out, and `suggest_rewrite`, the whole script turned
toward the listener. The checks in `coach.lint_checks` offer these same lines as their
suggestions.
"""

from __future__ import annotations

import re

from coach import phrases
from coach.lint_model import Sentence, _tokens, split_sentences


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


def drop_words(text: str, start: int, end: int, replacement: str = "") -> str:
    """`text` with text[start:end] replaced; dropped words take their commas with them and
    a new sentence start is capitalised ("Uh, I'm calling" → "I'm calling")."""
    left, right = text[:start], text[end:]
    if replacement:
        return left + replacement + right
    left = left.rstrip(" ,")
    m = re.match(r"[\s,]*(?:\.{3}|…)?[\s,]*", right)
    rest = right[m.end() :]
    right = rest if rest[:1].isalnum() else right.lstrip(" ,")
    if not left:
        return right[:1].upper() + right[1:]
    return left + ("" if not right or right[0] in ".,!?;:" else " ") + right


def _edit_sentence(sentence: Sentence, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits, given in text offsets, to one sentence."""
    out = sentence.text
    for s, e, repl in sorted(edits, reverse=True):
        out = drop_words(out, s - sentence.start, e - sentence.start, repl)
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
