"""History: the kept takes of one application — a small plot per measure over the takes
(the target band shaded), the list of takes, any past report in the same view Practice
uses, deleting a take (and its recording), and a line on whether recent takes meet the
targets or what to practise next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.documents.targets import BY_KEY
from ui import speechwork
from ui.state import AppState
from ui.tasks import Latest, describe_error
from ui.widgets.app_picker import AppPicker
from ui.widgets.common import Notice, access, heading, wrapped
from ui.widgets.report_view import ReportView


def take_label(take, n: int) -> str:
    when = take.created_at.replace("T", " ")[:16]
    m = (take.report or {}).get("metrics") or {}
    bits = [f"Take {n} · {when}"]
    if isinstance(m.get("words_per_minute"), int | float):
        bits.append(BY_KEY["words_per_minute"].show(m["words_per_minute"]))
    if isinstance(m.get("fillers_per_100_words"), int | float):
        bits.append(f"{m['fillers_per_100_words']:.1f} fillers per 100 words")
    return " · ".join(bits)


def _region(band) -> tuple[float, float]:
    """A target band's (low, high) in the plot's units (percentages as 0–100)."""
    scale = 100.0 if band.unit == "%" else 1.0
    return (band.low * scale if band.low is not None else 0.0,
            band.high * scale if band.high is not None else 100.0)


class MetricPlot(QWidget):
    """One measure over the takes, with its target band shaded."""

    def __init__(self, key: str, title: str, parent=None):
        super().__init__(parent)
        import pyqtgraph as pg

        self.key = key
        pal = self.palette()
        self.plot = pg.PlotWidget(background=pal.color(QPalette.ColorRole.Base))
        self.plot.setAccessibleName(title)
        self.plot.setTitle(title, color=pal.color(QPalette.ColorRole.Text).name())
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        text = pal.color(QPalette.ColorRole.Text)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(text)
            self.plot.getAxis(axis).setPen(pal.color(QPalette.ColorRole.Mid))
        self.plot.setLabel("bottom", "take", color=text.name())
        link = pal.color(QPalette.ColorRole.Highlight)
        self.curve = self.plot.plot([], [], pen=pg.mkPen(link, width=2), symbol="o",
                                    symbolBrush=link, symbolPen=link, symbolSize=8)
        self.band = None
        band = BY_KEY.get(key)
        if band is not None:
            lo, hi = _region(band)
            shade = pal.color(QPalette.ColorRole.Highlight)
            # a faint wash on white reads as nothing on a dark plot
            dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
            shade.setAlpha(90 if dark else 40)
            self.band = pg.LinearRegionItem((lo, hi), orientation="horizontal", movable=False,
                                            brush=shade, pen=pg.mkPen(None))
            self.plot.addItem(self.band)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)

    def set_takes(self, takes, band=None) -> None:
        """Plot the takes; `band`, the user's target for this measure, moves the shading."""
        if band is not None and self.band is not None:
            self.band.setRegion(_region(band))
        xs, ys = [], []
        for i, t in enumerate(takes, start=1):
            v = speechwork.metric(t, self.key)
            if v is not None:
                xs.append(i)
                ys.append(v)
        self.curve.setData(xs, ys)
        self.plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, len(takes) + 1)]])
        self.plot.setXRange(0.5, max(len(takes), 1) + 0.5, padding=0)
        self.plot.enableAutoRange(axis="y")

    def points(self) -> int:
        x, _y = self.curve.getData()
        return 0 if x is None else len(x)


