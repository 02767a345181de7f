"""Saving a copy the user asked for (the script read aloud, a calendar event): the file
dialog on the GUI thread, the writing in a worker, one line in the message bar either way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.tasks import describe_error, run_task


def file_stem(text: str, fallback: str) -> str:
    """A file name from a title, with only characters every file system accepts."""
    return "".join(c if c.isalnum() or c in " -_" else "_" for c in text).strip() or fallback


def ask_save_path(parent: QWidget, title: str, name: str, suffix: str,
                  filters: str) -> Path | None:
    """The path the user chose (with `suffix` added when they typed none), or None."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / f"{name}{suffix}"),
                                          filters)
    if not path:
        return None
    return Path(path if Path(path).suffix else path + suffix)


def write_in_background(write: Callable[[], object], dest: Path, saved: str,
                        tell: Callable[[str], None]) -> None:
    """Run `write()` in a worker; then `tell(saved)`, or what went wrong and where."""

    def failed(exc: BaseException) -> None:
        why = (exc.strerror or str(exc)) if isinstance(exc, OSError) else describe_error(exc)
        tell(f"Couldn't save {dest}: {why.rstrip('.')}. Try another folder.")

    run_task(write, lambda _r: tell(saved), failed)
