"""The Advisor: one test per rule of issue 2, business-day arithmetic, the dict shape, and
that every sentence it shows stays kind."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.advice import Advice, add_business_days, advise, business_days_between
from coach.errors import InvalidInput
from coach.models import (
    Application,
    CallLogEntry,
    Contact,
    Outcome,
    PhoneComfort,
    Profile,
    Relationship,
    Route,
    Stage,
    Variant,
    to_dict,
)

# Monday 4 Nov 2024 … Friday 15 Nov 2024; weekdays are checked in test_calendar_anchors.
MON_4, THU_7, FRI_8, MON_11, TUE_12 = (date(2024, 11, d) for d in (4, 7, 8, 11, 12))
THU_14, FRI_15, TUE_19 = date(2024, 11, 14), date(2024, 11, 15), date(2024, 11, 19)


def dana():
    return Contact("Dana Reyes", Relationship.NETWORK, phone="555-0101", email="dana@example.org",
                   how_we_know="we met at the design meetup", id=11, application_id=1)


def sam():
    return Contact("Sam Ortiz", Relationship.ALLY, title="Receptionist", phone="555-0100",
                   id=12, application_id=1)


def priya(email="priya@acme.example"):
    return Contact("Priya Shah", Relationship.HR, title="Talent Partner", email=email,
                   id=13, application_id=1)


def maria(email=""):
    return Contact("Maria Chen", Relationship.HIRING_MANAGER, title="Design Lead", email=email,
                   id=14, application_id=1)


def app_(contacts=(), stage=Stage.APPLIED, sent=MON_4, no_calls=False, app_id=1):
    return Application("Acme", "Product Designer", sent, stage=stage, no_calls=no_calls,
                       contacts=list(contacts), id=app_id)


OKAY, GREAT = Profile(), Profile(phone_comfort=PhoneComfort.GREAT)
SO_SO = Profile(phone_comfort=PhoneComfort.SO_SO)
WRITTEN = Profile(prefers_written=True)


def entry(when, app_id=1):
    return CallLogEntry(app_id, when, Route.CALL, Outcome.VOICEMAIL)


def text(a: Advice) -> str:
    return " ".join([a.headline, *a.reasons, a.when.note])


def test_calendar_anchors():
    assert [d.weekday() for d in (MON_4, THU_7, FRI_8, MON_11, TUE_12, THU_14, FRI_15)] == [
        0, 3, 4, 0, 1, 3, 4]


# --- rule 1: call someone who will take the call ------------------------------------------


def test_rule1_network_contact_comes_first_then_an_ally():
    a = advise(app_([priya(), sam(), dana()]), OKAY, [], THU_14)
    assert (a.route, a.contact.name, a.variant) == (Route.CALL, "Dana Reyes", Variant.LIVE)
    assert "Dana Reyes" in a.headline
    assert "you met at the design meetup" in a.reasons[0]
    assert "Product Designer" in a.reasons[0] and "Acme" in a.reasons[0]

    a = advise(app_([priya(), sam()]), OKAY, [], THU_14)
    assert (a.route, a.contact.name, a.variant) == (Route.CALL, "Sam Ortiz", Variant.GATEKEEPER)
    assert "delayed or on hold" in a.reasons[0]
    assert a.confidence < advise(app_([dana()]), OKAY, [], THU_14).confidence


# --- rule 2: no cold calls to HR strangers at the résumé stage -----------------------------


def test_rule2_hr_stranger_at_resume_stage_gets_an_email_not_a_call():
    for rel in (Relationship.HR, Relationship.UNKNOWN, Relationship.HIRING_MANAGER):
        stranger = Contact("Lee Park", rel, phone="555-0199", email="lee@acme.example")
        a = advise(app_([stranger]), GREAT, [], THU_14)
        assert (a.route, a.variant, a.contact.name) == (Route.EMAIL, Variant.EMAIL, "Lee Park")
        assert "haven't met" in a.reasons[0]
        assert "stand out" not in text(a)  # the phone compliment belongs to calls only


def test_rule2_linkedin_when_nobody_has_an_email_address():
    a = advise(app_([maria(email=""), priya(email="")]), OKAY, [], THU_14)
    assert (a.route, a.variant, a.contact.name) == (Route.LINKEDIN, Variant.LINKEDIN, "Maria Chen")
    assert "LinkedIn" in a.headline and any("no email address" in r for r in a.reasons)
    # One address anywhere is enough for an email, to the person who has it.
    a = advise(app_([maria(email=""), priya()]), OKAY, [], THU_14)
    assert (a.route, a.contact.name) == (Route.EMAIL, "Priya Shah")


# --- rule 3: after an interview, a thank-you email -----------------------------------------


def test_rule3_after_an_interview_a_thank_you_email_whoever_the_contact():
    app = app_([dana(), sam(), maria(email="maria@acme.example")], stage=Stage.INTERVIEWED,
               sent=date(2024, 10, 1))
    a = advise(app, GREAT, [], THU_14)
    assert (a.route, a.variant, a.contact.name) == (Route.EMAIL, Variant.EMAIL, "Maria Chen")
    assert "thank-you" in a.headline
    assert any("after an interview" in r for r in a.reasons)
    # No waiting for a Tuesday: a thank-you goes out now (Friday stays Friday).
    assert a.when.suggested.date() == THU_14
    assert advise(app, GREAT, [], FRI_15).when.suggested.date() == FRI_15
    # ... and has no morning window to miss: at 3 pm it is still today, not 9:30 tomorrow
    afternoon = datetime.combine(THU_14, datetime.min.time()).replace(hour=15)
    assert advise(app, GREAT, [], THU_14, now=afternoon).when.suggested == afternoon
    # Even with only a network contact who would happily pick up.
    a = advise(app_([dana()], stage=Stage.INTERVIEWED, sent=date(2024, 10, 1)), GREAT, [], THU_14)
    assert a.route == Route.EMAIL


# --- rule 4: written for so-so phone comfort or a preference for writing -------------------


def test_rule4_playing_to_strengths_means_email_said_kindly():
    app = app_([dana(), sam()])
    a = advise(app, SO_SO, [], THU_14)
    b = advise(app, WRITTEN, [], THU_14)
    assert (a.route, a.contact.name, a.variant) == (Route.EMAIL, "Dana Reyes", Variant.EMAIL)
    assert a.reasons[0] == ("Writing lets you choose every word; a warm email to Dana will do "
                            "the same job.")
    # The same words whatever the reason for the preference, which is never named.
    assert a.reasons == b.reasons and a.headline == b.headline
    for word in ("condition", "speech", "stammer", "stutter", "so-so", "phone skills"):
        assert word not in text(b).lower()


# --- rule 5: someone great on the phone should use it ------------------------------------


def test_rule5_a_great_caller_hears_that_calls_stand_out():
    great = advise(app_([dana()]), GREAT, [], THU_14)
    okay = advise(app_([dana()]), OKAY, [], THU_14)
    assert great.route == okay.route == Route.CALL
    assert any("calls are rare" in r and "stand out" in r for r in great.reasons)
    assert not any("stand out" in r for r in okay.reasons)
    assert great.confidence == pytest.approx(0.9) and okay.confidence == pytest.approx(0.8)


# --- rule 6: timing ----------------------------------------------------------------------


def test_rule6_wait_five_business_days_then_a_tuesday_to_thursday_morning():
    app = app_([dana()], sent=MON_4)
    a = advise(app, OKAY, [], THU_7)  # 3 business days in
    assert a.route == Route.WAIT
    assert (a.contact.name, a.variant) == ("Dana Reyes", Variant.LIVE)  # what comes next
    assert a.when.earliest == MON_11  # 5th business day, across the weekend
    assert a.when.suggested == datetime(2024, 11, 12, 9, 30)  # Monday → the Tuesday
    assert "3 business days" in a.when.note and "5–7 business days" in a.when.note
    assert "Monday 11 Nov" in a.when.note and "call Dana Reyes" in a.headline
    assert a.when.window == "Tuesday to Thursday, 9:30–11:30"

    a = advise(app, OKAY, [], MON_11)  # exactly 5 business days: go
    assert a.route == Route.CALL and a.when.suggested == datetime(2024, 11, 12, 9, 30)
    assert advise(app, OKAY, [], THU_14).when.suggested == datetime(2024, 11, 14, 9, 30)
    assert advise(app, OKAY, [], FRI_15).when.suggested == datetime(2024, 11, 19, 9, 30)
    assert "You sent it today" in advise(app, OKAY, [], MON_4).when.note
    # Sent on a Friday: the weekend does not count.
    assert advise(app_([dana()], sent=FRI_8), OKAY, [], THU_14).when.earliest == FRI_15


# --- rule 7: at most two follow-ups in two weeks ------------------------------------------


def test_rule7_two_follow_ups_in_two_weeks_then_wait_for_the_older_to_age_out():
    log = [entry(FRI_8), entry(TUE_12),
           entry(date(2024, 10, 31)),  # 14 days before the 14th: outside the window
           entry(THU_7, app_id=2)]  # another application
    a = advise(app_([dana()], sent=date(2024, 10, 21)), OKAY, log, THU_14)
    assert a.route == Route.WAIT and (a.attempts_used, a.attempts_left) == (2, 0)
    assert a.when.earliest == date(2024, 11, 22)  # Fri 8 Nov + 14 days
    assert a.when.suggested == datetime(2024, 11, 26, 9, 30)
    assert "twice in the last two weeks" in a.reasons[0] and "Friday 22 Nov" in a.when.note
    assert a.variant == Variant.LIVE and a.contact.name == "Dana Reyes"
    # The day the older one ages out, the user may go again.
    b = advise(app_([dana()], sent=date(2024, 10, 21)), OKAY, log, date(2024, 11, 22))
    assert b.route == Route.CALL and (b.attempts_used, b.attempts_left) == (1, 1)
    assert any("second follow-up" in r for r in b.reasons)


# --- rule 8: "no calls" in the posting ---------------------------------------------------


def test_rule8_no_calls_in_the_posting_is_respected():
    for contacts, profile in itertools.product(
            ([dana()], [sam()], [priya()], []), (GREAT, OKAY, SO_SO)):
        for stage in (Stage.APPLIED, Stage.SCREENED):
            a = advise(app_(contacts, stage=stage, no_calls=True), profile, [], THU_14)
            assert a.route != Route.CALL and not a.variant.spoken
    a = advise(app_([dana()], no_calls=True), GREAT, [], THU_14)
    assert (a.route, a.contact.name) == (Route.EMAIL, "Dana Reyes")
    assert "asks for no calls" in a.reasons[0]


# --- rule 9: offer, closed, screened ------------------------------------------------------


def test_rule9_offer_and_closed_need_no_follow_up():
    offer = advise(app_([priya()], stage=Stage.OFFER), GREAT, [], THU_14)
    closed = advise(app_([priya()], stage=Stage.CLOSED), GREAT, [], THU_14)
    for a in (offer, closed):
        assert (a.route, a.contact) == (Route.WAIT, None) and a.when.note == "No follow-up needed."
    assert "offer" in offer.headline and "channel they used" in offer.reasons[0]
    assert "thank-you note" in closed.reasons[0]


def test_rule9_after_a_screen_the_recruiter_is_no_stranger():
    a = advise(app_([priya(), maria()], stage=Stage.SCREENED), OKAY, [], THU_14)
    assert (a.route, a.contact.name, a.variant) == (Route.CALL, "Priya Shah", Variant.HR)
    assert "screening call" in a.reasons[0]
    # A network contact still comes first; a hiring manager you have not met gets a note.
    assert advise(app_([priya(), dana()], stage=Stage.SCREENED), OKAY, [], THU_14).variant \
        == Variant.LIVE
    a = advise(app_([maria("maria@acme.example")], stage=Stage.SCREENED), OKAY, [], THU_14)
    assert (a.route, a.contact.name) == (Route.EMAIL, "Maria Chen")
    # At the résumé stage the same recruiter is still a stranger.
    assert advise(app_([priya()]), OKAY, [], THU_14).route == Route.EMAIL


# --- rule 10: nobody named yet -----------------------------------------------------------


def test_rule10_no_contacts_call_the_main_line_or_write():
    a = advise(app_([]), OKAY, [], THU_14)
    assert (a.route, a.contact, a.variant) == (Route.CALL, None, Variant.GATEKEEPER)
    assert "main line" in a.headline and "receptionist" in a.headline
    assert any("someone you know at Acme" in r for r in a.reasons)
    assert a.confidence == pytest.approx(0.6)

    a = advise(app_([]), SO_SO, [], THU_14)
    assert (a.route, a.contact, a.variant) == (Route.EMAIL, None, Variant.EMAIL)
    assert "hiring team" in a.headline
    assert any("someone you know at Acme" in r for r in a.reasons)


# --- everything else ---------------------------------------------------------------------


def test_day_names_read_the_same_on_every_screen():
    from coach.days import full_day, long_day, short_day, time_of_day

    thu = datetime(2026, 12, 3, 9, 30)
    assert full_day(thu) == "Thursday 3 December"  # no "03", as the app and the scripts
    assert full_day(thu.date(), year=True) == "Thursday 3 December 2026"
    assert short_day(thu) == "Thu 3 Dec" and long_day(thu) == "Thursday 3 Dec"
    assert time_of_day(thu) == "9:30"  # as the window "9:30–11:30"


def test_business_days_across_weekends():
    assert business_days_between(FRI_8, MON_11) == 1
    assert business_days_between(MON_4, MON_11) == 5
    assert business_days_between(date(2024, 11, 9), date(2024, 11, 10)) == 0  # Sat → Sun
    assert business_days_between(MON_11, FRI_8) == -1
    assert business_days_between(THU_7, THU_7) == 0
    assert add_business_days(MON_4, 5) == MON_11
    assert add_business_days(THU_7, 2) == MON_11
    assert add_business_days(date(2024, 11, 9), 1) == MON_11  # from a Saturday
    assert add_business_days(MON_11, -1) == FRI_8
    assert add_business_days(THU_7, 0) == THU_7


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400))
def test_business_day_helpers_agree(d, n):
    later = add_business_days(d, n)
    assert business_days_between(d, later) == n
    assert n == 0 or later.weekday() < 5
    brute = sum((d + timedelta(i)).weekday() < 5 for i in range(1, (later - d).days + 1))
    assert brute == n


def test_to_dict_shape():
    a = advise(app_([dana()]), GREAT, [entry(TUE_12)], THU_14)
    d = a.to_dict()
    assert set(d) == {"route", "contact", "variant", "headline", "reasons", "when",
                      "confidence", "attempts_used", "attempts_left"}
    assert d["route"] == "call" and d["variant"] == "live"
    assert d["contact"] == to_dict(dana())
    assert d["when"] == {"earliest": "2024-11-11", "suggested": "2024-11-14T09:30:00",
                         "window": "Tuesday to Thursday, 9:30–11:30", "note": a.when.note}
    assert d["reasons"] == a.reasons and d["confidence"] == pytest.approx(0.9)
    assert (d["attempts_used"], d["attempts_left"]) == (1, 1)
    assert json.loads(json.dumps(d)) == d
    assert advise(app_([]), SO_SO, [], THU_14).to_dict()["contact"] is None


def test_a_future_send_date_is_a_clear_input_error():
    with pytest.raises(InvalidInput, match="after today"):
        advise(app_([dana()], sent=FRI_15), OKAY, [], THU_14)


# The user reads these while nervous; none of it may sound like a verdict on them.
UNKIND = ("fail", "bad", "can't", "cannot", "poor", "weak", "wrong", "mistake", "should have",
          "unfortunately", "condition", "struggle", "nervous", "anxious", "awkward")
EVERYONE = [[], [dana()], [sam()], [priya()], [priya("")], [maria()], [dana(), maria()],
            [Contact("", Relationship.ALLY)], [Contact("Jo Kim", Relationship.UNKNOWN,
                                                       referred_by="Ana")]]


@pytest.mark.parametrize("stage", list(Stage))
def test_every_sentence_stays_kind(stage):
    for contacts, profile, no_calls, log, today in itertools.product(
            EVERYONE, (GREAT, OKAY, SO_SO, WRITTEN), (False, True),
            ([], [entry(TUE_12)], [entry(FRI_8), entry(TUE_12)]), (THU_7, THU_14)):
        a = advise(app_(contacts, stage=stage, no_calls=no_calls), profile, log, today)
        words = text(a).lower()
        assert not [w for w in UNKIND if w in words], words
        assert a.headline and a.reasons and all(r[:1].isupper() for r in a.reasons)
        assert 0 < a.confidence <= 1
        assert a.when.suggested.date() >= max(a.when.earliest, today)
        assert a.attempts_used + a.attempts_left == 2 or a.attempts_left == 0
        if a.route == Route.CALL:
            assert not no_calls and stage in (Stage.APPLIED, Stage.SCREENED)


def test_suggested_slot_moves_on_when_todays_window_has_passed():
    from datetime import datetime

    from coach.advice import advise
    from coach.models import Application, Contact, Profile, Relationship

    app = Application("Acme", "Analyst", date(2026, 11, 16),
                      contacts=[Contact("Dana Reyes", Relationship.NETWORK)], id=1)
    wed = date(2026, 11, 25)
    morning = advise(app, Profile(), [], wed, now=datetime(2026, 11, 25, 9, 0))
    assert morning.when.suggested == datetime(2026, 11, 25, 9, 30)
    evening = advise(app, Profile(), [], wed, now=datetime(2026, 11, 25, 18, 0))
    assert evening.when.suggested == datetime(2026, 11, 26, 9, 30)
    thursday_evening = advise(app, Profile(), [], date(2026, 11, 26),
                              now=datetime(2026, 11, 26, 12, 0))
    assert thursday_evening.when.suggested == datetime(2026, 12, 1, 9, 30)  # next Tuesday


def test_a_next_date_from_the_call_log_sets_the_earliest_follow_up():
    from coach.advice import advise
    from coach.models import (
        Application,
        CallLogEntry,
        Contact,
        Outcome,
        Profile,
        Relationship,
        Route,
    )

    app = Application("Acme", "Analyst", date(2026, 11, 2),
                      contacts=[Contact("Dana Reyes", Relationship.NETWORK)], id=1)
    told = CallLogEntry(1, date(2026, 11, 23), Route.CALL, Outcome.REACHED,
                        next_step="they decide by then", next_date=date(2026, 12, 2))
    adv = advise(app, Profile(), [told], date(2026, 11, 25))
    assert adv.route == Route.WAIT and adv.when.earliest == date(2026, 12, 2)
    assert "they decide by then" in adv.reasons[0]
    after = advise(app, Profile(), [told], date(2026, 12, 3))
    assert after.route == Route.CALL
