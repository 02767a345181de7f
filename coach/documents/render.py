"""A Document as HTML (for Qt's QTextDocument, which reads a subset of HTML 4 and CSS),
Markdown, or plain text. Every string from a block is escaped here and nowhere else.

The HTML keeps to what QTextDocument honours: inline `style` attributes (no style sheet
or classes), sizes in pt for type and px (1/96 in) for spacing, tables for anything side
by side, per-cell borders with `border-collapse`, and `page-break-before: always`."""

from __future__ import annotations

import html
import re
import textwrap

from coach.documents.model import (
    Bullets,
    CardHead,
    Document,
    Heading,
    Image,
    Inline,
    NoteLines,
    PageBreak,
    Para,
    Span,
    Table,
)

# Type sizes (pt) per document kind. Cue cards are read at arm's length while talking,
# so their spoken lines are large; sheets and reports are read at a desk.
_SIZES = {
    "cards": {"body": 12, "big": 20, "lead": 13, "muted": 10, "h1": 20, "h2": 16, "h3": 13,
              "h4": 12, "head": 10},
    "page": {"body": 10.5, "big": 12.5, "lead": 12, "muted": 8.5, "h1": 19, "h2": 14,
             "h3": 11.5, "h4": 9.5, "head": 9},
}
_RULE = "#000000"
_LIGHT_RULE = "#8c8c8c"
_MUTED = "#4d4d4d"  # dark enough to print legibly on a mono laser printer
_MARK_BG = "#fff0b3"  # a tint on screen; the mark is bold + underlined without it

# --- HTML -----------------------------------------------------------------------------


def to_html(doc: Document) -> str:
    """The document as one HTML string for QTextDocument.setHtml()."""
    size = _SIZES["cards" if doc.kind == "cards" else "page"]
    out = [f'<html><head><meta charset="utf-8"><title>{_esc(doc.title)}</title></head>'
           f'<body style="font-size: {size["body"]}pt;">']
    pending_break = False
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        brk = " page-break-before: always;" if pending_break else ""
        pending_break = False
        out.append(_block_html(block, size, brk))
    out.append("</body></html>")
    return "\n".join(out)


def _block_html(b, size: dict, brk: str) -> str:
    if isinstance(b, Heading):
        level = min(max(b.level, 1), 4)
        top = {1: 0, 2: 14, 3: 10, 4: 6}[level]
        note = (f'<span style="font-weight: normal; font-style: italic; color: {_MUTED};">'
                f" — {_esc(b.note)}</span>") if b.note else ""
        return (f'<h{level} style="font-size: {size[f"h{level}"]}pt; margin-top: {top}px; '
                f'margin-bottom: {3 if level == 4 else 5}px;{brk}">{_esc(b.text)}{note}</h{level}>')
    if isinstance(b, Para):
        return _para_html(b, size, brk)
    if isinstance(b, Bullets):
        tag = "ol" if b.numbered else "ul"
        items = "".join(f'<li style="margin-bottom: 3px;">{_inlines_html(i)}</li>'
                        for i in b.items)
        return (f'<{tag} style="margin-top: 2px; margin-bottom: 6px; margin-left: 0px; '
                f'-qt-list-indent: 1;{brk}">{items}</{tag}>')
    if isinstance(b, Table):
        return _table_html(b, brk)
    if isinstance(b, Image):
        return (f'<p align="center" style="margin-top: 6px; margin-bottom: 6px;{brk}">'
                f'<img src="{_esc(b.name)}" width="{b.width}" height="{b.height}" '
                f'alt="{_esc(b.alt)}"></p>')
    if isinstance(b, CardHead):
        cell = f"border-bottom: 1.5px solid {_RULE}; font-size: {size['head']}pt;"
        return (f'<table width="100%" cellspacing="0" cellpadding="2" style="border-collapse: '
                f'collapse; margin-bottom: 6px;{brk}"><tr>'
                f'<td style="{cell} font-weight: bold; text-transform: uppercase;">'
                f"{_esc(b.title)}</td>"
                f'<td align="right" style="{cell}">{_esc(b.counter)}</td></tr></table>')
    if isinstance(b, NoteLines):
        label = (f'<p style="margin-top: 10px; margin-bottom: 0px; font-weight: bold;{brk}">'
                 f"{_esc(b.label)}</p>") if b.label else ""
        brk = "" if label else brk
        rows = "".join(f'<tr><td style="border-bottom: 0.75px solid {_LIGHT_RULE}; '
                       f'font-size: 15pt;">&nbsp;</td></tr>' for _ in range(b.count))
        return (f'{label}<table width="100%" cellspacing="0" cellpadding="1" '
                f'style="border-collapse: collapse;{brk}">{rows}</table>')
    raise TypeError(f"cannot render {type(b).__name__}")


