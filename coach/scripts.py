"""The script builder: an application, who the user will speak to and their profile,
poured into a template (coach.templates) to make a CallScript they can read aloud,
rehearse against, print, or send (the email and LinkedIn fallbacks).

A CallScript is plain data. `text()` is what `callcoach analyze --script` reads (one
script line per line), `markdown()` is for reading on screen, `to_dict()` is for --json.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.days import day_name, month_name
from coach.errors import InvalidInput, NotFound
from coach.models import Application, Contact, Profile, Relationship, Stage, Variant
from coach.templates import TemplateLibrary, Vars, load_library, render
from coach.text import estimate_seconds

# Shown in place of what the profile lacks, so the gap is obvious when rehearsing rather
# than a script that silently skips the user's own name or number.
NAME_PLACEHOLDER = "[your name]"
PHONE_PLACEHOLDER = "[your phone number]"

_HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame"}
_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven"]

_DEFAULT_VARIANT = {
    Relationship.NETWORK: Variant.LIVE,
    Relationship.ALLY: Variant.GATEKEEPER,
    Relationship.HIRING_MANAGER: Variant.HIRING_MANAGER,
    Relationship.HR: Variant.HR,
    # Someone unknown: the friendliest way in is whoever answers the phone.
    Relationship.UNKNOWN: Variant.GATEKEEPER,
}


@dataclass
class ScriptSection:
    name: str
    title: str
    lines: list[str]
    key_point: str = ""


@dataclass
class Objection:
    id: str
    trigger: str  # what they might say
    reply: str  # a calm, warm answer


@dataclass
class CallScript:
    variant: Variant
    template_id: str
    title: str
    sections: list[ScriptSection]
    key_points: list[str]
    objections: list[Objection]
    estimated_seconds: float  # to say every line aloud at rate_wpm (objections not counted)
    budget_seconds: tuple[float, float] | None
    rate_wpm: int
    subject: str | None = None  # email only

    def lines(self) -> list[str]:
        """Every script line, in order."""
        return [line for s in self.sections for line in s.lines]

    def text(self) -> str:
        """Plain text: one script line per line, a blank line between sections. An email
        starts with its "Subject:" line, ready to paste."""
        blocks = ["\n".join(s.lines) for s in self.sections if s.lines]
        if self.subject is not None:
            blocks.insert(0, f"Subject: {self.subject}")
        return "\n\n".join(blocks) + "\n"

    def markdown(self) -> str:
        out = [f"# {self.title}", "", f"*{self._timing()}*", ""]
        if self.subject is not None:
            out += [f"**Subject:** {self.subject}", ""]
        if self.key_points:
            out += ["## Key points", ""] + [f"- {p}" for p in self.key_points] + [""]
        for s in self.sections:
            out += [f"## {s.title}", ""]
            if s.key_point:
                out += [f"*Key point: {s.key_point}*", ""]
            for line in s.lines:  # a paragraph each, so every line stays a line on screen
                out += [line, ""]
        if self.objections:
            out += ["## If they say…", ""]
            for o in self.objections:
                out += [f"**“{o.trigger}”**", "", o.reply, ""]
        return "\n".join(out).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant.value,
            "template": self.template_id,
            "title": self.title,
            "subject": self.subject,
            "sections": [
                {"name": s.name, "title": s.title, "key_point": s.key_point, "lines": s.lines}
                for s in self.sections
            ],
            "key_points": list(self.key_points),
            "objections": [
                {"id": o.id, "trigger": o.trigger, "reply": o.reply} for o in self.objections
            ],
            "estimated_seconds": self.estimated_seconds,
            "budget_seconds": list(self.budget_seconds) if self.budget_seconds else None,
            "rate_wpm": self.rate_wpm,
        }

    def _timing(self) -> str:
        verb = "to say" if self.variant.spoken else "to read aloud"
        out = f"About {self.estimated_seconds:.0f} seconds {verb} at {self.rate_wpm} words a minute"
        if self.budget_seconds:
            lo, hi = self.budget_seconds
            out += f"; aim for {lo:.0f}–{hi:.0f} seconds"
        return out + "."


def default_variant(contact: Contact | None) -> Variant:
    """The script that suits who the user will speak to."""
    if contact is None:
        return Variant.GATEKEEPER
    return _DEFAULT_VARIANT.get(contact.relationship, Variant.GATEKEEPER)


def contact_for(app: Application, advice, variant: Variant) -> Contact | None:
    """Who a script of `variant` is for: the advisor's contact suits the advisor's own
    variant; for another, the first contact whose relationship fits it, else the
    advisor's (or, with no advice, the first contact)."""
    if advice is not None and variant == advice.variant:
        return advice.contact
    for c in app.contacts:
        if default_variant(c) == variant:
            return c
    return advice.contact if advice is not None else (app.contacts[:1] or [None])[0]


