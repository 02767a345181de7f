"""Laying a coach document out for paper: the QTextDocument that printing paints.

`document_for()` lays the HTML out in a QTextDocument at 96 dpi (so CSS px mean what they
mean in a browser) with design metrics (so glyph positions do not depend on screen
hinting), for a page name of coach.documents (`page_layout()` turns one into Qt's paper).
`fit()` lays it out for a paint area, keeping a band free at the foot of each page for the
footer, short paragraphs whole and headings with what follows; `continued_pages()` says
which pages carry on a cue card from the page before. Painting the pages onto a PDF, a
printer or a print preview is ui.printing's.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QByteArray, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)

from coach.documents import Document, page_spec, to_html
from coach.documents.model import Image

LAYOUT_DPI = 96  # the QTextDocument's own unit: 1 CSS px
IMAGE_DPI = 300  # pictures (the progress chart) are rasterised this fine for print
FOOTER_PT = 7.5
FONTS = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
# dynamic properties the painter (ui.printing) reads back from the document
FOOTER_PROPERTY = "callcoach_footer"
KIND_PROPERTY = "callcoach_kind"


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new one. Without a display (a server, CI, ssh)
    Qt is told to draw offscreen first, so `callcoach print` works headless. A widgets
    QApplication, not a bare QGuiApplication: any window created later in the same process
    (the app, a test) aborts under a QGuiApplication."""
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "callcoach"])
    return app


def default_page(kind: str = "") -> str:
    """Cue cards print on index cards; pages on the paper usual where the user lives."""
    if kind == "cards":
        return "index-card"
    from PySide6.QtCore import QLocale

    us = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if us else "a4"


def page_for(source: Document | str, page: str | None = None) -> str:
    """The paper to use: `page` if given, else the document's own (cue cards), else the
    user's usual paper."""
    if page:
        return page
    if isinstance(source, Document):
        return source.page or default_page(source.kind)
    return default_page()


def page_layout(page: str) -> QPageLayout:
    """A page name (coach.documents.PAGES) as Qt's paper, orientation and margins.
    Standard sizes by id, so a printer driver recognises them; the index card by size."""
    spec = page_spec(page)  # InvalidInput for an unknown name
    ids = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4,
           "a6": QPageSize.PageSizeId.A6}
    size = QPageSize(ids[page]) if page in ids else QPageSize(
        QSizeF(spec.width_mm, spec.height_mm), QPageSize.Unit.Millimeter, spec.label,
        QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if spec.landscape
                   else QPageLayout.Orientation.Portrait)
    m = spec.margin_mm
    return QPageLayout(size, orientation, QMarginsF(m, m, m, m), QPageLayout.Unit.Millimeter)


# --- the document -----------------------------------------------------------------------


_DEVICE: list[QImage] = []  # the 96-dpi layout device; kept alive for every document


def _layout_device() -> QImage:
    if not _DEVICE:
        image = QImage(4, 4, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
        image.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
        _DEVICE.append(image)
    return _DEVICE[0]


def document_for(source: Document | str, page: str | None = None) -> QTextDocument:
    """A QTextDocument for `source` (a coach Document, or HTML), laid out for `page`
    (default: `page_for(source)`)."""
    ensure_app()
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(_layout_device())
    doc.setUseDesignMetrics(True)
    font = QFont()
    font.setFamilies(FONTS)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    option = doc.defaultTextOption()
    # A long e-mail address or a word with no spaces wraps instead of running off the page
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)  # the page margins do this job, on every page alike
    doc.setUndoRedoEnabled(False)  # the fit edits block formats; nothing to undo
    if isinstance(source, Document):
        for b in source.blocks:
            if isinstance(b, Image):
                doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(b.name),
                                rasterise(b.svg, b.width, b.height))
        doc.setHtml(to_html(source))
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, source.title)
        doc.setProperty(FOOTER_PROPERTY, source.footer)
        doc.setProperty(KIND_PROPERTY, source.kind)
    else:
        doc.setHtml(source)
        doc.setProperty(FOOTER_PROPERTY, "")
        doc.setProperty(KIND_PROPERTY, "")
    rect = page_layout(page_for(source, page)).paintRect(QPageLayout.Unit.Inch)
    fit(doc, rect.width() * LAYOUT_DPI, rect.height() * LAYOUT_DPI)
    return doc


