"""`callcoach log add | list | edit | delete | remind`: the real follow-ups the user made,
which the advisor counts, and a calendar reminder for a logged next step."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from coach.attempts import OUTCOMES_FOR, outcome_label
from coach.days import short_day
from coach.errors import InvalidInput
from coach.models import Application, CallLogEntry, Outcome, Route, to_dict

ROUTES = [r.value for r in Route if r != Route.WAIT]


def register(sub) -> None:
    from coach.cli import add_json, record_id

    g = sub.add_parser("log", help="real follow-up attempts (the advisor counts them)")
    gsub = g.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = gsub.add_parser("add", help="log a follow-up attempt")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    s.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    s.add_argument("--route", required=True, choices=ROUTES)
    s.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    s.add_argument("--contact", type=record_id, metavar="CONTACT_ID")
    s.add_argument("--notes", default="")
    s.add_argument("--next-step", default="")
    s.add_argument("--next-date", metavar="YYYY-MM-DD")
    add_json(s)
    s.set_defaults(handler=log_add)
    s = gsub.add_parser("list", help="list the attempts for an application")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    add_json(s)
    s.set_defaults(handler=log_list)
    s = gsub.add_parser("edit", help="change fields of a logged attempt (others are kept)")
    s.add_argument("entry_id", type=record_id, metavar="ENTRY_ID")
    s.add_argument("--date", metavar="YYYY-MM-DD")
    s.add_argument("--route", choices=ROUTES)
    s.add_argument("--outcome", choices=[o.value for o in Outcome])
    who = s.add_mutually_exclusive_group()
    who.add_argument("--contact", type=record_id, metavar="CONTACT_ID")
    who.add_argument("--no-contact", action="store_true", help="forget who it was with")
    s.add_argument("--notes")
    s.add_argument("--next-step")
    when = s.add_mutually_exclusive_group()
    when.add_argument("--next-date", metavar="YYYY-MM-DD")
    when.add_argument("--no-next-date", action="store_true", help="remove the next-step date")
    add_json(s)
    s.set_defaults(handler=log_edit)
    s = gsub.add_parser("delete", help="delete a logged attempt")
    s.add_argument("entry_id", type=record_id, metavar="ENTRY_ID")
    add_json(s)
    s.set_defaults(handler=log_delete)
    s = gsub.add_parser("remind", help="save a logged next step as a calendar event (.ics)")
    s.add_argument("entry_id", type=record_id, metavar="ENTRY_ID")
    s.add_argument("--out", required=True, metavar="FILE.ics")
    add_json(s)
    s.set_defaults(handler=log_remind)


def _checked(app: Application, entry: CallLogEntry) -> CallLogEntry:
    """The entry, or a clear error for what does not fit together."""
    from coach.cli.records import text_field

    if entry.contact_id is not None and entry.contact_id not in {c.id for c in app.contacts}:
        raise InvalidInput(f"contact {entry.contact_id} is not a contact of application "
                           f"{app.id} (see `callcoach contacts list {app.id}`)")
    if entry.outcome not in OUTCOMES_FOR[entry.route]:
        allowed = ", ".join(o.value for o in OUTCOMES_FOR[entry.route])
        raise InvalidInput(f"--outcome {entry.outcome.value} does not go with --route "
                           f"{entry.route.value} (choose {allowed})")
    if entry.when > date.today():
        raise InvalidInput(f"--date {entry.when.isoformat()} is in the future; log attempts "
                           "once you have made them")
    if entry.next_date is not None and entry.next_date < entry.when:
        raise InvalidInput(f"--next-date {entry.next_date.isoformat()} is before the attempt "
                           f"itself ({entry.when.isoformat()})")
    return dataclasses.replace(entry, notes=text_field(entry.notes, "notes"),
                               next_step=text_field(entry.next_step, "next step"))


def log_add(ctx) -> int:
    from coach.cli.records import parse_date

    a = ctx.args
    app = ctx.store.get_application(a.app_id)
    entry = _checked(app, CallLogEntry(
        application_id=app.id,
        when=parse_date(a.date, "--date") if a.date else date.today(),
        route=Route(a.route), outcome=Outcome(a.outcome), contact_id=a.contact,
        notes=a.notes, next_step=a.next_step,
        next_date=parse_date(a.next_date, "--next-date") if a.next_date else None,
    ))
    ctx.store.add_call(entry)
    ctx.emit(to_dict(entry), f"Logged attempt {entry.id}: " + entry_line(app, entry))
    return 0


def log_list(ctx) -> int:
    app = ctx.store.get_application(ctx.args.app_id)
    calls = ctx.store.list_calls(app.id)
    ctx.emit([to_dict(c) for c in calls],
             lambda: "\n".join(f"[{c.id}] {entry_line(app, c)}" for c in calls)
             or "No attempts logged yet (`callcoach log add`).")
    return 0


def log_edit(ctx) -> int:
    from coach.cli.records import parse_date

    a = ctx.args
    entry = ctx.store.get_call(a.entry_id)
    app = ctx.store.get_application(entry.application_id)
    changes: dict = {}
    if a.date is not None:
        changes["when"] = parse_date(a.date, "--date")
    if a.route is not None:
        changes["route"] = Route(a.route)
    if a.outcome is not None:
        changes["outcome"] = Outcome(a.outcome)
    if a.contact is not None or a.no_contact:
        changes["contact_id"] = a.contact
    if a.notes is not None:
        changes["notes"] = a.notes
    if a.next_step is not None:
        changes["next_step"] = a.next_step
    if a.next_date is not None or a.no_next_date:
        changes["next_date"] = parse_date(a.next_date, "--next-date") if a.next_date else None
    if not changes:
        raise InvalidInput("nothing to change: give at least one of --date, --route, "
                           "--outcome, --contact, --notes, --next-step, --next-date")
    entry = _checked(app, dataclasses.replace(entry, **changes))
    ctx.store.update_call(entry)
    ctx.emit(to_dict(entry), f"Updated attempt {entry.id}: " + entry_line(app, entry))
    return 0


def log_delete(ctx) -> int:
    entry = ctx.store.get_call(ctx.args.entry_id)
    app = ctx.store.get_application(entry.application_id)
    ctx.store.delete_call(entry.id)
    ctx.emit({"deleted": entry.id}, f"Deleted attempt {entry.id} ({entry.when.isoformat()}, "
             f"{app.role} at {app.company}).")
    return 0


def log_remind(ctx) -> int:
    from coach import documents
    from coach.files import write_atomic

    out = Path(ctx.args.out).expanduser()
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name such as reminder.ics")
    if not out.parent.exists():
        raise InvalidInput(f"the folder {out.parent} does not exist")
    text = documents.next_step_ics(ctx.store, ctx.args.entry_id)
    entry = ctx.store.get_call(ctx.args.entry_id)
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise InvalidInput(f"couldn't write {out}: {exc.strerror or exc}") from None
    ctx.emit({"entry": entry.id, "out": str(out), "date": entry.next_date.isoformat()},
             f"Wrote {out}: a reminder on {short_day(entry.next_date)} {entry.next_date.year}. "
             "Open it, or import it into your calendar app.")
    return 0


def entry_line(app: Application, e: CallLogEntry) -> str:
    """One attempt in a line: when, how, with whom, what happened, what comes next."""
    who = next((c.name for c in app.contacts if c.id == e.contact_id and c.name.strip()), "")
    line = f"{e.when.isoformat()}  {e.route.value:<8} {outcome_label(e.route, e.outcome)}"
    if who:
        line += f" — {who}"
    if e.notes:
        line += f". {' '.join(e.notes.split())}"
    if e.next_step or e.next_date:
        on = f" on {e.next_date.isoformat()}" if e.next_date else ""
        line += f"  → next: {e.next_step or 'follow up'}{on}"
    return line
