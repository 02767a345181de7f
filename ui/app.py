"""Opening the desktop app, and rendering its screens to PNG files.

`run(args)` is what `callcoach` with no command calls (ui.launch). `screenshots_main` is
for `callcoach gui --screenshots DIR`: every screen, offscreen, on a sample application.
`self_test()` is for `callcoach --self-test`: the window, a script, a PDF and an analysis,
offscreen, with a one-line reason on failure.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from coach.errors import CoachError
from ui import tasks
from ui.db import Database
from ui.main_window import PAGES, MainWindow
from ui.state import AppState

ORGANISATION = APPLICATION = "Call Coach"
SAMPLE_EDIT = ("Hi Dana, it's Sam Rivera.\n"
               "Uh, I'm just following up on my résumé. I applied last week and I think I'm "
               "a great fit.\n"
               "Do you know if they got it?")


def _qapp() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    # Wayland and the desktop's dock match the window to call-coach.desktop by this name.
    QGuiApplication.setDesktopFileName("call-coach")
    from ui.about import app_icon

    icon = app_icon()
    if icon is not None:  # the SVG ships with checkouts and installers, not with pip
        app.setWindowIcon(icon)
    return app


def _open_store(data_dir_arg):
    from coach.paths import data_dir
    from coach.store import Store

    folder = data_dir(data_dir_arg)
    return Store.open(folder), folder


def chosen_data_dir(args, settings: QSettings) -> str | None:
    """--data-dir, else $CALLCOACH_DATA_DIR, else the folder chosen in Settings, else None
    for the default (coach.paths.data_dir(None) handles the variable and the default)."""
    import os

    from coach.paths import ENV_VAR

    return getattr(args, "data_dir", None) or (
        None if os.environ.get(ENV_VAR) else settings.value("data_dir", None) or None)


def run(args) -> int:
    from ui.data_dialogs import open_data

    app = _qapp()
    settings = QSettings()
    # The window's lock on the folder is taken before the database is touched, and held
    # until the process ends: a second window says so and leaves the data alone.
    opened = open_data(chosen_data_dir(args, settings))
    if opened is None:
        return 2
    start_window(opened.store, opened.folder, settings)
    try:
        return app.exec()
    finally:
        opened.store.close()
        opened.lock.release()


def start_window(store, folder: Path, settings: QSettings) -> MainWindow:
    """Show the main window, then repair any take a crash or kill interrupted (its WAV
    header still says 'empty') and tell the user what was recovered."""
    window = MainWindow(AppState(Database(store, folder)), settings)
    window.show()

    def recovered(fixed: list[Path]) -> None:
        if fixed:
            names = ", ".join(p.name for p in fixed[:3]) + (" …" if len(fixed) > 3 else "")
            window.messages.show_message(
                f"Recovered {len(fixed)} interrupted recording(s), complete up to their last "
                f"second: {names}. Open one from Practice › Open a WAV file… to analyse it.")

    def repair() -> list[Path]:
        from coach.speech.wavio import repair_folder

        return repair_folder(Path(folder) / "takes")

    tasks.run_task(repair, recovered)

    def backup_failed(exc: BaseException) -> None:
        window.messages.show_message(f"Today's backup of your data couldn't be made: "
                                     f"{tasks.describe_error(exc)}")

    from coach.backup import auto_backup

    # once a day at most, under the database lock like every other use of the store
    window.state.db.task(lambda s: auto_backup(folder, s.conn), None, backup_failed)
    return window


# --- screenshots -------------------------------------------------------------------------


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, rgb in ((roles.Window, (37, 37, 40)), (roles.WindowText, (230, 230, 230)),
                      (roles.Base, (28, 28, 30)), (roles.AlternateBase, (48, 48, 52)),
                      (roles.Text, (230, 230, 230)), (roles.Button, (48, 48, 52)),
                      (roles.ButtonText, (230, 230, 230)), (roles.Highlight, (52, 110, 200)),
                      (roles.HighlightedText, (255, 255, 255)), (roles.ToolTipBase, (48, 48, 52)),
                      (roles.ToolTipText, (230, 230, 230)),
                      (roles.PlaceholderText, (160, 160, 165)),
                      (roles.Link, (110, 165, 255)), (roles.Mid, (70, 70, 75)),
                      (roles.Light, (80, 80, 85)), (roles.Dark, (20, 20, 22))):
        p.setColor(role, QColor(*rgb))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(125, 125, 130))
    return p


WEAK_LINE = "Um, I'm just calling to follow up on my application."


def asset(name: str) -> Path:
    from importlib.resources import files

    return Path(str(files("ui") / "assets" / name))


def _sample_take_audio(folder: Path, lines: list[str]) -> Path:
    """A spoken take for the Practice screenshot: the speech engine reading most of the
    script with a filler and a weak phrase slipped in (so the report has something to
    show), or the bundled self-test recording when there is no speech engine."""
    said = lines[:2] + [WEAK_LINE] + lines[2:-3] + lines[-1:]
    try:
        from coach.speech.tts import speaker

        return speaker().render(" ".join(said), folder / "sample-take.wav", rate=160).path
    except (CoachError, OSError):
        return asset("selftest.wav")


def _earlier_takes(store, app_id: int, report: dict, folder: Path) -> None:
    """Two earlier sample takes for the History screenshot, a little rougher than the one
    just recorded, so the plots show progress. Sample data only, never the user's."""
    import copy

    from coach.models import Take

    for n, (wpm, fillers, coverage) in enumerate(((188, 7.5, 0.5), (172, 4.2, 0.75))):
        r = copy.deepcopy(report)
        m = r.setdefault("metrics", {})
        m.update(words_per_minute=wpm, fillers_per_100_words=fillers, script_coverage=coverage,
                 other_focus=max(0.0, (m.get("other_focus") or 0.5) - 0.2 + 0.1 * n))
        wav = folder / f"sample-earlier-{n}.wav"
        wav.write_bytes(b"")
        day = datetime.now() - timedelta(days=3 - n)
        store.add_take(Take(app_id, str(wav), r, "live", None,
                            created_at=day.replace(hour=18, minute=30).isoformat(
                                timespec="seconds")))


