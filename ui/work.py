"""The blocking work behind each screen, as plain functions of the store.

Qt-free on purpose: the pages run these through `Database.task` on worker threads, and
tests can call them directly. The advisor, script builder and lint come from coach; when
one of them is missing or broken in this build, `Unavailable` says so in words the page
shows in place of its content.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.days import short_day
from coach.errors import CoachError, InvalidInput, Unavailable
from coach.models import Application, CallLogEntry, Contact, Outcome, Route, Stage, Variant

PARTS = {"coach.advice": "The advisor", "coach.scripts": "The script builder",
         "coach.templates": "The script templates", "coach.lint": "The wording check"}


def part(module: str):
    """Import a piece of the core, or raise Unavailable naming it kindly."""
    what = PARTS.get(module, module)
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{what} isn't available in this build ({exc}), so this part of "
                          "the window is empty for now. Everything else works.") from None


def now_on(today: date) -> datetime | None:
    """The clock, when `today` is the real today: a call window that has already closed
    today then moves the next good slot to the next good day (as the CLI and the
    calendar event have it), rather than offering a time that has gone."""
    return datetime.now() if today == date.today() else None


# --- the applications list ---------------------------------------------------------------


@dataclass
class AppRow:
    id: int
    company: str
    role: str
    stage: Stage
    date_sent: date
    days: int  # calendar days since the résumé went out
    next_step: str
    last_attempt: str = ""  # "Voicemail · Tue 1 Dec", empty when nothing is logged
    last_attempt_on: date | None = None
    attempts_left: int | None = None  # per the advisor; None when it has no advice
    follow_ups: str = ""  # the advisor's follow-ups line, for the row's tooltip

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company}"


def advice_summary(advice, today: date) -> str:
    """A few words for the list's "Next step" column."""
    who = advice.contact.name.strip() if advice.contact and advice.contact.name.strip() else ""
    if advice.route == Route.WAIT:
        if advice.when.earliest <= today:
            return "Nothing to chase"
        return f"Wait until {short_day(advice.when.earliest)}"
    slot = advice.when.suggested
    # The day only: every call slot opens at 9:30 (the Advice page says so), and with the
    # time the column ran past the list's edge at the window's usual size.
    when = f" · {short_day(slot.date())}" if slot.date() > today else " · today"
    if advice.route == Route.CALL:
        return f"Call {who or 'the main line'}{when}"
    if advice.route == Route.LINKEDIN:
        return f"Message {who or 'them'} on LinkedIn{when}"
    return f"Email {who or 'the hiring team'}{when}"


# Few words for the list's "Last follow-up" column; "reached" on a written route is a reply.
SHORT_OUTCOME = {Outcome.REACHED: "Spoke", Outcome.VOICEMAIL: "Voicemail",
                 Outcome.NO_ANSWER: "No answer", Outcome.EMAIL_SENT: "Emailed",
                 Outcome.LINKEDIN_SENT: "Messaged"}


def last_attempt(calls: list[CallLogEntry], today: date) -> CallLogEntry | None:
    done = [c for c in calls if c.when <= today]
    return max(done, key=lambda c: (c.when, c.id or 0)) if done else None


def last_attempt_text(last: CallLogEntry | None, today: date) -> str:
    if last is None:
        return ""
    what = "Replied" if last.outcome == Outcome.REACHED and last.route != Route.CALL \
        else SHORT_OUTCOME[last.outcome]
    return f"{what} · {'today' if last.when == today else short_day(last.when)}"


