"""One-click fixes: how a lint finding's suggestion becomes an edit of the script text.

A Finding marks a span and offers a better line, but what the line replaces depends on
the kind: a weak phrase's or a filler's suggestion is the whole sentence said better, a
missing ask or a voicemail's name/number is a line to add, and a length finding names a
sentence to cut. Qt-free, so it is tested on plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.lint_model import BLANK

SENTENCE_KINDS = ("weak_phrase", "filler", "other_focus")
_CUT = re.compile(r'^Cut "(?P<line>.+?)" — ')


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    label: str  # the button's words: what the click will do

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end:]


def _sentence_around(sentences, pos: int):
    return next((s for s in sentences if s.start <= pos < s.end), None)


def _signoff_start(text: str) -> int | None:
    """Where a written message's sign-off block ("Thank you,\\nSam\\n555…") starts."""
    body = text.rstrip()
    cut = body.rfind("\n\n")
    if cut < 0:
        return None
    block = body[cut + 2:].splitlines()
    if 1 <= len(block) <= 4 and all(len(line) <= 40 for line in block):
        return cut + 2
    return None


def edit_for(finding, text: str, sentences, written: bool = False) -> Edit | None:
    """The edit that applies `finding.suggestion` to `text`, or None when there is no
    single sensible edit (or the text changed since the check ran)."""
    suggestion = finding.suggestion.strip()
    if not suggestion or text[finding.start:finding.end] != finding.text:
        return None
    if finding.kind in SENTENCE_KINDS:
        s = _sentence_around(sentences, finding.start)
        start, end = (s.start, s.end) if s is not None else (finding.start, finding.end)
        return Edit(start, end, suggestion, "Use this line")
    if finding.kind == "missing_ask":
        signoff = _signoff_start(text) if written else None
        if signoff is not None:
            return Edit(signoff, signoff, suggestion + "\n\n", "Add this line")
        end = len(text.rstrip())
        return Edit(end, end, "\n" + suggestion, "Add this line")
    if finding.kind in ("voicemail_name", "voicemail_number"):
        first = sentences[0].start if sentences else 0
        end = len(text.rstrip())
        if finding.start > first:  # the span is the ending: repeat it there
            return Edit(end, end, "\n" + suggestion, "Add this line at the end")
        if " … " in suggestion:  # missing at both ends: "hello line … again line"
            hello, again = suggestion.split(" … ", 1)
            return Edit(first, end, f"{hello}\n{text[first:end]}\n{again}",
                        "Add these lines at the start and end")
        return Edit(first, first, suggestion + "\n", "Add this line at the start")
    if finding.kind == "length":
        m = _CUT.match(suggestion)
        if m is None:
            return None
        at = text.find(m["line"], finding.start, finding.end)
        if at < 0:
            return None
        end = at + len(m["line"])
        while end < len(text) and text[end] == " ":
            end += 1
        if at > 0 and text[at - 1] == "\n" and end < len(text) and text[end] == "\n":
            end += 1  # the line stood alone: take its line break too
        return Edit(at, end, "", "Cut this line")
    return None


def first_placeholder(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A "[their name]"-style blank inside text[start:end], to select for typing over."""
    m = BLANK.search(text, start, end)
    return (m.start(), m.end()) if m else None
