"""Call-script templates: TOML data files whose script text is Jinja2, loaded and rendered
safely.

Built-in templates ship in `scripts_library/templates/`; a user adds their own as
`<data folder>/templates/*.toml`, and a user template with the same `id` as a built-in
replaces it. A file that cannot be used is reported (file, line, problem) in
`TemplateLibrary.errors` and every other file still loads.

A file holds top-level `id`, `variant`, `title`, optional `budget_seconds = [lo, hi]`,
`subject` (email only), then `[[sections]]` tables (`name`, `body`, optional `title` and
`key_point`) in speaking order and optional `[[objections]]` (`id`, `trigger`, `reply`).
scripts_library/templates/live.toml is a commented example for users.

`subject`, `body`, `key_point` and `reply` are Jinja2; ids, names, titles and triggers are
plain text. Variables (text is "" when unknown, so `{% if contact.referred_by %}` works):

    me.name, me.first_name, me.phone   the user, from their profile
    me.pitch                           one line on what the user brings ("" if not given)
    company, role                      the application
    contact.name, contact.first_name, contact.title, contact.how_we_know, contact.referred_by,
    contact.email, contact.relationship ("network", "ally", "hiring-manager", "hr", "unknown")
    has_contact                        false when there is nobody named to speak to
    days_since_sent                    whole days since the application went out
    sent_weekday                       "Tuesday"
    sent_when                          "today", "yesterday", "on Tuesday", "last week", ...
    stage                              "applied", "screened", "interviewed", "offer", "closed"
    interviewed                        true once the user has had an interview

Safety: templates may come from anywhere (a forum post, a friend), so they run in Jinja's
immutable sandbox with StrictUndefined: no attribute tricks (`''.__class__`), no imports or
includes, no file access, and a typo in a variable name is an error rather than a silent
gap in the script. What the user types (company, names) is passed in as data and is never
itself treated as a template, so a company called "{{ 7*7 }}" prints exactly like that.

This module holds the sandbox, the library (built-ins plus the user's folder) and rendering;
coach.template_files reads and checks a single file and defines Template and its parts.
"""

from __future__ import annotations

import functools
import re
import sys
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace, missing

from coach.errors import TemplateProblem
from coach.models import Variant
from coach.template_files import (
    JINJA_FILENAME,
    Snippet,
    Template,
    TemplateObjection,
    TemplateSection,
    id_line,
    parse,
    read,
)

# Template and its parts are defined in coach.template_files but belong to this public API.
__all__ = [
    "Rendered", "RenderedObjection", "RenderedSection", "Snippet", "Template",
    "TemplateLibrary", "TemplateObjection", "TemplateSection", "Vars", "load_library",
    "load_template", "render", "render_within", "sandbox",
]

_MAX_REPEAT = 100_000  # longest string or list a template may build with `*`


class Vars:
    """A read-only group of template variables (`me`, `contact`). Knows its own name, so a
    typo reads "unknown variable 'contact.frist_name'" rather than Python internals."""

    def __init__(self, label: str, **values: Any):
        object.__setattr__(self, "_label", label)
        self.__dict__.update(values)

    def __setattr__(self, name, value):
        raise AttributeError("template variables are read-only")


class _Undefined(jinja2.StrictUndefined):
    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:  # the sandbox's "access to attribute ... is unsafe"
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"unknown variable '{self._undefined_name}'"
        if isinstance(self._undefined_obj, Vars):
            return f"unknown variable '{self._undefined_obj._label}.{self._undefined_name}'"
        return super()._undefined_message


_TOO_LONG = "text that long is not allowed in templates"
_WIDTH = re.compile(r"\d{7,}")  # a field width or precision over _MAX_REPEAT


