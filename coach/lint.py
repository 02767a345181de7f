"""Script lint: what to fix in a call script before saying it aloud.

Each check gives a Finding with a character span, a kind explanation from the listener's
point of view and a concrete better line: weak phrases and fillers (lists in
scripts_library/phrases), sentences about the caller rather than the listener, length
against a time budget, a missing ask, for a voicemail the caller's name and number at the
start and again at the end, and blanks ("[your phone number]") still to fill in.
`suggest_rewrite` turns the whole script toward the listener.

The pieces live next door and are re-exported here, so callers import from `coach.lint`
alone: the finding and sentence model in `lint_model`, the checks in `lint_checks`, the
better lines and the rewrite in `lint_rewrite`. This module checks the arguments and runs
the checks in order.
"""

from __future__ import annotations

from coach.errors import InvalidInput
from coach.lint_checks import (
    _blank_findings,
    _drop_overlaps,
    _focus_findings,
    _length_finding,
    _missing_ask,
    _phrase_findings,
    _voicemail_findings,
)
from coach.lint_model import KINDS as KINDS
from coach.lint_model import Finding as Finding
from coach.lint_model import LintResult, split_sentences
from coach.lint_model import Sentence as Sentence
from coach.lint_rewrite import suggest_rewrite
from coach.models import Variant
from coach.text import estimate_seconds


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
    findings += _blank_findings(text, variant)
    return LintResult(_drop_overlaps(findings), overall, seconds, sentences,
                      suggest_rewrite(text, role=role))
