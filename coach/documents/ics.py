"""The follow-up as a calendar event (.ics, RFC 5545) with a reminder, for any calendar.

The advisor's slot is a local wall-clock time ("Tuesday at 9:30"), so the event uses a
floating local time (no TZID): 9:30 wherever the user's calendar is, which is what the
advice means. The UID is stable for one application and slot, so importing the same
export twice updates the event instead of adding a second one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.errors import InvalidInput
from coach.models import Application, Route, Stage

DURATION = timedelta(minutes=30)
REMINDER = timedelta(minutes=15)
PRODID = "-//Call Coach//Call Coach 0.1//EN"


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:callcoach-followup-{app.id}-{start:%Y%m%dT%H%M}@call-coach.invalid",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"DTEND:{start + DURATION:%Y%m%dT%H%M%S}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description).strip())}",
        "TRANSP:OPAQUE",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:-PT{int(REMINDER.total_seconds() // 60)}M",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    if contact is not None and contact.phone.strip() and advice.route == Route.CALL:
        lines.insert(lines.index("TRANSP:OPAQUE"), f"LOCATION:{escape_text(contact.phone)}")
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
