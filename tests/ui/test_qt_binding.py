"""The Qt binding must keep Python's reference counts straight.

PySide6-Essentials 6.12.0 on Python 3.10/3.11 drops a reference to None on every call of a
method that returns nothing, and to True on every Signal.emit(); after a few thousand
calls Python frees None or True and the process aborts ("bool_dealloc: deallocating True
or False"). Python 3.12+ makes those objects immortal, so there it is harmless. 6.11.3 is
fine. This test names the problem instead of letting the window crash at random."""

from __future__ import annotations

import sys

import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(sys.version_info >= (3, 12),
                                 reason="None and True are immortal from Python 3.12")]


def test_qt_calls_keep_reference_counts_of_none_and_true(qapp):
    import PySide6
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLineEdit

    class Source(QObject):
        ping = Signal()

    source, edit = Source(), QLineEdit()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20):
        edit.setText("x")  # returns nothing
        source.ping.emit()  # returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    assert lost_none < 10 and lost_true < 10, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} loses a "
        f"reference per call ({lost_none} to None, {lost_true} to True in 20 calls); the "
        "window would abort after a few thousand. Use PySide6-Essentials < 6.12 (6.11.3 "
        "works) or Python 3.12+.")
