"""The script editor: plain text, with the wording check's findings underlined (a wavy
underline, like a spelling check) and explained in a tooltip where the mouse rests.

Lint offsets count Python characters; a QTextDocument counts UTF-16 units, so a character
outside the Basic Multilingual Plane (an emoji) takes two. `to_qt`/`to_py` convert.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from ui.fixes import Edit

# Underlined in place: the kinds that mark a phrase or a sentence. Length, a missing ask
# and the voicemail checks are about the whole script; the side list explains those.
UNDERLINED = ("weak_phrase", "filler", "other_focus")
# Underline colours are the one colour we choose ourselves: an amber and a blue that stay
# visible on light and dark backgrounds alike.
COLOURS = {"weak_phrase": QColor(214, 120, 20), "filler": QColor(214, 120, 20),
           "other_focus": QColor(60, 120, 230)}

KIND_TITLES = {
    "weak_phrase": "A phrase that undersells you",
    "filler": "A filler word",
    "other_focus": "About you more than them",
    "length": "Length",
    "missing_ask": "No clear ask yet",
    "voicemail_name": "Your name in the voicemail",
    "voicemail_number": "Your number in the voicemail",
    "blank": "A blank to fill in",
}


def to_qt(text: str, index: int) -> int:
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def to_py(text: str, position: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def explain(finding) -> str:
    title = KIND_TITLES.get(finding.kind, finding.kind.replace("_", " ").capitalize())
    out = f"{title}\n\nWhy: {finding.message}"
    if finding.suggestion:
        out += f"\n\nTry instead: {finding.suggestion}"
    return out


class ScriptEditor(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Script text")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.findings: list = []
        self.linted_text = ""

    def text(self) -> str:
        return self.toPlainText()

    def set_findings(self, findings: list, text: str) -> None:
        """Underline `findings`, which were computed for `text` (ignored if stale)."""
        if text != self.text():
            return
        self.findings = list(findings)
        self.linted_text = text
        selections = []
        for f in self.findings:
            if f.kind not in UNDERLINED or f.end <= f.start:
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            fmt.setUnderlineColor(COLOURS[f.kind])
            sel.format = fmt
            cursor = QTextCursor(self.document())
            cursor.setPosition(to_qt(text, f.start))
            cursor.setPosition(to_qt(text, f.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)

    def findings_at(self, position: int) -> list:
        if self.linted_text != self.text():
            return []
        i = to_py(self.linted_text, position)
        return [f for f in self.findings
                if f.kind in UNDERLINED and f.start <= i < f.end]

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            here = self.findings_at(self.cursorForPosition(event.pos()).position())
            if here:
                QToolTip.showText(event.globalPos(), "\n\n———\n\n".join(map(explain, here)),
                                  self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def select_span(self, start: int, end: int) -> None:
        text = self.text()
        cursor = self.textCursor()
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def apply(self, edit: Edit) -> tuple[int, int]:
        """Make the edit as one undoable step; returns the new text's span."""
        text = self.text()
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(to_qt(text, edit.start))
        cursor.setPosition(to_qt(text, edit.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.replacement)
        cursor.endEditBlock()
        return edit.start, edit.start + len(edit.replacement)
