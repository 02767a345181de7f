"""Cue cards: the call script as index cards to hold while talking.

One section per card, in speaking order, then one card per objection reply. Big type for
what to say; a strip along the top names the card and counts it ("card 2 of 10") so a
dropped pile goes back in order. The first card says whom you are calling and how you
know them, because that is what a nervous caller forgets first. A card whose text is too
long for one index card simply flows onto the next sheet; the front end marks it."""

from __future__ import annotations

from coach.documents.gather import Sources
from coach.documents.model import (
    CardHead,
    Document,
    Inline,
    PageBreak,
    Para,
    iso,
    span,
)
from coach.models import Contact


def build(src: Sources) -> Document:
    script = src.main
    sections = [s for s in script.sections if s.lines]
    total = len(sections) + len(script.objections)
    contact = src.contacts.get(script.variant.value)
    blocks: list = []
    n = 0
    for section in sections:
        n += 1
        if n > 1:
            blocks.append(PageBreak())
        blocks.append(CardHead(section.title, f"card {n} of {total}"))
        if n == 1:
            blocks += _who(src, contact)
        if section.key_point:
            blocks.append(Para([span("Key point: ", "b"), span(section.key_point, "i")],
                               "muted"))
        blocks += [Para([line], "big") for line in section.lines]
    for objection in script.objections:
        n += 1
        blocks.append(PageBreak())
        blocks.append(CardHead("If they say…", f"card {n} of {total}"))
        blocks.append(Para([f"“{objection.trigger}”"], "quote"))
        blocks += [Para([line], "big") for line in objection.reply.splitlines()
                   if line.strip()]
    app = src.app
    who = _name(contact) or app.company
    return Document("cards", f"Cue cards — {who}, {app.role} at {app.company}",
                    "index-card", blocks, footer="")


def _who(src: Sources, contact: Contact | None) -> list:
    """Whom you are calling and how you know them, above the opener."""
    app = src.app
    out = []
    if contact is not None and contact.name.strip():
        about = ", ".join(x for x in (iso(contact.title.strip()), iso(app.company)) if x)
        line: list[Inline] = [span("Calling ", "muted"), span(iso(_name(contact)), "b")]
        if about:
            line.append(span(f" · {about}", "muted"))
        out.append(Para(line, "lead"))
        facts = []
        if contact.how_we_know.strip():
            facts += [span("How you know each other: ", "b"), iso(contact.how_we_know.strip())]
        if contact.referred_by.strip():
            facts += [" · " if facts else "", span("Suggested by: ", "b"),
                      iso(contact.referred_by.strip())]
        if contact.phone.strip():
            facts += [" · " if facts else "", span("Phone: ", "b"), iso(contact.phone.strip())]
        if facts:
            out.append(Para(facts, "muted"))
    else:
        out.append(Para([span("Calling ", "muted"), span(f"{iso(app.company)}", "b"),
                         span(" · whoever answers the main line", "muted")], "lead"))
    return out


def _name(contact: Contact | None) -> str:
    return " ".join(contact.name.split()) if contact else ""