def build_script(
    app: Application,
    contact: Contact | None,
    profile: Profile,
    variant: Variant | str | None = None,
    *,
    library: TemplateLibrary | None = None,
    template_id: str | None = None,
    today: date | None = None,
) -> CallScript:
    """The script for calling (or writing to) `contact` about `app`.

    Without `variant` the contact's relationship picks it (`default_variant`). With
    `template_id` that template is used (its variant must match `variant`, if given).
    `library` defaults to the built-ins only: pass `load_library(<data>/templates)` to
    include the user's own. Raises NotFound, InvalidInput or TemplateProblem."""
    if library is None:
        library = load_library()
    if variant is not None:
        try:
            variant = Variant(variant)
        except ValueError:
            choices = ", ".join(v.value for v in Variant)
            raise InvalidInput(f"unknown script type '{variant}' (choose from {choices})") from None
    if template_id is not None:
        template = library.get(template_id)
        if template is None:
            known = ", ".join(sorted(library.templates)) or "none"
            raise NotFound(f"no script template with id '{template_id}' (available: {known})")
        if variant is not None and template.variant != variant:
            raise InvalidInput(f"template '{template_id}' is for {template.variant.value} "
                               f"scripts, not {variant.value}")
    else:
        variant = variant or default_variant(contact)
        found = library.for_variant(variant)
        if not found:
            hint = " (some template files could not be loaded)" if library.errors else ""
            raise NotFound(f"no script template for {variant.value} scripts{hint}")
        template = found[0]
    if profile.speaking_rate_wpm <= 0:
        raise InvalidInput("speaking rate must be a positive number of words a minute")

    rendered = render(template, template_variables(app, contact, profile, today))
    sections = [ScriptSection(s.name, s.title, s.lines, s.key_point) for s in rendered.sections]
    spoken = "\n".join(line for s in sections for line in s.lines)
    return CallScript(
        variant=template.variant,
        template_id=template.id,
        title=template.title,
        sections=sections,
        key_points=[s.key_point for s in sections if s.key_point],
        objections=[Objection(o.id, o.trigger, o.reply) for o in rendered.objections],
        estimated_seconds=estimate_seconds(spoken, profile.speaking_rate_wpm),
        budget_seconds=template.budget_seconds,
        rate_wpm=profile.speaking_rate_wpm,
        subject=rendered.subject if template.variant == Variant.EMAIL else None,
    )


def template_variables(
    app: Application, contact: Contact | None, profile: Profile, today: date | None = None
) -> dict[str, Any]:
    """Everything a template can use (listed in coach.templates). User text is cleaned of
    stray whitespace and passed as data: it is never rendered as a template itself."""
    today = today or date.today()
    days = max(0, (today - app.date_sent).days)  # a date in the future reads as "today"
    name = _clean(profile.name)
    c = contact or Contact(name="")
    contact_name = _clean(c.name)
    return {
        "me": Vars(
            "me",
            name=name or NAME_PLACEHOLDER,
            first_name=first_name(name) or NAME_PLACEHOLDER,
            phone=_clean(profile.phone) or PHONE_PLACEHOLDER,
            pitch=_clean(profile.pitch),
        ),
        "contact": Vars(
            "contact",
            name=contact_name,
            first_name=first_name(contact_name),
            title=_clean(c.title),
            how_we_know=_clean(c.how_we_know),
            referred_by=_clean(c.referred_by),
            email=_clean(c.email),
            relationship=Relationship(c.relationship).value,
        ),
        "has_contact": bool(contact_name),
        "company": _clean(app.company),
        "role": _clean(app.role),
        "days_since_sent": days,
        "sent_weekday": day_name(app.date_sent),
        "sent_when": sent_when(app.date_sent, today),
        "stage": Stage(app.stage).value,
        "interviewed": Stage(app.stage) in (Stage.INTERVIEWED, Stage.OFFER),
    }


def first_name(full: str) -> str:
    """What to call someone: "Dana" for "Dana Lee", but "Dr. Lee" for "Dr. Dana Lee",
    because someone who gives a title would rather hear it."""
    parts = full.split()
    if len(parts) > 1 and parts[0].rstrip(".").lower() in _HONORIFICS:
        return f"{parts[0]} {parts[-1]}"
    return parts[0] if parts else ""


def sent_when(sent: date, today: date) -> str:
    """When the application went out, as you would say it on the phone."""
    days = (today - sent).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {day_name(sent)}"
    if days < 14:
        return "last week"
    if days < 49:
        return f"about {_NUMBER_WORDS[days // 7]} weeks ago"
    return f"back in {month_name(sent)}" if days < 300 else "a while ago"


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def with_text(script: CallScript, text: str) -> CallScript:
    """`script` with its lines replaced by `text` (as CallScript.text() lays it out: a
    line per script line, a blank line between sections)."""
    blocks = [[ln.strip() for ln in b.splitlines() if ln.strip()]
              for b in text.replace("\r\n", "\n").split("\n\n")]
    blocks = [b for b in blocks if b]
    subject = script.subject
    if subject is not None and blocks and blocks[0][0].lower().startswith("subject:"):
        subject = blocks[0][0].split(":", 1)[1].strip()
        blocks[0] = blocks[0][1:]
        blocks = [b for b in blocks if b]
    shaped = [s for s in script.sections if s.lines]
    if len(blocks) == len(shaped):
        sections = [dataclasses.replace(s, lines=b) for s, b in zip(shaped, blocks, strict=True)]
    else:  # a different shape: keep the user's blocks, without titles that may not fit
        many = len(blocks) > 1
        sections = [ScriptSection(f"part-{i}", f"Part {i}" if many else "Your script", b)
                    for i, b in enumerate(blocks, 1)]
    spoken = "\n".join(line for s in sections for line in s.lines)
    return dataclasses.replace(
        script, sections=sections, subject=subject,
        key_points=[s.key_point for s in sections if s.key_point],
        estimated_seconds=estimate_seconds(spoken, script.rate_wpm))
