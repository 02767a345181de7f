"""The calendar event and `callcoach export` (no Qt needed)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest

from coach import documents as D
from coach.documents import ics
from coach.errors import InvalidInput
from coach.models import Stage

from .conftest import REPO
from .docs_sample import NOW, add_app

# --- the calendar event -------------------------------------------------------------------


def unfold(text: str) -> dict[str, str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    props: dict[str, str] = {}
    stack = []
    for line in lines:
        name, value = line.split(":", 1)
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
        else:
            props.setdefault("/".join(stack) + "/" + name, value)
    assert not stack
    return props


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_ics_event_at_the_advised_slot_with_a_reminder(store):
    app = add_app(store)
    text = D.follow_up_ics(store, app.id, now=NOW)
    p = unfold(text)
    assert p["VCALENDAR/VERSION"] == "2.0"
    assert p["VCALENDAR/VEVENT/DTSTART"] == "20261110T093000"  # Tuesday, 9:30, floating
    assert p["VCALENDAR/VEVENT/DTEND"] == "20261110T100000"
    assert unescape(p["VCALENDAR/VEVENT/SUMMARY"]) == \
        "Follow up with Dana Reyes — Data Analyst at Northwind Analytics"
    assert p["VCALENDAR/VEVENT/VALARM/TRIGGER"] == "-PT15M"
    assert p["VCALENDAR/VEVENT/VALARM/ACTION"] == "DISPLAY"
    assert p["VCALENDAR/VEVENT/UID"].startswith(f"callcoach-followup-{app.id}-")
    assert re.fullmatch(r"\d{8}T\d{6}Z", p["VCALENDAR/VEVENT/DTSTAMP"])
    assert unescape(p["VCALENDAR/VEVENT/LOCATION"]) == "555-010-2200"
    assert "Have your cue cards in front of you." in unescape(p["VCALENDAR/VEVENT/DESCRIPTION"])


def test_ics_escapes_and_folds_without_breaking_characters():
    value = "Dana; Reyes, \\ “Ops”\nnext line"
    assert ics.escape_text(value) == "Dana\\; Reyes\\, \\\\ “Ops”\\nnext line"
    long = "SUMMARY:" + "مريم الحسيني 😀 Zoë " * 12
    folded = ics.fold(long)
    parts = folded.split("\r\n")
    assert len(parts) > 3 and all(len(x.encode("utf-8")) <= 75 for x in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == long


def test_ics_for_a_settled_application_says_there_is_nothing_to_schedule(store):
    app = add_app(store, stage=Stage.OFFER)
    with pytest.raises(InvalidInput, match="no follow-up to schedule"):
        D.follow_up_ics(store, app.id, now=NOW)


def test_ics_follows_a_wait_to_its_date(store):
    app = add_app(store, sent=NOW.date() - timedelta(days=1))
    p = unfold(D.follow_up_ics(store, app.id, now=NOW))
    assert p["VCALENDAR/VEVENT/DTSTART"] > "20261116"  # 5 business days after the 9th


# --- `callcoach export` (no Qt needed) ------------------------------------------------


@pytest.fixture
def run(data_dir, capsys):
    from coach.cli import main
    from ui import cli_print

    def go(*args):
        try:
            code = main(["--data-dir", str(data_dir), *args], extra=(cli_print,))
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def test_export_markdown_text_and_ics(run, store, tmp_path):
    app = add_app(store)
    for fmt, what in (("md", "sheet"), ("txt", "cards"), ("ics", "sheet")):
        out = tmp_path / f"x.{fmt}"
        code, stdout, err = run("export", str(app.id), "--format", fmt, "--what", what,
                                "--out", str(out))
        assert code == 0, err
        assert f"Wrote {out}" in stdout
        body = out.read_bytes().decode("utf-8")
        assert "Dana Reyes" in body
    assert out.read_bytes().count(b"\r\n") == out.read_bytes().count(b"\n")  # ics: CRLF
    assert (tmp_path / "x.md").read_text().startswith("# Northwind Analytics — Data Analyst")
    assert "OPENER AND PERMISSION  (card 1 of" in (tmp_path / "x.txt").read_text()


def test_export_errors_are_one_line(run, store, tmp_path):
    app = add_app(store)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    cases = [
        (("export", str(app.id), "--format", "md", "--what", "report", "--out",
          str(tmp_path / "r.md")), "no analysed practice takes yet"),
        (("export", "999", "--format", "md", "--out", str(tmp_path / "r.md")),
         "no application with id 999"),
        (("export", str(app.id), "--format", "md", "--out", str(tmp_path / "no" / "r.md")),
         "does not exist"),
        (("export", str(app.id), "--format", "md", "--take", "1", "--out",
          str(tmp_path / "r.md")), "--take goes with --what report"),
        (("export", str(app.id), "--format", "ics", "--what", "cards", "--out",
          str(tmp_path / "r.ics")), "takes no --what"),
    ]
    for args, message in cases:
        code, _out, err = run(*args)
        assert code == 2 and message in err and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_export_does_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from coach.cli import main\n"
        "from ui import cli_print\n"
        "from coach.store import Store\n"
        "from coach.models import Application\n"
        "from datetime import date\n"
        f"s = Store.open({str(tmp_path)!r})\n"
        "a = s.add_application(Application('Acme', 'Analyst', date(2026, 1, 5)))\n"
        "s.close()\n"
        f"rc = main(['--data-dir', {str(tmp_path)!r}, 'export', str(a.id), '--format', "
        f"'txt', '--out', {str(tmp_path / 'a.txt')!r}], extra=(cli_print,))\n"
        "print(rc, any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    assert out == "0 False"
    assert "Acme" in (tmp_path / "a.txt").read_text()
