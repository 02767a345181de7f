"""The advisor and the call log: how long to wait after each outcome, how many follow-ups
are left, and the words for it."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from coach.advice import advise
from coach.models import CallLogEntry, Outcome, Route, Stage

from .test_advice import (
    EVERYONE,
    FRI_8,
    FRI_15,
    MON_11,
    OKAY,
    THU_14,
    TUE_12,
    UNKIND,
    app_,
    dana,
    maria,
    text,
)

# --- the call log: when to try next, and how many are left --------------------------------


def logged(when, outcome, contact_id=11, **kw):
    return CallLogEntry(1, when, Route.CALL if outcome in (Outcome.REACHED, Outcome.VOICEMAIL,
                                                            Outcome.NO_ANSWER) else Route.EMAIL,
                        outcome, contact_id=contact_id, **kw)


@pytest.mark.parametrize("outcome, until, words", [
    (Outcome.VOICEMAIL, date(2024, 11, 14), "You left Dana a voicemail on Tuesday 12 Nov"),
    (Outcome.EMAIL_SENT, date(2024, 11, 14), "You emailed Dana on Tuesday 12 Nov"),
    (Outcome.LINKEDIN_SENT, date(2024, 11, 14), "You messaged Dana on LinkedIn"),
    (Outcome.NO_ANSWER, date(2024, 11, 13), "No one picked up on Tuesday 12 Nov"),
    (Outcome.REACHED, date(2024, 11, 19), "You spoke with Dana on Tuesday 12 Nov"),
])
def test_after_an_attempt_the_next_waits_as_long_as_its_outcome_asks(outcome, until, words):
    log = [logged(TUE_12, outcome)]
    a = advise(app_([dana()], sent=date(2024, 10, 28)), OKAY, log, TUE_12)
    assert a.route == Route.WAIT and a.when.earliest == until
    assert a.reasons[0].startswith(words) and until.strftime("%A") in a.reasons[0]
    assert a.headline.endswith("then call Dana Reyes.") and (a.attempts_used,
                                                             a.attempts_left) == (1, 1)
    assert a.when.suggested.date() >= until and a.when.suggested.weekday() in (1, 2, 3)
    # On that day the advisor says go, and that it is the second of two.
    b = advise(app_([dana()], sent=date(2024, 10, 28)), OKAY, log, until)
    assert b.route == Route.CALL and any("second follow-up" in r for r in b.reasons)


def test_the_pause_skips_the_weekend_and_names_nobody_when_no_contact_was_logged():
    log = [logged(FRI_8, Outcome.VOICEMAIL, contact_id=None)]
    a = advise(app_([dana()], sent=date(2024, 10, 28)), OKAY, log, MON_11)
    assert a.when.earliest == TUE_12  # Fri + 2 business days
    assert a.reasons[0].startswith("You left them a voicemail on Friday 8 Nov")


def test_a_date_they_gave_beats_the_pause_and_an_old_attempt_asks_none():
    told = logged(TUE_12, Outcome.REACHED, next_step="call back Wednesday",
                  next_date=date(2024, 11, 13))
    a = advise(app_([dana()], sent=date(2024, 10, 28)), OKAY, [told], TUE_12)
    assert a.when.earliest == date(2024, 11, 13) and "call back Wednesday" in a.reasons[0]
    old = logged(date(2024, 10, 29), Outcome.REACHED)  # 14 days before: outside the window
    assert advise(app_([dana()], sent=date(2024, 10, 21)), OKAY, [old], TUE_12).route == \
        Route.CALL


def test_an_attempt_dated_after_today_neither_counts_nor_pauses():
    a = advise(app_([dana()]), OKAY, [logged(FRI_15, Outcome.VOICEMAIL)], MON_11)
    assert a.route == Route.CALL and a.attempts_used == 0


def test_after_an_interview_a_logged_thank_you_is_not_asked_for_again():
    log = [CallLogEntry(1, MON_11, Route.EMAIL, Outcome.EMAIL_SENT, contact_id=14)]
    app = app_([maria("maria@acme.example")], stage=Stage.INTERVIEWED, sent=date(2024, 10, 21))
    a = advise(app, OKAY, log, TUE_12)
    assert a.route == Route.WAIT and a.when.earliest == date(2024, 11, 18)
    assert "thanks are with them" in a.reasons[0]
    assert "thank-you" not in a.headline.lower() and "next steps" in a.headline
    b = advise(app, OKAY, log, date(2024, 11, 19))
    assert b.route == Route.EMAIL and b.contact.name == "Maria Chen"
    assert b.headline == "Send Maria Chen a short note to ask about next steps."
    assert b.when.window != "as soon as you can, ideally within a day of the interview"
    assert not any("thank-you email is welcome" in r for r in b.reasons)


def test_follow_ups_note_says_how_many_are_left_and_when():
    from coach.advice import follow_ups_note

    none = advise(app_([dana()]), OKAY, [], THU_14)
    assert follow_ups_note(none, THU_14).startswith(
        "No follow-ups logged in the last two weeks, so you have two left.")
    one = advise(app_([dana()], sent=date(2024, 10, 28)), OKAY,
                 [logged(TUE_12, Outcome.VOICEMAIL)], TUE_12)
    assert follow_ups_note(one, TUE_12) == ("One follow-up logged in the last two weeks, so "
                                            "one left — the next can go from Thursday 14 Nov.")
    assert follow_ups_note(advise(app_([dana()], sent=date(2024, 10, 28)), OKAY,
                                  [logged(FRI_8, Outcome.VOICEMAIL)], THU_14), THU_14) == (
        "One follow-up logged in the last two weeks, so one left — now is a good time.")
    two = advise(app_([dana()], sent=date(2024, 10, 21)), OKAY,
                 [logged(FRI_8, Outcome.VOICEMAIL), logged(TUE_12, Outcome.NO_ANSWER)], THU_14)
    assert follow_ups_note(two, THU_14) == (
        "Two follow-ups logged in the last two weeks, so none left for now — that's plenty. "
        "The next can go from Friday 22 Nov.")
    closed = advise(app_([dana()], stage=Stage.CLOSED), OKAY, [], THU_14)
    assert follow_ups_note(closed, THU_14) == ""


@pytest.mark.parametrize("outcome", list(Outcome))
def test_call_log_words_stay_kind(outcome):
    from coach.advice import follow_ups_note

    for stage, contacts, today in itertools.product(
            (Stage.APPLIED, Stage.SCREENED, Stage.INTERVIEWED), EVERYONE, (TUE_12, THU_14)):
        log = [logged(MON_11, outcome, contact_id=c.id if contacts and (c := contacts[0]).id
                      else None)]
        a = advise(app_(contacts, stage=stage, sent=date(2024, 10, 28)), OKAY, log, today)
        words = f"{text(a)} {follow_ups_note(a, today)}".lower()
        assert not [w for w in UNKIND if w in words], words
        assert a.reasons and all(r[:1].isupper() for r in a.reasons)
        assert a.when.suggested.date() >= max(a.when.earliest, today)
