"""The dialogue state machine: where in a scenario the call is, what the other side says
there, and which node a reply's intents lead to. Plain data in and out (no audio), so
every path through a scenario can be walked and tested without speech."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.roleplay.scenario_files import Node, Scenario

# A scenario may loop ("Sorry, what was that?"); a practice call should still end.
MAX_REPLIES = 20

FINISHED = "finished"  # the other side ended the call (an end node)
HUNG_UP = "hung-up"  # the user stopped, or ran out of recorded turns
TOO_LONG = "too-long"  # MAX_REPLIES replies without reaching an end


@dataclass(frozen=True)
class Step:
    """One reply and where it led: from `node`, the reply's `intents` took `branch`
    (its label, or "default") to `next`."""

    node: str
    intents: frozenset[str]
    branch: str
    next: str


class Dialogue:
    def __init__(self, scenario: Scenario, variables: Mapping[str, Any]):
        self.scenario = scenario
        self.variables = variables
        self.node: Node = scenario.nodes[scenario.start]
        self.path: list[str] = [self.node.id]
        self.steps: list[Step] = []
        self.outcome: str | None = FINISHED if self.node.end else None

    @property
    def over(self) -> bool:
        return self.outcome is not None

    def line(self) -> str:
        """What the other side says at the current node."""
        return self.scenario.render(self.node, self.variables)

    def reply(self, intents: frozenset[str]) -> Step:
        """Take the branch the reply's intents choose; the new node is `self.node`."""
        if self.over:
            raise RuntimeError("the call is over; there is nobody to reply to")
        target, branch = self.node.next_for(frozenset(intents))
        step = Step(self.node.id, frozenset(intents), branch, target)
        self.steps.append(step)
        self.node = self.scenario.nodes[target]
        self.path.append(target)
        if self.node.end:
            self.outcome = FINISHED
        elif len(self.steps) >= MAX_REPLIES:
            self.outcome = TOO_LONG
        return step

    def hang_up(self) -> None:
        if not self.over:
            self.outcome = HUNG_UP
