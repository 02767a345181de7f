"""The Advisor: call, email, LinkedIn message or wait — whom, when and why, in kind words.

Rules, in order. Offer or closed: wait, nothing to chase. Interviewed: a thank-you email
(hiring managers dislike calls after an interview), to the hiring manager first. "No calls"
in the posting, so-so phone comfort or a preference for writing: written. Otherwise call
someone who will take the call: a network contact, then an ally (receptionist, assistant);
at the screened stage also the recruiter who screened you (no longer a stranger); with no
contacts at all, the main line's receptionist. Otherwise (only strangers): written, since
cold calls to strangers rarely help. Written = email to the best contact with an address
(network, hiring manager, HR, ally, unknown), else LinkedIn. Timing: 5–7 business days
after the résumé (before the 5th: wait), then the next Tue–Thu 9:30 slot; at most two
follow-ups in 14 days (with two logged, wait until the older is 14 days old); after a logged
attempt, a pause that fits its outcome (coach.attempts); after an interview, once a follow-up
is logged the thank-you is done, and the next step is a short check-in a week later.

Confidence, simple enough to explain: calls — network 0.8, ally or the recruiter who
screened you 0.7, the main line 0.6, +0.1 for someone great on the phone; written —
thank-you 0.9, network 0.8, anyone else 0.7, nobody named 0.5, LinkedIn -0.1; wait 0.9.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach import attempts
from coach.attempts import ATTEMPT_DAYS, MAX_ATTEMPTS
from coach.days import add_business_days as add_business_days
from coach.days import business_days_between as business_days_between
from coach.days import long_day as _day
from coach.days import next_slot as _next_slot
from coach.days import on_or_after as _on_or_after
from coach.errors import InvalidInput
from coach.models import (
    Application,
    CallLogEntry,
    Contact,
    PhoneComfort,
    Profile,
    Route,
    Stage,
    Variant,
    to_dict,
)
from coach.models import Relationship as Rel

WINDOW = "Tuesday to Thursday, 9:30–11:30"
THANKS_WINDOW = "as soon as you can, ideally within a day of the interview"
FIRST_DAY, LAST_DAY = 5, 7  # business days after sending: the usual follow-up window
SLOT_DAYS = (1, 2, 3)  # Tue, Wed, Thu: Mondays are busy and Fridays wind down
NOTHING_TO_DO = "No follow-up needed."  # the note of an offer or a closed application

# Whom to call, best first; after a screen the recruiter who screened you is no stranger.
CALL_ORDER = {Stage.APPLIED: (Rel.NETWORK, Rel.ALLY),
              Stage.SCREENED: (Rel.NETWORK, Rel.ALLY, Rel.HR)}
WRITE_ORDER = (Rel.NETWORK, Rel.HIRING_MANAGER, Rel.HR, Rel.ALLY, Rel.UNKNOWN)
THANKS_ORDER = (Rel.HIRING_MANAGER, Rel.HR, Rel.NETWORK, Rel.ALLY, Rel.UNKNOWN)
CALL_VARIANT = {Rel.NETWORK: Variant.LIVE, Rel.ALLY: Variant.GATEKEEPER, Rel.HR: Variant.HR,
                Rel.HIRING_MANAGER: Variant.HIRING_MANAGER}
CALL_CONFIDENCE = {Rel.NETWORK: 0.8, Rel.ALLY: 0.7, Rel.HR: 0.7}
NO_NAME = {Rel.NETWORK: "your contact", Rel.ALLY: "the receptionist",
           Rel.HIRING_MANAGER: "the hiring manager", Rel.HR: "the recruiter",
           Rel.UNKNOWN: "your contact"}


@dataclass
class Timing:
    earliest: date
    suggested: datetime  # naive local time
    window: str
    note: str


@dataclass
class Advice:
    route: Route
    contact: Contact | None
    variant: Variant
    headline: str
    reasons: list[str]
    when: Timing
    confidence: float
    attempts_used: int
    attempts_left: int

    def to_dict(self) -> dict:
        """JSON-ready: enums as values, dates and the suggested slot as ISO strings."""
        return to_dict(self)


@dataclass
class _Plan:
    """What to do once it is time; `action` finishes "Give Acme until Thu 14 Nov, then …"."""

    route: Route
    contact: Contact | None
    variant: Variant
    headline: str
    action: str
    reasons: list[str]
    confidence: float
    medium: str = ""  # "a warm email to Dana", for the "plays to your strengths" reason


# --- words --------------------------------------------------------------------------------


def _name(c: Contact | None) -> str:
    return (c.name.strip() or NO_NAME[c.relationship]) if c else ""


def _first(c: Contact | None) -> str:
    return (c.name.split()[0] if c.name.strip() else NO_NAME[c.relationship]) if c else ""


def _how(c: Contact | None) -> str:
    """' (you worked together at Acme)' from 'we worked together at Acme'."""
    how = c.how_we_know.strip().rstrip(".") if c else ""
    if how.lower().startswith("we "):
        how = "you " + how[3:]
    return f" ({how})" if how else ""


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _pick(contacts: list[Contact], order, need_email: bool = False) -> Contact | None:
    for rel in order:
        for c in contacts:
            if c.relationship == rel and (c.email.strip() or not need_email):
                return c
    return None


# --- the plan -----------------------------------------------------------------------------
# Words keyed by the contact's relationship (None: nobody named); filled in by _words().

CALL_WORDS = {
    Rel.NETWORK: ("Call {name} — they know you, so they'll likely take your call.",
                  "{first} already knows you{how}, so they're likely to pick up — and they can "
                  "tell you whether the {role} search at {co} is still open, or if something "
                  "is holding it up."),
    Rel.ALLY: ("Call {name} at {co} — they'll take your call and know what's going on.",
               "{first} takes calls all day and usually knows what's happening at {co} — "
               "whether the {role} role is moving, delayed or on hold — so it's a friendly, "
               "low-pressure call."),
    Rel.HR: ("Call {name} — you've already spoken, so a quick call is welcome.",
             "{first} spoke with you in the screening call, so you're not a stranger any more "
             "— a short call to ask about next steps for the {role} role is reasonable."),
    None: ("Call {co}'s main line and ask the receptionist how the {role} search is going.",
           "Receptionists take calls all day and often know what's going on — whether the "
           "{role} role is still open, or on hold."),
}
WRITE_WORDS = {
    Rel.NETWORK: "{first} already knows you{how}, so your note will be read with goodwill — "
                 "and they can tell you whether the {role} search is still open.",
    Rel.HIRING_MANAGER: "{first} is the person deciding on the {role} role; a short, specific "
                        "note lets them reply when they have a moment.",
    Rel.HR: "{first} can answer a short, friendly note whenever they have a moment, and it "
            "keeps your name in front of them.",
    Rel.ALLY: "{first} sees what goes on at {co} and can pass your note to the right person.",
    Rel.UNKNOWN: "A short, friendly note introduces you to {first} without putting them on "
                 "the spot.",
    None: "There's no one named at {co} yet, so write to the address in the posting and "
          "mention the {role} role by name.",
}
FIND_NETWORK = ("Meanwhile, look for someone you know at {co} — a mutual connection on LinkedIn "
                "is the warmest way in.")
SETTLED = {
    Stage.OFFER: ("Congratulations on the offer — there's nothing to chase.",
                  "Reply to {co} through the channel they used for the offer, and take the time "
                  "you need to decide."),
    Stage.CLOSED: ("No follow-up needed for this one.",
                   "The {role} application is closed, so there's nothing to follow up. If you "
                   "spoke with anyone at {co}, a short thank-you note keeps the door open for "
                   "the next opening."),
}
COLD_CALL = {
    Rel.HR: "HR teams field a lot of calls from people they haven't met, so a call at this "
            "stage rarely moves things along — a note lands better.",
    None: "A call out of the blue to someone you haven't met rarely moves things along at "
          "this stage — a note lands better.",
}


def _words(text: str, app: Application, c: Contact | None) -> str:
    return _cap(text.format(name=_name(c), first=_first(c), how=_how(c), role=app.role,
                            co=app.company))


def _referral(c: Contact | None) -> list[str]:
    ref = c.referred_by.strip() if c else ""
    return [f"Mention that {ref} suggested you get in touch — it gives {_first(c)} a reason to "
            f"make time for you."] if ref else []


def _call(app: Application, c: Contact | None, profile: Profile) -> _Plan:
    rel = c.relationship if c else None
    headline, reason = (_words(t, app, c) for t in CALL_WORDS[rel])
    reasons = [reason, *_referral(c)] + ([] if c else [_words(FIND_NETWORK, app, c)])
    action = f"call {_name(c)}" if c else "call the main line and ask the receptionist"
    conf = CALL_CONFIDENCE[rel] if c else 0.6
    if profile.phone_comfort == PhoneComfort.GREAT:
        reasons.append("You're great on the phone, and calls are rare these days — yours will "
                       "stand out.")
        conf += 0.1
    variant = CALL_VARIANT[rel] if c else Variant.GATEKEEPER
    return _Plan(Route.CALL, c, variant, headline, action, reasons, conf)


def _written(app: Application) -> _Plan:
    """An email to the best contact with an address, else LinkedIn, else the hiring team."""
    c = _pick(app.contacts, WRITE_ORDER, need_email=True)
    linkedin = c is None and bool(app.contacts)
    c = c or _pick(app.contacts, WRITE_ORDER)
    rel, name, first = (c.relationship if c else None), _name(c), _first(c)
    reasons = [_words(WRITE_WORDS[rel], app, c), *_referral(c)]
    conf = 0.5 if c is None else 0.8 if rel == Rel.NETWORK else 0.7
    if linkedin:
        reasons.append(f"There's no email address for anyone at {app.company} yet, and LinkedIn "
                       f"is the easiest way to reach {first}.")
        return _Plan(Route.LINKEDIN, c, Variant.LINKEDIN, f"Send {name} a short message on "
                     f"LinkedIn.", f"message {name} on LinkedIn", reasons, conf - 0.1,
                     f"a friendly LinkedIn message to {first}")
    if c is None:
        reasons.append(_words(FIND_NETWORK, app, c))
        return _Plan(Route.EMAIL, None, Variant.EMAIL, f"Email the hiring team at {app.company} "
                     f"about the {app.role} role.", f"email the hiring team at {app.company}",
                     reasons, conf, "a warm email to the hiring team")
    return _Plan(Route.EMAIL, c, Variant.EMAIL, f"Send {name} a short, friendly email.",
                 f"email {name}", reasons, conf, f"a warm email to {first}")


def _thank_you(app: Application) -> _Plan:
    c = _pick(app.contacts, THANKS_ORDER)
    who = _first(c) or "them"
    reasons = ["Hiring managers generally prefer not to get calls after an interview, while a "
               "thank-you email is welcome and expected.",
               f"Thank {who} for their time, mention one thing from the conversation that stuck "
               f"with you, and say you're keen on the {app.role} role."]
    if c is not None and not c.email.strip():
        reasons.append(f"If you don't have {who}'s address yet, the person who set up the "
                       f"interview can pass it on.")
    to = _name(c) or "the people who interviewed you"
    return _Plan(Route.EMAIL, c, Variant.EMAIL, _cap(f"Send a thank-you email to {to}."),
                 f"send a thank-you email to {to}", reasons, 0.9)


def _check_in(app: Application) -> _Plan:
    """After the thank-you: one short email asking how things stand, to the interviewer."""
    c = _pick(app.contacts, THANKS_ORDER)
    to = _name(c) or "the people who interviewed you"
    reasons = [f"A short, friendly note asking about next steps for the {app.role} role keeps "
               f"you in mind without pressing — and email is easy to answer between meetings."]
    return _Plan(Route.EMAIL, c, Variant.EMAIL, _cap(f"Send {to} a short note to ask about "
                 f"next steps."), f"send {to} a short note about next steps", reasons, 0.8)


def _plan(app: Application, profile: Profile, thanked: bool = False) -> _Plan:
    if app.stage == Stage.INTERVIEWED:
        return _check_in(app) if thanked else _thank_you(app)
    writes = profile.prefers_written or profile.phone_comfort == PhoneComfort.SO_SO
    caller = _pick(app.contacts, CALL_ORDER[app.stage])
    if not (app.no_calls or writes) and (caller is not None or not app.contacts):
        return _call(app, caller, profile)
    plan = _written(app)
    first = []
    if app.no_calls:
        first.append(f"The {app.role} posting asks for no calls, so let's respect that — a "
                     f"written note keeps you on good terms with {app.company}.")
    if writes:  # plays to a strength: never a verdict, never a named reason for the preference
        first.append(f"Writing lets you choose every word; {plan.medium} will do the same job.")
    if not first:  # only strangers to call
        first.append(COLD_CALL.get(plan.contact.relationship, COLD_CALL[None]))
    plan.reasons = first + plan.reasons
    return plan


# --- the advice ---------------------------------------------------------------------------


def advise(app: Application, profile: Profile, call_log: list[CallLogEntry],
           today: date, *, now: datetime | None = None) -> Advice:
    """Advice for `app` as of `today`. `call_log` may hold other applications' entries; an
    application not saved yet (id None) counts every entry as its own. With `now`, a slot
    whose window has already passed today moves to the next good day."""
    def _slot(d: date, weekdays) -> datetime:
        return _next_slot(d, weekdays, now)

    if app.date_sent > today:
        raise InvalidInput(f"The résumé date for {app.company} ({app.date_sent.isoformat()}) is "
                           f"after today; please check it.")
    mine = attempts.own(call_log, app, today)
    recent = [e.when for e in attempts.recent(mine, today)]
    used, left = len(recent), max(0, MAX_ATTEMPTS - len(recent))
    last = mine[-1] if recent else None  # an attempt older than two weeks asks no pause

    if app.stage in SETTLED:
        headline, reason = (_words(t, app, None) for t in SETTLED[app.stage])
        when = Timing(today, _slot(today, SLOT_DAYS), WINDOW, NOTHING_TO_DO)
        return Advice(Route.WAIT, None, Variant.EMAIL, headline, [reason], when, 0.9, used, left)

    thanked = app.stage == Stage.INTERVIEWED and last is not None
    plan = _plan(app, profile, thanked)
    if thanked:
        earliest = add_business_days(last.when, attempts.AFTER_THANKS_DAYS)
        note = f"Your check-in can go from {_day(earliest)}."
    elif app.stage == Stage.INTERVIEWED:
        earliest, note = today, "Send it today if you can; thank-yous land best within a day."
    else:
        earliest = add_business_days(app.date_sent, FIRST_DAY)
        note = _sent_note(business_days_between(app.date_sent, today), earliest)
    wait = None
    # What they told you on the last call ("we decide by the 22nd") beats the rules of thumb.
    promised = [e for e in call_log if (app.id is None or e.application_id == app.id)
                and e.next_date is not None and e.next_date > today]
    pause = add_business_days(last.when, attempts.REPLY_DAYS[last.outcome]) if last else today
    if used < MAX_ATTEMPTS and promised and app.stage != Stage.INTERVIEWED:
        last = max(promised, key=lambda e: (e.when, e.next_date))
        earliest = max(earliest, _on_or_after(last.next_date, range(5)))
        step = f" ({last.next_step.rstrip('.')})" if last.next_step else ""
        wait = (f"On {_day(last.when)} you noted the next step for {_day(last.next_date)}"
                f"{step}. Following up after that shows you listened.")
        note = f"Your next follow-up can go from {_day(earliest)}."
        headline = f"Give {app.company} until {_day(earliest)}, "
    elif used >= MAX_ATTEMPTS:
        earliest = max(earliest, _on_or_after(recent[0] + timedelta(ATTEMPT_DAYS), range(5)))
        wait = (f"You've already followed up twice in the last two weeks ({_day(recent[0])} and "
                f"{_day(recent[1])}). Two in two weeks shows you're keen without crowding them.")
        note = (f"The next follow-up can go from {_day(earliest)}, when the first of those is "
                f"two weeks old.")
        headline = f"You've done your part for now — give {app.company} until {_day(earliest)}, "
    elif thanked and earliest > today:
        wait = attempts.thanked_reason(_day(last.when), _day(earliest))
        headline = f"Give {app.company} until {_day(earliest)}, "
    elif pause > today and not thanked:
        earliest = max(earliest, pause)
        wait = attempts.waiting_reason(app, last, _day(last.when), _day(earliest))
        note = f"Your next follow-up can go from {_day(earliest)}."
        headline = f"Give {app.company} until {_day(earliest)}, "
    elif earliest > today:
        wait = (f"Hiring teams usually need {FIRST_DAY}–{LAST_DAY} business days to look at "
                f"applications, so a little patience now makes your follow-up more welcome.")
        headline = f"Give {app.company} until {_day(earliest)}, "

    if wait is not None:
        when = Timing(earliest, _slot(max(earliest, today), SLOT_DAYS), WINDOW, note)
        return Advice(Route.WAIT, plan.contact, plan.variant, f"{headline}then {plan.action}.",
                      [wait, *plan.reasons], when, 0.9, used, left)
    if app.stage == Stage.INTERVIEWED and not thanked:  # a thank-you: the next business day
        # "As soon as you can" has no morning window to miss: on a weekday it is now, not
        # tomorrow at 9:30 (which read against "Send it today if you can").
        soon = now if now is not None and now.date() == today and today.weekday() < 5 else None
        when = Timing(earliest, soon or _next_slot(today, range(5), None), THANKS_WINDOW, note)
    else:
        when = Timing(earliest, _slot(max(earliest, today), SLOT_DAYS), WINDOW, note)
    if used == MAX_ATTEMPTS - 1:
        plan.reasons.append(f"This will be your second follow-up in two weeks; after it, give "
                            f"{app.company} some room to reply.")
    return Advice(plan.route, plan.contact, plan.variant, plan.headline, plan.reasons, when,
                  round(plan.confidence, 2), used, left)


def follow_ups_note(advice: Advice, today: date) -> str:
    """How many follow-ups are left and when the next may go, in the advisor's words (the
    app's card and list); empty when there is nothing to follow up."""
    if advice.when.note == NOTHING_TO_DO:
        return ""
    next_day = _day(advice.when.earliest) if advice.when.earliest > today else None
    return attempts.follow_ups_note(advice.attempts_used, advice.attempts_left, next_day)


def _sent_note(sent: int, earliest: date) -> str:
    days = f"{sent} business day{'' if sent == 1 else 's'}"
    if sent < FIRST_DAY:
        since = "You sent it today" if sent == 0 else f"It's been {days} since you sent it"
        return f"{since}; give them until {_day(earliest)} ({FIRST_DAY}–{LAST_DAY} business days)."
    if sent <= LAST_DAY:
        return (f"It's been {days} since you sent it — right in the {FIRST_DAY}–{LAST_DAY} "
                f"business day window, so now is a good time.")
    return (f"It's been {days} since you sent it ({FIRST_DAY}–{LAST_DAY} is typical), so a "
            f"friendly check-in is well timed.")
