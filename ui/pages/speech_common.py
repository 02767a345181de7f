"""What the speech pages (Rehearse, Practice, Role-play) share: the title row that picks
the spoken script and the application, and where their speech settings live."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QHBoxLayout

from coach.models import Variant
from ui.pages.script import VARIANTS
from ui.widgets.app_picker import AppPicker
from ui.widgets.common import access, heading

SPOKEN = [v for v in Variant if v.spoken]


def speech_page_header(title: str, state) -> tuple[QHBoxLayout, QComboBox, AppPicker]:
    """The title row of the Rehearse and Practice pages: which spoken script, for which
    application."""
    top = QHBoxLayout()
    top.addWidget(heading(title))
    top.addStretch(1)
    variant = access(QComboBox(), "Script type")
    for v in SPOKEN:
        variant.addItem(VARIANTS[v], v.value)
    top.addWidget(variant)
    picker = AppPicker(state)
    top.addWidget(picker)
    return top, variant, picker


def settings_of(state) -> QSettings:
    return getattr(state, "settings", None) or QSettings()