def _para_html(p: Para, size: dict, brk: str) -> str:
    style = {
        "": "margin-top: 0px; margin-bottom: 5px;",
        "big": f"font-size: {size['big']}pt; margin-top: 0px; margin-bottom: 9px;",
        "lead": f"font-size: {size['lead']}pt; font-weight: bold; margin-top: 2px; "
                f"margin-bottom: 6px;",
        "muted": f"font-size: {size['muted']}pt; color: {_MUTED}; margin-top: 0px; "
                 f"margin-bottom: 5px;",
        "quote": f"font-size: {size['lead']}pt; font-style: italic; margin-top: 2px; "
                 f"margin-bottom: 8px;",
    }[p.role]
    return f'<p style="{style}{brk}">{_inlines_html(p.parts)}</p>'


def _table_html(t: Table, brk: str) -> str:
    cols = max((len(r) for r in t.rows), default=len(t.header or []))
    widths = t.widths or ([round(100 / cols)] * cols if cols else [])
    out = [f'<table width="100%" cellspacing="0" cellpadding="3" '
           f'style="border-collapse: collapse; margin-top: 2px; margin-bottom: 8px;{brk}">']
    if t.header:
        cells = "".join(
            f'<th align="left" width="{w}%" style="border-bottom: 1px solid {_RULE};">'
            f"{_esc(h)}</th>" for h, w in zip(t.header, widths, strict=False))
        out.append(f"<thead><tr>{cells}</tr></thead>")  # Qt repeats it on each page
    for row in t.rows:
        cells = []
        for i, cell in enumerate(row):
            bold = " font-weight: bold;" if t.role == "fields" and i == 0 else ""
            width = f' width="{widths[i]}%"' if i < len(widths) and not t.header else ""
            cells.append(f'<td valign="top"{width} style="border-bottom: 0.5px solid '
                         f'{_LIGHT_RULE};{bold}">{_inlines_html(cell)}</td>')
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "".join(out)


def _inlines_html(parts: list[Inline]) -> str:
    return "".join(_span_html(p) for p in parts)


def _span_html(p: Inline) -> str:
    if isinstance(p, str):
        return _esc(p)
    s = _esc(p.text)
    st = p.styles
    if "mark" in st:  # bold + underline carry it in black and white; the tint is a bonus
        s = f'<span style="background-color: {_MARK_BG};"><b><u>{s}</u></b></span>'
    if "b" in st:
        s = f"<b>{s}</b>"
    if "i" in st:
        s = f"<i>{s}</i>"
    if "u" in st:
        s = f"<u>{s}</u>"
    if "sup" in st:
        s = f"<sup>{s}</sup>"
    if "small" in st:
        s = f"<small>{s}</small>"
    if "muted" in st:
        s = f'<span style="color: {_MUTED};">{s}</span>'
    return s


def _esc(text: str) -> str:
    """Escape for HTML; a line break the user typed stays a line break."""
    return html.escape(text, quote=True).replace("\n", "<br>")


# --- Markdown and plain text ------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# Indentation is spaces and tabs only: `\s*` here also ran across line breaks, so a field
# of 100 kB of blank lines made every line start rescan the rest (quadratic: it hung).
_MD_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+[.)])(?=\s|$)", re.MULTILINE)
WIDTH = 78  # plain-text line length: fits a terminal and an e-mail


