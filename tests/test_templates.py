"""Template loading and rendering: built-ins, user templates, broken files, the sandbox."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.errors import TemplateProblem
from coach.models import Application, Contact, Profile, Relationship, Variant
from coach.scripts import build_script, template_variables
from coach.templates import load_library, load_template, render

GOOD = '''\
id = "{id}"
variant = "{variant}"
title = "My own {variant} script"

[[sections]]
name = "opener"
title = "Opener"
key_point = "Say hello"
body = """
Hi {{{{ contact.first_name }}}}, it's {{{{ me.name }}}}.
"""

[[sections]]
name = "ask"
body = """
{body}
"""
'''


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def good(id="mine", variant="live", body="How is your team doing?") -> str:
    return GOOD.format(id=id, variant=variant, body=body)


@pytest.fixture
def app():
    return Application("Northwind Health", "Senior Product Designer", date(2025, 3, 4))


@pytest.fixture
def contact():
    return Contact("Dana Whitfield", Relationship.NETWORK, how_we_know="we met at the meetup")


@pytest.fixture
def profile():
    return Profile(name="Sam Rivera", phone="555-201-0134")


def variables(app, contact, profile):
    return template_variables(app, contact, profile, today=date(2025, 3, 11))


def test_every_builtin_loads_and_every_variant_has_a_default():
    lib = load_library()
    assert lib.errors == []
    for variant in Variant:
        found = lib.for_variant(variant)
        assert found, f"no built-in template for {variant}"
        assert found[0].id == variant.value and found[0].builtin
    email = lib.get("email")
    assert email.subject is not None
    assert all(t.budget_seconds for t in lib.templates.values() if t.variant.spoken)


def test_missing_user_folder_is_fine(tmp_path):
    lib = load_library(tmp_path / "nope")
    assert lib.errors == [] and "live" in lib.templates


def test_user_template_overrides_builtin_and_is_used(tmp_path, app, contact, profile):
    folder = tmp_path / "templates"
    write(folder, "my_live.toml", good(id="live", body="What is your team building?"))
    lib = load_library(folder)
    assert lib.errors == []
    assert lib.get("live").source == "my_live.toml" and not lib.get("live").builtin
    script = build_script(app, contact, profile, library=lib, today=date(2025, 3, 11))
    assert script.lines() == ["Hi Dana, it's Sam Rivera.", "What is your team building?"]
    # the other built-ins are untouched
    assert lib.get("gatekeeper").builtin


def test_a_copied_and_edited_builtin_replaces_it(tmp_path, app, contact, profile):
    from scripts_library import data_files

    text = dict(data_files("templates"))["live.toml"].decode("utf-8")
    edited = text.replace("Do you have two minutes, or is there a better time to catch you?",
                          "Is now a good moment for a quick chat?")
    assert edited != text
    write(tmp_path / "templates", "live.toml", edited)
    lib = load_library(tmp_path / "templates")
    assert lib.errors == [] and lib.get("live").path == tmp_path / "templates" / "live.toml"
    script = build_script(app, contact, profile, library=lib, today=date(2025, 3, 11))
    assert "Is now a good moment for a quick chat?" in script.lines()
    assert len(script.objections) == 5


def test_broken_jinja_names_file_line_and_section_and_others_still_load(tmp_path):
    folder = tmp_path / "templates"
    text = good(id="mine", body="Hello\nWho is {{ contact.name }.")
    write(folder, "my_live.toml", text)
    write(folder, "other.toml", good(id="other", variant="hr"))
    lib = load_library(folder)
    # the bad line is the second line of the 'ask' body
    expected_line = text.splitlines().index("Who is {{ contact.name }.") + 1
    assert lib.errors == [f"my_live.toml line {expected_line}: unexpected '}}' in section 'ask'"]
    assert "mine" not in lib.templates
    assert "other" in lib.templates and "live" in lib.templates


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('id = "x"\nvariant = "live"\ntitle = "T"\nsections = [\n  oops\n]\n', 5, "invalid"),
        (good().replace('variant = "live"', 'variant = "voice-mail"'), 2, "unknown variant"),
        (good().replace('name = "ask"\n', 'name = "ask"\nboddy = "x"\n'), 15,
         "unknown key 'boddy'"),
        (good().replace('title = "My own live script"\n', ""), 1, "missing required key 'title'"),
        (good().replace('"ask"\nbody = """\nHow is your team doing?\n"""', '"ask"'), 13,
         "section 'ask' is missing required key 'body'"),
        (good().replace('[[sections]]\nname = "ask"', '[[sections]]\nname = "opener"'), 14,
         "two sections with name 'opener'"),
        (good().replace('id = "mine"', 'id = "My Script"'), 1, "lower-case"),
        (good(variant="email"), 1, "needs a 'subject'"),
        (good().replace('script"\n', 'script"\nsubject = "Hi"\n'), 4, "only an email template"),
        (good().replace('name = "ask"', 'name = 7'), 14, "'name' must be text"),
        (good().replace("script\"\n", "script\"\nbudget_seconds = [90, 45]\n"), 4,
         "'budget_seconds' must be two numbers"),
    ],
)
def test_broken_user_templates_report_file_line_and_problem(tmp_path, text, line, words):
    folder = tmp_path / "templates"
    write(folder, "broken.toml", text)
    lib = load_library(folder)
    assert len(lib.errors) >= 1
    message = lib.errors[0]
    assert message.startswith("broken.toml")
    if line is not None:
        assert message.startswith(f"broken.toml line {line}: "), message
    assert words in message
    assert "live" in lib.templates  # the built-ins still load


def test_not_utf8_reports_the_line(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "latin.toml").write_bytes(b'id = "x"\ntitle = "caf\xe9"\n')
    lib = load_library(folder)
    assert lib.errors == ["latin.toml line 2: this is not UTF-8 text; save it as UTF-8"]


def test_two_user_files_with_one_id_keep_the_first(tmp_path):
    folder = tmp_path / "templates"
    write(folder, "a.toml", good(id="dup", body="First"))
    write(folder, "b.toml", good(id="dup", body="Second"))
    lib = load_library(folder)
    assert lib.get("dup").source == "a.toml"
    assert lib.errors == ["b.toml line 1: id 'dup' is already used by a.toml, so this file "
                          "was skipped"]


def test_undefined_variable_raises_template_problem_with_file_and_line(tmp_path, app, contact,
                                                                       profile):
    text = good(body="Thanks {{ contact.frist_name }}!")
    path = write(tmp_path, "typo.toml", text)
    template = load_template(path)
    line = text.splitlines().index("Thanks {{ contact.frist_name }}!") + 1
    with pytest.raises(TemplateProblem) as err:
        render(template, variables(app, contact, profile))
    assert str(err.value) == (
        f"typo.toml line {line}: unknown variable 'contact.frist_name' in section 'ask'")


def test_load_template_raises_with_every_problem(tmp_path):
    path = write(tmp_path, "bad.toml", good(variant="nope").replace('title = "My own nope '
                                                                    'script"\n', ""))
    with pytest.raises(TemplateProblem) as err:
        load_template(path)
    assert "unknown variant 'nope'" in str(err.value) and "'title'" in str(err.value)


SSTI_PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format(company) }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ contact._label }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os }}",
    "{% extends '/etc/passwd' %}",
    "{{ 'x' * 10**10 }}",
    "{{ 2**100000 }}",
    "{{ 10**10 * 'x' }}",
    "{% for i in range(10**9) %}{% endfor %}",
    # no escape, but hours of work or gigabytes of text from a few characters
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ range(100000)|join(' ' * 100000) }}",
    "{{ (' ' * 100000).join(range(100000)|map('string')|list) }}",
    "{{ ('x' * 100000)|replace('x', 'y' * 100000) }}",
    "{{ '%1000000000s' % 'x' }}",
    "{{ '%*s' % (1000000000, 'x') }}",
    "{{ '{:{}}'.format(1, 1000000000) }}",
]


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_sandbox_blocks_known_ssti_payloads(tmp_path, app, contact, profile, payload):
    folder = tmp_path / "templates"
    write(folder, "evil.toml", good(id="evil", body=payload))
    lib = load_library(folder)
    assert lib.errors == []  # it is valid Jinja; the sandbox stops it when it runs
    with pytest.raises(TemplateProblem) as err:
        render(lib.get("evil"), variables(app, contact, profile))
    assert str(err.value).startswith("evil.toml line ")
    assert "section 'ask'" in str(err.value)


def test_sandbox_still_allows_ordinary_template_features(tmp_path, app, contact, profile):
    body = ("{% set ns = namespace(n=0) %}{% for w in role.split() %}{% set ns.n = ns.n + 1 %}"
            "{% endfor %}{{ company|upper }} has {{ ns.n }} words in {{ role|lower }}. "
            "{{ 'x' * 3 }} {{ 2**10 }} {{ role.split()|join('-') }} {{ '%s!' % company }} "
            "{{ '%.1f' % 2.25 }} {{ '[' ~ 'ab'|center(6) ~ ']' }} {{ company.replace('H', 'W') }} "
            "{{ '{}/{}'.format(1, 2) }} {{ '-'.join(['a', 'b']) }}")
    path = write(tmp_path, "fine.toml", good(body=body))
    out = render(load_template(path), variables(app, contact, profile))
    assert out.sections[1].lines == [
        "NORTHWIND HEALTH has 3 words in senior product designer. xxx 1024 "
        "Senior-Product-Designer Northwind Health! 2.2 [ ab ] Northwind Wealth 1/2 a-b"]


def test_a_render_too_long_is_stopped_and_the_tracer_put_back(app, contact, profile):
    import sys

    from coach.templates import TooSlow, render_within, sandbox

    seen = []

    def outer(frame, event, arg):  # stands for a debugger or coverage
        seen.append(event)

    compiled = sandbox().from_string("{% for i in range(99999) %}{% for j in range(99999) %}"
                                     "{% endfor %}{% endfor %}")
    before = sys.gettrace()
    sys.settrace(outer)
    try:
        with pytest.raises(TooSlow):
            render_within(compiled, {}, seconds=0.2)
        assert sys.gettrace() is outer
        assert render_within(sandbox().from_string("{{ 1 + 1 }}"), {}) == "2"
        assert sys.gettrace() is outer
    finally:
        sys.settrace(before)


def test_user_text_is_data_not_template_code(app, contact, profile):
    app.company = "{{ 7*7 }}"
    app.role = "{% for x in range(3) %}Engineer{% endfor %}"
    contact.name = "Dana {{ 7*7 }}"
    contact.how_we_know = "{{ ''.__class__ }} {% raw %}"
    out = render(load_library().get("live"), variables(app, contact, profile))
    text = "\n".join(line for s in out.sections for line in s.lines)
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "{% for x in range(3) %}Engineer{% endfor %}" in text
    assert "Hi Dana, it's Sam Rivera — {{ ''.__class__ }} {% raw %}." in text


def test_lines_are_squeezed_and_blank_lines_dropped(tmp_path, app, profile):
    body = ("Hello{% if contact.referred_by %} {{ contact.referred_by }}{% endif %}  there."
            "\n\n\n   \nBye.")
    path = write(tmp_path, "sq.toml", good(body=body))
    out = render(load_template(path), variables(app, None, profile))
    assert out.sections[1].lines == ["Hello there.", "Bye."]
