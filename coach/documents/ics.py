"""The follow-up as a calendar event (.ics, RFC 5545) with a reminder, for any calendar.

The advisor's slot is a local wall-clock time ("Tuesday at 9:30"), so the event uses a
floating local time (no TZID): 9:30 wherever the user's calendar is, which is what the
advice means. The UID is stable for one application and slot, so importing the same
export twice updates the event instead of adding a second one. A next step from the call
log is a day rather than a slot, so it is an all-day event with a morning reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.days import long_day
from coach.errors import InvalidInput
from coach.models import Application, CallLogEntry, Contact, Outcome, Route, Stage

DURATION = timedelta(minutes=30)
REMINDER = timedelta(minutes=15)
PRODID = "-//Call Coach//Call Coach 0.1//EN"
REMINDER_HOUR = 9  # a next step's reminder, on the morning of its day
OUTCOME_WORDS = {Outcome.REACHED: "you spoke with {who}",
                 Outcome.VOICEMAIL: "you left a voicemail for {who}",
                 Outcome.NO_ANSWER: "no one picked up", Outcome.EMAIL_SENT: "you emailed {who}",
                 Outcome.LINKEDIN_SENT: "you messaged {who} on LinkedIn"}


def follow_up_event(app: Application, advice, *, stamp: datetime | None = None) -> str:
    """The advice's suggested slot as a VCALENDAR with one VEVENT and a VALARM."""
    if app.stage in (Stage.OFFER, Stage.CLOSED):
        raise InvalidInput(f"there is no follow-up to schedule for the {app.role} application "
                           f"at {app.company} ({app.stage.value})")
    start = advice.when.suggested.replace(tzinfo=None, second=0, microsecond=0)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    contact = advice.contact
    who = " ".join(contact.name.split()) if contact and contact.name.strip() else ""
    what = f"{' '.join(app.role.split())} at {' '.join(app.company.split())}"
    summary = f"Follow up with {who} — {what}" if who else f"Follow up — {what}"
    description = [advice.headline, ""]
    if contact is not None:
        description += [f"{label}: {value.strip()}" for label, value in
                        (("Phone", contact.phone), ("Email", contact.email),
                         ("How you know each other", contact.how_we_know)) if value.strip()]
    description += ["", f"Best window: {advice.when.window}.", advice.when.note]
    if advice.route == Route.CALL:
        description.append("Have your cue cards in front of you.")
    when = [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{start + DURATION:%Y%m%dT%H%M%S}"]
    if contact is not None and contact.phone.strip() and advice.route == Route.CALL:
        when.append(f"LOCATION:{escape_text(contact.phone)}")
    return _calendar(f"callcoach-followup-{app.id}-{start:%Y%m%dT%H%M}", stamp, when, summary,
                     description, "OPAQUE", f"-PT{int(REMINDER.total_seconds() // 60)}M")


def next_step_event(app: Application, entry: CallLogEntry, contact: Contact | None = None,
                    *, stamp: datetime | None = None) -> str:
    """A logged next step as an all-day event on its date, with a reminder at 9:00 that
    morning. All-day, because the user noted a day ("they decide by the 2nd"), not a time.
    The UID is the entry's, so exporting it again after an edit moves the same event."""
    if entry.next_date is None:
        raise InvalidInput("this call log entry has no next-step date to remind you of; "
                           "add one first (`callcoach log edit ENTRY_ID --next-date D`)")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    what = f"{' '.join(app.role.split())} at {' '.join(app.company.split())}"
    step = " ".join(entry.next_step.split()).rstrip(".")
    summary = f"{step} — {what}" if step else f"Next step — {what}"
    who = " ".join(contact.name.split()) if contact and contact.name.strip() else ""
    said = OUTCOME_WORDS[entry.outcome].format(who=who or "them")
    description = [f"Noted after your follow-up on {long_day(entry.when)} {entry.when.year}: "
                   f"{said}."]
    if entry.notes.strip():
        description += ["", entry.notes.strip()]
    if contact is not None:
        description += [""] + [f"{label}: {value.strip()}" for label, value in
                               (("Phone", contact.phone), ("Email", contact.email))
                               if value.strip()]
    day = entry.next_date
    when = [f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]
    # a reminder, not a meeting: it never blocks the day; the alarm counts from the start
    # of the day, so it rings at 9:00 local time
    return _calendar(f"callcoach-next-step-{entry.id}", stamp, when, summary, description,
                     "TRANSPARENT", f"PT{REMINDER_HOUR}H")


def _calendar(uid: str, stamp: datetime, when: list[str], summary: str,
              description: list[str], transparency: str, trigger: str) -> str:
    """A VCALENDAR holding one VEVENT (`when`: its DTSTART/DTEND lines and any LOCATION)
    with a display alarm, folded and CRLF-terminated."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{uid}@call-coach.invalid",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        *when,
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description).strip())}",
        f"TRANSP:{transparency}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{trigger}",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line into lines of at most `limit` octets (RFC 5545 3.1): CRLF and
    a space before each continuation, never splitting a UTF-8 character."""
    out, current, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        # continuation lines start with a space, which counts towards their 75 octets
        if size + n > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out)
