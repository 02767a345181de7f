"""The practice report for one take: how it went against the target bands, three things
to try next, progress across takes, and the transcript with every finding marked.

The input is the report JSON the analysis stores with each take (schema 1: words,
findings, lines, metrics). Marks in the transcript are made of type, not colour —
[brackets] and bold for fillers, bold underline for phrases to change, italics for a
stretch of pace, "[pause 3.2 s]" for silences, and a superscript number on each that
matches the numbered list below — so a black-and-white printout shows all of them."""

from __future__ import annotations

from datetime import datetime

from coach.documents.chart import HEIGHT, WIDTH, progress_svg
from coach.documents.gather import when_text
from coach.documents.model import (
    Bullets,
    Document,
    Heading,
    Image,
    Inline,
    Para,
    Table,
    iso,
    span,
)
from coach.documents.targets import BANDS, BY_KEY, evaluate, judged
from coach.documents.tips import tips
from coach.models import Application, Take
from coach.text import clock, moment

_KIND = {"filler": "filler", "weak_phrase": "phrase to change", "pause": "long pause",
         "pace": "pace"}
_EPS = 0.02  # seconds: timings from the recogniser and the detectors differ by rounding

LEGEND = ("How to read this: [um] in bold brackets is a filler; bold underlined words are a "
          "phrase to change; italics mark a stretch that was too fast or too slow; "
          "[pause 3.2 s] is a long silence. The small numbers match the list below.")


def build(app: Application, take: Take, takes: list[Take], user: str = "",
          bands=BANDS) -> Document:
    """`takes`: the application's takes with reports, oldest first (for the chart);
    `bands`: the targets to judge them by (the user's own, from the app)."""
    r = judged(take.report or {}, bands)
    metrics = r.get("metrics") or {}
    number = next((i for i, t in enumerate(takes) if t.id == take.id), len(takes))
    blocks: list = [Heading("Practice report", 1), Para([_subtitle(app, take, number, takes)],
                                                         "muted")]
    checks = evaluate(metrics, bands)
    good = [c.band.label.lower() for c in checks if c.status == "ok"]
    blocks.append(Heading("How it went", 2))
    if good:
        blocks.append(Para([f"Well done — right on target: {_and(good)}."]))
    blocks.append(Table([[[c.band.label], [c.band.show(c.value)], [c.band.target()],
                          [span(c.verdict, "b") if c.status not in ("ok", None) else c.verdict]]
                         for c in checks],
                        header=["Measure", "This take", "Target", ""], widths=[27, 21, 31, 21]))
    blocks += [Heading("Three things to try next", 2),
               Bullets([[t] for t in tips(r, bands=bands)], numbered=True)]
    blocks += _progress(takes, number, bands)
    blocks += _transcript(r)
    blocks += _lines(r)
    footer = " · ".join(x for x in (user, f"{app.company} — {app.role}",
                                    f"take {number + 1}") if x)
    return Document("report", f"Practice report — {app.role} at {app.company}", "",
                    blocks, footer=footer)


def _subtitle(app: Application, take: Take, number: int, takes: list[Take]) -> str:
    r = take.report or {}
    parts = [f"{iso(app.company)} — {iso(app.role)}", f"take {number + 1} of {len(takes)}"]
    try:
        parts.append(when_text(datetime.fromisoformat(take.created_at)))
    except (TypeError, ValueError):
        pass
    if isinstance(r.get("duration_s"), int | float):
        secs = r["duration_s"]
        parts.append(f"{secs:.0f} s long" if secs < 59.5 else f"{clock(secs)} long")
    if take.variant:
        parts.append(f"{take.variant} script")
    return " · ".join(parts)


def _progress(takes: list[Take], current: int, bands) -> list:
    metrics = [(t.report or {}).get("metrics") or {} for t in takes]
    rows = [[[str(i + 1) + (" (this one)" if i == current else "")],
             [_fmt(_pace(m.get("words_per_minute")), "{:.0f}")],
             [_fmt(m.get("fillers_per_100_words"), "{:.1f}")],
             [_fmt(m.get("script_coverage"), "{:.0%}")]] for i, m in enumerate(metrics)]
    table = Table(rows, header=["Take", "Words a minute", "Fillers per 100 words",
                                "Script lines said"], widths=[25, 25, 25, 25])
    out = [Heading("Progress across takes", 2)]
    out.append(Image("chart:progress", progress_svg(metrics, current, bands), WIDTH, HEIGHT,
                     "Pace, fillers and script lines said for each take", [table]))
    note = ("The grey strip is the target; the filled dot is this take."
            if len(takes) > 1 else
            "This is your first analysed take: record another to see your progress.")
    out.append(Para([note], "muted"))
    return out


# --- the transcript -------------------------------------------------------------------


