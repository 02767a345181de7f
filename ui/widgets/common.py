"""Small building blocks every page uses. No pixel font sizes and no colours of our own:
sizes scale from the system font and colours come from the palette, so the window follows
the user's text size and light or dark theme."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def scaled_font(base: QFont, factor: float = 1.0, bold: bool = False) -> QFont:
    f = QFont(base)
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * factor)
    elif f.pixelSize() > 0:
        f.setPixelSize(round(f.pixelSize() * factor))
    f.setBold(bold)
    return f


def access(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def uses_space(widget) -> bool:
    """Does this control do something with the Space key itself (a drop-down opens, a
    button clicks, a field types a space)? Then a page's Space shortcut must stand aside."""
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox | QAbstractButton | QAbstractSpinBox | QLineEdit)


class SpaceShortcut(QShortcut):
    """Space on a page, unless the control with the focus uses Space itself (a drop-down
    opens, a button clicks, a field types a space): the shortcut is switched off while such
    a control has the focus, so the key reaches it untouched. A method, not a lambda, is
    connected to the application's focus signal, so Qt disconnects it with the page."""

    def __init__(self, page: QWidget, callback):
        super().__init__(QKeySequence(Qt.Key.Key_Space), page, callback,
                         context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setAutoRepeat(False)  # holding Space must not toggle again and again
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old, new) -> None:
        self.setEnabled(not uses_space(new))


def space_shortcut(page: QWidget, callback) -> QShortcut:
    return SpaceShortcut(page, callback)


def heading(text: str, factor: float = 1.4, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), factor, bold=True))
    label.setWordWrap(True)
    return label


def wrapped(text: str = "", selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if selectable:
        from PySide6.QtCore import Qt

        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def grow_with_text(edit: QTextEdit, min_lines: int, whole: bool = False) -> QTextEdit:
    """Let a text box grow to show all its text, never shorter than `min_lines`: a fixed
    height made a long text scroll beside an empty column. It scrolls once the page is
    full, or with `whole` (inside a page that scrolls itself) is always as tall as its
    text. A QTextEdit, not a QPlainTextEdit, whose layout counts lines, not pixels."""
    least = edit.fontMetrics().lineSpacing() * min_lines
    edit.setMinimumHeight(least)

    def fit(size) -> None:
        margins = edit.contentsMargins()
        frame = edit.frameWidth() * 2 + margins.top() + margins.bottom()
        height = max(least, int(size.height()) + frame + 2)
        if whole:
            edit.setMinimumHeight(height)
        edit.setMaximumHeight(height)

    edit.document().documentLayout().documentSizeChanged.connect(fit)
    return edit


def muted(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour, which themes keep readable."""
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText,
                 pal.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(pal)
    return label


class Notice(QWidget):
    """A message shown in place of content that cannot be shown (nothing selected yet, a
    missing part of the app), with an optional button that helps."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = heading("", 1.2)
        self.body = wrapped()
        self.button = QPushButton()
        self.button.hide()
        for w in (self.title, self.body):
            layout.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self._action = None
        self.button.clicked.connect(self._clicked)

    def _clicked(self) -> None:
        if self._action is not None:
            self._action()

    def show_message(self, title: str, body: str = "", button: str = "", action=None) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self._action = action
        self.button.setText(button)
        access(self.button, button.replace("&", ""))
        self.button.setVisible(bool(button and action))
        self.setAccessibleName(title)


class MessageBar(QFrame):
    """A dismissible line at the top of the window for problems and confirmations."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        self.label = wrapped()
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.action_button = QPushButton()  # what the message offers to do, if anything
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self._action = None
        self.close_button = QToolButton()
        self.close_button.setText("Dismiss")
        access(self.close_button, "Dismiss message")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        access(self, "Message")
        self.hide()

    def show_message(self, text: str, button: str = "", action=None) -> None:
        """Show `text`; with `button` and `action`, a button that runs it (and dismisses)."""
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self._action = action if button else None
        self.action_button.setText(button)
        access(self.action_button, button.replace("&", ""))
        self.action_button.setVisible(self._action is not None)
        self.show()

    def _act(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()


def ask_to_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting something the user made: "Delete" or "Keep it", and keeping is
    the default (Enter does not delete)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is delete


class PlayWatch:
    """Calls back on the GUI thread once a player (coach.speech.playback.Player) has
    played to its end, so a "Stop" button can turn back into "Play". The player tells only
    from its audio thread, so its state is read a few times a second meanwhile. One watch
    per owner, its timer kept for good: a timer deleted from its own timeout (deleteLater
    with a Python slot holding it) crashed PySide6 6.11 now and then."""

    def __init__(self, parent: QWidget):
        self._timer = QTimer(parent)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._check)
        self._player = None
        self._then = None

    def watch(self, player, then) -> None:
        """Call `then()` when `player` finishes; not when it is stopped or closed first,
        nor once another player is watched."""
        self._player, self._then = player, then
        self._timer.start()

    def _check(self) -> None:
        player = self._player
        if player is not None and player.state in ("playing", "paused"):
            return
        self._timer.stop()
        then, self._player, self._then = self._then, None, None
        if player is not None and player.state == "finished" and then is not None:
            then()
