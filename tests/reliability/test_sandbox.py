"""User templates cannot read files, call functions or import: known Jinja2 server-side
template injection payloads, each first shown to work in a plain Jinja2 environment (so
the test would fail if our sandbox let it through), then run as a user template.

While a payload renders, an audit hook (sys.addaudithook) records every file open,
process start, import and socket; none may happen. A canary file's secret must never
appear in the script or in the error message.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import jinja2
import jinja2.debug  # noqa: F401  (imported now, not lazily while a payload is watched)
import pytest

from coach.errors import TemplateProblem
from coach.models import Application, Contact, Profile, Relationship
from coach.scripts import template_variables
from coach.templates import load_library, load_template, render

SECRET = "canary-7f3a9c1e"

# Payloads from public SSTI write-ups (PayloadsAllTheThings, HackTricks, the Jinja2 sandbox
# escapes reported over the years). {secret} is the path of the canary file.
LIVE = [  # each of these escapes or leaks in a plain jinja2.Environment
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ lipsum.__globals__.__builtins__.open('{secret}').read() }}",
    "{{ lipsum.__globals__.__builtins__.__import__('os').listdir('/') }}",
    "{{ cycler.__init__.__globals__.__builtins__['eval']('1+1') }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os }}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ (''|attr('__class__')|attr('__base__')|attr('__subclasses__'))() }}",
    "{{ ''['__class__'] }}",
    "{{ ''.__class__.__mro__[1].__subclasses__()|map(attribute='__name__')|list }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
    "{{ dict.__class__.__subclasses__(dict.__class__) }}",
    "{{ '{0.__class__.__mro__}'.format(company) }}",
    "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "{{ '{x.__class__}'.format_map({'x': company}) }}",
    "{{ '%s'|format(cycler.__init__.__globals__) }}",
    "{% set x = cycler.__init__.__globals__ %}{{ x.os.getcwd() }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
    "{% if c.__name__ == 'catch_warnings' %}"
    "{{ c()._module.__builtins__['__import__']('os').getcwd() }}{% endif %}{% endfor %}",
    "{% with a = lipsum.__globals__ %}{{ a.os.environ }}{% endwith %}",
    "{% macro m() %}{{ caller.__init__.__globals__ }}{% endmacro %}"
    "{% call m() %}x{% endcall %}",
    "{% include '{secret}' %}",
    "{% import '{secret}' as s %}{{ s }}",
    "{% extends '{secret}' %}",
    "{% from '{secret}' import x %}{{ x }}",
]
FLASK = [  # Flask-only names: nothing to escape with here, but they must not exist either
    "{{ config.items() }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('id').read() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os') }}",
    "{{ url_for.__globals__['current_app'].config }}",
    "{{ get_flashed_messages.__globals__ }}",
    "{{ g.pop.__globals__ }}",
    "{{ session }}",
]
SANDBOX_ONLY = [  # data the template gets must not be changed or unwrapped either
    "{{ contact._label }}",
    "{{ contact.__dict__ }}",
    "{% set contact.name = 'x' %}",
    "{{ dict(a=1).update(b=2) }}",
    "{{ me.__setattr__('name', 'x') }}",
    "{{ range.__self__ }}",
    "{{ range.__init__.__globals__ }}",
    "{{ 'x' * 10**10 }}",
    "{{ 2**100000 }}",
    "{% for i in range(10**9) %}{% endfor %}",
]
ALL = LIVE + FLASK + SANDBOX_ONLY

DANGEROUS_EVENTS = ("open", "os.", "subprocess.", "import", "socket.", "ctypes.",
                    "builtins.input", "exec", "compile", "shutil.", "pty.")
_JINJA_DIR = str(Path(jinja2.__file__).parent)
_seen: list[tuple[str, tuple]] = []
_watching = [False]


def _jinja_traceback(event: str, args: tuple) -> bool:
    """Jinja's own error handling: when template code raises, jinja2.debug compiles and
    runs `raise __jinja_exception__` under the template's file name, so the traceback
    shows template lines. That is Jinja, not the payload."""
    if event == "compile":
        return args[0] == b"raise __jinja_exception__"
    if event == "open":  # linecache reading Jinja's source for those traceback lines
        return str(args[0]).startswith(_JINJA_DIR) and str(args[0]).endswith(".py")
    code = args[0] if event == "exec" and args else None
    return getattr(code, "co_names", ()) == ("__jinja_exception__",)


def _audit(event: str, args: tuple) -> None:
    if _watching[0] and event.startswith(DANGEROUS_EVENTS) and not _jinja_traceback(
            event, args):
        _seen.append((event, args))


sys.addaudithook(_audit)  # hooks cannot be removed; it records only while _watching


@pytest.fixture
def secret(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    monkeypatch.chdir(tmp_path)  # relative includes would find it here
    return path


def variables():
    app = Application("Northwind Health", "Designer", date(2026, 3, 2))
    contact = Contact("Dana Reyes", Relationship.NETWORK, how_we_know="a meetup")
    return template_variables(app, contact, Profile(name="Sam Rivera", phone="555-0134"),
                              today=date(2026, 3, 9))


def template_file(folder: Path, payload: str, field: str = "body") -> Path:
    parts = {"body": "How is the team?", "key_point": "Be kind", "reply": "Of course."}
    parts[field] = payload
    text = (f'id = "evil"\nvariant = "live"\ntitle = "Evil"\n\n[[sections]]\nname = "ask"\n'
            f"key_point = '''{parts['key_point']}'''\nbody = '''\n{parts['body']}\n'''\n\n"
            f'[[objections]]\nid = "busy"\ntrigger = "I am busy"\nreply = \'\'\'{parts["reply"]}'
            "'''\n")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("payload", LIVE)
def test_each_payload_really_escapes_a_plain_jinja_environment(secret, payload):
    """Without this, a payload that is simply broken would 'pass' the sandbox test."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(["/", str(secret.parent)]))
    ctx = {"company": "Northwind", "namespace": jinja2.utils.Namespace,
           "range": range, "dict": dict}
    if "{% extends" in payload or "{% from" in payload or "{% import" in payload:
        return pytest.skip("reads a template file; shown by the include payload")
    out = env.from_string(payload.replace("{secret}", str(secret))).render(ctx)
    assert out.strip(), payload  # it produced something: a class list, a file, a listing