def _call_log_shots(window, store, app_id: int, shot, out: Path) -> list[Path]:
    """The "Log a call" dialog and the Advice page with one follow-up logged, on the sample
    only (the entry is deleted again, so the other screens and the dark run stay as they
    were)."""
    from coach.days import add_business_days
    from coach.models import Outcome
    from ui.widgets.call_dialog import CallDialog

    state, today = window.state, window.state.today
    state.select(app_id)
    window.go("advice")
    app = store.get_application(app_id)
    dialog = CallDialog(app, today, contact_id=app.contacts[0].id if app.contacts else None,
                        parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    dialog.show()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.REACHED))
    dialog.notes.setPlainText("Dana says they're interviewing next week; she'll put in a good "
                              "word.")
    dialog.next_step.setText("Call Dana back after her team meeting")
    for _ in range(3):
        QApplication.processEvents()
    # The dialog over the dimmed window, as the user sees it, at the window's size.
    picture, box = window.grab(), dialog.grab()
    x, y = (picture.width() - box.width()) // 2, (picture.height() - box.height()) // 3
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    painter.drawPixmap(x, y, box)
    painter.setPen(window.palette().color(QPalette.ColorRole.Mid))
    painter.drawRect(x - 1, y - 1, box.width() + 1, box.height() + 1)
    painter.end()
    path = out / "advice-log-call.png"
    picture.save(str(path))
    dialog.close()
    added = []
    try:
        added.append(store.add_call(dataclasses.replace(
            dialog.entry(), next_date=add_business_days(today, 2))))
        window.pages["advice"].reload()
        shot("advice-call-log")
    finally:
        for e in added:
            store.delete_call(e.id)
        window.pages["advice"].reload()
    return [path]


ROLEPLAY_TURNS = ("Hi Jordan, um, this is Sam Rivera. Could I please speak with Dana?",
                  "Thank you so much for your help. Goodbye.")


