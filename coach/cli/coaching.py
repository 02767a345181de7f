"""`callcoach advise | script | lint | demo`: the script flow from the command line
(Application + Contact + Profile → Advisor → template → CallScript → Lint → text)."""

from __future__ import annotations

import sys
import tempfile
import textwrap
from datetime import date, datetime
from pathlib import Path

from coach.days import full_day, time_of_day
from coach.errors import InvalidInput
from coach.models import Variant

VARIANTS = [v.value for v in Variant]


def register(sub) -> None:
    from coach.cli import add_json, record_id

    s = sub.add_parser("advise", help="should you call, email, message or wait?")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    add_json(s)
    s.set_defaults(handler=advise_cmd)

    s = sub.add_parser("script", help="build the call script (or written message)")
    s.add_argument("app_id", type=record_id, metavar="APP_ID")
    s.add_argument("--variant", choices=VARIANTS, help="default: the advisor's choice")
    s.add_argument("--template", metavar="ID", help="a template id (yours or a built-in)")
    s.add_argument("--rebuild", action="store_true",
                   help="build afresh from the template (saved as a new version) instead of "
                   "showing your latest saved version")
    s.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    s.add_argument("--json", action="store_true", help="same as --format json")
    s.set_defaults(handler=script_cmd)

    s = sub.add_parser("lint", help="check a script for weak phrases, focus and length")
    s.add_argument("file", metavar="FILE", help="a text file, or - for standard input")
    s.add_argument("--variant", choices=VARIANTS)
    s.add_argument("--rate", type=int, default=150, metavar="WPM")
    s.add_argument("--name", default="", help="your name (checked in voicemails)")
    s.add_argument("--phone", default="", help="your phone number (checked in voicemails)")
    add_json(s)
    s.set_defaults(handler=lint_cmd)

    s = sub.add_parser("demo", help="a sample application end to end, in a temporary folder")
    add_json(s)
    s.set_defaults(handler=demo_cmd)


# --- advise -----------------------------------------------------------------------------


def advise_for(store, app_id: int, now: datetime | None = None):
    from coach.advice import advise

    now = now or datetime.now()
    app = store.get_application(app_id)
    return app, advise(app, store.get_profile(), store.list_calls(app_id), now.date(), now=now)


def advise_cmd(ctx) -> int:
    _app, advice = advise_for(ctx.store, ctx.args.app_id)
    ctx.emit(advice.to_dict(), lambda: advice_card(advice))
    return 0


def advice_card(advice, today: date | None = None) -> str:
    from coach.advice import follow_ups_note

    width = 76
    when = advice.when.suggested
    # a slot already begun (a thank-you to send now, or inside this morning's window)
    slot = "now" if when <= datetime.now() else f"{full_day(when)}, {time_of_day(when)}"
    out = [advice.headline, ""]
    out += [textwrap.fill(r, width, initial_indent="  • ", subsequent_indent="    ")
            for r in advice.reasons]
    out += ["", textwrap.fill(f"When: {advice.when.note}", width, subsequent_indent="      "),
            f"      Best window: {advice.when.window}; next good slot {slot}."]
    # the same words as the app's Advice page
    note = follow_ups_note(advice, today or date.today())
    if note:
        out.append(textwrap.fill(f"Follow-ups: {note}", width, subsequent_indent="      "))
    out.append(f"Confidence: {round(advice.confidence * 100)}%")
    return "\n".join(out)


# --- script -----------------------------------------------------------------------------


def build_for(store, app_id: int, variant: str | None, template_id: str | None = None,
              data_dir: Path | None = None, *, rebuild: bool = False):
    """The advisor picks the contact (and the variant unless one is asked for); the builder
    renders the template. The user's latest saved version wins (their edits, as in the app);
    with no version yet, or with `rebuild`, the fresh text is saved as a new version."""
    from coach.scripts import build_script, contact_for, with_text
    from coach.templates import load_library

    app, advice = advise_for(store, app_id)
    chosen = Variant(variant) if variant else advice.variant
    library = load_library(data_dir / "templates" if data_dir else None)
    for problem in library.errors:  # the others still load; say which file was skipped
        print(f"callcoach: warning: template skipped: {problem}", file=sys.stderr)
    contact = contact_for(app, advice, chosen)
    script = build_script(app, contact, store.get_profile(), chosen, library=library,
                          template_id=template_id)
    latest = store.latest_script(app_id, script.variant.value)
    if latest is not None and not rebuild:
        if latest.text.strip() and latest.text != script.text():
            script = with_text(script, latest.text)
    elif latest is None or latest.text != script.text():
        store.save_script(app_id, script.variant.value, script.text(),
                          template_id=script.template_id, data=script.to_dict())
    return app, advice, script


