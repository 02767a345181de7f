"""Every screen rendered to PNG on a sample application (`callcoach gui --screenshots DIR`,
`make screenshots`): light in DIR, dark in DIR/dark. The sample lives in a temporary
folder unless a data folder is given."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from coach.errors import CoachError
from ui import tasks
from ui.app import asset, dark_palette, qt_app
from ui.db import Database
from ui.main_window import PAGES, MainWindow
from ui.state import AppState

SAMPLE_EDIT = ("Hi Dana, it's Sam Rivera.\n"
               "Uh, I'm just following up on my résumé. I applied last week and I think I'm "
               "a great fit.\n"
               "Do you know if they got it?")

WEAK_LINE = "Um, I'm just calling to follow up on my application."


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


def _open_store(data_dir_arg):
    """The store in the folder `data_dir_arg` names (None: the usual one), and the folder."""
    from coach.paths import data_dir
    from coach.store import Store

    folder = data_dir(data_dir_arg)
    return Store.open(folder), folder


def render_screenshots(out_dir, data_dir, *, dark: bool = False,
                       size: tuple[int, int] = (1280, 820)) -> list[Path]:
    """Render every screen to `out_dir/<screen>.png` (and a few extra states: the written
    advice, the script with wording findings). `data_dir` gets the sample application when
    it holds no applications; otherwise its own data is shown. Runs tasks inline so each
    screen is complete when grabbed; uses throwaway QSettings, never the user's."""
    from coach.sample import seed

    app = qt_app()
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