def _row(store, app: Application, profile, today: date) -> AppRow:
    calls = store.list_calls(app.id)
    last = last_attempt(calls, today)
    row = AppRow(app.id, app.company, app.role, app.stage, app.date_sent,
                 max(0, (today - app.date_sent).days), "—", last_attempt_text(last, today),
                 last.when if last else None)
    try:
        advice_mod = part("coach.advice")
        advice = advice_mod.advise(app, profile, calls, today, now=now_on(today))
    except InvalidInput:
        row.next_step = "Check the résumé date"
        advice = None
    except CoachError:
        advice = None
    if advice is not None:
        row.next_step = advice_summary(advice, today)
        row.follow_ups = advice_mod.follow_ups_note(advice, today)
        if row.follow_ups:  # an offer or a closed application has nothing to count
            row.attempts_left = advice.attempts_left
    # What they told you on the last call is the next step, in your own words.
    planned = [c for c in calls if c.next_step.strip() and (c.next_date is None
                                                             or c.next_date >= today)]
    if planned:
        last = planned[-1]
        on = f" ({short_day(last.next_date)})" if last.next_date else ""
        row.next_step = f"{last.next_step.strip()}{on}"
    return row


def list_rows(store, search: str = "", today: date | None = None) -> list[AppRow]:
    today = today or date.today()
    profile = store.get_profile()
    return [_row(store, a, profile, today) for a in store.list_applications(search.strip())]


# --- the call log ------------------------------------------------------------------------


def save_call(store, entry: CallLogEntry) -> CallLogEntry:
    """Add the entry, or rewrite it when it has an id (the dialog's edit)."""
    return store.add_call(entry) if entry.id is None else store.update_call(entry)


# --- saving the application form ----------------------------------------------------------


class Ident:
    """The database id of something being edited, shared by every snapshot of it, so a
    save queued while the first (adding) save is still running updates the same row."""

    __slots__ = ("id",)

    def __init__(self, id: int | None = None):
        self.id = id


@dataclass
class AppSnapshot:
    ident: Ident
    app: Application  # a copy; its contacts list is ignored
    contacts: list[tuple[Ident, Contact]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)  # contact ids the user removed


def save_application(store, snap: AppSnapshot) -> int:
    """Write the form as it was when the snapshot was taken; returns the application id."""
    app = dataclasses.replace(snap.app, contacts=[], id=snap.ident.id)
    if app.id is None:
        store.add_application(app)
        snap.ident.id = app.id
    else:
        store.update_application(app)
    for contact_id in snap.removed:
        try:
            store.delete_contact(contact_id)
        except CoachError:
            pass  # already gone: deleting is idempotent from the user's point of view
    for ident, contact in snap.contacts:
        c = dataclasses.replace(contact, id=ident.id, application_id=app.id)
        if c.id is None:
            store.add_contact(app.id, c)
            ident.id = c.id
        else:
            store.update_contact(c)
    return app.id


# --- advice ------------------------------------------------------------------------------


@dataclass
class AdviceView:
    app: Application
    profile: Any
    advice: Any = None  # coach.advice.Advice, or None with `problem`
    problem: str = ""
    draft: str = ""  # the email or LinkedIn message, when that is the route
    draft_problem: str = ""
    calls: list = field(default_factory=list)  # the call log, oldest first
    follow_ups: str = ""  # the advisor's follow-ups line (how many left, when next)


def load_advice(store, templates_dir: Path | None, app_id: int,
                today: date | None = None) -> AdviceView:
    today = today or date.today()
    app = store.get_application(app_id)
    view = AdviceView(app, store.get_profile(), calls=store.list_calls(app_id))
    try:
        advice_mod = part("coach.advice")
        view.advice = advice_mod.advise(app, view.profile, view.calls, today,
                                        now=now_on(today))
        view.follow_ups = advice_mod.follow_ups_note(view.advice, today)
    except CoachError as exc:
        view.problem = str(exc)
        return view
    if view.advice.route in (Route.EMAIL, Route.LINKEDIN):
        variant = view.advice.variant.value
        saved = store.latest_script(app_id, variant)
        if saved is not None:  # the user's own edit of the message wins over a fresh draft
            view.draft = saved.text
        else:
            try:
                script = _build(app, view.advice.contact, view.profile, view.advice.variant,
                                templates_dir, None)
                view.draft = script.text()
            except CoachError as exc:
                view.draft_problem = str(exc)
    return view


