"""`callcoach gui`: the desktop window, and `--screenshots DIR` to render every screen
offscreen for docs and review. Qt is imported only inside the handler."""

from __future__ import annotations


def register(sub) -> None:
    s = sub.add_parser("gui", help="open the window, or render every screen to PNG files")
    s.add_argument("--screenshots", metavar="DIR",
                   help="render every screen with a sample application to DIR/<screen>.png "
                   "offscreen, then exit")
    s.set_defaults(handler=gui_cmd)


def gui_cmd(ctx) -> int:
    if ctx.args.screenshots:
        from ui.screenshots import screenshots_main

        # Only a folder the user named explicitly gets the sample data; otherwise a
        # temporary one, so screenshots never add a sample to someone's real data.
        return screenshots_main(ctx.args.screenshots, data_dir=ctx.args.data_dir)
    from ui.launch import open_window

    return open_window(ctx.args)
