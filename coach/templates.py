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
"""

from __future__ import annotations

import functools
import re
import tomllib
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace, missing

from coach.errors import TemplateProblem
from coach.models import Variant

_TOP_KEYS = ("id", "variant", "title", "budget_seconds", "subject", "sections", "objections")
_REQUIRED_TOP = ("id", "variant", "title", "sections")
_SECTION_KEYS = ("name", "title", "key_point", "body")
_OBJECTION_KEYS = ("id", "trigger", "reply")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MARK = "<call-coach template>"  # filename Jinja puts on template frames in tracebacks
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


class _Sandbox(ImmutableSandboxedEnvironment):
    # Jinja folds constant expressions while compiling unless the sandbox intercepts the
    # operator, so without this `{{ 'x' * 10**10 }}` would eat all memory as the file loads.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("numbers that large are not allowed in templates")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > _MAX_REPEAT:
                        raise SecurityError("text that long is not allowed in templates")
        return super().call_binop(context, operator, left, right)


# Output is plain text (printouts escape HTML themselves), hence no autoescape.
# trim_blocks/lstrip_blocks let `{% if %}` sit on its own line without leaving blank lines.
_ENV = _Sandbox(undefined=_Undefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)
_ENV.globals = {"range": safe_range, "dict": dict, "namespace": Namespace}  # nothing else needed


@dataclass(frozen=True)
class Snippet:
    """A piece of Jinja text from a template file, compiled once when the file loads."""

    text: str
    where: str  # "section 'ask'", for messages
    line: int | None  # line in the file where `text` starts, when we could find it
    compiled: jinja2.Template = field(repr=False, compare=False)


@dataclass(frozen=True)
class TemplateSection:
    name: str
    title: str
    key_point: Snippet | None
    body: Snippet


@dataclass(frozen=True)
class TemplateObjection:
    id: str
    trigger: str
    reply: Snippet


@dataclass(frozen=True)
class Template:
    id: str
    variant: Variant
    title: str
    budget_seconds: tuple[float, float] | None
    sections: tuple[TemplateSection, ...]
    objections: tuple[TemplateObjection, ...]
    source: str  # the file as named in messages: "my_live.toml" or "built-in live.toml"
    path: Path | None = None  # the user's file; None for a built-in
    subject: Snippet | None = None

    @property
    def builtin(self) -> bool:
        return self.path is None


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
        template, problems = _read(path)
        lib.errors += problems
        if template is None:
            continue
        if template.id in from_user:
            lib.errors.append(f"{path.name} line {_id_line(path)}: id '{template.id}' is already "
                              f"used by {from_user[template.id].source}, so this file was skipped")
            continue
        from_user[template.id] = template
        lib.templates[template.id] = template  # replaces a built-in with the same id
    return lib


def load_template(path: Path) -> Template:
    """One template file, or TemplateProblem listing everything wrong with it."""
    template, problems = _read(Path(path))
    if template is None:
        raise TemplateProblem("; ".join(problems))
    return template


@functools.cache
def _builtins() -> tuple[tuple[Template, ...], tuple[str, ...]]:
    # Templates are frozen, so every library can share one parse of the shipped files.
    from scripts_library import data_files

    templates, errors = [], []
    for name, data in data_files("templates"):
        template, problems = _parse(data, f"built-in {name}", None)
        errors += problems
        templates += [template] if template else []
    return tuple(templates), tuple(errors)


def _read(path: Path) -> tuple[Template | None, list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [f"{path.name}: can't read it ({exc.strerror or exc})"]
    return _parse(data, path.name, path)


def _id_line(path: Path) -> int:
    return _Lines(path.read_text("utf-8-sig")).top.keys.get("id", 1)


def render(template: Template, variables: Mapping[str, Any]) -> Rendered:
    """Fill `template` in. Each non-empty output line of a body is one script line, with
    runs of spaces (left where an `{% if %}` produced nothing) squeezed to one.
    Raises TemplateProblem naming the file, line and problem."""

    def run(snippet: Snippet) -> str:
        try:
            return snippet.compiled.render(variables)
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
    frames = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == _MARK]
    line = snippet.line
    if line is not None and frames and frames[-1]:
        line += frames[-1] - 1
    at = f" line {line}" if line else ""
    return f"{template.source}{at}: {problem.rstrip('.')} in {snippet.where}"


class _Table:
    def __init__(self, header: int):
        self.header = header
        self.keys: dict[str, int] = {}  # key -> line of `key =`
        self.starts: dict[str, int] = {}  # key -> line where its string's text begins


class _Lines:
    """Where keys sit in the raw TOML. tomllib gives values without positions, but messages
    must name a line, so this light scan finds `key =` lines and [[table]] headers."""

    def __init__(self, text: str):
        self.top = _Table(1)
        self.tables: dict[str, list[_Table]] = {}
        current, open_quote = self.top, None
        for n, raw in enumerate(text.split("\n"), 1):
            line = raw.rstrip("\r")
            if open_quote:  # inside a multi-line string: nothing here is structure
                if open_quote in line:
                    open_quote = None
                continue
            if m := re.match(r"\s*\[\[\s*([\w-]+)\s*\]\]", line):
                current = _Table(n)
                self.tables.setdefault(m[1], []).append(current)
            elif re.match(r"\s*\[", line):
                current = _Table(n)  # a table we don't know; validation reports its keys
            elif m := re.match(r"\s*([\w-]+)\s*=\s*(.*)$", line):
                key, rest = m[1], m[2]
                current.keys.setdefault(key, n)
                current.starts.setdefault(key, n)
                quote = rest[:3] if rest[:3] in ('"""', "'''") else None
                if quote and quote not in rest[3:]:
                    open_quote = quote
                    if rest[3:] == "":  # TOML drops a newline right after the opening quotes
                        current.starts[key] = n + 1

    def table(self, kind: str, index: int) -> _Table | None:
        found = self.tables.get(kind, [])
        return found[index] if index < len(found) else None


