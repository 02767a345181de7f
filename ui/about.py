"""Help ▸ About Call Coach: the version, what the app is for, the privacy promise, and the
licence notices of the components the installers bundle (packaging/licenses/NOTICE.md,
which PyInstaller copies to `<bundle>/licenses`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.common import access, heading, muted, wrapped

DESCRIPTION = ("Call Coach helps you decide whether a follow-up call is wise at all, writes "
               "a warm, other-focused script for the person who will take your call, reads "
               "it aloud, and listens to your practice takes to show what to polish: filler "
               "words, weak phrases, pace and pauses. When a written message would serve you "
               "better, it says so and drafts one.")
PRIVACY = ("Your recordings stay on this computer. Speech is recognised offline, and "
           "nothing leaves this computer unless you export it yourself.")
NOTICES_ELSEWHERE = "# Licence notices\n\n" + (
    "This copy of Call Coach was installed without its installer, so the licence notices "
    "aren't bundled with it. Call Coach is free software under the MIT licence. The notices "
    "for the components the installers bundle (Qt and Qt for Python under the LGPL-3.0, the "
    "speech engines and models) are published with Call Coach's source code in "
    "`packaging/licenses/NOTICE.md`, and every installer carries them in its licenses folder. "
    "Each library installed alongside this copy keeps its own licence in its package files.")


def _bundle_or_checkout(*parts: str) -> Path:
    """A PyInstaller bundle keeps data under sys._MEIPASS; a checkout under packaging/."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parents[1] / "packaging"
    return root.joinpath(*parts)


def licenses_dir() -> Path | None:
    d = _bundle_or_checkout("licenses")
    return d if (d / "NOTICE.md").is_file() else None  # absent in a plain pip install


def icon_path() -> Path | None:
    p = _bundle_or_checkout("icons", "call-coach.svg")
    return p if p.is_file() else None


def app_icon() -> QIcon | None:
    p = icon_path()
    if p is None:
        return None
    icon = QIcon(str(p))
    return None if icon.isNull() else icon


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("call-coach")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "unknown (not installed)"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About Call Coach")
        line = self.fontMetrics().lineSpacing()
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Call Coach"))
        self.version = access(muted(QLabel(f"Version {app_version()}")), "Version")
        layout.addWidget(self.version)
        layout.addWidget(wrapped(DESCRIPTION))
        self.privacy = wrapped(PRIVACY)
        self.privacy.setFont(_bold(self.privacy.font()))
        layout.addWidget(self.privacy)
        layout.addSpacing(line // 2)
        self.notices = access(QTextBrowser(), "Licence notices")
        self.notices.setOpenExternalLinks(True)
        folder = licenses_dir()
        if folder is not None:
            self.notices.setMarkdown((folder / "NOTICE.md").read_text(encoding="utf-8"))
        else:
            self.notices.setMarkdown(NOTICES_ELSEWHERE)
        layout.addWidget(self.notices, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.notices.document().setDocumentMargin(line // 2)
        self.resize(self.fontMetrics().averageCharWidth() * 100, line * 42)


def _bold(font):
    font.setBold(True)
    return font
