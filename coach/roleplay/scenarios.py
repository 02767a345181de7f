"""The role-play scenarios: the built-ins in scripts_library/scenarios plus the user's
own `<data folder>/scenarios/*.toml` (same id replaces a built-in), and the variables
their lines are filled with: an application's names, or a practice set of names when
no application is chosen."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach.errors import NotFound, TemplateProblem
from coach.models import Application, Contact, Profile, Relationship
from coach.roleplay.intents import intent_rules
from coach.roleplay.scenario_files import ANY_RELATIONSHIP, Scenario, parse


@dataclass
class ScenarioLibrary:
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # one line per problem, naming the file

    def get(self, scenario_id: str) -> Scenario:
        """The scenario, or NotFound naming the ones there are."""
        found = self.scenarios.get(scenario_id)
        if found is None:
            known = ", ".join(sorted(self.scenarios)) or "none"
            hint = " (some scenario files could not be loaded)" if self.errors else ""
            raise NotFound(f"no role-play scenario '{scenario_id}' (available: {known}){hint}")
        return found

    def list(self) -> list[Scenario]:
        return sorted(self.scenarios.values(), key=lambda s: s.id)


def load_scenarios(user_dir: Path | None = None) -> ScenarioLibrary:
    """Built-ins plus the user's files in `user_dir` (a missing folder is fine). A bad file
    never raises: its problems go to `.errors` and the others still load."""
    builtins, errors = _builtins()
    lib = ScenarioLibrary({s.id: s for s in builtins}, list(errors))
    if user_dir is None or not Path(user_dir).is_dir():
        return lib
    for path in sorted(p for p in Path(user_dir).glob("*.toml") if p.is_file()):
        scenario, problems = read_scenario(path)
        lib.errors += problems
        if scenario is not None:
            lib.scenarios[scenario.id] = scenario
    return lib


def read_scenario(path: Path) -> tuple[Scenario | None, list[str]]:
    from coach.templates import sandbox

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [f"{Path(path).name}: can't read it ({exc.strerror or exc})"]
    return parse(data, Path(path).name, sandbox(), intent_rules().ids())


def load_scenario(path: Path) -> Scenario:
    """One scenario file, or TemplateProblem listing everything wrong with it."""
    scenario, problems = read_scenario(path)
    if scenario is None:
        raise TemplateProblem("; ".join(problems))
    return scenario


@functools.cache
def _builtins() -> tuple[tuple[Scenario, ...], tuple[str, ...]]:
    from coach.templates import sandbox
    from scripts_library import data_files

    out, errors = [], []
    ids = intent_rules().ids()
    for name, data in data_files("scenarios"):
        scenario, problems = parse(data, f"built-in {name}", sandbox(), ids)
        errors += problems
        out += [scenario] if scenario else []
    return tuple(out), tuple(errors)


# --- whose names fill the lines --------------------------------------------------------


def contact_for(app: Application, scenario: Scenario) -> Contact | None:
    """The application's contact the scenario is about: the first with its relationship,
    else the first contact (someone is better than no one), else None."""
    if scenario.relationship != ANY_RELATIONSHIP:
        for c in app.contacts:
            if Relationship(c.relationship).value == scenario.relationship:
                return c
    return app.contacts[0] if app.contacts else None


def variables_for(app: Application, profile: Profile, scenario: Scenario,
                  today: date | None = None) -> dict[str, Any]:
    """The call-script template variables (listed in coach.templates) for `app`."""
    from coach.scripts import NAME_PLACEHOLDER, PHONE_PLACEHOLDER, template_variables
    from coach.templates import Vars

    variables = template_variables(app, contact_for(app, scenario), profile, today)
    me = variables["me"]
    # A script shows "[your name]" so the gap is seen; spoken by the other side it would
    # be heard as words, so an unknown name or number is simply left out.
    variables["me"] = Vars("me", pitch=me.pitch,
                           **{k: "" if getattr(me, k) in (NAME_PLACEHOLDER, PHONE_PLACEHOLDER)
                              else getattr(me, k) for k in ("name", "first_name", "phone")})
    return variables


def practice_variables(scenario: Scenario, today: date | None = None) -> dict[str, Any]:
    """Variables for practising without an application of your own: the names of the
    project's sample (coach.sample), so the lines read naturally."""
    today = today or date.today()
    relationship = {"ally": (Relationship.ALLY, "Jordan Ellis", "Receptionist"),
                    "hiring-manager": (Relationship.HIRING_MANAGER, "Lee Okafor",
                                       "Analytics Manager"),
                    "hr": (Relationship.HR, "Morgan Lee", "Talent Partner")}
    rel, name, title = relationship.get(scenario.relationship,
                                        (Relationship.NETWORK, "Dana Reyes", "Analytics Lead"))
    app = Application("Northwind Analytics", "Data Analyst", today - timedelta(days=8),
                      contacts=[Contact(name, rel, title=title)])
    profile = Profile(name="Sam Rivera", phone="555-201-4477")
    return variables_for(app, profile, scenario, today)


def my_names(variables: dict[str, Any]) -> list[str]:
    """The user's first and full name from the variables (for "it's <me>" rules)."""
    me = variables.get("me")
    names = [getattr(me, "first_name", ""), getattr(me, "name", "")]
    return [n for n in dict.fromkeys(names) if n]
