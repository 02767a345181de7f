"""What a document needs from the store: the application, the advice, the scripts as the
user last saw them, and practice takes. Reading only — printing never saves anything.

A script is printed as the user last saved it (their edits win, as in the app's script
screen); when they have not saved one, as the template builds it today. An edited text
is matched back onto the template's sections by its blank-line-separated blocks, so cue
cards keep their section titles and key points as long as the shape is the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from coach.days import full_day, time_of_day
from coach.errors import CoachError, InvalidInput, NotFound
from coach.models import Application, Contact, Profile, Take, Variant
from coach.scripts import CallScript, contact_for, default_variant, with_text

SPOKEN = [v for v in Variant if v.spoken]
WRITTEN = [v for v in Variant if not v.spoken]


@dataclass
class Sources:
    app: Application
    profile: Profile
    advice: object | None  # coach.advice.Advice; None with `advice_problem`
    advice_problem: str
    scripts: list[CallScript]  # the main one first
    edited: set[str] = field(default_factory=set)  # variants printed from the user's text
    skipped: list[str] = field(default_factory=list)  # "hr: no template …"
    contacts: dict[str, Contact | None] = field(default_factory=dict)  # by variant
    now: datetime = field(default_factory=datetime.now)

    @property
    def main(self) -> CallScript:
        return self.scripts[0]


def gather(store, app_id: int, variants: list[Variant] | None = None, *,
           main: Variant | str | None = None, templates_dir=None,
           now: datetime | None = None, spoken_main: bool = False) -> Sources:
    """The application and its scripts. `main`: the script to put first (default: the
    advisor's; with `spoken_main`, a call script even when the advice is to write).
    `variants`: which others to include (default none). The main script must build;
    another that cannot is listed in `skipped` rather than stopping the whole document."""
    from coach.advice import advise
    from coach.templates import load_library

    now = now or datetime.now()
    app = store.get_application(app_id)
    profile = store.get_profile()
    advice, problem = None, ""
    try:
        advice = advise(app, profile, store.list_calls(app_id), now.date(), now=now)
    except CoachError as exc:  # e.g. a sent date to fix: the script can still print
        problem = str(exc)
    chosen = _main_variant(main, advice, spoken_main)
    library = load_library(templates_dir)
    src = Sources(app, profile, advice, problem, [], now=now)
    order = [chosen] + [v for v in (variants or []) if v != chosen]
    for variant in order:
        contact = contact_for(app, advice, variant)
        try:
            script = _script(store, app, contact, profile, variant, library, src)
        except CoachError as exc:
            if variant == chosen:
                raise
            src.skipped.append(f"{variant.value}: {exc}")
            continue
        src.scripts.append(script)
        src.contacts[variant.value] = contact
    return src


def _main_variant(main, advice, spoken_main: bool) -> Variant:
    if main is not None:
        try:
            chosen = Variant(main)
        except ValueError:
            raise InvalidInput(f"unknown script type '{main}' (choose from "
                               f"{', '.join(v.value for v in Variant)})") from None
        if spoken_main and not chosen.spoken:
            raise InvalidInput(f"cue cards are for calls, and {chosen.value} is written; "
                               f"choose one of {', '.join(v.value for v in SPOKEN)}")
        return chosen
    if advice is None:
        return Variant.LIVE
    if spoken_main and not advice.variant.spoken:  # advised to write, rehearsing a call
        return default_variant(advice.contact)
    return advice.variant


def _script(store, app, contact, profile, variant, library, src: Sources) -> CallScript:
    from coach.scripts import build_script

    latest = store.latest_script(app.id, variant.value)
    wanted = latest.template_id if latest and latest.template_id else None
    if wanted and (library.get(wanted) is None or library.get(wanted).variant != variant):
        wanted = None  # a template since removed or renamed: the variant's default
    script = build_script(app, contact, profile, variant, library=library,
                          template_id=wanted, today=src.now.date())
    if latest is not None and latest.text.strip() and latest.text != script.text():
        src.edited.add(variant.value)
        return with_text(script, latest.text)
    return script


# --- practice takes ---------------------------------------------------------------------


def pick_take(store, app_id: int, take_id: int | None = None) -> tuple[Take, list[Take]]:
    """The take to report on (default: the latest with a report) and every take of the
    application that has a report, oldest first (for the progress chart)."""
    store.get_application(app_id)  # NotFound names the id
    takes = [t for t in store.list_takes(app_id) if t.report]
    if take_id is None:
        if not takes:
            raise NotFound(f"application {app_id} has no analysed practice takes yet; record "
                           f"a take in the app (or run `callcoach analyze TAKE --app "
                           f"{app_id} --keep`) first")
        take = takes[-1]
    else:
        take = store.get_take(take_id)
        if take.application_id != app_id:
            raise InvalidInput(f"take {take_id} belongs to application {take.application_id}, "
                               f"not {app_id}")
        if not take.report:
            raise InvalidInput(f"take {take_id} has no report yet; analyse it first")
    schema = take.report.get("schema")
    if schema != 1:
        raise InvalidInput(f"take {take.id}'s report is in format {schema!r}, which this "
                           f"version of Call Coach cannot read; please update the app")
    return take, takes


def when_text(d: date | datetime) -> str:
    """"Tuesday 10 November 2026" (and ", 9:30" for a time), in English whatever the
    locale, like the scripts."""
    out = full_day(d, year=True)
    if isinstance(d, datetime):
        out += f", {time_of_day(d)}"
    return out