# --- scripts -----------------------------------------------------------------------------


@dataclass
class TemplateChoice:
    id: str
    label: str
    yours: bool


@dataclass
class ScriptView:
    app: Application
    profile: Any
    variant: Variant
    contact: Contact | None = None
    script: Any = None  # coach.scripts.CallScript, or None with `problem`
    text: str = ""
    template_id: str = ""
    versions: list = field(default_factory=list)  # ScriptVersion, oldest first
    templates: list[TemplateChoice] = field(default_factory=list)
    library_errors: list[str] = field(default_factory=list)
    problem: str = ""


def _build(app, contact, profile, variant, templates_dir, template_id):
    scripts, templates = part("coach.scripts"), part("coach.templates")
    library = templates.load_library(templates_dir)
    return scripts.build_script(app, contact, profile, variant, library=library,
                                template_id=template_id)


def load_script(store, templates_dir: Path | None, app_id: int, variant: str | None = None,
                template_id: str | None = None, rebuild: bool = False,
                today: date | None = None) -> ScriptView:
    """The script for one application and variant. The text is the latest saved version
    (the user's edits) unless there is none or `rebuild` asks for the template's text;
    a text that differs from the latest version is saved as a new one."""
    today = today or date.today()
    app = store.get_application(app_id)
    profile = store.get_profile()
    try:
        advice = part("coach.advice").advise(app, profile, store.list_calls(app_id), today)
    except CoachError:
        advice = None  # e.g. a date to fix: the script can still be built
    chosen = Variant(variant) if variant else (advice.variant if advice else Variant.LIVE)
    view = ScriptView(app, profile, chosen)
    view.versions = store.script_versions(app_id, chosen.value)
    latest = view.versions[-1] if view.versions else None
    try:
        templates = part("coach.templates")
        library = templates.load_library(templates_dir)
        view.library_errors = list(library.errors)
        view.templates = [TemplateChoice(t.id, t.title if t.builtin else f"{t.title} (yours)",
                                         not t.builtin) for t in library.for_variant(chosen)]
        known = {t.id for t in view.templates}
        wanted = template_id or (latest.template_id if latest else None)
        if wanted not in known:
            wanted = None  # a template since removed: fall back to the variant's default
        view.contact = part("coach.scripts").contact_for(app, advice, chosen)
        view.script = part("coach.scripts").build_script(
            app, view.contact, profile, chosen, library=library, template_id=wanted)
        view.template_id = view.script.template_id
    except CoachError as exc:
        view.problem = str(exc)
    if latest is not None and not rebuild:
        view.text = latest.text
        view.template_id = latest.template_id or view.template_id
    elif view.script is not None:
        view.text = view.script.text()
        if latest is None or latest.text != view.text:
            store.save_script(app_id, chosen.value, view.text, template_id=view.template_id,
                              data=view.script.to_dict())
            view.versions = store.script_versions(app_id, chosen.value)
    return view


@dataclass
class ScriptSnapshot:
    app_id: int
    variant: str
    text: str
    template_id: str = ""


def save_script_text(store, snap: ScriptSnapshot):
    """A new version when the text changed since the latest; None when it did not."""
    latest = store.latest_script(snap.app_id, snap.variant)
    if latest is not None and latest.text == snap.text:
        return None
    return store.save_script(snap.app_id, snap.variant, snap.text, template_id=snap.template_id)


def check_wording(text: str, variant: Variant, budget, profile, role: str = ""):
    """Lint the editor's text with what the profile says about the user."""
    return part("coach.lint").lint(
        text, variant=variant, budget_seconds=tuple(budget) if budget else None,
        rate_wpm=profile.speaking_rate_wpm, name=profile.name.strip(),
        phone=profile.phone.strip(), role=role)


def template_errors(templates_dir: Path | None) -> list[str]:
    return list(part("coach.templates").load_library(templates_dir).errors)
