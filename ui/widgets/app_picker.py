"""A drop-down of the applications, kept in step with the selection on every page."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from ui.state import AppState
from ui.widgets.common import access


class AppPicker(QComboBox):
    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        access(self, "Application")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(24)
        state.applications_changed.connect(self._fill)
        state.current_changed.connect(self._show)
        self.activated.connect(self._picked)
        self._fill(state.rows)

    def _fill(self, rows) -> None:
        blocked = self.blockSignals(True)
        self.clear()
        for r in rows:
            self.addItem(r.title, r.id)
        self.blockSignals(blocked)
        self._show(self.state.current)
        self.setEnabled(bool(rows))

    def _show(self, app_id) -> None:
        blocked = self.blockSignals(True)
        self.setCurrentIndex(self.findData(app_id) if app_id is not None else -1)
        self.blockSignals(blocked)

    def _picked(self, index: int) -> None:
        self.state.select(self.itemData(index))
