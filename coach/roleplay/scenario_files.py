"""Reading role-play scenario files: the parsed form (Scenario, Node, Branch), checking
every key, branch and node link, compiling what the other side says as Jinja in the
templates' sandbox, and naming the line of each problem.

A scenario file (scripts_library/scenarios/receptionist.toml is a commented example):

    id = "receptionist"                 lower-case letters, digits, - and _
    title = "The receptionist"
    about = "One line: what this call practises."
    relationship = "ally"               whose details fill the names: network, ally,
                                        hiring-manager, hr, unknown, or "any"
    ask = ["ask_person", "ask_status"]  intents that count as making the ask
    voices = ["gmw/en-us"]              optional: voices to prefer for the other side
    rate = 160                          optional: their words a minute
    start = "hello"                     optional: the first node (default: the first one)

    [[nodes]]
    id = "hello"
    say = "Good morning, {{ company }}."   Jinja, with the call-script variables
    beep = true                         optional: a tone after the line (voicemail)
    silence_s = 0.8                     optional: silence that ends the user's turn
    end = true                          the call ends after this line (no branches)
    branches = [{ any = ["ask_person"], all = ["introduction"], next = "put_through" }]
    default = "how_can_i_help"          where any other reply goes (not on an end node)

A branch is taken when the reply shows at least one intent in `any` (if given) and
every intent in `all` (if given); branches are tried in order, then `default`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jinja2
from jinja2.exceptions import TemplateSyntaxError

from coach.errors import TemplateProblem
from coach.models import Relationship
from coach.template_files import problem_adder, read_toml
from coach.templates import render_within

_TOP = ("id", "title", "about", "relationship", "ask", "voices", "rate", "start", "nodes")
_TOP_REQUIRED = ("id", "title", "ask", "nodes")
_NODE = ("id", "say", "beep", "silence_s", "end", "branches", "default")
_BRANCH = ("any", "all", "next")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ANY_RELATIONSHIP = "any"
DEFAULT_SILENCE_S = 0.8  # a pause this long after speech hands the turn back
SILENCE_RANGE = (0.3, 10.0)
RATE_RANGE = (80, 400)  # what every TTS engine can do (coach.speech.tts.RATE_RANGE)


@dataclass(frozen=True)
class Branch:
    next: str
    any: frozenset[str] = frozenset()
    all: frozenset[str] = frozenset()

    def fits(self, intents: frozenset[str]) -> bool:
        return (not self.any or bool(self.any & intents)) and self.all <= intents

    def label(self) -> str:
        """How the branch reads in a path: "ask_person", "ask_person+introduction"."""
        parts = sorted(self.any) if self.any else []
        return "+".join(["/".join(parts)] * bool(parts) + sorted(self.all))


@dataclass(frozen=True)
class Node:
    id: str
    say: str
    line: int | None  # where `say` starts in the file, for messages
    compiled: jinja2.Template = field(repr=False, compare=False)
    branches: tuple[Branch, ...] = ()
    default: str | None = None
    end: bool = False
    beep: bool = False
    silence_s: float = DEFAULT_SILENCE_S

    def next_for(self, intents: frozenset[str]) -> tuple[str, str]:
        """(next node id, which branch: its label, or "default")."""
        for b in self.branches:
            if b.fits(intents):
                return b.next, b.label()
        return self.default or self.id, "default"


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    about: str
    relationship: str
    ask: frozenset[str]
    start: str
    nodes: dict[str, Node] = field(compare=False)
    voices: tuple[str, ...] = ()
    rate: int = 160
    source: str = ""  # "built-in receptionist.toml" or the user's file name

    def render(self, node: Node, variables) -> str:
        """What the other side says at `node`, one line, filled in with `variables`."""
        try:
            text = render_within(node.compiled, variables)
        except Exception as exc:  # the scenario text is the author's: name file and node
            at = f" line {node.line}" if node.line else ""
            raise TemplateProblem(f"{self.source}{at}: {exc} in node '{node.id}'") from exc
        return " ".join(text.split())


class _Where:
    """Lines of keys in the raw TOML (tomllib gives no positions): the top-level keys, and
    per [[nodes]] table its header, its keys and its text, for finding a branch's line."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.top: dict[str, int] = {}
        self.nodes: list[tuple[int, dict[str, int]]] = []
        keys, quote = self.top, None
        for n, raw in enumerate(self.lines, 1):
            if quote:
                quote = None if quote in raw else quote
                continue
            if re.match(r"\s*\[\[\s*nodes\s*\]\]", raw):
                keys = {}
                self.nodes.append((n, keys))
            elif m := re.match(r"\s*([\w-]+)\s*=\s*(.*)$", raw):
                keys.setdefault(m[1], n)
                rest = m[2]
                if rest[:3] in ('"""', "'''") and rest[:3] not in rest[3:]:
                    quote = rest[:3]
                    if rest[3:].strip() == "":  # TOML drops a newline right after the quotes
                        keys.setdefault(f"{m[1]}:text", n + 1)

    def node(self, index: int) -> tuple[int, dict[str, int]]:
        return self.nodes[index] if index < len(self.nodes) else (self.top.get("nodes", 1), {})

    def find(self, fragment: str, index: int) -> int | None:
        """The first line of node `index` that holds `fragment` (a quoted value)."""
        header, _keys = self.node(index)
        stop = self.nodes[index + 1][0] if index + 1 < len(self.nodes) else len(self.lines) + 1
        for n in range(header, stop):
            if fragment in self.lines[n - 1]:
                return n
        return None