def md_escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup (CommonMark allows it before any
    ASCII punctuation), so "<script>" or "*urgent*" in a company name shows as typed."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(doc: Document) -> str:
    return _to_plain(doc, markdown=True)


def to_text(doc: Document) -> str:
    return _to_plain(doc, markdown=False)


def _to_plain(doc: Document, markdown: bool) -> str:
    out: list[str] = []
    for b in doc.blocks:
        out += _block_plain(b, markdown)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _block_plain(b, md: bool) -> list[str]:
    if isinstance(b, Heading):
        note = f" — {b.note}" if b.note else ""
        if md:
            note = f" — *{md_escape(b.note)}*" if b.note else ""
            return ["#" * min(b.level, 4) + " " + md_escape(b.text) + note, ""]
        rule = {1: "=", 2: "-"}.get(b.level)
        text = _wrap(b.text + note)
        return ["", text] + ([rule * min(len(text), WIDTH)] if rule else []) + [""]
    if isinstance(b, Para):
        text = _inlines_plain(b.parts, md)
        if b.role == "quote":
            return [("> " + text) if md else _wrap(text, "    "), ""]
        return [text if md else _wrap(text), ""]
    if isinstance(b, Bullets):
        lines = []
        for n, item in enumerate(b.items, 1):
            mark = f"{n}. " if b.numbered else "- "
            text = _inlines_plain(item, md)
            lines.append(mark + text if md else _wrap(text, " " * len(mark), mark))
        return lines + [""]
    if isinstance(b, Table):
        return _table_plain(b, md)
    if isinstance(b, Image):
        out = []
        for fb in b.fallback:
            out += _block_plain(fb, md)
        return out
    if isinstance(b, CardHead):
        if md:
            return [f"## {md_escape(b.title)} ({md_escape(b.counter)})", ""]
        return ["", f"{b.title.upper()}  ({b.counter})", "-" * WIDTH, ""]
    if isinstance(b, NoteLines):
        head = [("**" + md_escape(b.label) + "**") if md else b.label, ""] if b.label else []
        return head + ["_" * 60 + ("  " if md else "") for _ in range(b.count)] + [""]
    if isinstance(b, PageBreak):
        return ["", "---", ""] if md else [""]
    raise TypeError(f"cannot render {type(b).__name__}")


def _table_plain(t: Table, md: bool) -> list[str]:
    rows = [[_inlines_plain(c, md) for c in r] for r in t.rows]
    if md:
        cols = max([len(r) for r in rows] + [len(t.header or [])])
        header = [md_escape(h) for h in t.header] if t.header else [" "] * cols
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * cols]
        out += ["| " + " | ".join(c.replace("\n", " ") for c in r) + " |" for r in rows]
        return out + [""]
    if t.role == "fields":
        return [_wrap(f"{r[0]}: {' '.join(r[1:])}", "    ") for r in rows] + [""]
    out = []
    header = t.header or [""] * max((len(r) for r in rows), default=0)
    for r in rows:  # a paragraph per row: columns would not fit 78 characters
        rest = [f"{h}: {c}" if h else c for h, c in zip(header[1:], r[1:], strict=False) if c]
        out.append(_wrap(" — ".join([r[0], " · ".join(rest)]) if rest else r[0], "    ", "- "))
    return out + [""]


def _inlines_plain(parts: list[Inline], md: bool) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(md_escape(p) if md else p)
            continue
        text = md_escape(p.text) if md else p.text
        st = p.styles
        if "sup" in st:
            text = p.text.translate(_SUPERSCRIPT)
        if md and ("b" in st or "mark" in st) and text.strip():
            text = f"**{text}**"
        if md and "i" in st and text.strip():
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _wrap(text: str, indent: str = "", first: str = "") -> str:
    lines = []
    for n, para in enumerate(text.split("\n")):
        lines.append(textwrap.fill(para, WIDTH, initial_indent=first if n == 0 else indent,
                                   subsequent_indent=indent, break_long_words=False,
                                   break_on_hyphens=False) or (first if n == 0 else ""))
    return "\n".join(lines)


__all__ = ["Span", "md_escape", "to_html", "to_markdown", "to_text"]