CASES = [(p, "body") for p in ALL] + [(p, f) for p in LIVE[:8] for f in ("key_point", "reply")]


@pytest.mark.parametrize(("payload", "field"), CASES)
def test_user_templates_cannot_read_call_or_import(tmp_path, secret, payload, field):
    folder = tmp_path / "templates"
    source = payload.replace("{secret}", str(secret))
    template_file(folder, source, field)
    lib = load_library(folder)
    problems = [e for e in lib.errors if "evil.toml" in e]
    if problems:  # refused as the file loads (e.g. a constant folded too large): fine
        assert SECRET not in " ".join(problems)
        return
    values = variables()
    _seen.clear()
    _watching[0] = True
    try:
        with pytest.raises(TemplateProblem) as err:
            render(lib.get("evil"), values)
    finally:
        _watching[0] = False
    assert _seen == [], f"{payload!r} reached {_seen}"
    message = str(err.value)
    assert message.startswith("evil.toml line ") and SECRET not in message
    assert "Traceback" not in message and "\n" not in message


def test_a_template_loaded_by_path_is_sandboxed_too(tmp_path, secret):
    path = template_file(tmp_path, "{{ lipsum.__globals__.__builtins__.open('"
                         + str(secret) + "').read() }}")
    with pytest.raises(TemplateProblem) as err:
        render(load_template(path), variables())
    assert SECRET not in str(err.value)


def test_the_audit_hook_would_see_a_file_being_read(secret):
    """The hook is live: a plain environment reading the canary is recorded."""
    env = jinja2.Environment()
    _seen.clear()
    _watching[0] = True
    try:
        out = env.from_string("{{ lipsum.__globals__.__builtins__.open(p).read() }}").render(
            p=str(secret))
    finally:
        _watching[0] = False
    assert out == SECRET and any(e == "open" for e, _ in _seen)