def parse(data: bytes, source: str, env: jinja2.Environment,
          intents: frozenset[str]) -> tuple[Scenario | None, list[str]]:
    """The scenario in `data`, or None and one message per problem ("file line N: …").
    `intents`: the ids a branch may use."""
    problems: list[str] = []
    bad = problem_adder(source, problems)
    doc, text = read_toml(data, bad)
    if doc is None:
        return None, problems
    where = _Where(text)
    top = where.top

    def text_of(table: dict, key: str, line: int | None, required=False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                bad(line, f"missing required key '{key}'")
            return ""
        if not isinstance(value, str):
            bad(line, f"'{key}' must be text in quotes")
            return ""
        return value

    def intent_list(value, line: int | None, what: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            bad(line, f"{what} must be a list of intent names in quotes")
            return frozenset()
        for x in value:
            if x not in intents:
                bad(line, f"unknown intent '{x}' in {what} (known: {', '.join(sorted(intents))})")
        return frozenset(value)

    for key in doc:
        if key not in _TOP:
            bad(top.get(key, 1), f"unknown key '{key}' (expected {', '.join(_TOP)})")
    for key in _TOP_REQUIRED:
        if key not in doc:
            bad(1, f"missing required key '{key}' at the top of the file")
    sid = text_of(doc, "id", top.get("id"))
    if sid and not _ID_RE.match(sid):
        bad(top.get("id"), f"id '{sid}' must use only lower-case letters, digits, - and _")
    relationship = text_of(doc, "relationship", top.get("relationship")) or ANY_RELATIONSHIP
    allowed = [r.value for r in Relationship] + [ANY_RELATIONSHIP]
    if relationship not in allowed:
        bad(top.get("relationship"), f"unknown relationship '{relationship}' "
            f"(choose from {', '.join(allowed)})")
    ask = intent_list(doc.get("ask", []), top.get("ask"), "'ask'")
    voices = doc.get("voices", [])
    if not isinstance(voices, list) or not all(isinstance(v, str) for v in voices):
        bad(top.get("voices"), "'voices' must be a list of voice ids in quotes")
        voices = []
    rate = doc.get("rate", 160)
    if isinstance(rate, bool) or not isinstance(rate, int) or not (
            RATE_RANGE[0] <= rate <= RATE_RANGE[1]):
        bad(top.get("rate"), f"'rate' must be a whole number of words a minute, "
            f"{RATE_RANGE[0]}-{RATE_RANGE[1]}")
        rate = 160

    nodes: dict[str, Node] = {}
    links: list[tuple[str, int | None, str]] = []  # (target, line, what) to check after
    tables = doc.get("nodes", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        bad(top.get("nodes", 1), "'nodes' must be a list of [[nodes]] tables")
        tables = []
    for i, table in enumerate(tables):
        node = _node(table, i, where, env, bad, text_of, intent_list, links)
        if node is None:
            continue
        if node.id in nodes:
            bad(where.node(i)[1].get("id"), f"there are two nodes with id '{node.id}'")
        nodes[node.id] = node
    start = text_of(doc, "start", top.get("start")) or (next(iter(nodes)) if nodes else "")
    if "start" in doc:
        links.append((start, top.get("start"), "'start'"))
    for target, line, what in links:
        if nodes and target not in nodes:
            bad(line, f"{what} goes to node '{target}', which this file doesn't have")
    if tables and not problems:
        _check_graph(nodes, start, where, tables, bad)
    if "nodes" in doc and not tables and not problems:
        bad(top.get("nodes", 1), "a scenario needs at least one [[nodes]] table")
    if problems:
        return None, problems
    return Scenario(sid, text_of(doc, "title", None), text_of(doc, "about", None), relationship,
                    ask, start, nodes, tuple(voices), rate, source), problems


def _node(table, i, where, env, bad, text_of, intent_list, links) -> Node | None:
    header, keys = where.node(i)
    for key in table:
        if key not in _NODE:
            bad(keys.get(key, header), f"unknown key '{key}' in a node "
                f"(expected {', '.join(_NODE)})")
    nid = text_of(table, "id", header, required=True)
    if not nid:
        return None
    if not _ID_RE.match(nid):
        bad(keys.get("id"), f"node id '{nid}' must use only lower-case letters, digits, - and _")
    say = text_of(table, "say", header, required=True)
    say_line = keys.get("say:text", keys.get("say"))
    compiled = None
    try:
        compiled = env.from_string(say)
    except TemplateSyntaxError as exc:
        at = say_line + exc.lineno - 1 if say_line and exc.lineno else say_line
        bad(at, f"{exc.message} in node '{nid}'")
    end = table.get("end", False)
    beep = table.get("beep", False)
    for key, value in (("end", end), ("beep", beep)):
        if not isinstance(value, bool):
            bad(keys.get(key), f"'{key}' must be true or false")
    silence = table.get("silence_s", DEFAULT_SILENCE_S)
    if isinstance(silence, bool) or not isinstance(silence, int | float) or not (
            SILENCE_RANGE[0] <= silence <= SILENCE_RANGE[1]):
        bad(keys.get("silence_s"), f"'silence_s' must be seconds, {SILENCE_RANGE[0]}-"
            f"{SILENCE_RANGE[1]:g}")
        silence = DEFAULT_SILENCE_S
    branches = []
    raw = table.get("branches", [])
    if not isinstance(raw, list) or not all(isinstance(b, dict) for b in raw):
        bad(keys.get("branches", header), f"'branches' of node '{nid}' must be a list of "
            "{ any = [...], next = \"...\" } tables")
        raw = []
    for n, b in enumerate(raw, 1):
        target = b.get("next")
        line = (where.find(f'"{target}"', i) if isinstance(target, str) else None) \
            or keys.get("branches", header)
        what = f"branch {n} of node '{nid}'"
        for key in b:
            if key not in _BRANCH:
                bad(line, f"unknown key '{key}' in {what} (expected {', '.join(_BRANCH)})")
        if not isinstance(target, str):
            bad(line, f"{what} needs next = \"<node id>\"")
            continue
        if "any" not in b and "all" not in b:
            bad(line, f"{what} needs 'any' or 'all': the intents that take it")
        branches.append(Branch(target, intent_list(b.get("any", []), line, f"{what} 'any'"),
                               intent_list(b.get("all", []), line, f"{what} 'all'")))
        links.append((target, line, what))
    default = table.get("default")
    if default is not None and not isinstance(default, str):
        bad(keys.get("default"), "'default' must be a node id in quotes")
        default = None
    if end is True and (branches or default):
        bad(keys.get("end"), f"node '{nid}' ends the call, so it can't have branches or a "
            "default")
    elif end is not True and default is None:
        bad(header, f"node '{nid}' needs a 'default' (where any other reply goes), or "
            "end = true")
    if default:
        links.append((default, keys.get("default"), f"the default of node '{nid}'"))
    if compiled is None:
        return None
    return Node(nid, say, say_line, compiled, tuple(branches), default, end is True,
                beep is True, float(silence))


def _check_graph(nodes: dict[str, Node], start: str, where: _Where, tables, bad) -> None:
    """Every node can be reached from the start, and every node can reach an end: a typo
    in a link must not leave a line nobody hears or a call that can never finish."""
    def out(n: Node) -> list[str]:
        return [b.next for b in n.branches] + ([n.default] if n.default else [])

    seen, todo = set(), [start]
    while todo:
        nid = todo.pop()
        if nid in seen or nid not in nodes:
            continue
        seen.add(nid)
        todo += out(nodes[nid])
    ends = {nid for nid, n in nodes.items() if n.end}
    changed = True
    while changed:
        changed = False
        for nid, n in nodes.items():
            if nid not in ends and any(t in ends for t in out(n)):
                ends.add(nid)
                changed = True
    lines = {t.get("id"): where.node(i)[0] for i, t in enumerate(tables)}
    for nid in nodes:
        if nid not in seen:
            bad(lines.get(nid), f"node '{nid}' can't be reached from the start ('{start}')")
        elif nid not in ends:
            bad(lines.get(nid), f"from node '{nid}' the call can never end (no way to a node "
                "with end = true)")
