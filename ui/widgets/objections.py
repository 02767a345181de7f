"""Objection cards ("Can you just send us an email?" and a calm reply) and key points."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.common import access, heading, muted, wrapped


class CardList(QScrollArea):
    """A scrolling column of cards, refilled as a whole."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setAccessibleName(name)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._items: list[QWidget] = []

    def _clear(self) -> None:
        for w in self._items:
            w.setParent(None)
            w.deleteLater()
        self._items = []

    def _add(self, w: QWidget) -> None:
        self._layout.insertWidget(len(self._items), w)
        self._items.append(w)


class ObjectionCards(CardList):
    def __init__(self, parent=None):
        super().__init__("If they say", parent)

    def set_objections(self, objections, written: bool = False) -> None:
        self._clear()
        if not objections:
            self._add(muted(wrapped("No replies to prepare for this one." if written else
                                    "This template has no prepared replies.")))
            return
        self._add(muted(wrapped("If they say one of these, here is a calm, friendly "
                                "answer. You don't need to learn them by heart.")))
        for o in objections:
            box = QGroupBox()
            v = QVBoxLayout(box)
            v.addWidget(heading(f"“{o.trigger}”", 1.0))
            v.addWidget(wrapped(o.reply))
            access(box, f"If they say: {o.trigger}", o.reply)
            self._add(box)


class KeyPoints(CardList):
    def __init__(self, parent=None):
        super().__init__("Key points", parent)

    def set_script(self, script) -> None:
        self._clear()
        if script is None:
            return
        self._add(muted(wrapped("What each part of the script is for. If you lose your "
                                "place, these are what matter.")))
        for s in script.sections:
            if s.key_point:
                box = QGroupBox(s.title)
                v = QVBoxLayout(box)
                v.addWidget(wrapped(s.key_point))
                access(box, s.title, s.key_point)
                self._add(box)
