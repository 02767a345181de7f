"""The `callcoach` entry point. Commands go straight to the Qt-free CLI in coach; only
`callcoach` with no command (open the window) reaches Qt, and only when there is a display.
Living in ui keeps imports one way: ui → coach."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") == "offscreen")


def open_window(args) -> int:
    from coach.cli.coaching import no_window

    if not has_display():
        return no_window(args, "No display found")
    try:
        from ui.app import run
    except ModuleNotFoundError as exc:
        if exc.name != "ui.app":
            raise
        return no_window(args, "The desktop window is not built yet")
    return run(args)


def main(argv: list[str] | None = None) -> int:
    from coach.cli import main as cli_main
    from ui import cli_gui, cli_print  # each imports Qt only inside its handlers

    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        # Opens the window offscreen, builds a script, prints a PDF, analyses a bundled WAV.
        from ui.app import self_test

        return self_test()
    return cli_main(argv, open_window=open_window, extra=(cli_print, cli_gui))


if __name__ == "__main__":
    sys.exit(main())
