"""`callcoach print` and `callcoach export`: documents to PDF, Markdown, plain text and
the follow-up to a calendar file, from the command line.

Printing needs Qt (QTextDocument lays the pages out), so this group lives in ui and is
handed to coach's CLI by ui.launch; Qt is imported only when a PDF is made, and drawn
offscreen when there is no display. Markdown, text and .ics need no Qt at all."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.documents.model import PAGES
from coach.errors import InvalidInput
from coach.files import write_atomic

WHAT = ["cards", "sheet", "report"]
VARIANTS = ["live", "gatekeeper", "hiring-manager", "hr", "voicemail", "email", "linkedin"]


def register(sub) -> None:
    from coach.cli import add_json, record_id

    p = sub.add_parser("print", help="print cue cards, the script sheet or a practice report "
                       "to PDF")
    p.add_argument("app_id", type=record_id, metavar="APP_ID")
    p.add_argument("--what", choices=WHAT, default="sheet",
                   help="cards: cue cards; sheet: everything on Letter/A4 (default); "
                        "report: a practice take's report")
    p.add_argument("--take", type=record_id, metavar="TAKE_ID",
                   help="which take to report on (default: the latest analysed one)")
    p.add_argument("--variant", choices=VARIANTS,
                   help="which script to put first (default: the advisor's choice)")
    p.add_argument("--pdf", required=True, metavar="OUT.pdf", help="the PDF file to write")
    p.add_argument("--page", choices=list(PAGES),
                   help="paper (default: index-card for cards, else Letter or A4 by locale)")
    add_json(p)
    p.set_defaults(handler=print_cmd)

    e = sub.add_parser("export", help="export the script sheet, cue cards or a report as "
                       "Markdown or text, or the follow-up as a calendar event")
    e.add_argument("app_id", type=record_id, metavar="APP_ID")
    e.add_argument("--format", required=True, choices=["md", "txt", "ics"],
                   help="md: Markdown; txt: plain text; ics: the next follow-up as a "
                        "calendar event with a reminder")
    e.add_argument("--out", required=True, metavar="FILE", help="the file to write (- for "
                   "standard output)")
    e.add_argument("--what", choices=WHAT, default="sheet",
                   help="for md and txt: which document (default: sheet)")
    e.add_argument("--take", type=record_id, metavar="TAKE_ID", help="with --what report")
    e.add_argument("--variant", choices=VARIANTS, help="which script to put first")
    e.set_defaults(handler=export_cmd)


def _check_options(a) -> None:
    if a.take is not None and a.what != "report":
        raise InvalidInput("--take goes with --what report")
    if a.variant is not None and a.what == "report":
        raise InvalidInput("--variant goes with --what cards or sheet")


def _document(ctx):
    from coach import documents

    a = ctx.args
    _check_options(a)
    return documents.build(ctx.store, a.app_id, a.what, take_id=a.take, variant=a.variant,
                           templates_dir=ctx.data_dir / "templates")


def print_cmd(ctx) -> int:
    from coach import documents

    a = ctx.args
    out = _out_path(a.pdf)
    doc = _document(ctx)
    from ui import printing  # Qt: only now, and offscreen when there is no display

    printing.ensure_app()
    page = printing.page_for(doc, a.page)
    pages = printing.print_to_pdf(doc, out, page)
    label = documents.page_spec(page).label
    ctx.emit({"pdf": str(out), "pages": pages, "page": page, "what": a.what},
             f"Wrote {out} ({pages} page{'s' if pages != 1 else ''}, {label}).")
    return 0


def export_cmd(ctx) -> int:
    from coach import documents

    a = ctx.args
    out = None if a.out == "-" else _out_path(a.out)
    if a.format == "ics":
        if a.what != "sheet" or a.take is not None or a.variant is not None:
            raise InvalidInput("--format ics exports the next follow-up; it takes no --what, "
                               "--take or --variant")
        text = documents.follow_up_ics(ctx.store, a.app_id)
    else:
        doc = _document(ctx)
        text = documents.to_markdown(doc) if a.format == "md" else documents.to_text(doc)
    if out is None:  # bytes, so an .ics keeps its CRLF line ends on every system
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return 0
    write_atomic(out, text)
    print(f"Wrote {out}.")
    return 0


def _out_path(name: str) -> Path:
    out = Path(name).expanduser()
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name")
    if not out.parent.exists():
        raise InvalidInput(f"the folder {out.parent} does not exist")
    return out