def _transcript(r: dict) -> list:
    words = [w for w in r.get("words") or [] if isinstance(w, dict) and w.get("text")]
    findings = sorted((f for f in r.get("findings") or [] if isinstance(f, dict)),
                      key=lambda f: (_t(f.get("start")), _t(f.get("end"))))
    out = [Heading("What you said", 2)]
    if not words:
        return out + [Para(["No words were recognised in this take. Check the microphone "
                            "is on and close enough, then record another."])]
    out.append(Para([LEGEND], "muted"))
    before: dict[int, list[Inline]] = {}  # inserted before word i
    after: dict[int, list[Inline]] = {}  # appended after word i
    styles: list[set[str]] = [set() for _ in words]
    open_br, close_br = set(), set()
    listed = []
    for n, f in enumerate(findings, 1):
        kind = f.get("kind", "")
        mark = span(str(n), "sup")
        if kind == "pause":
            i = next((k for k, w in enumerate(words)
                      if _t(w.get("start")) >= _t(f.get("end")) - _EPS), len(words))
            secs = _t(f.get("end")) - _t(f.get("start"))
            before.setdefault(i, []).extend(
                [span(f"[pause {secs:.1f} s]", "b", "small"), mark, " "])
        else:
            covered = _covered(words, f)
            if kind == "filler":
                open_br.add(covered[0])
                close_br.add(covered[-1])
            style = {"filler": "b", "pace": "i"}.get(kind, "mark")
            for k in covered:
                styles[k].add(style)
            after.setdefault(covered[-1], []).append(mark)
        listed.append(_finding_item(f))
    for k, w in enumerate(words):  # fillers the analysis flagged without a finding
        if w.get("filler") and not styles[k]:
            styles[k].add("b")
            open_br.add(k)
            close_br.add(k)
    parts: list[Inline] = []
    for k, w in enumerate(words):
        parts += before.get(k, [])
        text = ("[" if k in open_br else "") + str(w["text"]) + ("]" if k in close_br else "")
        parts.append(span(text, *sorted(styles[k])) if styles[k] else text)
        if w.get("after"):  # as the recogniser punctuated it, outside the mark
            parts.append(str(w["after"]))
        parts += after.get(k, [])
        parts.append(" ")
    parts += before.get(len(words), [])
    out.append(Para(parts))
    if listed:
        out += [Heading("What was marked", 3), Bullets(listed, numbered=True)]
    else:
        out.append(Para(["Nothing to mark in this take: no fillers, weak phrases or long "
                         "pauses. Lovely."]))
    return out


def _covered(words: list[dict], f: dict) -> list[int]:
    a, b = _t(f.get("start")), _t(f.get("end"))
    hit = [k for k, w in enumerate(words)
           if _t(w.get("start")) < b - _EPS and _t(w.get("end")) > a + _EPS]
    if hit:
        return hit
    nearest = min(range(len(words)), key=lambda k: abs(_t(words[k].get("start")) - a))
    return [nearest]


def finding_head(f: dict) -> str:
    """When and what a finding (a report dict's) is, as the printed report and the screen
    both show it: "0:08 — filler “um”", "0:12–0:41 — pace"."""
    kind = _KIND.get(f.get("kind", ""), str(f.get("kind", "note")).replace("_", " "))
    head = f"{moment(_t(f.get('start')), _t(f.get('end')))} — {kind}"
    # (a take kept before December 2026 has a filler's name at the start of its message)
    said = f"“{f['text']}”" if f.get("text") and f.get("kind") != "pace" else ""
    if said and not str(f.get("message", "")).startswith(said):
        head += f" {said}"
    return head


def _finding_item(f: dict) -> list[Inline]:
    item: list[Inline] = [span(finding_head(f), "b"), f": {f.get('message', '')}".rstrip(": ")]
    if f.get("suggestion"):
        item += [span(" Try: ", "b"), f"“{f['suggestion']}”"]
    return item


def _lines(r: dict) -> list:
    lines = [ln for ln in r.get("lines") or [] if isinstance(ln, dict)]
    if not lines:
        return []
    missed = [ln.get("text", "") for ln in lines if not ln.get("said")]
    out = [Heading("Script lines", 2)]
    if not missed:
        return out + [Para([f"You said all {len(lines)} lines of the script."])]
    out.append(Para([f"You said {len(lines) - len(missed)} of {len(lines)} lines. "
                     f"The ones to add next time:"]))
    return out + [Bullets([[m] for m in missed])]


# --- small helpers ------------------------------------------------------------------------


def _t(v) -> float:
    return float(v) if isinstance(v, int | float) else 0.0


def _pace(v):
    """Rounded as the take's own report rounds it (targets.Band.rounded)."""
    return BY_KEY["words_per_minute"].rounded(v) if isinstance(v, int | float) else v


def _fmt(v, pattern: str) -> str:
    return pattern.format(v) if isinstance(v, int | float) else "—"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
