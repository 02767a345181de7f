"""`callcoach`: the command line. Each command group lives in its own module with a
`register(subparsers)` function; this module only wires them and turns user errors into
one clear line and exit code 2."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from coach.errors import CoachError, InvalidInput

EXIT_USAGE = 2


class Context:
    """What a command handler gets: parsed args, the data folder, and the store on demand."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._store = None

    @property
    def data_dir(self):
        from coach.paths import data_dir

        return data_dir(self.args.data_dir)

    @property
    def store(self):
        if self._store is None:
            from coach.store import Store

            self._store = Store.open(self.data_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def emit(self, data, text: str | Callable[[], str]) -> None:
        """Print `data` as JSON under --json, else the human text."""
        if getattr(self.args, "json", False):
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(text() if callable(text) else text)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's default prints full usage; keep it to one line
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)}\n")


def build_parser(extra=()) -> argparse.ArgumentParser:
    """`extra`: command-group modules from the front end (printing and the window need Qt,
    which coach never imports), registered like coach's own."""
    # Each group imports its heavy dependencies (models, audio) inside its handlers.
    from coach.cli import analyze, coaching, data, records, roleplay, speech

    parser = _Parser(
        prog="callcoach",
        description="Call Coach: decide whether to call, write the script, rehearse it.",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data folder (default: $CALLCOACH_DATA_DIR or the "
        "platform's user data folder)"
    )
    parser.add_argument(
        "--self-test", action="store_true",
        help="open the window offscreen, build a script, print a PDF and analyse a bundled "
        "recording; exit non-zero on any failure (the desktop app handles it)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (records, coaching, speech, analyze, data, roleplay, *extra):
        module.register(sub)
    return parser


MAX_ID = 2**63 - 1  # SQLite's INTEGER: a larger number can name no record


def parse_id(text: str, what: str = "id") -> int:
    """A record id typed by the user, or InvalidInput saying why it is not one."""
    value = str(text).strip()
    if not value.isdecimal() or len(value) > 19:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InvalidInput(f"{what} must be a whole number like 3, not {shown!r}")
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise InvalidInput(f"there is no {what} {number}")
    return number


def record_id(text: str) -> int:
    """argparse type for ids: the same checks as parse_id, as one usage error."""
    try:
        return parse_id(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# Line breaks (every one str.splitlines() knows) and other control characters, such as a
# terminal escape, written as escapes instead; a tab is left alone.
_ESCAPES = str.maketrans(
    {"\n": "\\n", "\r": "\\r"}
    | {chr(c): f"\\x{c:02x}" for c in (*range(32), 127, *range(0x80, 0xA0))
       if chr(c) not in "\t\n\r"}
    | {c: f"\\u{ord(c):04x}" for c in "\u2028\u2029"})


def one_line(message: str) -> str:
    """An error message on one line, whatever the user's input put in it (a file name or
    template id with a line break would otherwise split it)."""
    return message.translate(_ESCAPES)


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def main(argv: list[str] | None = None, open_window: Callable | None = None,
         extra=()) -> int:
    """Run one command. With no command, `open_window(args)` opens the desktop app; the
    front end passes it and its own command groups in (ui.launch), because coach never
    imports ui."""
    parser = build_parser(extra)
    args = parser.parse_args(argv)
    if args.self_test:  # reached only without the front end (ui.launch handles it)
        print("callcoach: error: --self-test needs the desktop app (ui) installed",
              file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        from coach.cli.coaching import no_window

        if open_window is None:
            return no_window(args, "The desktop window is not available here")
        return open_window(args)
    ctx = Context(args)
    try:
        return args.handler(ctx) or 0
    except CoachError as exc:
        print(f"callcoach: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("callcoach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `callcoach … | head`: the reader left; nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        ctx.close()