def _check_sizes(name: str, args: tuple, kwargs: dict) -> None:
    """Refuse, before it runs, a call that would build text far beyond any script: a width
    or count over _MAX_REPEAT (`ljust`, `center`, `indent`, `wordwrap`...), a join or a
    replace whose result could pass it."""
    values = [*args, *kwargs.values()]
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > _MAX_REPEAT:
            raise SecurityError("numbers that large are not allowed in templates")
        if isinstance(v, str) and "%" in v and _WIDTH.search(v):
            raise SecurityError(_TOO_LONG)
    texts = [v for v in values if isinstance(v, str)]
    if name == "join":
        items = next((v for v in values if isinstance(v, list | tuple | range)), ())
        sep = max((len(t) for t in texts), default=1)
        if len(items) * max(1, sep) > _MAX_REPEAT * 10:
            raise SecurityError(_TOO_LONG)
    elif name == "replace" and len(texts) >= 2:
        subject, new = max(len(t) for t in texts), len(texts[-1])
        if (subject + 1) * new > _MAX_REPEAT * 10:
            raise SecurityError(_TOO_LONG)


def _bounded_filter(name: str, func):
    @functools.wraps(func)  # keeps Jinja's pass_context/pass_eval_context marks
    def run(*args, **kwargs):
        _check_sizes(name, args, kwargs)
        return func(*args, **kwargs)

    return run


