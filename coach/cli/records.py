"""`callcoach profile | apps | contacts`: what the user tells us, kept in the store (the
call log, `callcoach log`, lives in coach/cli/calllog.py)."""

from __future__ import annotations

import argparse
from datetime import date

from coach.errors import InvalidInput
from coach.models import (
    Application,
    Contact,
    PhoneComfort,
    Relationship,
    Stage,
    to_dict,
)

MAX_FIELD = 10_000  # generous, but a pasted novel in a "company" field is a mistake


def register(sub) -> None:
    from coach.cli import add_json, record_id
    from coach.cli.imports import apps_import

    # profile
    p = sub.add_parser("profile", help="your name, phone and how you feel about calls")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = psub.add_parser("set", help="set profile fields (others are kept)")
    s.add_argument("--name")
    s.add_argument("--phone")
    s.add_argument("--phone-comfort", choices=[c.value for c in PhoneComfort])
    s.add_argument("--prefers-written", action=argparse.BooleanOptionalAction, default=None,
                   help="you would rather write than call (for any reason)")
    s.add_argument("--rate", type=int, metavar="WPM", help="your speaking rate, words/minute")
    s.add_argument("--pitch", help='one line on what you bring, e.g. "I turn messy data into '
                   'decisions"; used as the script\'s value line')
    add_json(s)
    s.set_defaults(handler=profile_set)
    s = psub.add_parser("show", help="show the profile")
    add_json(s)
    s.set_defaults(handler=profile_show)

    # applications
    a = sub.add_parser("apps", help="job applications")
    asub = a.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = asub.add_parser("add", help="add an application")
    s.add_argument("--company", required=True)
    s.add_argument("--role", required=True)
    s.add_argument("--sent", required=True, metavar="YYYY-MM-DD", help="when the résumé went out")
    s.add_argument("--stage", choices=[x.value for x in Stage], default=Stage.APPLIED.value)
    s.add_argument("--no-calls", action="store_true", help='the posting says "no calls"')
    s.add_argument("--notes", default="")
    add_json(s)
    s.set_defaults(handler=apps_add)
    s = asub.add_parser("import", help="add applications (with contacts) from JSON")
    s.add_argument("file", metavar="FILE", help="a JSON object or list of them, or - for stdin")
    add_json(s)
    s.set_defaults(handler=apps_import)
    s = asub.add_parser("list", help="list applications")
    s.add_argument("--search", default="", help="only those whose company, role or notes match")
    add_json(s)
    s.set_defaults(handler=apps_list)
    s = asub.add_parser("show", help="show one application with its contacts")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    add_json(s)
    s.set_defaults(handler=apps_show)
    s = asub.add_parser("edit", help="change fields of an application")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    s.add_argument("--company")
    s.add_argument("--role")
    s.add_argument("--sent", metavar="YYYY-MM-DD")
    s.add_argument("--stage", choices=[x.value for x in Stage])
    s.add_argument("--no-calls", action=argparse.BooleanOptionalAction, default=None)
    s.add_argument("--notes")
    add_json(s)
    s.set_defaults(handler=apps_edit)
    s = asub.add_parser("delete", help="delete an application and everything attached to it")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    add_json(s)
    s.set_defaults(handler=apps_delete)

    # contacts
    c = sub.add_parser("contacts", help="people at the company")
    csub = c.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = csub.add_parser("add", help="add a contact to an application")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    s.add_argument("--name", required=True)
    s.add_argument("--relationship", required=True, choices=[r.value for r in Relationship])
    s.add_argument("--title", default="")
    s.add_argument("--phone", default="")
    s.add_argument("--email", default="")
    s.add_argument("--how", default="", help="how you know each other")
    s.add_argument("--referred-by", default="")
    add_json(s)
    s.set_defaults(handler=contacts_add)
    s = csub.add_parser("list", help="list an application's contacts")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    add_json(s)
    s.set_defaults(handler=contacts_list)
    s = csub.add_parser("delete", help="delete a contact")
    s.add_argument("contact_id", type=record_id, metavar="CONTACT_ID")
    add_json(s)
    s.set_defaults(handler=contacts_delete)

    from coach.cli import calllog

    calllog.register(sub)  # the call log has its own module: coach/cli/calllog.py


# --- validation -------------------------------------------------------------------------


def parse_date(value: str, what: str, *, not_future: bool = False) -> date:
    try:
        d = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{what} must be a date like 2026-11-03, not {value!r}") from None
    if not_future and d > date.today():
        raise InvalidInput(f"{what} {d.isoformat()} is in the future; use the day it went out")
    return d


def text_field(value: str | None, what: str, *, required: bool = False) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidInput(f"{what} cannot be empty")
    if len(cleaned) > MAX_FIELD:
        raise InvalidInput(f"{what} is {len(cleaned):,} characters; keep it under {MAX_FIELD:,}")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in cleaned):
        raise InvalidInput(f"{what} contains control characters; please retype it")
    return cleaned


# --- profile ----------------------------------------------------------------------------


def profile_set(ctx) -> int:
    a = ctx.args
    prof = ctx.store.get_profile()
    if a.name is not None:
        prof.name = text_field(a.name, "name")
    if a.phone is not None:
        prof.phone = text_field(a.phone, "phone")
    if a.phone_comfort is not None:
        prof.phone_comfort = PhoneComfort(a.phone_comfort)
    if a.prefers_written is not None:
        prof.prefers_written = a.prefers_written
    if a.pitch is not None:
        prof.pitch = text_field(a.pitch, "pitch")
    if a.rate is not None:
        if not 60 <= a.rate <= 300:
            raise InvalidInput(f"speaking rate {a.rate} is outside 60–300 words per minute")
        prof.speaking_rate_wpm = a.rate
    ctx.store.save_profile(prof)
    ctx.emit(to_dict(prof), lambda: _profile_text(prof))
    return 0


