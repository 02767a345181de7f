"""`callcoach backup | restore | forget`: copies of the database, putting one back, and
deleting everything.

`backup` runs fine beside an open window (SQLite's online backup reads a consistent
snapshot). `restore` and `forget` replace or delete the database file, so they refuse
while the window is open (coach.instance).
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import InvalidInput


def register(sub) -> None:
    from coach.cli import add_json

    p = sub.add_parser("backup", help="copy your data to a backup file (the app also keeps "
                       "one a day, the last 10)")
    p.add_argument("--out", metavar="FILE", help="where to write it (a file or a folder; "
                   "default: the backups folder in the data folder)")
    p.add_argument("--list", action="store_true", help="list the backups, newest first")
    add_json(p)
    p.set_defaults(handler=backup_cmd)

    p = sub.add_parser("restore", help="put a backup back (your current data is kept as a "
                       "backup first)")
    p.add_argument("file", metavar="FILE", help="a backup file")
    add_json(p)
    p.set_defaults(handler=restore_cmd)

    p = sub.add_parser("forget", help="delete all your data: applications, scripts, "
                       "recordings, backups")
    p.add_argument("--yes", action="store_true", help="really delete it (there is no undo)")
    add_json(p)
    p.set_defaults(handler=forget_cmd)


def backup_cmd(ctx) -> None:
    from coach import backup

    if ctx.args.list:
        rows = [{"path": str(p), "bytes": p.stat().st_size}
                for p in backup.list_backups(ctx.data_dir)]
        ctx.emit(rows, lambda: "\n".join(f"{r['path']}  ({r['bytes'] // 1024 + 1} KB)"
                                         for r in rows) or "No backups yet.")
        return
    store = ctx.store
    out = Path(ctx.args.out) if ctx.args.out else None
    made = backup.backup_now(ctx.data_dir, store.conn, out)
    apps = store.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    ctx.emit({"path": str(made), "applications": apps},
             f"Backed up {apps} application(s) to {made}")


def restore_cmd(ctx) -> None:
    from coach import backup

    info, previous = backup.restore(Path(ctx.args.file), ctx.data_dir)
    data = {"restored": str(info.path), "applications": info.applications,
            "schema": info.schema, "previous": str(previous) if previous else None}

    def text() -> str:
        line = f"Restored {info.applications} application(s) from {info.path}."
        if previous is not None:
            line += (f" Your data from before is kept as {previous}; to undo: "
                     f"{backup.restore_command(previous, ctx.data_dir)}")
        return line

    ctx.emit(data, text)


def forget_cmd(ctx) -> None:
    from coach import erase

    if not ctx.args.yes:
        from coach.backup import command

        raise InvalidInput(f"this deletes everything Call Coach keeps in {ctx.data_dir} — "
                           "applications, scripts, recordings and backups — for good; to go "
                           f"ahead, run: {command(ctx.data_dir, 'forget', '--yes')}")
    done = erase.forget(ctx.data_dir)
    if done.problems:
        raise InvalidInput(f"{done.summary()}, but couldn't delete "
                           f"{'; '.join(done.problems)}")
    data = {"database": done.database, "backups": done.backups,
            "recordings": done.recordings, "templates": done.templates,
            "damaged": done.damaged, "drafts": done.drafts}
    ctx.emit(data, f"{done.summary()} from {ctx.data_dir}.")
