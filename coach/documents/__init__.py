"""Printable documents: cue cards, the script sheet, the practice report — and the
follow-up as a calendar event.

Each document is built once as plain blocks (`model.Document`) and rendered three ways
(`render`): HTML for Qt's QTextDocument, which the front end prints, previews and turns
into PDF (ui.printing); Markdown; and plain text. No Qt here.

    doc = cue_cards(store, app_id)             # or script_sheet(...), practice_report(...)
    html = to_html(doc); doc.images()          # what ui.printing needs; doc.page, doc.footer
    to_markdown(doc), to_text(doc)
    follow_up_ics(store, app_id)               # an .ics text
    next_step_ics(store, entry_id)             # a call log entry's next step, as .ics
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from coach.documents.model import PAGES, Document, PageSpec, page_spec
from coach.documents.render import to_html, to_markdown, to_text

KINDS = ("cards", "sheet", "report")


def cue_cards(store, app_id: int, *, variant: str | None = None,
              templates_dir: Path | None = None, now: datetime | None = None) -> Document:
    """The call script as index cards: the advisor's call script, or `variant`'s."""
    from coach.documents import cards
    from coach.documents.gather import gather

    return cards.build(gather(store, app_id, main=variant, templates_dir=templates_dir,
                              now=now, spoken_main=True))


def script_sheet(store, app_id: int, *, variant: str | None = None,
                 templates_dir: Path | None = None, now: datetime | None = None) -> Document:
    """Everything for one application on Letter/A4, with every script variant."""
    from coach.documents import sheet
    from coach.documents.gather import gather

    return sheet.build(gather(store, app_id, sheet.VARIANTS, main=variant,
                              templates_dir=templates_dir, now=now))


def practice_report(store, app_id: int, take_id: int | None = None,
                    bands: tuple | None = None) -> Document:
    """The report of one take (default: the latest analysed one), judged by `bands` (the
    user's own targets; default the usual ones)."""
    from coach.documents import report
    from coach.documents.gather import pick_take

    take, takes = pick_take(store, app_id, take_id)
    app = store.get_application(app_id)
    return report.build(app, take, takes, user=store.get_profile().name.strip(),
                        bands=bands or report.BANDS)


def report_tips(report: dict, count: int = 3) -> list[str]:
    """The `count` most useful things to try next, from a take's report JSON (the app
    can show the same tips as the printout)."""
    from coach.documents.tips import tips

    return tips(report, count)


def build(store, app_id: int, what: str, *, take_id: int | None = None,
          variant: str | None = None, templates_dir: Path | None = None,
          bands: tuple | None = None) -> Document:
    """One of KINDS by name (for the command line and the app's Print action)."""
    from coach.errors import InvalidInput

    if what == "cards":
        return cue_cards(store, app_id, variant=variant, templates_dir=templates_dir)
    if what == "sheet":
        return script_sheet(store, app_id, variant=variant, templates_dir=templates_dir)
    if what == "report":
        return practice_report(store, app_id, take_id, bands)
    raise InvalidInput(f"unknown document '{what}' (choose from {', '.join(KINDS)})")


def follow_up_ics(store, app_id: int, *, now: datetime | None = None) -> str:
    """The advisor's next follow-up slot as an .ics event with a 15-minute reminder."""
    from coach.advice import advise
    from coach.documents.ics import follow_up_event

    now = now or datetime.now()
    app = store.get_application(app_id)
    advice = advise(app, store.get_profile(), store.list_calls(app_id), now.date(), now=now)
    return follow_up_event(app, advice)


def next_step_ics(store, entry_id: int) -> str:
    """A call log entry's next step as an all-day .ics event with a morning reminder."""
    from coach.documents.ics import next_step_event

    entry = store.get_call(entry_id)
    app = store.get_application(entry.application_id)
    contact = next((c for c in app.contacts if c.id == entry.contact_id), None)
    return next_step_event(app, entry, contact)


__all__ = ["KINDS", "PAGES", "Document", "PageSpec", "build", "cue_cards", "follow_up_ics",
           "next_step_ics", "page_spec", "practice_report", "report_tips", "script_sheet",
           "to_html", "to_markdown", "to_text"]