def rasterise(svg: str, width: int, height: int, dpi: int = IMAGE_DPI) -> QImage:
    """An SVG drawn at `dpi` for a `width` × `height` CSS-pixel box, on white."""
    from PySide6.QtSvg import QSvgRenderer

    scale = dpi / LAYOUT_DPI
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def footer_height() -> float:
    return FOOTER_PT / 72 * LAYOUT_DPI * 2.2  # the text and a little air above it


def fit(doc: QTextDocument, width: float, height: float) -> None:
    """Lay `doc` out for a paint area of `width` × `height` layout px, keeping the
    footer band free, then keep short paragraphs whole and headings with what follows
    (Qt would split a paragraph between pages — on a cue card, mid-sentence)."""
    size = QSizeF(width, height - footer_height())
    _clear_keeps(doc)
    for _round in range(500):  # each move can push later blocks on; stop when settled
        _relayout(doc, size)
        block = _first_to_move(doc)
        if block is None:
            return
        _clear_keeps(doc, after=block)  # what follows moves with it: judge it afresh
        _break_before(block)


def _relayout(doc: QTextDocument, size: QSizeF) -> None:
    """A complete layout. Qt lays long documents out lazily, and a format changed mid-way
    can leave later blocks unplaced, so every pass starts from the top."""
    doc.setPageSize(size)
    doc.markContentsDirty(0, doc.characterCount())
    doc.documentLayout().documentSize()


def _first_to_move(doc: QTextDocument):
    page = doc.pageSize().height()
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        nxt = block.next()
        if block.blockFormat().pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto \
                and not _in_table(block):
            rect = layout.blockBoundingRect(block)
            first, last = int(rect.top() // page), int((rect.bottom() - 1) // page)
            if last > first and rect.height() < page / 2:
                return block  # a short paragraph split over two pages
            body = _content_after(block)
            if (block.blockFormat().headingLevel() > 0 and body is not None
                    and int(layout.blockBoundingRect(body).top() // page) > first
                    and rect.top() % page > 0.1 * page):
                return block  # a heading left at the foot of a page, its text overleaf
        block = nxt
    return None


def _content_after(heading):
    """The first block after `heading` that is text under it: not another heading, not
    a one-line note in small print (such as "About 60 s to say…")."""
    block = heading.next()
    while block.isValid() and (block.blockFormat().headingLevel() > 0 or (
            block.lineCount() == 1 and block.charFormat().fontPointSize() < 9.5
            and not _in_table(block))):
        block = block.next()
    return block if block.isValid() else None


_KEEP = QTextFormat.Property.UserProperty + 1  # marks breaks this module added


def _break_before(block) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    fmt.setProperty(_KEEP, True)
    QTextCursor(block).setBlockFormat(fmt)


def _clear_keeps(doc: QTextDocument, after=None) -> None:
    """Undo the breaks a previous fit added (all, or those after the block `after`), so
    a new paper size starts afresh."""
    block = after.next() if after is not None else doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.boolProperty(_KEEP):
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
            fmt.clearProperty(_KEEP)
            QTextCursor(block).setBlockFormat(fmt)
        block = block.next()


def _in_table(block) -> bool:
    # Not QTextCursor.currentTable(): in PySide6 6.12 each call that returns None drops a
    # reference to None, and enough of them crash the interpreter.
    return isinstance(block.document().frameAt(block.position()), QTextTable)


def continued_pages(doc: QTextDocument, page_height: float) -> set[int]:
    """Pages that carry on a card from the page before (no card starts at their top)."""
    layout = doc.documentLayout()
    starts = {0}
    for frame in doc.rootFrame().childFrames():
        if frame.frameFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            starts.add(int((layout.frameBoundingRect(frame).top() + 1) // page_height))
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if (fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
                and not fmt.boolProperty(_KEEP)):
            starts.add(int((layout.blockBoundingRect(block).top() + 1) // page_height))
        block = block.next()
    return set(range(doc.pageCount())) - starts

