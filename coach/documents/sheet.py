"""The script sheet: one printout with everything for one application — what was sent and
to whom, the advice and its timing, the script to use, every other version (the
voicemail with its time budget, the other people you might reach, the written
fallbacks), what to say to each objection, and room for notes during the call."""

from __future__ import annotations

from coach.advice import business_days_between, follow_ups_note
from coach.documents.gather import SPOKEN, WRITTEN, Sources, when_text
from coach.documents.model import (
    Bullets,
    Document,
    Heading,
    NoteLines,
    Para,
    Table,
    iso,
    span,
)
from coach.models import Stage, Variant
from coach.scripts import CallScript

VARIANTS = SPOKEN + WRITTEN  # every version, calls first


def build(src: Sources) -> Document:
    app = src.app
    name = src.profile.name.strip()
    blocks: list = [
        Heading(f"{app.company} — {app.role}", 1),
        Para([f"Script sheet{' for ' + iso(name) if name else ''} · printed "
              f"{when_text(src.now.date())}"], "muted"),
    ]
    blocks += _application(src)
    blocks += _advice(src)
    main = src.main
    blocks.append(Heading(f"Your script: {main.title}", 2))
    blocks += _script(main, src, with_title=False)
    others = sorted(src.scripts[1:], key=lambda s: VARIANTS.index(s.variant))
    for script in others:
        label = {"voicemail": "If you reach voicemail"}.get(script.variant.value)
        if not script.variant.spoken:
            label = f"If you'd rather write: {script.title}"
        blocks.append(Heading(label or f"Another version: {script.title}", 2))
        blocks += _script(script, src, with_title=False)
    if src.skipped:
        blocks.append(Para([span("Not included: ", "b"), "; ".join(src.skipped)], "muted"))
    blocks += [
        Heading("Notes from the call", 2),
        Table([[["Date and time"], [""]], [["Spoke with"], [""]],
               [["What's going on"], [""]], [["Next step, and when"], [""]]],
              widths=[28, 72], role="fields"),
        NoteLines(9),
    ]
    footer = " · ".join(x for x in (name, f"{app.company} — {app.role}") if x)
    return Document("sheet", f"Script sheet — {app.role} at {app.company}", "",
                    blocks, footer=footer)


def _application(src: Sources) -> list:
    app = src.app
    days = business_days_between(app.date_sent, src.now.date())
    ago = "" if days < 0 else (" (today)" if days == 0 else
                               f" ({days} business day{'s' if days != 1 else ''} ago)")
    rows = [[["Company"], [iso(app.company)]], [["Role"], [iso(app.role)]],
            [["Résumé sent"], [when_text(app.date_sent) + ago]],
            [["Stage"], [app.stage.value.capitalize()]]]
    if app.no_calls:
        rows.append([["The posting"], ["asks for no calls"]])
    if app.notes.strip():
        rows.append([["Your notes"], [app.notes.strip()]])
    out = [Heading("The application", 2), Table(rows, widths=[22, 78], role="fields")]
    if app.contacts:
        out.append(Table(
            [[[span(iso(c.name.strip()) or "(no name)", "b")] + ([f"\n{c.title.strip()}"]
                                                            if c.title.strip() else []),
              [c.relationship.label], [c.how_we_know.strip()],
              ["\n".join(x.strip() for x in (c.phone, c.email) if x.strip())]]
             for c in app.contacts],
            header=["Who", "Relationship", "How you know each other", "Phone and email"],
            widths=[24, 22, 30, 24]))
    else:
        out.append(Para(["No contacts yet. A name at the company — someone you know, or "
                         "the receptionist — makes a call far more welcome."], "muted"))
    return out


def _advice(src: Sources) -> list:
    out = [Heading("Advice and timing", 2)]
    a = src.advice
    if a is None:
        return out + [Para([f"No advice yet: {src.advice_problem}"])]
    out += [Para([a.headline], "lead"), Bullets([[r] for r in a.reasons])]
    when = a.when
    rows = [[["When"], [when.note]], [["Best window"], [when.window]]]
    if src.app.stage not in (Stage.OFFER, Stage.CLOSED):  # those have nothing to chase
        rows.append([["Next good slot"], [when_text(when.suggested)]])
    note = follow_ups_note(a, src.now.date())  # the Advice page's words
    if note:
        rows.append([["Follow-ups"], [note]])
    return out + [Table(rows, widths=[22, 78], role="fields")]


def _script(script: CallScript, src: Sources, with_title: bool = True) -> list:
    out = [Heading(script.title, 3)] if with_title else []
    contact = src.contacts.get(script.variant.value)
    facts = [_timing(script)]
    if contact is not None and contact.name.strip():
        facts.insert(0, f"For {iso(contact.name.strip())}")
    if script.variant.value in src.edited:
        facts.append("your own wording")
    out.append(Para([" · ".join(facts)], "muted"))
    if script.subject is not None:
        out.append(Para([span("Subject: ", "b"), script.subject]))
    for section in script.sections:
        if not section.lines:
            continue
        out.append(Heading(section.title, 4, section.key_point))
        out += [Para([line], "big" if script.variant.spoken else "") for line in
                section.lines]
    if script.objections:
        out.append(Table([[[f"“{o.trigger}”"], [o.reply.strip()]] for o in script.objections],
                         header=["If they say…", "You can say"], widths=[36, 64]))
    return out


def _timing(script: CallScript) -> str:
    verb = "to say" if script.variant.spoken else "to read aloud"
    out = f"about {script.estimated_seconds:.0f} s {verb} at {script.rate_wpm} words a minute"
    if script.budget_seconds:
        lo, hi = script.budget_seconds
        out += f"; aim for {lo:.0f}–{hi:.0f} s"
        if script.estimated_seconds > hi:
            out += " — a little long, so trim a line"
    if script.variant == Variant.VOICEMAIL:
        out = "Time budget: " + out
    return out[:1].upper() + out[1:]
