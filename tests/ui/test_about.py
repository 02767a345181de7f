"""Help ▸ About Call Coach: the version, the privacy promise and the licence notices."""

from __future__ import annotations

from importlib.metadata import version

import pytest

pytestmark = pytest.mark.gui


def test_about_shows_the_version_and_the_bundled_licence_notices(window, qtbot):
    from ui import about

    assert about.licenses_dir() is not None, "a checkout has packaging/licenses/NOTICE.md"
    action = next(a for m in window.menuBar().actions() if m.text() == "&Help"
                  for a in m.menu().actions())
    assert action.text() == "&About Call Coach"
    dialog = window.show_about()
    qtbot.addWidget(dialog)
    assert version("call-coach") in dialog.version.text()
    assert "stay on this computer" in dialog.privacy.text()
    notices = dialog.notices.toPlainText()
    assert "Lesser General Public License" in notices and "Qt for Python" in notices
    assert "**" not in notices  # rendered as Markdown, not shown as source
    dialog.close()


def test_without_bundled_notices_it_says_where_they_are(qtbot, monkeypatch, tmp_path):
    from ui import about

    monkeypatch.setattr(about, "__file__", str(tmp_path / "ui" / "about.py"))
    assert about.licenses_dir() is None and about.icon_path() is None
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.notices.toPlainText()
    assert "packaging/licenses/NOTICE.md" in text and "LGPL" in text


def test_the_app_has_its_icon_and_desktop_file_name(qapp):
    from PySide6.QtGui import QGuiApplication

    from ui.app import qt_app

    app = qt_app()
    assert QGuiApplication.desktopFileName() == "call-coach"
    assert not app.windowIcon().isNull()
