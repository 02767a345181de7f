"""The call log as the advisor reads it: which attempts count, how long the last one asks
you to wait before the next, and the kind words for both.

How long to wait after an attempt depends on what happened. Nobody picked up: the next
business day is fine, since they never heard from you. A voicemail, email or message:
two business days gives them a fair chance to reply before you try again. You spoke:
about a week (five business days) before checking in, unless they gave you a date — that
date, logged as the next step, is handled by the advisor and beats these rules of thumb.

Only models are imported here (the advisor imports this module), and the advisor passes
in days already written out, so the words match the rest of its card.
"""

from __future__ import annotations

from datetime import date

from coach.models import Application, CallLogEntry, Contact, Outcome, Route

MAX_ATTEMPTS, ATTEMPT_DAYS = 2, 14  # at most two follow-ups in any 14 days
REPLY_DAYS = {Outcome.NO_ANSWER: 1, Outcome.VOICEMAIL: 2, Outcome.EMAIL_SENT: 2,
              Outcome.LINKEDIN_SENT: 2, Outcome.REACHED: 5}
AFTER_THANKS_DAYS = 5  # after an interview's thank-you, a week before a check-in
COUNT = ("no", "one", "two", "three")
# What can happen on each route; "reached" on a written route means they replied.
OUTCOMES_FOR = {
    Route.CALL: (Outcome.REACHED, Outcome.VOICEMAIL, Outcome.NO_ANSWER),
    Route.EMAIL: (Outcome.EMAIL_SENT, Outcome.REACHED),
    Route.LINKEDIN: (Outcome.LINKEDIN_SENT, Outcome.REACHED),
}
ROUTE_LABELS = {Route.CALL: "Call", Route.EMAIL: "Email", Route.LINKEDIN: "LinkedIn message"}
OUTCOME_LABELS = {Outcome.REACHED: "Spoke with them", Outcome.VOICEMAIL: "Left a voicemail",
                  Outcome.NO_ANSWER: "No answer", Outcome.EMAIL_SENT: "Email sent",
                  Outcome.LINKEDIN_SENT: "Message sent"}


def outcome_label(route: Route, outcome: Outcome) -> str:
    """The words for what happened, as the user would say it."""
    if outcome == Outcome.REACHED and route != Route.CALL:
        return "They replied"
    return OUTCOME_LABELS[outcome]


def _count(n: int) -> str:
    return COUNT[n] if 0 <= n < len(COUNT) else str(n)


def own(call_log: list[CallLogEntry], app: Application, today: date) -> list[CallLogEntry]:
    """The application's attempts up to today, oldest first. An application not saved yet
    (id None) counts every entry as its own; a date after today is a typo, not an attempt."""
    mine = [e for e in call_log if (app.id is None or e.application_id == app.id)
            and e.when <= today]
    return sorted(mine, key=lambda e: (e.when, e.id or 0))


def recent(entries: list[CallLogEntry], today: date) -> list[CallLogEntry]:
    """Those inside the two-week window that MAX_ATTEMPTS counts."""
    return [e for e in entries if (today - e.when).days < ATTEMPT_DAYS]


def contact_of(app: Application, entry: CallLogEntry) -> Contact | None:
    return next((c for c in app.contacts if c.id is not None and c.id == entry.contact_id),
                None)


def _them(app: Application, entry: CallLogEntry) -> str:
    c = contact_of(app, entry)
    return c.name.split()[0] if c is not None and c.name.strip() else ""


def waiting_reason(app: Application, entry: CallLogEntry, on: str, until: str) -> str:
    """Why the next try waits for `until`, after `entry` on day `on`."""
    who = _them(app, entry)
    if entry.outcome == Outcome.NO_ANSWER:
        return (f"No one picked up on {on}, so they haven't heard from you yet. Try again from "
                f"{until} — another time of the morning often finds them at their desk.")
    if entry.outcome == Outcome.REACHED:
        return (f"You spoke with {who or 'them'} on {on}. Giving it about a week, until "
                f"{until}, lets things move along before you check in again.")
    what = {Outcome.VOICEMAIL: f"You left {who or 'them'} a voicemail",
            Outcome.EMAIL_SENT: f"You emailed {who or app.company}",
            Outcome.LINKEDIN_SENT: f"You messaged {who or 'them'} on LinkedIn"}[entry.outcome]
    return (f"{what} on {on}. Giving them until {until} to reply is fair — people often "
            f"answer within a couple of days.")


def thanked_reason(on: str, until: str) -> str:
    return (f"You followed up on {on}, so your thanks are with them. Give them until {until} "
            f"before a short check-in — hiring decisions often take a week or two.")


def follow_ups_note(used: int, left: int, next_day: str | None) -> str:
    """How many follow-ups are left in the two-week window, and when the next may go
    (`next_day` None: now is a good time)."""
    when = f"the next can go from {next_day}" if next_day else "now is a good time"
    if used == 0:
        return (f"No follow-ups logged in the last two weeks, so you have {_count(left)} left. "
                f"Two in two weeks shows you're keen without crowding them.")
    logged = f"{_count(used).capitalize()} follow-up{'s' if used > 1 else ''} logged in the " \
             f"last two weeks"
    if left == 0:
        return f"{logged}, so none left for now — that's plenty. {when[:1].upper()}{when[1:]}."
    return f"{logged}, so {_count(left)} left — {when}."
