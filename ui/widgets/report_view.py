"""One practice take's report: what was said with the findings marked in it (hover or
click one for why and what to try; with the recording at hand, a click also plays that
moment of it), the measures against their target bands in words, the script lines said or
skipped, and three things to try next. Used by Practice (a new take) and History (any past
take)."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from coach.documents.report import finding_head
from ui.tasks import Latest, describe_error, run_task
from ui.widgets.common import PlayWatch, access, grow_with_text, heading, muted, wrapped


def _finding_text(f: dict) -> str:
    out = f"{finding_head(f)}: {f.get('message', '')}"
    if f.get("suggestion"):
        out += f" Try: {f['suggestion']}"
    return out


def said(word: dict) -> str:
    """A report word as shown: with the punctuation the recogniser wrote after it."""
    return f"{word['text']}{word.get('after', '')}"


# A finding is heard with this much of the take around it, so the words before and after
# tell where in the call it was; of a stretch too fast or too slow, its first seconds.
AROUND_S = 0.75
PACE_HEARD_S = 8.0


def _listed(f: dict, anchor: str) -> str:
    """A finding in the list of what to work on; with an anchor, its "when and what" is a
    link that plays it."""
    text = html.escape(_finding_text(f))
    if not anchor:
        return text
    head = html.escape(finding_head(f))
    return f"<a href='{anchor}'>{head}</a>{text[len(head):]}"


def _marked(report: dict) -> list[dict]:
    """The findings marked in the transcript, in the order their targets f0, f1… name."""
    return [f for f in report.get("findings") or [] if f.get("kind") != "pace"]


def transcript_html(report: dict) -> tuple[str, dict[str, str]]:
    """The words as HTML, with fillers, weak phrases and long pauses marked as links whose
    targets name the finding; returns the HTML and {target: tooltip text}."""
    words = report.get("words") or []
    findings = _marked(report)
    tips: dict[str, str] = {}
    if not words:
        return "<p><i>No words were heard in this take.</i></p>", tips
    # Which finding covers each word (fillers and weak phrases by time); pauses go between.
    owner: dict[int, int] = {}
    pauses_after: dict[int, list[int]] = {}
    for fi, f in enumerate(findings):
        tips[f"f{fi}"] = _finding_text(f)
        if f.get("kind") == "pause":
            before = [i for i, w in enumerate(words) if w["end"] <= f["start"] + 0.05]
            pauses_after.setdefault(before[-1] if before else -1, []).append(fi)
            continue
        for i, w in enumerate(words):
            mid = (w["start"] + w["end"]) / 2
            if f["start"] - 0.05 <= mid <= f["end"] + 0.05 and i not in owner:
                owner[i] = fi
    parts: list[str] = []

    def pause(fi: int) -> str:
        f = findings[fi]
        secs = f["end"] - f["start"]
        return (f" <a href='f{fi}' style='text-decoration:none'>"
                f"<i>[pause {secs:.1f} s]</i></a> ")

    for fi in pauses_after.get(-1, []):
        parts.append(pause(fi))
    i = 0
    while i < len(words):
        if i in owner:
            fi = owner[i]
            j = i
            while j + 1 < len(words) and owner.get(j + 1) == fi and j not in pauses_after:
                j += 1
            # the punctuation after the last word stays outside the mark
            text = html.escape(" ".join([*(said(w) for w in words[i:j]), words[j]["text"]]))
            kind = findings[fi]["kind"]
            style = "font-weight:bold" if kind == "filler" else "text-decoration:underline"
            parts.append(f"<a href='f{fi}' style='{style}'>{text}</a>"
                         + html.escape(words[j].get("after", "")))
            last = j
            i = j + 1
        else:
            parts.append(html.escape(said(words[i])))
            last = i
            i += 1
        for pi in pauses_after.get(last, []):
            parts.append(pause(pi))
    body = " ".join(parts)
    return f"<p style='line-height:150%'>{body}</p>", tips


class ReportView(QWidget):
    """Shows one report dict (schema 1)."""

    # The whole take began to play (True), or stopped or ended (False): for a Play button.
    take_playing = Signal(bool)
    LEGEND = ("Fillers are in bold, weak phrases underlined, long pauses in brackets. Point "
              "at one to see why and what to try")

    def __init__(self, parent=None, cannot_play: str = ""):
        """`cannot_play`: said after the reason the take can't be played."""
        super().__init__(parent)
        self.cannot_play = cannot_play
        self.report: dict = {}
        self.tips_by_anchor: dict[str, str] = {}
        self.audio_path = None
        self.player = None  # the one sound at a time: the whole take or a finding's moment
        self._whole = False
        self._loads = Latest()
        self._watch = PlayWatch(self)
        inner = QWidget()
        grid = QHBoxLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)

        left = QVBoxLayout()
        self.summary = muted(wrapped())
        access(self.summary, "Take summary")
        left.addWidget(self.summary)
        left.addWidget(heading("What you said", 1.1))
        self.legend = muted(wrapped(self.LEGEND + "."))
        left.addWidget(self.legend)
        self.transcript = access(QTextBrowser(), "Transcript with findings")
        self.transcript.setOpenLinks(False)
        self.transcript.highlighted.connect(self._hover)
        self.transcript.anchorClicked.connect(self._clicked)
        # The transcript grows to its text where there is room (a fixed cap made a long
        # take scroll beside an empty column) and scrolls only when the page is full.
        grow_with_text(self.transcript, 7)
        left.addWidget(self.transcript, 1)
        self.listen_note = wrapped("")
        access(self.listen_note, "Playback")
        self.listen_note.hide()
        left.addWidget(self.listen_note)
        left.addWidget(heading("What to work on", 1.1))
        self.findings = wrapped()
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction)  # selectable, links by key too
        self.findings.linkActivated.connect(self._listen_to)
        access(self.findings, "Findings")
        left.addWidget(self.findings)
        left.addStretch(1)

        right = QVBoxLayout()
        self.tips_box = QGroupBox("Three things to try next")
        tv = QVBoxLayout(self.tips_box)
        self.tips = wrapped()
        self.tips.setTextFormat(Qt.TextFormat.RichText)
        access(self.tips, "Tips")
        tv.addWidget(self.tips)
        right.addWidget(self.tips_box)
        self.metrics_box = QGroupBox("How it measured up")
        self.metrics_grid = QGridLayout(self.metrics_box)
        right.addWidget(self.metrics_box)
        self.lines_box = QGroupBox("Script lines")
        lv = QVBoxLayout(self.lines_box)
        self.lines = wrapped()
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        access(self.lines, "Script lines said and skipped")
        lv.addWidget(self.lines)
        right.addWidget(self.lines_box)
        right.addStretch(1)

        grid.addLayout(left, 3)
        grid.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.metric_rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}

    def _hover(self, url: QUrl) -> None:
        text = self.tips_by_anchor.get(url.toString())
        if text:
            QToolTip.showText(QCursor.pos() + QPoint(8, 8), text, self.transcript)
        else:
            QToolTip.hideText()

    def _clicked(self, url: QUrl) -> None:
        self._hover(url)
        self._listen_to(url.toString())

    def _listen_to(self, anchor: str) -> None:
        """Play the finding an anchor names: f<i> in the transcript (the marked ones),
        w<i> in the list of what to work on (all of them)."""
        found = (_marked(self.report) if anchor.startswith("f")
                 else self.report.get("findings") or [])
        if self.audio_path is None or not anchor[1:].isdigit() or int(anchor[1:]) >= len(found):
            return
        f = found[int(anchor[1:])]
        start = float(f.get("start") or 0.0)
        end = float(f.get("end") or 0.0)
        if f.get("kind") == "pace":  # enough of the stretch to hear its pace
            end = min(end, start + PACE_HEARD_S)
        self.listen(start, end)

    def listen(self, start: float, end: float) -> None:
        """Play the take from `start` to `end` seconds with AROUND_S either side."""
        self._start(max(0.0, start - AROUND_S), end + AROUND_S, whole=False)

    def play_take(self) -> None:
        """Play the whole take, or stop it if it is playing."""
        if self._whole:
            self.stop_listening()
        elif self.audio_path is not None:
            self._start(0.0, None, whole=True)

    def _start(self, start: float, end: float | None, whole: bool) -> None:
        """The stretch is read on a worker (a take can be long), and only the latest
        request's plays; whatever was playing stops."""
        from ui.speechwork import excerpt

        self.stop_listening()
        path, t = self.audio_path, self._loads.new()
        run_task(lambda: excerpt(path, start, end), t(lambda got: self._play(got, whole)),
                 t(lambda exc: self._say(describe_error(exc), whole)))

    def _play(self, loaded, whole: bool) -> None:
        from ui.speechwork import start_playing

        self.player, problem = start_playing(*loaded)
        self._say(problem, whole)
        if self.player is None:
            return
        self._whole = whole
        if whole:
            self.take_playing.emit(True)
        self._watch.watch(self.player, self.stop_listening)  # at its end: Play again

    def _say(self, problem: str, whole: bool = False) -> None:
        if problem and whole and self.cannot_play:
            problem = f"{problem} {self.cannot_play}"
        self.listen_note.setText(problem)
        self.listen_note.setVisible(bool(problem))

    def stop_listening(self) -> None:
        self._loads.new()  # a stretch still being read is not played either
        if self.player is not None:
            self.player.close()
            self.player = None
        if self._whole:
            self._whole = False
            self.take_playing.emit(False)

    def hideEvent(self, event) -> None:  # leaving the page ends the excerpt
        self.stop_listening()
        super().hideEvent(event)

    def show_report(self, report: dict, when: str = "", audio_path=None) -> None:
        """Show `report`; with `audio_path` (the take's recording) a click on a marked
        finding plays that moment of it."""
        from coach.documents.targets import evaluate, judged
        from coach.documents.tips import tips
        from ui.speechwork import window_bands

        # The user's own targets (Settings) judge the pace stretches, the tips and the
        # table alike (and the printout, window_menu).
        bands = window_bands(self)
        report = judged(report, bands)
        self.stop_listening()
        self.listen_note.hide()
        self.audio_path = audio_path
        self.legend.setText(self.LEGEND + (", or click it to hear it again."
                                           if audio_path is not None else "."))
        self.report = report
        words = [w for w in report.get("words") or [] if not w.get("filler")]
        bits = [f"{report.get('duration_s', 0):.0f} seconds", f"{len(words)} words"]
        if when:
            bits.insert(0, when)
        self.summary.setText(" · ".join(bits))
        body, self.tips_by_anchor = transcript_html(report)
        self.transcript.setHtml(body)
        self.transcript.setToolTip("")

        found = [f for f in report.get("findings") or []]
        if found:
            self.findings.setText("<ul style='margin-left:0; -qt-list-indent:1'>" + "".join(
                f"<li>{_listed(f, f'w{i}' if audio_path is not None else '')}</li>"
                for i, f in enumerate(found)) + "</ul>")
        else:
            self.findings.setText("Nothing to point out in this take — well done.")

        self.tips.setText("<ol style='margin-left:0; -qt-list-indent:1'>" + "".join(
            f"<li>{html.escape(t)}</li>" for t in tips(report, bands=bands)) + "</ol>")

        while self.metrics_grid.count():
            item = self.metrics_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.metric_rows = {}
        for col, text in enumerate(("", "This take", "Aim for", "")):
            if text:
                self.metrics_grid.addWidget(muted(QLabel(text)), 0, col)
        for row, check in enumerate(evaluate(report.get("metrics") or {}, bands), start=1):
            name = QLabel(check.band.label)
            value = QLabel(check.band.show(check.value))
            verdict = QLabel(("✓ " if check.status == "ok" else "") + check.verdict)
            if check.status not in ("ok", None):
                verdict.setFont(_bold(verdict.font()))
            else:
                muted(verdict)
            self.metrics_grid.addWidget(name, row, 0)
            self.metrics_grid.addWidget(value, row, 1)
            self.metrics_grid.addWidget(muted(QLabel(check.band.target())), row, 2)
            self.metrics_grid.addWidget(verdict, row, 3)
            self.metric_rows[check.band.key] = (name, value, verdict)
        self.metrics_grid.setColumnStretch(3, 1)

        lines = report.get("lines") or []
        if lines:
            said = sum(1 for ln in lines if ln.get("said"))
            items = "".join(
                f"<li>{'✓ ' if ln.get('said') else '<b>skipped:</b> '}"
                f"{html.escape(ln.get('text', ''))}</li>" for ln in lines)
            self.lines.setText(f"{said} of {len(lines)} said."
                               f"<ul style='margin-left:0; -qt-list-indent:1'>{items}</ul>")
        else:
            self.lines.setText("This take wasn't compared with a script.")


def _bold(font):
    font.setBold(True)
    return font
