"""CLI: the script flow (advise → script → lint) and the demo, end to end in-process."""

from datetime import date, datetime

import pytest

from coach.days import full_day
from coach.models import Variant


def setup_app(cli, company="Northwind Analytics", relationship="network", sent="2026-11-02"):
    cli("profile", "set", "--name", "Sam Rivera", "--phone", "555-201-4477",
        "--phone-comfort", "great")
    app_id = cli("apps", "add", "--company", company, "--role", "Data Analyst", "--sent", sent,
                 "--json").json()["id"]
    r = cli("contacts", "add", str(app_id), "--name", "Dana Reyes", "--relationship",
            relationship, "--how", "we volunteered together at Code for Good")
    assert r.code == 0, r.err
    return app_id


def test_advise_json_contract(cli):
    app_id = setup_app(cli)
    adv = cli("advise", str(app_id), "--json").json()
    assert adv["route"] in {"call", "email", "linkedin", "wait"}
    assert adv["route"] == "call" and adv["contact"]["name"] == "Dana Reyes"
    assert adv["reasons"] and all(isinstance(r, str) and r for r in adv["reasons"])
    assert 0 < adv["confidence"] <= 1
    assert date.fromisoformat(adv["when"]["earliest"])
    assert adv["attempts_left"] == 2
    text = cli("advise", str(app_id)).out
    assert "Dana" in text and "Tuesday to Thursday" in text
    slot = datetime.fromisoformat(adv["when"]["suggested"])
    shown = ("now" if slot <= datetime.now()  # inside this morning's window
             else f"{full_day(slot)}, {slot.hour}:{slot.minute:02d}")
    assert f"next good slot {shown}." in text
    assert "No follow-ups logged in the last two weeks, so you have two left" in " ".join(
        text.split())


def test_advise_counts_logged_attempts(cli):
    app_id = setup_app(cli)
    today = date.today().isoformat()
    cli("log", "add", str(app_id), "--date", today, "--route", "call", "--outcome", "voicemail")
    cli("log", "add", str(app_id), "--date", today, "--route", "email", "--outcome",
        "email-sent")
    adv = cli("advise", str(app_id), "--json").json()
    assert adv["route"] == "wait" and adv["attempts_left"] == 0
    text = " ".join(cli("advise", str(app_id)).out.split())
    # the Advice page's words, not a bare count
    assert "Follow-ups: Two follow-ups logged in the last two weeks, so none left" in text


def test_script_json_contract_and_versions(cli, store):
    app_id = setup_app(cli)
    data = cli("script", str(app_id), "--format", "json").json()
    assert data["variant"] == "live"
    names = [s["name"] for s in data["sections"]]
    assert names == ["opener", "context", "value", "ask", "thanks"]
    assert all(s["lines"] for s in data["sections"])
    assert data["key_points"] and data["estimated_seconds"] > 0
    assert "Dana" in data["sections"][0]["lines"][0]
    # printing the same script again keeps one version; another variant gets its own
    cli("script", str(app_id))
    assert len(store.script_versions(app_id, "live")) == 1
    vm = cli("script", str(app_id), "--variant", "voicemail").out
    assert "555-201-4477" in vm.splitlines()[0] and "555-201-4477" in vm.strip().splitlines()[-1]
    assert len(store.script_versions(app_id, "voicemail")) == 1


@pytest.mark.parametrize("variant", [v.value for v in Variant])
def test_every_variant_builds_in_every_format(cli, variant):
    app_id = setup_app(cli)
    for fmt in ("text", "markdown", "json"):
        r = cli("script", str(app_id), "--variant", variant, "--format", fmt)
        assert r.code == 0, r.err
        assert "{{" not in r.out and "{%" not in r.out


def test_saved_edit_wins_until_rebuild(cli, store):
    app_id = setup_app(cli)
    cli("script", str(app_id))
    store.save_script(app_id, "live", "Hi Dana, my own words.\n\nCould I ask your advice?")
    assert "my own words" in cli("script", str(app_id)).out
    assert len(store.script_versions(app_id, "live")) == 2  # showing it saved nothing
    fresh = cli("script", str(app_id), "--rebuild").out
    assert "my own words" not in fresh and "Code for Good" in fresh
    assert len(store.script_versions(app_id, "live")) == 3


