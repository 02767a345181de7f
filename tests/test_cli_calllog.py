"""CLI: the call log — add, list, edit, delete, a calendar reminder for a next step — and
every bad input as one line, exit 2, with nothing the user had lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .test_documents_export import unescape, unfold

TODAY = date.today()
AGO = (TODAY - timedelta(days=3)).isoformat()
SOON = (TODAY + timedelta(days=4)).isoformat()


@pytest.fixture
def app(cli):
    """An application with Dana (network) and Jordan (receptionist); returns the ids."""
    r = cli("apps", "add", "--company", "Northwind", "--role", "Data Analyst", "--sent",
            (TODAY - timedelta(days=20)).isoformat(), "--json")
    assert r.code == 0, r.err
    app_id = r.json()["id"]
    ids = [cli("contacts", "add", str(app_id), "--name", name, "--relationship", rel,
               "--phone", "555-0100", "--json").json()["id"]
           for name, rel in (("Dana Reyes", "network"), ("Jordan Ellis", "ally"))]
    return app_id, ids


def logged(cli, app_id, *extra):
    r = cli("log", "add", str(app_id), "--date", AGO, "--route", "call", "--outcome",
            "voicemail", *extra, "--json")
    assert r.code == 0, r.err
    return r.json()


def test_add_list_and_the_advisor_counts_it(cli, app):
    app_id, (dana, _jordan) = app
    entry = logged(cli, app_id, "--contact", str(dana), "--notes", "left a short message",
                   "--next-step", "Email Dana a short note", "--next-date", SOON)
    assert entry["contact_id"] == dana and entry["next_date"] == SOON
    text = cli("log", "list", str(app_id)).out
    assert text.startswith(f"[{entry['id']}] {AGO}  call ")
    assert "Left a voicemail — Dana Reyes. left a short message" in text
    assert f"→ next: Email Dana a short note on {SOON}" in text
    advice = cli("advise", str(app_id), "--json").json()
    assert advice["attempts_used"] == 1 and advice["attempts_left"] == 1
    assert advice["route"] == "wait" and advice["when"]["earliest"] >= SOON


def test_edit_changes_only_what_is_given(cli, app):
    app_id, (dana, jordan) = app
    entry = logged(cli, app_id, "--contact", str(dana), "--next-step", "call back",
                   "--next-date", SOON)
    r = cli("log", "edit", str(entry["id"]), "--outcome", "reached", "--contact", str(jordan),
            "--notes", "Jordan says they decide next week", "--json")
    assert r.code == 0, r.err
    got = cli("log", "list", str(app_id), "--json").json()[0]
    assert got["outcome"] == "reached" and got["contact_id"] == jordan
    assert got["notes"] == "Jordan says they decide next week"
    assert got["when"] == AGO
    assert got["next_step"] == "call back" and got["next_date"] == SOON  # kept
    r = cli("log", "edit", str(entry["id"]), "--no-next-date", "--no-contact", "--json")
    got = r.json()
    assert got["next_date"] is None and got["contact_id"] is None and got["next_step"]
    assert "Updated attempt" in cli("log", "edit", str(entry["id"]), "--route", "email",
                                    "--outcome", "email-sent").out


def test_delete_removes_the_entry_and_the_advisor_forgets_it(cli, app):
    app_id, _ = app
    entry = logged(cli, app_id)
    r = cli("log", "delete", str(entry["id"]))
    assert r.code == 0 and f"Deleted attempt {entry['id']}" in r.out
    assert cli("log", "list", str(app_id), "--json").json() == []
    assert cli("advise", str(app_id), "--json").json()["attempts_left"] == 2


def test_remind_writes_an_all_day_event_with_a_morning_reminder(cli, app, tmp_path):
    app_id, (dana, _) = app
    entry = logged(cli, app_id, "--contact", str(dana), "--notes", "said: try Thursday; or "
                   "email", "--next-step", "Email Dana a short note", "--next-date", SOON)
    out = tmp_path / "reminder.ics"
    r = cli("log", "remind", str(entry["id"]), "--out", str(out))
    assert r.code == 0, r.err
    assert f"Wrote {out}" in r.out
    text = out.read_bytes().decode("utf-8")
    p = unfold(text)
    day = SOON.replace("-", "")
    next_day = (date.fromisoformat(SOON) + timedelta(days=1)).isoformat().replace("-", "")
    assert p["VCALENDAR/VEVENT/DTSTART;VALUE=DATE"] == day
    assert p["VCALENDAR/VEVENT/DTEND;VALUE=DATE"] == next_day
    assert p["VCALENDAR/VEVENT/UID"] == f"callcoach-next-step-{entry['id']}@call-coach.invalid"
    assert unescape(p["VCALENDAR/VEVENT/SUMMARY"]) == ("Email Dana a short note — Data "
                                                       "Analyst at Northwind")
    description = unescape(p["VCALENDAR/VEVENT/DESCRIPTION"])
    assert "you left a voicemail for Dana Reyes" in description
    assert "said: try Thursday; or email" in description and "Phone: 555-0100" in description
    assert p["VCALENDAR/VEVENT/VALARM/TRIGGER"] == "PT9H"
    # Exporting again after an edit moves the same event (same UID) to the new day.
    later = (date.fromisoformat(SOON) + timedelta(days=2)).isoformat()
    cli("log", "edit", str(entry["id"]), "--next-date", later)
    cli("log", "remind", str(entry["id"]), "--out", str(out))
    p2 = unfold(out.read_bytes().decode("utf-8"))
    assert p2["VCALENDAR/VEVENT/UID"] == p["VCALENDAR/VEVENT/UID"]
    assert p2["VCALENDAR/VEVENT/DTSTART;VALUE=DATE"] == later.replace("-", "")


@pytest.mark.parametrize("args, needle", [
    (["log", "add", "{app}", "--route", "email", "--outcome", "voicemail"],
     "--outcome voicemail does not go with --route email (choose email-sent, reached)"),
    (["log", "add", "{app}", "--route", "call", "--outcome", "reached", "--date", SOON],
     "is in the future"),
    (["log", "add", "{app}", "--route", "call", "--outcome", "reached", "--date", AGO,
      "--next-date", (TODAY - timedelta(days=9)).isoformat()], "is before the attempt itself"),
    (["log", "add", "{app}", "--route", "call", "--outcome", "reached", "--contact", "999"],
     "contact 999 is not a contact of application"),
    (["log", "add", "{app}", "--route", "call", "--outcome", "reached", "--date", "3/11"],
     "--date must be a date like"),
    (["log", "add", "{app}", "--route", "wait", "--outcome", "reached"], "invalid choice"),
    (["log", "edit", "{entry}"], "nothing to change"),
    (["log", "edit", "{entry}", "--outcome", "email-sent"], "does not go with --route call"),
    (["log", "edit", "{entry}", "--next-date", "soon"], "--next-date must be a date like"),
    (["log", "edit", "{entry}", "--no-next-date", "--next-date", SOON], "not allowed with"),
    (["log", "edit", "4040", "--notes", "x"], "no call log entry with id 4040"),
    (["log", "delete", "4040"], "no call log entry with id 4040"),
    (["log", "remind", "{entry}", "--out", "{tmp}/r.ics"], "has no next-step date"),
    (["log", "remind", "{entry}", "--out", "{tmp}/missing/r.ics"], "does not exist"),
    (["log", "remind", "{entry}", "--out", "{tmp}"], "is a folder"),
    (["log", "list", "77"], "no application with id 77"),
])
def test_bad_input_is_one_line_exit_2_and_keeps_the_entry(cli, app, tmp_path, args, needle):
    app_id, _ = app
    entry = logged(cli, app_id, "--notes", "keep me")
    args = [a.format(app=app_id, entry=entry["id"], tmp=tmp_path) for a in args]
    r = cli(*args)
    assert r.code == 2, r.out
    assert needle in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert "Traceback" not in r.err
    assert cli("log", "list", str(app_id), "--json").json() == [entry]
    assert not (tmp_path / "r.ics").exists()
