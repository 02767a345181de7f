"""CLI: profile, applications, contacts, call log — and bad input as one line, exit 2."""

import subprocess
import sys
from datetime import date, timedelta

import pytest

from .conftest import REPO


def add_app(cli, **kw) -> int:
    args = ["apps", "add", "--company", kw.get("company", "Northwind"), "--role",
            kw.get("role", "Data Analyst"), "--sent", kw.get("sent", "2026-11-02"), "--json"]
    r = cli(*args)
    assert r.code == 0, r.err
    return r.json()["id"]


def test_apps_add_json_includes_id_and_fields(cli):
    r = cli("apps", "add", "--company", "Zoë & Co", "--role", "Analyst", "--sent", "2026-11-02",
            "--stage", "screened", "--no-calls", "--json")
    assert r.code == 0
    app = r.json()
    assert isinstance(app["id"], int)
    assert app["company"] == "Zoë & Co" and app["stage"] == "screened"
    assert app["no_calls"] is True and app["date_sent"] == "2026-11-02"


def test_apps_list_show_edit_delete(cli):
    a = add_app(cli, company="Northwind")
    b = add_app(cli, company="Initech", role="QA Engineer")
    listed = cli("apps", "list", "--json").json()
    assert {x["id"] for x in listed} == {a, b}
    assert [x["id"] for x in cli("apps", "list", "--search", "initech", "--json").json()] == [b]
    text = cli("apps", "list").out
    assert "Northwind" in text and "Initech" in text
    r = cli("apps", "edit", str(a), "--stage", "interviewed", "--notes", "went well", "--json")
    assert r.json()["stage"] == "interviewed" and r.json()["notes"] == "went well"
    assert cli("apps", "show", str(a), "--json").json()["company"] == "Northwind"
    assert cli("apps", "delete", str(a)).code == 0
    r = cli("apps", "show", str(a))
    assert r.code == 2 and f"no application with id {a}" in r.err


def test_contacts_add_and_list(cli):
    a = add_app(cli)
    r = cli("contacts", "add", str(a), "--name", "Dana Reyes", "--relationship", "network",
            "--title", "Analytics Lead", "--how", "we volunteered together", "--json")
    assert r.code == 0 and r.json()["relationship"] == "network"
    listed = cli("contacts", "list", str(a), "--json").json()
    assert [c["name"] for c in listed] == ["Dana Reyes"]
    assert listed[0]["how_we_know"] == "we volunteered together"
    assert "Dana Reyes" in cli("apps", "show", str(a)).out


def test_profile_set_keeps_unspecified_fields(cli):
    cli("profile", "set", "--name", "Sam Rivera", "--phone", "555-201-4477",
        "--phone-comfort", "great")
    r = cli("profile", "set", "--prefers-written", "--json")
    p = r.json()
    assert p["name"] == "Sam Rivera" and p["phone_comfort"] == "great"
    assert p["prefers_written"] is True


def test_call_log_add_and_list(cli):
    a = add_app(cli)
    r = cli("log", "add", str(a), "--date", "2026-11-10", "--route", "call", "--outcome",
            "voicemail", "--next-step", "email Dana", "--json")
    assert r.code == 0, r.err
    assert cli("log", "list", str(a), "--json").json()[0]["outcome"] == "voicemail"


@pytest.mark.parametrize("args, needle", [
    (["apps", "show", "42"], "no application with id 42"),
    (["apps", "add", "--company", "X", "--role", "Y", "--sent", "02/11/2026"],
     "must be a date like"),
    (["apps", "add", "--company", "X", "--role", "Y",
      "--sent", (date.today() + timedelta(days=3)).isoformat()], "is in the future"),
    (["apps", "add", "--company", "  ", "--role", "Y", "--sent", "2026-11-02"],
     "company cannot be empty"),
    (["apps", "add", "--company", "X\x07", "--role", "Y", "--sent", "2026-11-02"],
     "control characters"),
    (["apps", "add", "--role", "Y", "--sent", "2026-11-02"], "--company"),
    (["apps", "show", "abc"], "must be a whole number like 3"),
    (["contacts", "add", "7", "--name", "A", "--relationship", "network"], "no application"),
    (["contacts", "add", "7", "--name", "A", "--relationship", "friend"], "invalid choice"),
    (["profile", "set", "--rate", "900"], "outside 60–300"),
    (["log", "add", "1", "--route", "call", "--outcome", "reached"], "no application"),
])
def test_bad_input_is_one_line_exit_2(cli, args, needle):
    r = cli(*args)
    assert r.code == 2
    assert needle in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert "Traceback" not in r.err


def test_bad_input_loses_nothing(cli):
    a = add_app(cli, company="Northwind")
    r = cli("apps", "edit", str(a), "--sent", "not-a-date", "--company", "Changed")
    assert r.code == 2
    assert cli("apps", "show", str(a), "--json").json()["company"] == "Northwind"


def test_real_process_bad_input_has_no_traceback(tmp_path):
    r = subprocess.run([sys.executable, "-m", "ui.launch", "--data-dir", str(tmp_path / "d"),
                        "apps", "show", "5"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "callcoach: error: no application with id 5 (see `callcoach apps list`)")


def test_data_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "envdata"))
    from ui.launch import main

    assert main(["apps", "add", "--company", "A", "--role", "B", "--sent", "2026-01-05"]) == 0
    assert (tmp_path / "envdata" / "callcoach.sqlite3").exists()


def test_apps_import_json_with_contacts(cli, tmp_path):
    f = tmp_path / "apps.json"
    f.write_text('[{"company": "Northwind", "role": "Analyst", "sent": "2026-11-02", '
                 '"contacts": [{"name": "Dana", "relationship": "network", '
                 '"how_we_know": "volunteering"}]}, '
                 '{"company": "Initech", "role": "QA", "sent": "2026-10-20", "stage": "screened"}]')
    r = cli("apps", "import", str(f), "--json")
    assert r.code == 0, r.err
    ids = [a["id"] for a in r.json()]
    shown = cli("apps", "show", str(ids[0]), "--json").json()
    assert shown["contacts"][0]["how_we_know"] == "volunteering"
    assert cli("apps", "show", str(ids[1]), "--json").json()["stage"] == "screened"


@pytest.mark.parametrize("payload, needle", [
    ('{"company": "A", "role": "B", "sent": "2026-11-02",}', "not valid JSON (line 1"),
    ('[{"company": "A", "role": "B", "sent": "2026-11-02"}, {"company": "C", "sent": '
     '"2026-11-02"}]', "application 2: missing 'role'"),
    ('{"company": "A", "role": "B", "sent": "yesterday"}', "must be a date like"),
    ('{"company": "A", "role": "B", "sent": "2026-11-02", "stage": "hired"}', "not one of"),
    ('{"company": "A", "role": "B", "sent": "2026-11-02", "contacts": [{"relationship": '
     '"network"}]}', "contact 1: missing 'name'"),
    ('{"company": 5, "role": "B", "sent": "2026-11-02"}', "'company' must be text"),
])
def test_apps_import_bad_json_writes_nothing(cli, tmp_path, payload, needle):
    f = tmp_path / "apps.json"
    f.write_text(payload)
    r = cli("apps", "import", str(f))
    assert r.code == 2 and needle in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert cli("apps", "list", "--json").json() == []