class _Sandbox(ImmutableSandboxedEnvironment):
    # Jinja folds constant expressions while compiling unless the sandbox intercepts the
    # operator, so without this `{{ 'x' * 10**10 }}` would eat all memory as the file loads.
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("numbers that large are not allowed in templates")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > _MAX_REPEAT:
                        raise SecurityError(_TOO_LONG)
        if operator == "%" and isinstance(left, str):  # '%1000000000s' % x
            _check_sizes("%", (left, *(right if isinstance(right, tuple) else (right,))), {})
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        name, owner = getattr(__obj, "__name__", ""), getattr(__obj, "__self__", None)
        # "sep".join(...) and "text".replace(...) size their result by the string itself
        sized = name in ("join", "replace") and isinstance(owner, str)
        _check_sizes(name, (owner, *args) if sized else args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


# Output is plain text (printouts escape HTML themselves), hence no autoescape.
# trim_blocks/lstrip_blocks let `{% if %}` sit on its own line without leaving blank lines.
_ENV = _Sandbox(undefined=_Undefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)
_ENV.globals = {"range": safe_range, "dict": dict, "namespace": Namespace}  # nothing else needed
_ENV.filters = {name: _bounded_filter(name, f) for name, f in _ENV.filters.items()}


def sandbox() -> jinja2.Environment:
    """The one sandboxed environment for every user-editable text (templates, role-play
    scenarios), so the safety rules above apply to all of them alike."""
    return _ENV


# The sandbox bounds what one operation may build, not how long a template may run:
# `range` is capped at 100,000 items, but two of them nested loop 10**10 times, and a
# worker thread would be tied up for hours. Filling in a script takes milliseconds.
RENDER_SECONDS = 2.0
_CHECK_EVERY = 1000  # trace events between looks at the clock


class TooSlow(SecurityError):
    pass


def render_within(compiled: jinja2.Template, variables: Mapping[str, Any],
                  seconds: float | None = None) -> str:
    """`compiled.render(variables)`, stopped with a SecurityError after `seconds`
    (default RENDER_SECONDS).

    Template code is compiled Python, so a tracer on this thread sees every turn of its
    loops (line events, asked for in template frames only: tracing Jinja's own filters
    line by line would slow them tenfold) and every call it makes, and can end it. The
    tracer that was there (a debugger, coverage) is put back afterwards."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + seconds
    count = [0]

    def tracer(frame, event, arg):
        count[0] += 1
        if count[0] % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise TooSlow(f"it ran for more than {seconds:g} seconds (a loop too big?)")
        return tracer if frame.f_code.co_filename.startswith("<") else None

    before = sys.gettrace()
    sys.settrace(tracer)
    try:
        return compiled.render(variables)
    finally:
        sys.settrace(before)


@dataclass
class RenderedSection:
    name: str
    title: str
    key_point: str
    lines: list[str]


@dataclass
class RenderedObjection:
    id: str
    trigger: str
    reply: str


@dataclass
class Rendered:
    subject: str | None
    sections: list[RenderedSection]
    objections: list[RenderedObjection]


@dataclass
class TemplateLibrary:
    templates: dict[str, Template] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # one line per problem, naming the file

    def get(self, template_id: str) -> Template | None:
        return self.templates.get(template_id)

    def for_variant(self, variant: Variant | str) -> list[Template]:
        """Templates for `variant`, the one whose id is the variant's name first (that is
        the default, whether built-in or the user's replacement), then by id."""
        v = Variant(variant)
        found = [t for t in self.templates.values() if t.variant == v]
        return sorted(found, key=lambda t: (t.id != v.value, t.id))


def load_library(user_dir: Path | None = None) -> TemplateLibrary:
    """The built-in templates plus the user's `*.toml` files in `user_dir` (a missing folder
    is fine). Never raises for a bad file: its problems go to `.errors`."""
    builtins, errors = _builtins()
    lib = TemplateLibrary({t.id: t for t in builtins}, list(errors))
    if user_dir is None or not Path(user_dir).is_dir():
        return lib
    from_user: dict[str, Template] = {}
    for path in sorted(p for p in Path(user_dir).glob("*.toml") if p.is_file()):
        template, problems = read(path, _ENV)
        lib.errors += problems
        if template is None:
            continue
        if template.id in from_user:
            lib.errors.append(f"{path.name} line {id_line(path)}: id '{template.id}' is already "
                              f"used by {from_user[template.id].source}, so this file was skipped")
            continue
        from_user[template.id] = template
        lib.templates[template.id] = template  # replaces a built-in with the same id
    return lib


def load_template(path: Path) -> Template:
    """One template file, or TemplateProblem listing everything wrong with it."""
    template, problems = read(Path(path), _ENV)
    if template is None:
        raise TemplateProblem("; ".join(problems))
    return template


@functools.cache
def _builtins() -> tuple[tuple[Template, ...], tuple[str, ...]]:
    # Templates are frozen, so every library can share one parse of the shipped files.
    from scripts_library import data_files

    templates, errors = [], []
    for name, data in data_files("templates"):
        template, problems = parse(data, f"built-in {name}", None, _ENV)
        errors += problems
        templates += [template] if template else []
    return tuple(templates), tuple(errors)


def render(template: Template, variables: Mapping[str, Any]) -> Rendered:
    """Fill `template` in. Each non-empty output line of a body is one script line, with
    runs of spaces (left where an `{% if %}` produced nothing) squeezed to one.
    Raises TemplateProblem naming the file, line and problem."""

    def run(snippet: Snippet) -> str:
        try:
            return render_within(snippet.compiled, variables)
        except Exception as exc:  # template code is the user's, so any
            # failure in it (undefined name, sandbox block, bad filter call) is theirs to fix
            raise TemplateProblem(_runtime_message(template, snippet, exc)) from exc

    def one_line(snippet: Snippet | None) -> str:
        return " ".join(run(snippet).split()) if snippet else ""

    sections = [
        RenderedSection(s.name, s.title, one_line(s.key_point), _lines(run(s.body)))
        for s in template.sections
    ]
    objections = [RenderedObjection(o.id, o.trigger, one_line(o.reply))
                  for o in template.objections]
    subject = one_line(template.subject) if template.subject else None
    return Rendered(subject, sections, objections)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _runtime_message(template: Template, snippet: Snippet, exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        problem = f"blocked for safety: {exc}"
    elif isinstance(exc, TypeError) and "no loader" in str(exc):
        problem = "templates can't include, import or extend other files"
    elif isinstance(exc, jinja2.TemplateError):
        problem = str(exc)
    else:
        problem = f"{exc}" or type(exc).__name__
    # Jinja rewrites tracebacks so template frames carry the template's own line numbers.
    frames = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
              if f.filename == JINJA_FILENAME]
    line = snippet.line
    if line is not None and frames and frames[-1]:
        line += frames[-1] - 1
    at = f" line {line}" if line else ""
    return f"{template.source}{at}: {problem.rstrip('.')} in {snippet.where}"