def script_cmd(ctx) -> int:
    a = ctx.args
    fmt = "json" if a.json else a.format
    _app, _advice, script = build_for(ctx.store, a.app_id, a.variant, a.template, ctx.data_dir,
                                      rebuild=a.rebuild or a.template is not None)
    if fmt == "json":
        import json

        print(json.dumps(script.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        print(script.markdown())
    else:
        print(script.text())
    return 0


# --- lint -------------------------------------------------------------------------------


def read_text_arg(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    p = Path(path)
    if not p.exists():
        raise InvalidInput(f"{path}: no such file")
    if p.is_dir():
        raise InvalidInput(f"{path} is a folder; give a text file")
    if p.stat().st_size > 5_000_000:
        raise InvalidInput(f"{path} is {p.stat().st_size:,} bytes; a script should be a few KB")
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text") from None


def lint_cmd(ctx) -> int:
    from coach.lint import lint

    a = ctx.args
    if not 60 <= a.rate <= 300:
        raise InvalidInput(f"--rate {a.rate} is outside 60–300 words per minute")
    text = read_text_arg(a.file)
    if not text.strip():
        raise InvalidInput(f"{a.file} is empty; there is nothing to check")
    result = lint(text, variant=Variant(a.variant) if a.variant else None, rate_wpm=a.rate,
                  name=a.name, phone=a.phone)
    ctx.emit(result.to_dict(), lambda: lint_text(result))
    return 0


def lint_text(result) -> str:
    out = []
    for f in result.findings:
        out.append(f"- {f.kind.replace('_', ' ')}: “{f.text}” — {f.message}")
        if f.suggestion:
            out.append(textwrap.fill(f"Try: {f.suggestion}", 76, initial_indent="    ",
                                     subsequent_indent="    "))
    if not out:
        out.append("No findings: this reads warm and clear.")
    focus = "n/a" if result.other_focus is None else f"{round(result.other_focus * 100)}%"
    out.append(f"Other-focus: {focus} of you/I words are about the listener. "
               f"About {result.estimated_seconds:.0f} s to say.")
    return "\n".join(out)


# --- demo -------------------------------------------------------------------------------


def demo_cmd(ctx) -> int:
    from coach.lint import lint
    from coach.models import to_dict
    from coach.sample import seed
    from coach.store import Store

    with tempfile.TemporaryDirectory(prefix="callcoach-demo-") as tmp:
        store = Store.open(Path(tmp))
        try:
            app = seed(store)
            sent = app.date_sent
            _app, advice, script = build_for(store, app.id, None)
            result = lint(script.text(), variant=script.variant,
                          budget_seconds=script.budget_seconds)
        finally:
            store.close()
    if getattr(ctx.args, "json", False):
        import json

        print(json.dumps({"application": to_dict(app), "advice": advice.to_dict(),
                          "script": script.to_dict(), "lint": result.to_dict()},
                         indent=2, ensure_ascii=False))
        return 0
    rule = "─" * 76
    print(f"Call Coach demo — {app.role} at {app.company}, résumé sent {full_day(sent)}\n")
    print(f"ADVICE\n{rule}\n{advice_card(advice)}\n")
    print(f"SCRIPT ({script.title}, about {script.estimated_seconds:.0f} s)\n{rule}")
    print(script.text())
    print(f"\nCHECK\n{rule}\n{lint_text(result)}")
    print("\n(Everything above lived in a temporary folder that is now deleted.)")
    return 0


# --- no command -------------------------------------------------------------------------


def no_window(args, reason: str) -> int:
    """What `callcoach` with no command does when the window cannot open: say why, then
    show the headless demo rather than fail."""
    print(f"{reason}, so here is the headless demo.\n")
    from coach.cli import Context

    return demo_cmd(Context(args))
