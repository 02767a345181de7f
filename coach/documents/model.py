"""What a printed document is made of, before it becomes HTML, Markdown or plain text.

Builders (cards, sheet, report) produce a `Document` of plain blocks holding plain
strings; only the renderers turn them into markup, and they escape every string. So no
builder can forget to escape what the user typed, and one document gives all three
formats without them drifting apart."""

from __future__ import annotations

from dataclasses import dataclass, field

# Inline styles a Span may carry. "mark" is a finding in a transcript: renderers make it
# visible without colour (bold + underline), so it survives a black-and-white printer.
STYLES = frozenset({"b", "i", "u", "sup", "small", "muted", "mark"})


@dataclass(frozen=True)
class Span:
    text: str
    styles: frozenset[str] = frozenset()

    def __post_init__(self):
        unknown = set(self.styles) - STYLES
        if unknown:
            raise ValueError(f"unknown span styles: {sorted(unknown)}")


def span(text: str, *styles: str) -> Span:
    return Span(text, frozenset(styles))


_FSI, _PDI = "\u2068", "\u2069"


def iso(text: str) -> str:
    """`text` as its own right-to-left island when it holds right-to-left letters, so a
    name like "مريم الحسيني" set in an English sentence keeps the sentence's word order
    and the digits after it ("…, 555-0101") stay where they were typed."""
    if any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text):
        return f"{_FSI}{text}{_PDI}"
    return text


Inline = str | Span


@dataclass
class Heading:
    text: str
    level: int = 2  # 1 = document title; 4 = a run-in title such as a script section
    note: str = ""  # shown after the title in lighter italics


@dataclass
class Para:
    parts: list[Inline]
    # "" body text; "big" a line to say aloud on a cue card; "lead" a headline;
    # "muted" small print; "quote" what the other person might say.
    role: str = ""


@dataclass
class Bullets:
    items: list[list[Inline]]
    numbered: bool = False


@dataclass
class Table:
    rows: list[list[list[Inline]]]  # rows of cells of inlines
    header: list[str] | None = None
    widths: list[int] | None = None  # per-cent of the text width, one per column
    role: str = ""  # "fields": label/value pairs, labels in bold


@dataclass
class Image:
    """A picture (SVG text). Print shows the picture; Markdown and plain text, which
    cannot, show `fallback` instead, so no format loses the numbers behind it."""

    name: str
    svg: str
    width: int  # CSS pixels (1/96 in)
    height: int
    alt: str
    fallback: list = field(default_factory=list)


@dataclass
class CardHead:
    """The strip along the top of a cue card: the section's title and "card 2 of 7"."""

    title: str
    counter: str


@dataclass
class NoteLines:
    """Ruled lines to write on."""

    count: int
    label: str = ""


@dataclass
class PageBreak:
    """The next block starts on a new page (a new card)."""


Block = Heading | Para | Bullets | Table | Image | CardHead | NoteLines | PageBreak


@dataclass
class Document:
    kind: str  # "cards" | "sheet" | "report"
    title: str
    page: str  # a page name (see PAGES), or "" for the user's usual paper (Letter or A4)
    blocks: list[Block]
    footer: str = ""  # printed at the foot of each page (with page numbers) by the front end

    def images(self) -> dict[str, str]:
        """SVG text by image name: what the front end must rasterise for print."""
        return {b.name: b.svg for b in self.blocks if isinstance(b, Image)}


@dataclass(frozen=True)
class PageSpec:
    """A paper size in millimetres (portrait width x height), whether to turn it to
    landscape, and the margin all round. The front end maps it onto its printer API."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    landscape: bool
    margin_mm: float


# Cue cards are held sideways, like index cards, so they print in landscape.
PAGES = {
    "letter": PageSpec("letter", "US Letter", 215.9, 279.4, False, 18.0),
    "a4": PageSpec("a4", "A4", 210.0, 297.0, False, 18.0),
    "index-card": PageSpec("index-card", "Index card 4 × 6 in", 101.6, 152.4, True, 6.0),
    "a6": PageSpec("a6", "A6", 105.0, 148.0, True, 6.0),
}


def page_spec(name: str) -> PageSpec:
    from coach.errors import InvalidInput

    try:
        return PAGES[name]
    except KeyError:
        raise InvalidInput(f"unknown page size '{name}' (choose from "
                           f"{', '.join(PAGES)})") from None