def _parse(data: bytes, source: str, path: Path | None) -> tuple[Template | None, list[str]]:
    problems: list[str] = []

    def bad(line: int | None, message: str) -> None:
        problems.append(f"{source} line {line}: {message}" if line else f"{source}: {message}")

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad(data[: exc.start].count(b"\n") + 1, "this is not UTF-8 text; save it as UTF-8")
        return None, problems
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "Invalid value (at line 3, column 8)"; lead with the line instead
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(exc))
        message = str(exc)[: m.start()] if m else str(exc)
        column = f", column {m[2]}" if m else ""
        bad(int(m[1]) if m else None, f"{message[:1].lower()}{message[1:]} (TOML{column})")
        return None, problems

    where_lines = _Lines(text)
    top = where_lines.top

    def text_value(table: dict, key: str, lines: _Table) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            bad(lines.keys.get(key, lines.header), f"'{key}' must be text in quotes")
            return None
        return value

    def snippet(table: dict, key: str, lines: _Table, where: str) -> Snippet | None:
        value, start = text_value(table, key, lines), lines.starts.get(key)
        if value is None:
            return None
        try:
            code = _ENV.compile(value, name=where, filename=_MARK)
        except TemplateSyntaxError as exc:
            at = start + exc.lineno - 1 if start and exc.lineno else start
            bad(at, f"{exc.message} in {where}")
            return None
        except Exception as exc:  # e.g. nesting too deep for the parser
            bad(start, f"can't read this as a template ({type(exc).__name__}) in {where}")
            return None
        compiled = _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None))
        return Snippet(value, where, start, compiled)

    for key in doc:
        if key not in _TOP_KEYS:
            bad(top.keys.get(key, 1), f"unknown key '{key}' (expected {', '.join(_TOP_KEYS)})")
    for key in _REQUIRED_TOP:
        if key not in doc:
            bad(1, f"missing required key '{key}' at the top of the file")
    tid, title = text_value(doc, "id", top), text_value(doc, "title", top)
    if tid is not None and not _ID_RE.match(tid):
        bad(top.keys.get("id"), f"id '{tid}' must use only lower-case letters, digits, - and _")
    variant = None
    if (v := text_value(doc, "variant", top)) is not None:
        try:
            variant = Variant(v)
        except ValueError:
            choices = ", ".join(x.value for x in Variant)
            bad(top.keys.get("variant"), f"unknown variant '{v}' (choose from {choices})")
    budget = doc.get("budget_seconds")
    if budget is not None:
        if isinstance(budget, list) and len(budget) == 2 and all(
            isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in budget
        ) and budget[0] <= budget[1]:
            budget = (float(budget[0]), float(budget[1]))
        else:
            bad(top.keys.get("budget_seconds"),
                "'budget_seconds' must be two numbers of seconds, shortest first, like [45, 90]")
    subject = snippet(doc, "subject", top, "the subject")
    if variant == Variant.EMAIL and "subject" not in doc:
        bad(1, "an email template needs a 'subject'")
    elif variant and variant != Variant.EMAIL and "subject" in doc:
        bad(top.keys.get("subject"), "only an email template has a 'subject'")

    sections = []
    for table, lines in _items(doc, "sections", _SECTION_KEYS, "name", where_lines, bad):
        name, where = table["name"], f"section '{table['name']}'"
        key_point = snippet(table, "key_point", lines, f"the key point of {where}")
        body = snippet(table, "body", lines, where)
        sec_title = text_value(table, "title", lines) or name.replace("_", " ").capitalize()
        sections.append(TemplateSection(name, sec_title, key_point, body))
    objections = []
    for table, lines in _items(doc, "objections", _OBJECTION_KEYS, "id", where_lines, bad):
        reply = snippet(table, "reply", lines, f"objection '{table['id']}'")
        objections.append(TemplateObjection(table["id"], text_value(table, "trigger", lines),
                                            reply))
    if "sections" in doc and not sections and not problems:
        bad(top.keys.get("sections", 1), "a template needs at least one [[sections]] table")

    if problems:
        return None, problems
    return Template(tid, variant, title, budget, tuple(sections), tuple(objections), source,
                    path, subject), problems