def profile_show(ctx) -> int:
    prof = ctx.store.get_profile()
    ctx.emit(to_dict(prof), lambda: _profile_text(prof))
    return 0


def _profile_text(p) -> str:
    return "\n".join([
        f"Name:           {p.name or '(not set)'}",
        f"Phone:          {p.phone or '(not set)'}",
        f"Phone comfort:  {p.phone_comfort.value}",
        f"Prefers writing: {'yes' if p.prefers_written else 'no'}",
        f"Speaking rate:  {p.speaking_rate_wpm} wpm",
        f"Pitch:          {p.pitch or '(not set: scripts use a general value line)'}",
    ])


# --- applications -----------------------------------------------------------------------


def apps_add(ctx) -> int:
    a = ctx.args
    app = Application(
        company=text_field(a.company, "company", required=True),
        role=text_field(a.role, "role", required=True),
        date_sent=parse_date(a.sent, "--sent", not_future=True),
        stage=Stage(a.stage), no_calls=a.no_calls, notes=text_field(a.notes, "notes"),
    )
    ctx.store.add_application(app)
    ctx.emit(app_dict(app), lambda: f"Added application {app.id}: {app.role} at {app.company}")
    return 0


def apps_list(ctx) -> int:
    apps = ctx.store.list_applications(text_field(ctx.args.search, "search") or "")
    today = date.today()

    def text() -> str:
        if not apps:
            return "No applications yet. Add one with `callcoach apps add`."
        lines = [f"{'ID':>4}  {'Company':<24} {'Role':<28} {'Sent':<10}  Stage"]
        for app in apps:
            days = (today - app.date_sent).days
            lines.append(f"{app.id:>4}  {app.company[:24]:<24} {app.role[:28]:<28} "
                         f"{days:>3} days ago  {app.stage.value}")
        return "\n".join(lines)

    ctx.emit([app_dict(x) for x in apps], text)
    return 0


def apps_show(ctx) -> int:
    app = ctx.store.get_application(ctx.args.app_id)
    ctx.emit(app_dict(app), lambda: app_text(app))
    return 0


def apps_edit(ctx) -> int:
    a = ctx.args
    app = ctx.store.get_application(a.app_id)
    if a.company is not None:
        app.company = text_field(a.company, "company", required=True)
    if a.role is not None:
        app.role = text_field(a.role, "role", required=True)
    if a.sent is not None:
        app.date_sent = parse_date(a.sent, "--sent", not_future=True)
    if a.stage is not None:
        app.stage = Stage(a.stage)
    if a.no_calls is not None:
        app.no_calls = a.no_calls
    if a.notes is not None:
        app.notes = text_field(a.notes, "notes")
    ctx.store.update_application(app)
    ctx.emit(app_dict(app), lambda: f"Updated application {app.id}.\n" + app_text(app))
    return 0


def apps_delete(ctx) -> int:
    app = ctx.store.get_application(ctx.args.app_id)
    ctx.store.delete_application(app.id)
    ctx.emit({"deleted": app.id}, f"Deleted application {app.id} ({app.role} at {app.company}).")
    return 0


def app_dict(app: Application) -> dict:
    return to_dict(app)


def app_text(app: Application) -> str:
    lines = [
        f"{app.role} at {app.company}  (id {app.id})",
        f"  Résumé sent: {app.date_sent.isoformat()}   Stage: {app.stage.value}"
        + ("   Posting says: no calls" if app.no_calls else ""),
    ]
    if app.notes:
        lines.append(f"  Notes: {app.notes}")
    if app.contacts:
        lines.append("  Contacts:")
        for c in app.contacts:
            lines.append(f"    [{c.id}] " + contact_line(c))
    else:
        lines.append("  No contacts yet (`callcoach contacts add`).")
    return "\n".join(lines)


def contact_line(c: Contact) -> str:
    bits = [c.name]
    if c.title:
        bits.append(c.title)
    bits.append(c.relationship.label)
    line = ", ".join(bits)
    if c.how_we_know:
        line += f" — {c.how_we_know}"
    return line


# --- contacts ---------------------------------------------------------------------------


def contacts_add(ctx) -> int:
    a = ctx.args
    contact = Contact(
        name=text_field(a.name, "name", required=True),
        relationship=Relationship(a.relationship), title=text_field(a.title, "title"),
        phone=text_field(a.phone, "phone"), email=text_field(a.email, "email"),
        how_we_know=text_field(a.how, "--how"),
        referred_by=text_field(a.referred_by, "referred by"),
    )
    ctx.store.add_contact(a.app_id, contact)
    ctx.emit(to_dict(contact), lambda: f"Added contact {contact.id}: " + contact_line(contact))
    return 0


def contacts_list(ctx) -> int:
    ctx.store.get_application(ctx.args.app_id)  # a clear error for an unknown id
    contacts = ctx.store.list_contacts(ctx.args.app_id)
    ctx.emit([to_dict(c) for c in contacts],
             lambda: "\n".join(f"[{c.id}] {contact_line(c)}" for c in contacts)
             or "No contacts for this application yet.")
    return 0


def contacts_delete(ctx) -> int:
    ctx.store.delete_contact(ctx.args.contact_id)
    ctx.emit({"deleted": ctx.args.contact_id}, f"Deleted contact {ctx.args.contact_id}.")
    return 0