def test_user_text_is_printed_as_typed(cli):
    app_id = setup_app(cli, company="{{ 7*7 }} {% for x in y %}Labs")
    out = cli("script", str(app_id)).out
    assert "{{ 7*7 }} {% for x in y %}Labs" in out
    assert "49" not in out


def test_user_template_overrides_builtin_and_broken_one_is_reported(cli, data_dir):
    app_id = setup_app(cli)
    tdir = data_dir / "templates"
    tdir.mkdir()
    from importlib.resources import files

    live = files("scripts_library").joinpath("templates/live.toml").read_text(encoding="utf-8")
    (tdir / "mine.toml").write_text(live.replace("Do you have two minutes", "Got two minutes"))
    (tdir / "broken.toml").write_text('id = "x"\nvariant = "live"\nbody = """{{ oops """')
    r = cli("script", str(app_id))
    assert r.code == 0 and "Got two minutes" in r.out
    assert "template skipped: broken.toml line" in r.err


def test_lint_seed_line(cli, tmp_path):
    f = tmp_path / "seed.txt"
    f.write_text("Uh, I'm following up on the résumé I sent last week.\n")
    data = cli("lint", str(f), "--json").json()
    kinds = [x["kind"] for x in data["findings"]]
    assert len(kinds) >= 2 and "filler" in kinds and "weak_phrase" in kinds
    assert any(x["suggestion"] for x in data["findings"])
    seed = f.read_text()
    for x in data["findings"]:
        assert seed[x["start"]:x["end"]] == x["text"]
    human = cli("lint", "-", stdin=seed).out
    assert "Try:" in human


@pytest.mark.parametrize("setup, needle", [
    (lambda p: None, "no such file"),
    (lambda p: p.write_text("   \n"), "is empty"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00bad"), "not UTF-8"),
])
def test_lint_bad_files(cli, tmp_path, setup, needle):
    f = tmp_path / "script.txt"
    setup(f)
    r = cli("lint", str(f))
    assert r.code == 2 and needle in r.err and len(r.err.strip().splitlines()) == 1


def test_script_for_unknown_app_and_bad_variant(cli):
    assert cli("script", "9").code == 2
    r = cli("script", "9", "--variant", "shout")
    assert r.code == 2 and "invalid choice" in r.err


def test_demo_prints_advice_and_script(cli, data_dir):
    r = cli("demo")
    assert r.code == 0
    for needle in ("ADVICE", "SCRIPT", "CHECK", "Dana Reyes", "Northwind Analytics"):
        assert needle in r.out
    assert "{{" not in r.out
    assert not (data_dir / "callcoach.sqlite3").exists()  # the demo never touches real data


def test_demo_json(cli):
    data = cli("demo", "--json").json()
    assert data["advice"]["route"] == "call"
    assert data["script"]["variant"] == "live" and data["lint"]["findings"] == []
    assert data["application"]["contacts"][0]["name"] == "Dana Reyes"


def test_no_command_without_display_runs_demo(cli, monkeypatch):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    r = cli()
    assert r.code == 0 and "No display found" in r.out and "ADVICE" in r.out


def test_a_thank_you_email_is_due_now_not_tomorrow_morning(cli):
    """A thank-you has no morning window to miss ("as soon as you can")."""
    app_id = cli("apps", "add", "--company", "Fabrikam", "--role", "Analyst", "--sent",
                 "2026-11-02", "--stage", "interviewed", "--json").json()["id"]
    assert cli("contacts", "add", str(app_id), "--name", "Lee Okafor", "--relationship",
               "hiring-manager", "--email", "lee@fabrikam.example").code == 0
    text = " ".join(cli("advise", str(app_id)).out.split())
    assert "Send it today if you can" in text
    if date.today().weekday() < 5:
        assert "next good slot now." in text
    else:  # a weekend: Monday morning
        assert "next good slot Monday" in text
