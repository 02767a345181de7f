"""Role-play scenario files: a good one loads and renders, mistakes are named with file and
line, user scenarios replace built-ins, every built-in reads naturally, and a line that would
run for hours is stopped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.errors import TemplateProblem
from coach.models import Application, Contact, Profile, Relationship
from coach.roleplay import (
    load_scenario,
    load_scenarios,
    practice_variables,
    variables_for,
)

ME = ["Sam", "Sam Rivera"]



# --- scenario files ----------------------------------------------------------------------

GOOD = '''\
id = "mine"
title = "My call"
ask = ["ask_status"]

[[nodes]]
id = "hello"
say = "Hello, {{ company }}."
branches = [
  { any = ["ask_status"], next = "answer" },
]
default = "bye"

[[nodes]]
id = "answer"
say = "Still open."
default = "bye"

[[nodes]]
id = "bye"
say = "Bye."
end = true
'''


def problems_of(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateProblem) as exc:
        load_scenario(path)
    return str(exc.value)


def test_a_good_scenario_file_loads_and_renders(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    s = load_scenario(path)
    assert (s.id, s.start, list(s.nodes)) == ("mine", "hello", ["hello", "answer", "bye"])
    assert s.render(s.nodes["hello"], practice_variables(s)) == "Hello, Northwind Analytics."


def test_a_scenario_line_that_would_run_for_hours_is_stopped_and_named(tmp_path, monkeypatch):
    from coach import templates

    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.2)
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace("Hello, {{ company }}.", "{% for i in range(99999) %}"
                                 "{% for j in range(99999) %}{% endfor %}{% endfor %}Hi"),
                    encoding="utf-8")
    s = load_scenario(path)
    with pytest.raises(TemplateProblem) as exc:
        s.render(s.nodes["hello"], practice_variables(s))
    assert "mine.toml line 7: it ran for more than 0.2 seconds" in str(exc.value)
    assert "node 'hello'" in str(exc.value)


@pytest.mark.parametrize("old, new, expected", [
    ('any = ["ask_status"]', 'any = ["ask_staus"]',
     "mine.toml line 9: unknown intent 'ask_staus' in branch 1 of node 'hello'"),
    ('next = "answer"', 'next = "anwser"',
     "mine.toml line 9: branch 1 of node 'hello' goes to node 'anwser', which this file "
     "doesn't have"),
    ('default = "bye"\n\n[[nodes]]\nid = "answer"', 'default = "bye"\n\n[[nodes]]\nid = "x"',
     "mine.toml line 9: branch 1 of node 'hello' goes to node 'answer', which"),
    ('say = "Still open."\ndefault = "bye"', 'say = "Still open."',
     "mine.toml line 13: node 'answer' needs a 'default'"),
    ('say = "Bye."\nend = true', 'say = "Bye."\nend = true\ndefault = "hello"',
     "mine.toml line 21: node 'bye' ends the call, so it can't have branches or a default"),
    ('say = "Hello, {{ company }}."', 'say = "Hello, {{ company }."',
     "mine.toml line 7: unexpected '}' in node 'hello'"),
    ('title = "My call"', 'title = "My call"\nmood = "grumpy"',
     "mine.toml line 3: unknown key 'mood'"),
    ('ask = ["ask_status"]', 'ask = ["ask_status"]\nrate = 5',
     "mine.toml line 4: 'rate' must be a whole number"),
    ('id = "mine"', 'id = "mine"\nid = "again"', "mine.toml line 2: "),  # TOML error
])
def test_scenario_mistakes_are_named_with_file_and_line(tmp_path, old, new, expected):
    assert old in GOOD
    msg = problems_of(tmp_path, GOOD.replace(old, new, 1))
    assert expected in msg, msg


def test_a_node_nobody_reaches_and_a_call_that_cannot_end_are_refused(tmp_path):
    lonely = GOOD + '\n[[nodes]]\nid = "lonely"\nsay = "Nobody hears me."\nend = true\n'
    assert "line 23: node 'lonely' can't be reached from the start ('hello')" in \
        problems_of(tmp_path, lonely)
    loop = GOOD.replace('say = "Still open."\ndefault = "bye"',
                        'say = "Still open."\ndefault = "answer"').replace(
        'default = "bye"\n\n[[nodes]]\nid = "answer"', 'default = "answer"\n\n[[nodes]]\n'
        'id = "answer"')
    msg = problems_of(tmp_path, loop)
    assert "can't be reached" in msg and "node 'hello' the call can never end" in msg


def test_user_scenarios_replace_built_ins_and_a_broken_one_is_skipped(tmp_path):
    (tmp_path / "hr.toml").write_text(GOOD.replace('id = "mine"', 'id = "hr"'), "utf-8")
    (tmp_path / "broken.toml").write_text("id = \n", "utf-8")
    lib = load_scenarios(tmp_path)
    assert lib.get("hr").title == "My call" and lib.get("hr").source == "hr.toml"
    assert "receptionist" in lib.scenarios
    assert len(lib.errors) == 1 and lib.errors[0].startswith("broken.toml line 1:")
    with pytest.raises(Exception, match="no role-play scenario 'nope'.*could not be loaded"):
        lib.get("nope")


def test_every_built_in_scenario_loads_and_reads_naturally_with_or_without_names():
    lib = load_scenarios()
    assert lib.errors == []
    assert {"receptionist", "contact-busy", "contact-chatty", "hiring-manager", "hr",
            "voicemail"} <= set(lib.scenarios)
    nobody = variables_for(Application("Acme", "Analyst", date(2025, 1, 6)), Profile(),
                           lib.get("receptionist"))
    for s in lib.list():
        for variables in (practice_variables(s), nobody):
            for node in s.nodes.values():
                line = s.render(node, variables)
                assert line and "{" not in line and "[your" not in line, (s.id, node.id)
        assert s.ask and s.nodes[s.start]


def test_the_scenario_picks_the_contact_with_its_relationship():
    app = Application("Northwind", "Analyst", date(2025, 1, 6), contacts=[
        Contact("Dana Reyes", Relationship.NETWORK), Contact("Jordan Ellis", Relationship.ALLY)])
    lib = load_scenarios()
    me = Profile(name="Sam Rivera")
    assert variables_for(app, me, lib.get("receptionist"))["contact"].first_name == "Jordan"
    assert variables_for(app, me, lib.get("contact-busy"))["contact"].first_name == "Dana"
    assert variables_for(app, me, lib.get("hr"))["contact"].first_name == "Dana"  # someone