def _items(doc: dict, kind: str, allowed: tuple[str, ...], id_key: str, where_lines: _Lines,
           bad) -> list[tuple[dict, _Table]]:
    """The [[sections]] or [[objections]] tables that have all their keys, with their line
    info. Reports unknown keys (so a typo like `boddy` says what it is), missing keys and
    repeated names."""
    value = doc.get(kind, [])
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        bad(where_lines.top.keys.get(kind, 1), f"'{kind}' must be a list of [[{kind}]] tables")
        return []
    singular, required = kind[:-1], (("name", "body") if kind == "sections" else allowed)
    out, seen = [], set()
    for i, table in enumerate(value):
        lines = where_lines.table(kind, i) or _Table(where_lines.top.keys.get(kind, 1))
        named = isinstance(table.get(id_key), str)
        label = table[id_key] if named else f"number {i + 1}"
        shown = f"'{label}'" if named else label
        for key in table:
            if key not in allowed:
                bad(lines.keys.get(key, lines.header), f"unknown key '{key}' in {singular} "
                    f"{shown} (expected {', '.join(allowed)})")
        missing_keys = [k for k in required if k not in table]
        for key in missing_keys:
            bad(lines.header, f"{singular} {shown} is missing required key '{key}'")
        if label in seen:
            bad(lines.keys.get(id_key), f"there are two {kind} with {id_key} '{label}'")
        seen.add(label)
        if id_key in table and not isinstance(table[id_key], str):
            bad(lines.keys.get(id_key, lines.header), f"'{id_key}' must be text in quotes")
        elif not missing_keys:
            out.append((table, lines))
    return out
