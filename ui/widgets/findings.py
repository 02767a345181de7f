"""The side list of wording findings: what was found, why it matters to the listener,
what to try instead, and a button that makes the change."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.fixes import Edit
from ui.widgets.common import access, heading, muted, wrapped
from ui.widgets.script_editor import KIND_TITLES


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


class FindingCard(QFrame):
    apply_clicked = Signal(object, object)  # finding, Edit
    show_clicked = Signal(object)

    def __init__(self, finding, edit: Edit | None, parent=None):
        super().__init__(parent)
        self.finding, self.edit = finding, edit
        self.setFrameShape(QFrame.Shape.StyledPanel)
        v = QVBoxLayout(self)
        title = KIND_TITLES.get(finding.kind, finding.kind.replace("_", " ").capitalize())
        v.addWidget(heading(title, 1.0))
        whole_script = finding.kind in ("length", "missing_ask")
        if not whole_script:
            v.addWidget(muted(wrapped(_quote(finding.text))))
        self.why = wrapped(f"Why: {finding.message}")
        v.addWidget(self.why)
        if finding.suggestion:
            self.try_instead = wrapped(f"Try instead: {finding.suggestion}")
            v.addWidget(self.try_instead)
        row = QHBoxLayout()
        self.show_button = None
        if not whole_script:
            self.show_button = access(QPushButton("Show me"),
                                      f"Show {title.lower()} in the script")
            self.show_button.clicked.connect(lambda: self.show_clicked.emit(finding))
            row.addWidget(self.show_button)
        self.apply_button = None
        if edit is not None:
            self.apply_button = access(QPushButton(edit.label),
                                       f"{edit.label}: {finding.suggestion}")
            self.apply_button.clicked.connect(lambda: self.apply_clicked.emit(finding, edit))
            row.addWidget(self.apply_button)
        row.addStretch(1)
        v.addLayout(row)
        access(self, title, finding.message)


class FindingsList(QScrollArea):
    apply_clicked = Signal(object, object)
    show_clicked = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setAccessibleName("Wording findings")
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self._inner)
        self.cards: list[FindingCard] = []
        self.empty = wrapped("")
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)

    def set_findings(self, pairs: list[tuple[object, Edit | None]], empty_text: str) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for i, (finding, edit) in enumerate(pairs):
            card = FindingCard(finding, edit)
            card.apply_clicked.connect(self.apply_clicked)
            card.show_clicked.connect(self.show_clicked)
            self._layout.insertWidget(i, card)
            self.cards.append(card)
        self.empty.setText(empty_text)
        self.empty.setVisible(not pairs)

    def kinds(self) -> list[str]:
        return [c.finding.kind for c in self.cards]

