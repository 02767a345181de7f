"""Script: the built script for the selected application, by variant and template, as
editable text. The wording check runs as you type: findings are underlined in place and
listed beside the text with why and what to try instead; the other-focus meter and the
estimated time sit above them. Every change is kept as a new version."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.models import Variant
from ui import work
from ui.autosave import Autosave
from ui.fixes import edit_for, first_placeholder
from ui.state import AppState
from ui.tasks import Latest, describe_error, run_task
from ui.widgets.app_picker import AppPicker
from ui.widgets.common import Notice, access, heading, muted, wrapped
from ui.widgets.findings import FindingsList
from ui.widgets.objections import KeyPoints, ObjectionCards
from ui.widgets.script_editor import ScriptEditor

VARIANTS = {Variant.LIVE: "Call someone you know", Variant.GATEKEEPER: "Call the receptionist",
            Variant.HIRING_MANAGER: "Call the hiring manager",
            Variant.HR: "Call HR or the recruiter", Variant.VOICEMAIL: "Leave a voicemail",
            Variant.EMAIL: "Email", Variant.LINKEDIN: "LinkedIn message"}
LINT_DELAY_MS = 300


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def duration_text(seconds: float, budget, spoken: bool) -> str:
    verb = "to say" if spoken else "to read aloud"
    out = f"About {seconds:.0f} seconds {verb}"
    if budget:
        lo, hi = budget
        if seconds > hi:
            return f"{out} — {seconds - hi:.0f} over the {hi:.0f}-second aim. Trim a line?"
        out += f" · aim for {lo:.0f}–{hi:.0f} seconds"
    return out + "."


class ScriptPage(QWidget):
    title = "Script"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self.view: work.ScriptView | None = None
        self.result = None  # the latest LintResult for the editor's text
        self._loading = False
        self._load_latest, self._lint_latest = Latest(), Latest()

        top = QHBoxLayout()
        top.addWidget(heading(self.title))
        top.addStretch(1)
        self.picker = AppPicker(state)
        top.addWidget(self.picker)

        bar = QHBoxLayout()
        self.variant = access(QComboBox(), "Script type")
        for v, text in VARIANTS.items():
            self.variant.addItem(text, v)
        self.template = access(QComboBox(), "Template")
        self.versions = access(QComboBox(), "Saved versions")
        for combo in (self.variant, self.template, self.versions):  # shrink if they must
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.rebuild_button = access(QPushButton("Start a&gain from the template"),
                                     "Start again from the template",
                                     "Your current text is kept as a saved version.")
        for text, w in (("T&ype", self.variant), ("&Template", self.template),
                        ("&Version", self.versions)):
            bar.addWidget(_labelled(text, w))
            bar.addWidget(w, 1)

        self.editor = ScriptEditor()
        self.status = muted(QLabel(""))
        access(self.status, "Save status")
        self.problem = wrapped("")
        self.problem.hide()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.problem)
        lv.addWidget(self.editor, 1)
        below = QHBoxLayout()
        below.addWidget(self.status, 1)
        below.addWidget(self.rebuild_button)
        lv.addLayout(below)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.duration = wrapped("")
        access(self.duration, "Estimated time")
        self.focus_meter = access(QProgressBar(), "Other-focus",
                                  "How much of the script is about the listener")
        self.focus_meter.setRange(0, 100)
        self.focus_note = muted(wrapped(""))
        rv.addWidget(self.duration)
        rv.addWidget(_labelled("About them, not you:", self.focus_meter))
        rv.addWidget(self.focus_meter)
        rv.addWidget(self.focus_note)
        self.tabs = access(QTabWidget(), "Script helpers")
        self.findings = FindingsList()
        self.objections = ObjectionCards()
        self.key_points = KeyPoints()
        self.tabs.addTab(self.findings, "&Wording")
        self.tabs.addTab(self.objections, "If they &say…")
        self.tabs.addTab(self.key_points, "&Key points")
        rv.addWidget(self.tabs, 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        content = QWidget()
        cv = QVBoxLayout(content)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addLayout(bar)
        cv.addWidget(split, 1)
        self.notice = Notice()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.autosave = Autosave(state.db, self._snapshot, work.save_script_text, parent=self)
        self.autosave.saved.connect(self._saved)
        self.autosave.failed.connect(self.message)
        self.autosave.state_changed.connect(self._show_save_state)
        self._lint_timer = QTimer(self, singleShot=True, interval=LINT_DELAY_MS)
        self._lint_timer.timeout.connect(self.check)
        self.editor.textChanged.connect(self._edited)
        self.variant.activated.connect(
            lambda _i: self.reload(variant=Variant(self.variant.currentData())))
        self.template.activated.connect(self._template_picked)
        self.versions.activated.connect(self._version_picked)
        self.rebuild_button.clicked.connect(lambda: self.reload(rebuild=True))
        self.findings.apply_clicked.connect(self.apply_fix)
        self.findings.show_clicked.connect(lambda f: self.editor.select_span(f.start, f.end))
        state.current_changed.connect(lambda _id: self.reload() if self.isVisible() else None)
        state.profile_changed.connect(self.check)
        QShortcut(QKeySequence.StandardKey.Save, self, self.autosave.save_now,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- loading --------------------------------------------------------------------------

    def activated(self) -> None:
        wanted = self.state.requested_variant
        if (self.view is None or self.view.app.id != self.state.current
                or (wanted and wanted != self.view.variant.value)):
            self.reload()

    def reload(self, variant: Variant | None = None, template: str | None = None,
               rebuild: bool = False) -> None:
        self.autosave.save_now()  # what was typed is saved before anything is replaced
        app_id = self.state.current
        if app_id is None:
            self._load_latest.cancel()
            self.view = None
            self.notice.show_message(
                "Pick an application", "A script is written for one application. Choose "
                "one above, or add one on the Applications page.", "Go to &Applications",
                lambda: self.state.open_page.emit("applications"))
            self.stack.setCurrentIndex(0)
            return
        if variant is None:
            variant = self.state.requested_variant
            if variant is None and self.view is not None and self.view.app.id == app_id:
                variant = self.view.variant.value
        self.state.requested_variant = None
        templates, today = self.state.db.templates_dir, self.state.today
        name = variant.value if isinstance(variant, Variant) else variant

        def load(store):
            return work.load_script(store, templates, app_id, name, template, rebuild, today)

        self.status.setText("Loading…")
        t = self._load_latest.new()
        self.state.db.task(load, t(self.show_view), t(self._failed))

    def _failed(self, exc: BaseException) -> None:
        self.view = None
        self.notice.show_message("The script can't be shown right now", describe_error(exc))
        self.stack.setCurrentIndex(0)

    def show_view(self, view: work.ScriptView) -> None:
        # What was typed while this loaded belongs to the script on screen: save it for
        # that one now, before the snapshot would name the new view.
        self.autosave.save_now()
        self.view = view
        if view.script is None and not view.text:
            self.notice.show_message("No script for this one yet", view.problem)
            self.stack.setCurrentIndex(0)
            return
        self._loading = True
        try:
            self.variant.setCurrentIndex(self.variant.findData(view.variant))
            self.template.clear()
            for t in view.templates:
                self.template.addItem(t.label, t.id)
            self.template.setCurrentIndex(self.template.findData(view.template_id))
            self.template.setEnabled(len(view.templates) > 1)
            self._fill_versions()
            self.editor.setPlainText(view.text)
        finally:
            self._loading = False
        problems = [view.problem] if view.problem else []
        if view.library_errors:
            problems.append("Some of your templates couldn't be loaded (see Settings).")
        self.problem.setText(" ".join(problems))
        self.problem.setVisible(bool(problems))
        written = not view.variant.spoken
        self.objections.set_objections(view.script.objections if view.script else [], written)
        self.key_points.set_script(view.script)
        self.status.setText(self._version_note())
        self.stack.setCurrentIndex(1)
        self.check()

    def _fill_versions(self) -> None:
        self.versions.clear()
        for v in reversed(self.view.versions):
            when = v.created_at.replace("T", " ")[:16]
            self.versions.addItem(f"Version {v.version} · {when}", v.version)
        self.versions.setEnabled(bool(self.view.versions))

    def _version_note(self) -> str:
        if self.view is None or not self.view.versions:
            return ""
        return f"Saved as version {self.view.versions[-1].version}."

    # --- editing and saving -----------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or self.view is None:
            return
        self.autosave.touch()
        self._lint_timer.start()

    def _snapshot(self) -> work.ScriptSnapshot | None:
        if self.view is None:
            return None
        return work.ScriptSnapshot(self.view.app.id, self.view.variant.value, self.editor.text(),
                                   self.view.template_id)

    def _saved(self, snap: work.ScriptSnapshot, version) -> None:
        v = self.view
        if version is None or v is None or v.app.id != snap.app_id \
                or v.variant.value != snap.variant:
            return
        v.versions.append(version)
        self._fill_versions()
        self.status.setText(self._version_note())

    def _show_save_state(self, state: str) -> None:
        if state in ("pending", "saving"):
            self.status.setText("Editing…" if state == "pending" else "Saving…")
        elif state == "saved":
            self.status.setText(self._version_note())

    def _template_picked(self, index: int) -> None:
        if self.view is not None and self.template.itemData(index) != self.view.template_id:
            self.reload(variant=self.view.variant, template=self.template.itemData(index),
                        rebuild=True)
            self.message.emit("Switched template. Your previous text is kept as a saved "
                              "version.")

    def _version_picked(self, index: int) -> None:
        if self.view is None:
            return
        number = self.versions.itemData(index)
        chosen = next((v for v in self.view.versions if v.version == number), None)
        if chosen is not None and chosen.text != self.editor.text():
            self.editor.setPlainText(chosen.text)  # an edit like any other: saved as new
            self.status.setText(f"Showing version {number}; it's saved as the newest "
                                "version when you pause.")

    def flush(self) -> None:
        self.autosave.flush()

    # --- the wording check ------------------------------------------------------------------

    def check(self) -> None:
        self._lint_timer.stop()
        v = self.view
        if v is None:
            return
        text = self.editor.text()
        budget = v.script.budget_seconds if v.script else None
        variant, role = v.variant, v.app.role
        # The profile may have changed since the script loaded (name, phone, speaking
        # rate): read it fresh with the text, under the database lock, in the worker.
        db = self.state.db

        def run():
            profile = db.call(lambda s: s.get_profile())
            return work.check_wording(text, variant, budget, profile, role)

        t = self._lint_latest.new()
        run_task(run, t(lambda r: self.show_result(r, text)), t(self._lint_failed))

    def _lint_failed(self, exc: BaseException) -> None:
        self.result = None
        self.editor.set_findings([], self.editor.text())
        self.findings.set_findings([], describe_error(exc))
        self.focus_meter.setEnabled(False)

    def show_result(self, result, text: str) -> None:
        if text != self.editor.text():
            return  # typed on since: a newer check is on its way
        self.result = result
        self.editor.set_findings(result.findings, text)
        written = self.view is not None and not self.view.variant.spoken
        pairs = [(f, edit_for(f, text, result.sentences, written)) for f in result.findings]
        self.findings.set_findings(pairs, "Nothing to fix — this reads warm and clear."
                                   if text.strip() else "Write or rebuild the script, and "
                                   "the check runs as you type.")
        n = len(pairs)
        self.tabs.setTabText(0, f"&Wording ({n})" if n else "&Wording")
        v = self.view
        budget = v.script.budget_seconds if v and v.script else None
        self.duration.setText(duration_text(result.estimated_seconds, budget,
                                            v is None or v.variant.spoken))
        focus = result.other_focus
        self.focus_meter.setEnabled(focus is not None)
        self.focus_meter.setValue(round((focus or 0) * 100))
        self.focus_meter.setFormat("%p% about them" if focus is not None else "not measured")
        self.focus_note.setText(
            "No 'you' or 'I' words yet, so there's nothing to measure." if focus is None else
            "Lovely — most of it is about them." if focus >= 0.6 else
            "About half and half. Aim for at least half about them." if focus >= 0.5 else
            "More about you than them so far; the suggestions can help.")

    def apply_fix(self, finding, edit) -> None:
        if self.editor.text() != self.editor.linted_text:
            self.check()  # the card is older than the text: check again, change nothing
            return
        start, end = self.editor.apply(edit)
        new = self.editor.text()
        blank = first_placeholder(new, start, end)
        if blank:
            self.editor.select_span(*blank)
            self.message.emit("Changed. Type over the highlighted blank to make it yours.")
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.check()
