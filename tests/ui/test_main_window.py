"""The window: navigation by keyboard, remembered size and page, accessible controls,
problems shown in place, and the screenshots for looking at it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from coach.errors import InvalidInput
from ui import tasks
from ui.main_window import PAGES

pytestmark = pytest.mark.gui


def test_size_and_last_page_are_restored(make_window, ui_settings):
    first = make_window()
    first.resize(760, 540)  # within the offscreen screen (800 × 600)
    first.go("script")
    first.close()
    assert ui_settings.value("window/page") == "script"
    second = make_window()
    assert second.current_key == "script"
    assert (second.width(), second.height()) == (760, 540)


def test_last_application_is_selected_again(sample, make_window, store):
    contoso = next(a for a in store.list_applications() if a.company == "Contoso Health")
    first = make_window()
    first.state.select(contoso.id)
    first.close()
    assert make_window().state.current == contoso.id


def test_keyboard_moves_between_pages(window, qtbot):
    assert window.current_key == "applications"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == "advice"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == PAGES[-1][0]  # wraps around
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_key == "script"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == "applications"
    assert window.pages["applications"].form.title.text() == "New application"


INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit,
               QTextEdit, QAbstractItemView, QTabWidget, QProgressBar)


def _inside_a_compound_control(w: QWidget) -> bool:
    """Parts Qt builds inside a control (a spin box's line edit, a line edit's clear
    button, a tab bar's scroll arrows, a table's corner button) are named through the
    control itself."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractSpinBox | QComboBox | QTabBar | QLineEdit | QAbstractItemView
                      | QScrollBar):
            return True
        p = p.parentWidget()
    return isinstance(w, QScrollBar | QHeaderView)


def test_every_interactive_control_has_an_accessible_name(sample, window):
    window.state.select(sample.id)
    unnamed = []
    for key, _cls in PAGES:
        window.go(key)
        for w in window.findChildren(QWidget):
            if isinstance(w, INTERACTIVE) and w.isVisible() \
                    and not _inside_a_compound_control(w) \
                    and not w.accessibleName().strip():
                unnamed.append(f"{key}: {type(w).__name__} {w.objectName()!r} "
                               f"{getattr(w, 'text', lambda: '')()!r}")
    page = window.pages["script"]  # and the finding cards' buttons
    page.editor.appendPlainText("Uh, I'm just following up on my résumé.")
    page.check()
    assert page.findings.cards
    unnamed += [f"card: {b.text()!r}" for card in page.findings.cards
                for b in card.findChildren(QAbstractButton) if not b.accessibleName().strip()]
    assert unnamed == [], "\n".join(unnamed)


def test_a_failing_task_shows_a_message_instead_of_crashing(window):
    assert not window.messages.isVisible()
    tasks.run_task(lambda: 1 / 0, lambda _r: None)
    assert window.messages.isVisible()
    assert "went wrong on our side" in window.messages.label.text()
    assert "ZeroDivisionError" in window.messages.label.text()
    tasks.run_task(lambda: (_ for _ in ()).throw(InvalidInput("That date is in the future.")))
    assert window.messages.label.text() == "That date is in the future."
    window.messages.close_button.click()
    assert not window.messages.isVisible()


def test_a_failing_save_keeps_the_text_and_says_so(sample, window, monkeypatch):
    from ui import work

    window.state.select(sample.id)
    window.go("script")
    page = window.pages["script"]

    def broken(store, snap):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(page.autosave, "_save", broken)
    page.editor.appendPlainText("A line worth keeping.")
    page.autosave.save_now()
    assert page.editor.text().endswith("A line worth keeping.")
    assert "Couldn't save just now" in window.messages.label.text()
    assert page.autosave.pending  # tried again later
    monkeypatch.setattr(page.autosave, "_save", work.save_script_text)


def test_screenshots_render_every_screen(tmp_path):
    from PySide6.QtGui import QImage

    from ui.screenshots import render_screenshots

    paths = render_screenshots(tmp_path / "shots", tmp_path / "data", size=(1000, 700))
    names = {p.stem for p in paths}
    assert {key for key, _ in PAGES} <= names and "script-findings" in names
    assert {"advice-log-call", "advice-call-log"} <= names  # the call log, on the sample
    for p in paths:
        image = QImage(str(p))
        assert (image.width(), image.height()) == (1000, 700)
        colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
        assert len(colours) > 3  # something was drawn, not a blank window
