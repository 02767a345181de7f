"""Reading call-script template files: the parsed form (Template and its parts), decoding
the TOML, checking every key and value, compiling the Jinja text, and finding the line of
each problem so a message can name it.

The file format and the variables are described in coach.templates, which is the public
API; it owns the sandboxed Jinja environment and passes it in here, so the safety rules
stay in one place.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.exceptions import TemplateSyntaxError

from coach.models import Variant

_TOP_KEYS = ("id", "variant", "title", "budget_seconds", "subject", "sections", "objections")
_REQUIRED_TOP = ("id", "variant", "title", "sections")
_SECTION_KEYS = ("name", "title", "key_point", "body")
_OBJECTION_KEYS = ("id", "trigger", "reply")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
JINJA_FILENAME = "<call-coach template>"  # filename Jinja puts on template frames in tracebacks


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


def read(path: Path, env: jinja2.Environment) -> tuple[Template | None, list[str]]:
    """The template in the file at `path`, as `parse` gives it; an unreadable file is a
    problem too, never an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [f"{path.name}: can't read it ({exc.strerror or exc})"]
    return parse(data, path.name, path, env)


def id_line(path: Path) -> int:
    """The line of the top-level `id =` in the file at `path` (1 if there is none)."""
    return _Lines(path.read_text("utf-8-sig")).top.keys.get("id", 1)


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


def problem_adder(source: str, problems: list[str]):
    """`bad(line, message)`, which adds "file line N: message" (or "file: message")."""
    def bad(line: int | None, message: str) -> None:
        problems.append(f"{source} line {line}: {message}" if line else f"{source}: {message}")
    return bad


def read_toml(data: bytes, bad) -> tuple[dict | None, str]:
    """The TOML document in `data` and its text; (None, "") after telling `bad` why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad(data[: exc.start].count(b"\n") + 1, "this is not UTF-8 text; save it as UTF-8")
        return None, ""
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "Invalid value (at line 3, column 8)"; lead with the line instead
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(exc))
        message = str(exc)[: m.start()] if m else str(exc)
        column = f", column {m[2]}" if m else ""
        bad(int(m[1]) if m else None, f"{message[:1].lower()}{message[1:]} (TOML{column})")
        return None, ""


def parse(data: bytes, source: str, path: Path | None,
          env: jinja2.Environment) -> tuple[Template | None, list[str]]:
    """The template in `data` (the bytes of a file named `source` in messages), compiled
    with `env`, or None and one message per problem, naming the file and the line if known."""
    problems: list[str] = []
    bad = problem_adder(source, problems)
    doc, text = read_toml(data, bad)
    if doc is None:
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
            code = env.compile(value, name=where, filename=JINJA_FILENAME)
        except TemplateSyntaxError as exc:
            at = start + exc.lineno - 1 if start and exc.lineno else start
            bad(at, f"{exc.message} in {where}")
            return None
        except Exception as exc:  # e.g. nesting too deep for the parser
            bad(start, f"can't read this as a template ({type(exc).__name__}) in {where}")
            return None
        compiled = env.template_class.from_code(env, code, env.make_globals(None))
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
