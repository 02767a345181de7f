"""File ▸ Print…, Print Preview… and Export… for the page on screen: the Script and
Rehearse pages print cue cards, Advice the script sheet, Practice and History the
practice report. The document is built in a worker (it reads the store); the dialogs open
on the GUI thread once it is ready."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from coach.errors import InvalidInput
from ui.tasks import describe_error

KIND_FOR_PAGE = {"script": "cards", "rehearse": "cards", "advice": "sheet",
                 "practice": "report", "history": "report"}
EXPORT_FILTERS = "PDF (*.pdf);;Markdown (*.md);;Plain text (*.txt)"


def document_request(window) -> tuple[int, str, dict]:
    """(application id, kind, keyword arguments) for the page on screen."""
    key = window.current_key
    kind = KIND_FOR_PAGE.get(key)
    app_id = window.state.current
    if kind is None:
        raise InvalidInput("There's nothing to print on this page. Open an application's "
                           "Script, Advice or History page to print.")
    if app_id is None:
        raise InvalidInput("Pick an application first; printouts are for one application.")
    options: dict = {"templates_dir": window.state.db.templates_dir}
    page = window.pages[key]
    if kind == "cards":
        view = getattr(page, "view", None)
        variant = getattr(getattr(view, "variant", None), "value", None) if key == "script" \
            else getattr(getattr(page, "script", None), "variant", None)
        if variant:
            options["variant"] = variant
    elif kind == "report":
        from ui.speechwork import window_bands

        # judged by the user's own targets, as the report on screen is
        options = {"bands": window_bands(window)}
        take_id = getattr(page, "shown_take_id", None)
        if take_id is not None:
            options["take_id"] = take_id
    return app_id, kind, options


class DocumentMenu:
    def __init__(self, window):
        self.window = window
        menu = window.menuBar().addMenu("&File")
        self.print_action = QAction("&Print…", window)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.preview_action = QAction("Print pre&view…", window)
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        for a in (self.print_action, self.preview_action, self.export_action):
            menu.addAction(a)
        menu.addSeparator()
        quit_action = QAction("&Quit", window)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(window.close)
        menu.addAction(quit_action)
        self.print_action.triggered.connect(lambda: self.with_document(self._print))
        self.preview_action.triggered.connect(lambda: self.with_document(self._preview))
        self.export_action.triggered.connect(lambda: self.with_document(self._export))

    def with_document(self, then) -> None:
        """Build the page's document in a worker, then call `then(document)` here."""
        from coach import documents

        w = self.window
        try:
            app_id, kind, options = document_request(w)
        except InvalidInput as exc:
            w.messages.show_message(str(exc))
            return
        w.state.db.task(lambda s: documents.build(s, app_id, kind, **options), then,
                        lambda exc: w.messages.show_message(describe_error(exc)))

    def _print(self, doc) -> None:
        from ui.printing import print_dialog

        print_dialog(self.window, doc)

    def _preview(self, doc) -> None:
        from ui.printing import preview_dialog

        preview_dialog(self.window, doc).open()

    def _export(self, doc) -> None:
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in doc.title).strip()
        start = str(Path.home() / f"{name or 'Call Coach'}.pdf")
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export", start, EXPORT_FILTERS)
        if path:
            if not Path(path).suffix:
                path += ".md" if chosen.startswith("Markdown") else ".txt" \
                    if chosen.startswith("Plain") else ".pdf"
            self.save(doc, path)

    def save(self, doc, path) -> None:
        from ui.printing import save_as

        try:
            save_as(doc, path)
        except (InvalidInput, OSError) as exc:
            self.window.messages.show_message(f"Couldn't export: {describe_error(exc)}")
            return
        self.window.messages.show_message(f"Saved {path}.")

    def export_to(self, path) -> None:
        """Export without the file dialog (tests, and a later "export again")."""
        self.with_document(lambda doc: self.save(doc, path))
