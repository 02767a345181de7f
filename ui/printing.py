"""Printing: one path from a coach document to paper, print preview or PDF.

The document is laid out by ui.print_layout (`document_for()`: a QTextDocument at 96 dpi
with design metrics), and `paint()` draws it page by page onto any QPagedPaintDevice — a
QPdfWriter, a QPrinter, or the QPrinter behind a print preview — scaled to that device. A
footer band at the foot of each page carries the page number; on cue cards it says when a
card's text runs on to the next card. Fonts are embedded by Qt's PDF engine (TrueType
subsets). The layout's names (`ensure_app`, `page_for`, `document_for`, …) are importable
from here too.

    print_to_pdf(doc, "cards.pdf")          # doc: coach.documents.Document, or an HTML str
    print_dialog(parent, doc)               # choose a printer, print
    preview_dialog(parent, doc).exec()      # File ▸ Print Preview
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)

from coach.documents import Document
from coach.errors import InvalidInput
from ui.print_layout import (
    FONTS,
    FOOTER_PROPERTY,
    FOOTER_PT,
    IMAGE_DPI,
    KIND_PROPERTY,
    LAYOUT_DPI,
    continued_pages,
    default_page,
    document_for,
    ensure_app,
    fit,
    footer_height,
    page_for,
    page_layout,
    rasterise,
)

__all__ = ["FONTS", "FOOTER_PT", "IMAGE_DPI", "LAYOUT_DPI", "default_page", "document_for",
           "ensure_app", "page_for", "page_layout", "paint", "preview_dialog", "print_dialog",
           "print_to_pdf", "printer_for", "rasterise", "save_as"]


# --- painting -----------------------------------------------------------------------------


def paint(doc: QTextDocument, device) -> int:
    """Draw every page of `doc` on `device` (QPdfWriter, QPrinter); returns the number of
    pages. The document is laid out again for the device's own paper and margins, so a
    paper size changed in the print dialog is honoured."""
    scale = device.logicalDpiX() / LAYOUT_DPI
    fit(doc, device.width() / scale, device.height() / scale)
    body = doc.pageSize()
    pages = doc.pageCount()
    cards = doc.property(KIND_PROPERTY) == "cards"
    continued = continued_pages(doc, body.height()) if cards else set()
    ctx = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(role, QColor("black"))  # never the desktop's (maybe dark) theme
    ctx.palette = palette
    painter = QPainter()
    if not painter.begin(device):
        raise InvalidInput("could not start printing (is the file or printer writable?)")
    try:
        for index in range(pages):
            if index and not device.newPage():
                raise InvalidInput("the printer stopped accepting pages")
            painter.save()
            painter.scale(scale, scale)
            view = QRectF(0, index * body.height(), body.width(), body.height())
            painter.translate(0, -view.top())
            painter.setClipRect(view)
            ctx.clip = view
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
            _footer(painter, device, doc, body, scale, index, pages, continued)
    finally:
        painter.end()
    return pages


def _footer(painter: QPainter, device, doc: QTextDocument, body: QSizeF, scale: float,
            index: int, pages: int, continued: set[int]) -> None:
    """The footer line, drawn in device units so its point size is the device's."""
    font = QFont(doc.defaultFont())
    font.setPointSizeF(FOOTER_PT)
    painter.setFont(font)
    painter.setPen(QColor("#4d4d4d"))
    metrics = QFontMetricsF(font, device)
    width = body.width() * scale
    baseline = (body.height() + footer_height()) * scale - metrics.descent()
    if doc.property(KIND_PROPERTY) == "cards":
        left = "…continued" if index in continued else ""
        right = "continued on the next card ›" if index + 1 in continued else ""
    else:
        left, right = doc.property(FOOTER_PROPERTY) or "", f"page {index + 1} of {pages}"
    right_w = metrics.horizontalAdvance(right)
    painter.drawText(QPointF(width - right_w, baseline), right)
    if left:
        room = width - right_w - metrics.horizontalAdvance("    ")
        painter.drawText(QPointF(0, baseline),
                         metrics.elidedText(left, Qt.TextElideMode.ElideRight, room))


# --- outputs --------------------------------------------------------------------------------


def print_to_pdf(source: Document | str, out: str | os.PathLike, page: str | None = None
                 ) -> int:
    """Write `source` to the PDF file `out`; returns the number of pages. The file appears
    whole or not at all (written beside it, then moved into place)."""
    out = Path(out)
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name ending in .pdf")
    if not out.parent.exists():
        raise InvalidInput(f"the folder {out.parent} does not exist")
    doc = document_for(source, page)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setResolution(1200)
        writer.setCreator("Call Coach")
        writer.setTitle(doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
        writer.setPageLayout(page_layout(page_for(source, page)))
        pages = paint(doc, writer)
        del writer  # flushes and closes the file
        _public(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return pages


def _public(path: str) -> None:
    """mkstemp makes 0600; an export the user asked for gets their usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def save_as(source: Document, path: str | os.PathLike, page: str | None = None) -> None:
    """Export by the file's suffix: .pdf (printed), .md (Markdown), anything else plain
    text — what the app's Export… action needs after its file dialog."""
    from coach.documents import to_markdown, to_text
    from coach.files import write_atomic

    path = Path(path)
    if path.suffix.lower() == ".pdf":
        print_to_pdf(source, path, page)
    else:
        md = path.suffix.lower() in (".md", ".markdown")
        write_atomic(path, to_markdown(source) if md else to_text(source))


def printer_for(source: Document | str, page: str | None = None):
    """A high-resolution QPrinter set to the document's paper (the dialog may change it)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if isinstance(source, Document):
        printer.setDocName(source.title)
    printer.setPageLayout(page_layout(page_for(source, page)))
    return printer


def print_dialog(parent, source: Document | str, page: str | None = None) -> bool:
    """Choose a printer and print; False when the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog

    doc = document_for(source, page)
    printer = printer_for(source, page)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint(doc, printer)
    return True


def preview_dialog(parent, source: Document | str, page: str | None = None):
    """A print-preview dialog (not yet shown: call .exec() or .open()); its Print button
    prints through the same path."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    doc = document_for(source, page)
    printer = printer_for(source, page)
    dialog = QPrintPreviewDialog(printer, parent)
    title = doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle) or "Call Coach"
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda p: paint(doc, p))
    dialog._callcoach = (doc, printer)  # keep both alive as long as the dialog
    return dialog
