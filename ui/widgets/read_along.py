"""The script being read aloud on the Rehearse page: read-only text with one word lit up
at a time and kept in view, in large type for teleprompter mode. It shows; the page says
which word and when (ui.pages.rehearse)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ui.widgets.common import scaled_font


class ReadAlongView(QTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self._base_font = self.font()
        self.setFont(scaled_font(self._base_font, 1.2))

    def set_large(self, on: bool) -> None:
        """Teleprompter size, or back to the usual."""
        self.setFont(scaled_font(self._base_font, 2.2 if on else 1.2))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def light(self, start_char: int, end_char: int, follow: bool) -> None:
        """Light up the text from `start_char` to `end_char` and scroll to it: always when
        `follow` (teleprompter mode), else only when it has gone out of view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start_char)
        cursor.setPosition(end_char, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        pal = self.palette()
        fmt.setBackground(pal.color(QPalette.ColorRole.Highlight))
        fmt.setForeground(pal.color(QPalette.ColorRole.HighlightedText))
        sel.format, sel.cursor = fmt, cursor
        self.setExtraSelections([sel])
        self._scroll_to(cursor, follow)

    def unlight(self) -> None:
        self.setExtraSelections([])

    def lit_text(self) -> str:
        sels = self.extraSelections()
        return sels[0].cursor.selectedText() if sels else ""

    def _scroll_to(self, cursor: QTextCursor, follow: bool) -> None:
        """Keep the spoken word about a third of the way down, like a teleprompter."""
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        target = bar.value() + rect.top() - self.viewport().height() // 3
        if follow or not self.viewport().rect().contains(rect):
            bar.setValue(max(0, target))