class HistoryPage(QWidget):
    title = "History"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self.history: speechwork.History | None = None
        self._latest = Latest()

        top = QHBoxLayout()
        top.addWidget(heading(self.title))
        top.addStretch(1)
        self.picker = AppPicker(state)
        top.addWidget(self.picker)

        self.readiness = access(wrapped(""), "Call readiness")
        self.readiness.setFont(_bold(self.readiness.font()))

        self.tabs = QTabWidget()
        progress = QWidget()
        pv = QVBoxLayout(progress)
        grid = QGridLayout()
        self.plots: dict[str, MetricPlot] = {}
        for i, (key, title) in enumerate(speechwork.PLOTTED):
            plot = MetricPlot(key, title)
            self.plots[key] = plot
            grid.addWidget(plot, i // 2, i % 2)
        pv.addLayout(grid, 3)
        self.takes = access(QListWidget(), "Takes")
        pv.addWidget(self.takes, 1)
        row = QHBoxLayout()
        self.open_button = access(QPushButton("&Open the report"), "Open the take's report")
        self.delete_button = access(QPushButton("&Delete the take…"), "Delete the take")
        row.addWidget(self.open_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        pv.addLayout(row)
        self.tabs.addTab(progress, "&Progress")
        report_tab = QWidget()
        report_tab.setBackgroundRole(QPalette.ColorRole.Window)  # one colour with the report
        report_tab.setAutoFillBackground(True)
        rv = QVBoxLayout(report_tab)
        rv.setContentsMargins(0, 0, 0, 0)  # the report fills the tab, as it did alone
        play_row = QHBoxLayout()
        play_row.setContentsMargins(6, 6, 6, 0)
        self.play_button = access(QPushButton("Play the ta&ke"), "Play the take")
        play_row.addWidget(self.play_button)
        play_row.addStretch(1)
        rv.addLayout(play_row)
        self.report_view = ReportView()
        rv.addWidget(self.report_view, 1)
        self.play_button.clicked.connect(self.report_view.play_take)
        self.report_view.take_playing.connect(lambda on: self.play_button.setText(
            "■ Stop the ta&ke" if on else "Play the ta&ke"))
        self.tabs.addTab(report_tab, "Take &report")
        self.tabs.setTabEnabled(1, False)

        self.notice = Notice()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        body = QWidget()
        bv = QVBoxLayout(body)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.readiness)
        bv.addWidget(self.tabs, 1)
        self.stack.addWidget(body)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.takes.itemActivated.connect(lambda _item: self.open_selected())
        self.takes.currentRowChanged.connect(self._selection)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        state.current_changed.connect(lambda _id: self.reload())
        self._shown_app: int | None = None  # whose takes the list shows
        self._selection(-1)

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        app_id = self.state.current
        if app_id is None:
            self._latest.cancel()
            self.history = None
            self.notice.show_message("Pick an application", "Your practice takes are kept "
                                     "per application. Choose one above.")
            self.stack.setCurrentIndex(0)
            return
        if not self.isVisible() and self.history is None:
            return
        t = self._latest.new()
        self.state.db.task(lambda s: speechwork.load_history(s, app_id),
                           t(lambda history: self.show_history(history, app_id)),
                           t(lambda exc: self.message.emit(describe_error(exc))))

    def show_history(self, history: speechwork.History, app_id: int | None = None) -> None:
        if app_id != self._shown_app:  # another application's takes: start from its newest
            self._shown_app = app_id
            self.takes.clear()
            self.tabs.setTabEnabled(1, False)
            self.tabs.setCurrentIndex(0)
        self.history = history
        if not history.takes:
            self.notice.show_message(
                "No takes yet", "Record a take on the Practice page and keep it: each one "
                "appears here, so you can see your pace and fillers change.",
                "Go to &Practice", lambda: self.state.open_page.emit("practice"))
            self.stack.setCurrentIndex(0)
            return
        self.readiness.setText(history.readiness)
        # shaded with the user's own targets (Settings), as the report judges them
        bands = {b.key: b for b in speechwork.window_bands(self)}
        for plot in self.plots.values():
            plot.set_takes(history.takes, bands.get(plot.key))
        current = self.takes.currentRow()
        self.takes.clear()
        for n, take in enumerate(history.takes, start=1):
            item = QListWidgetItem(take_label(take, n))
            item.setData(Qt.ItemDataRole.UserRole, take.id)
            self.takes.addItem(item)
        self.takes.setCurrentRow(min(current, self.takes.count() - 1) if current >= 0
                                 else self.takes.count() - 1)
        self.stack.setCurrentIndex(1)

    def _selection(self, row: int) -> None:
        self.open_button.setEnabled(row >= 0)
        self.delete_button.setEnabled(row >= 0)

    def _selected(self):
        row = self.takes.currentRow()
        if self.history is None or row < 0 or row >= len(self.history.takes):
            return None, 0
        return self.history.takes[row], row + 1

    def open_selected(self) -> None:
        take, n = self._selected()
        if take is None:
            return
        self.open_take(take, n)

    def open_take(self, take, n: int) -> None:
        audio = Path(take.audio_path) if take.audio_path else None
        self.report_view.show_report(take.report or {}, f"Take {n}, "
                                     f"{take.created_at.replace('T', ' ')[:16]}",
                                     audio if audio is not None and audio.is_file() else None)
        self.play_button.setEnabled(self.report_view.audio_path is not None)
        self.tabs.setTabEnabled(1, True)
        self.tabs.setCurrentIndex(1)

    @property
    def shown_take_id(self):
        take, _n = self._selected()
        return take.id if take is not None else None

    def delete_selected(self, confirm: bool = True) -> None:
        take, n = self._selected()
        if take is None:
            return
        if confirm and QMessageBox.question(
                self, "Delete the take?", f"Delete take {n} and its recording? This can't be "
                "undone.") != QMessageBox.StandardButton.Yes:
            return
        take_id = take.id
        self.tabs.setTabEnabled(1, False)
        self.tabs.setCurrentIndex(0)
        self.state.db.task(lambda s: speechwork.delete_take(s, take_id),
                           lambda _r: self.reload(),
                           lambda exc: self.message.emit(describe_error(exc)))

    def flush(self) -> None:
        pass


def _bold(font):
    font.setBold(True)
    return font