def _roleplay_shots(window, shot, folder: Path, turns) -> None:
    """A role-play call on the sample: the receptionist, the user's side spoken by the
    speech engine into `turns` (the RecordedTurns the page listens to), shot under
    way and finished with its scores. Their lines are cut short as Answer now would, so
    the shots need not wait them out; the call's replay is deleted afterwards."""
    import time

    from ui.pages.roleplay import THEY

    try:
        from coach.speech.tts import speaker

        sp = speaker()
        # The voice the role-play tests speak in, which Whisper hears well; any other
        # voice the engine has will do.
        voice = next((v.id for v in sp.voices() if v.id == "gmw/en-us"), None)
        turns.add(*(sp.render(text, folder / f"roleplay-turn-{n}.wav", voice=voice,
                              rate=160, timings=None).path
                    for n, text in enumerate(ROLEPLAY_TURNS)))
    except (CoachError, OSError):
        return  # no speech engine: there is no call to show
    page = window.pages["roleplay"]
    window.go("roleplay")
    page.setup.scenario.setCurrentIndex(page.setup.scenario.findData("receptionist"))
    page.start()
    deadline = time.monotonic() + 300
    while page.in_call and time.monotonic() < deadline:
        if page.phase == THEY:
            if len(page.call.turns) == 3:
                page.panel.show_note("")  # as on a computer with a speaker
                shot("roleplay-call")
            page.their_line_done()
        QApplication.processEvents()
    if page.result is not None:
        shot("roleplay-finished")
        page.delete_recording()


def render_screenshots(out_dir, data_dir, *, dark: bool = False,
                       size: tuple[int, int] = (1280, 820)) -> list[Path]:
    """Render every screen to `out_dir/<screen>.png` (and a few extra states: the written
    advice, the script with wording findings). `data_dir` gets the sample application when
    it holds no applications; otherwise its own data is shown. Runs tasks inline so each
    screen is complete when grabbed; uses throwaway QSettings, never the user's."""
    from coach.sample import seed

    app = _qapp()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store, folder = _open_store(data_dir)
    if not store.list_applications():
        seed(store)
    old_palette, old_style = app.palette(), app.style().name()
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    previous = tasks.set_runner(tasks.run_inline)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="callcoach-shots-") as tmp:
        from coach.speech.record import WavSource

        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        state = AppState(Database(store, folder))
        take_audio: list[Path] = []  # made once the script is known
        from ui.roleplay_session import RecordedTurns

        call_turns = RecordedTurns([])  # the role-play's turns, likewise
        window = MainWindow(state, settings, page_options={
            "practice": {"source_factory": lambda: WavSource(take_audio[0], paced=False)},
            "roleplay": {"source_factory": call_turns.source}})
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(*size)
        window.show()
        try:
            northwind = next((r.id for r in state.rows if r.company == "Northwind Analytics"),
                             state.current)
            state.select(northwind)

            def shot(name: str) -> None:
                for _ in range(3):  # wrapped text settles its height over a few passes
                    app.processEvents()
                path = out / f"{name}.png"
                window.grab().save(str(path))
                written.append(path)

            for key, _cls in PAGES:
                window.go(key)
                shot(key)
            page = window.pages["script"]
            window.go("script")
            if page.view is not None:  # the wording check at work, without saving it
                page._loading = True
                page.editor.setPlainText(SAMPLE_EDIT)
                page._loading = False
                page.check()
                shot("script-findings")
                page.tabs.setCurrentIndex(1)
                shot("script-objections")
                page.tabs.setCurrentIndex(0)
            window.go("rehearse")
            rehearse = window.pages["rehearse"]
            if rehearse.stack.currentIndex() == 1:
                rehearse.read_aloud()
                if rehearse.result is not None:
                    timings = rehearse.result.word_timings
                    rehearse.timer.stop()
                    rehearse.highlight_at(timings[min(12, len(timings) - 1)].start)
                    shot("rehearse-reading")
                    rehearse.prompter.setChecked(True)
                    rehearse.highlight(-1)
                    rehearse.highlight_at(timings[min(40, len(timings) - 1)].start)
                    shot("rehearse-teleprompter")
                    rehearse.prompter.setChecked(False)
                rehearse.stop()
            window.go("practice")
            practice = window.pages["practice"]
            if practice.stack.currentIndex() == 1:
                take_audio.append(_sample_take_audio(Path(tmp), practice.script.lines))
                practice.start()
                if practice.report is not None:
                    shot("practice-report")
                    if not any(t.report for t in store.list_takes(northwind)):
                        _earlier_takes(store, northwind, practice.report, Path(tmp))
                    practice.keep()
                    window.go("history")
                    shot("history-takes")
                    history = window.pages["history"]
                    history.open_selected()
                    shot("history-report")
                    window.go("advice")
                    shot("advice-readiness")
            written_app = next((r.id for r in state.rows if r.stage.value == "interviewed"),
                               None)
            if written_app is not None:
                state.select(written_app)
                window.go("advice")
                shot("advice-written")
            if northwind is not None and store.get_profile().name == "Sam Rivera":
                written += _call_log_shots(window, store, northwind, shot, out)
                state.select(northwind)
                _roleplay_shots(window, shot, Path(tmp), call_turns)
        finally:
            window.pages["script"].autosave.discard()
            window.close()
            tasks.set_runner(previous)
            store.close()
            if dark:
                app.setPalette(old_palette)
                app.setStyle(old_style)
    return written


