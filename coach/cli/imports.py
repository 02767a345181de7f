"""`callcoach apps import`: applications with their contacts from JSON, every record
checked before anything is written."""

from __future__ import annotations

from coach.cli.records import app_dict, parse_date, text_field
from coach.errors import InvalidInput
from coach.models import Application, Contact, Relationship, Stage


def apps_import(ctx) -> int:
    """Every record is checked before anything is written, so a mistake in the fifth
    application leaves the store exactly as it was."""
    import json

    from coach.cli.coaching import read_text_arg

    raw = read_text_arg(ctx.args.file)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{ctx.args.file} is not valid JSON (line {exc.lineno}, column "
                           f"{exc.colno}: {exc.msg})") from None
    records = data if isinstance(data, list) else [data]
    apps = [_app_from_json(r, i + 1) for i, r in enumerate(records)]
    for app in apps:
        ctx.store.add_application(app)
    ctx.emit([app_dict(a) for a in apps], f"Imported {len(apps)} application(s): "
             + ", ".join(f"{a.id} ({a.company})" for a in apps))
    return 0


def _app_from_json(rec, n: int) -> Application:
    where = f"application {n}"
    if not isinstance(rec, dict):
        raise InvalidInput(f"{where}: expected an object with company, role and sent")

    def need(key: str, obj: dict, label: str) -> str:
        if key not in obj:
            raise InvalidInput(f"{label}: missing {key!r}")
        if not isinstance(obj[key], str):
            raise InvalidInput(f"{label}: {key!r} must be text")
        return text_field(obj[key], f"{label} {key}", required=True)

    def opt(key: str, obj: dict, label: str) -> str:
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise InvalidInput(f"{label}: {key!r} must be text")
        return text_field(value, f"{label} {key}")

    def choice(enum, key: str, obj: dict, label: str, default):
        value = obj.get(key, default.value)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise InvalidInput(f"{label}: {key} {value!r} is not one of {allowed}") from None

    contacts = []
    for i, c in enumerate(rec.get("contacts", []) or [], 1):
        label = f"{where}, contact {i}"
        if not isinstance(c, dict):
            raise InvalidInput(f"{label}: expected an object with name and relationship")
        contacts.append(Contact(
            name=need("name", c, label),
            relationship=choice(Relationship, "relationship", c, label, Relationship.UNKNOWN),
            title=opt("title", c, label), phone=opt("phone", c, label),
            email=opt("email", c, label), how_we_know=opt("how_we_know", c, label),
            referred_by=opt("referred_by", c, label)))
    sent = need("sent", rec, where) if "sent" in rec or "date_sent" not in rec \
        else need("date_sent", rec, where)
    no_calls = rec.get("no_calls", False)
    if not isinstance(no_calls, bool):
        raise InvalidInput(f"{where}: 'no_calls' must be true or false")
    return Application(
        company=need("company", rec, where), role=need("role", rec, where),
        date_sent=parse_date(sent, f"{where}: sent", not_future=True),
        stage=choice(Stage, "stage", rec, where, Stage.APPLIED), no_calls=no_calls,
        notes=opt("notes", rec, where), contacts=contacts)