def self_test() -> int:
    """`callcoach --self-test`: open the window offscreen, build a script, print it to PDF
    and analyse the bundled recording. 0 when all work; otherwise 1 and one line saying
    which step failed and why."""
    if QApplication.instance() is None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    step = "starting"
    try:
        app = _qapp()
        from coach import documents
        from coach.sample import seed
        from coach.store import Store
        from ui import speechwork, work
        from ui.printing import print_to_pdf

        previous = tasks.set_runner(tasks.run_inline)
        with tempfile.TemporaryDirectory(prefix="callcoach-selftest-") as tmp:
            folder = Path(tmp)
            store = Store.open(folder)
            try:
                step = "opening the window"
                sample = seed(store)
                settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
                window = MainWindow(AppState(Database(store, folder)), settings)
                window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
                window.show()
                app.processEvents()
                window.close()
                step = "building a script"
                view = work.load_script(store, folder / "templates", sample.id)
                if not view.text.strip():
                    raise RuntimeError(view.problem or "the script came out empty")
                step = "printing to PDF"
                pdf = folder / "cards.pdf"
                print_to_pdf(documents.build(store, sample.id, "cards"), pdf)
                if not pdf.is_file() or pdf.stat().st_size == 0:
                    raise RuntimeError("the PDF is empty")
                step = "analysing a recording"
                report = speechwork.analyse_file(asset("selftest.wav"), view.text.splitlines())
                if report.get("schema") != 1 or not report.get("words"):
                    raise RuntimeError("no words were recognised in the bundled recording")
            finally:
                store.close()
                tasks.set_runner(previous)
    except Exception as exc:  # every failure is one line: the step and the reason
        reason = str(exc) if isinstance(exc, CoachError | RuntimeError) else \
            f"{type(exc).__name__}: {exc}"
        print(f"callcoach: self-test failed while {step}: {' '.join(reason.split())}",
              file=sys.stderr)
        return 1
    print("callcoach: self-test passed (window, script, PDF, speech analysis)")
    return 0


def screenshots_main(out_dir, data_dir=None) -> int:
    """`callcoach gui --screenshots DIR`: light screens in DIR, dark ones in DIR/dark.
    Without `data_dir` the sample lives in a temporary folder, deleted afterwards."""
    if QApplication.instance() is None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # nothing flashes on screen
    try:
        with tempfile.TemporaryDirectory(prefix="callcoach-sample-") as tmp:
            folder = data_dir or tmp
            paths = render_screenshots(out_dir, folder)
            paths += render_screenshots(Path(out_dir) / "dark", folder, dark=True)
    except (CoachError, OSError, sqlite3.Error) as exc:
        print(f"callcoach: error: {exc}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0
