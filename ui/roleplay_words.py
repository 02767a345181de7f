"""What the Role-play page says about a call (Qt-free): the scores in plain, kind and
specific sentences, the way the call went, and the transcript of both sides.

Each score is a Score: its name, whether it went well (True), is worth practising
(False) or is just information (None), and one sentence. The page marks them with ✓ and
→ as well as words, so they read the same without colour."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from coach.roleplay import FINISHED, HUNG_UP, TOO_LONG
from coach.text import clock

# About as long as someone listens on the phone before they want a turn.
MONOLOGUE_OK_S = 20.0
RATIO_LOW, RATIO_HIGH = 0.25, 0.6

ASKS = {"ask_person": "ask to speak with someone", "ask_status": "ask how things stand",
        "ask_advice": "ask for their advice", "callback": "ask them to call you back",
        "offer_later": "offer a better time to talk"}


@dataclass(frozen=True)
class Score:
    name: str
    good: bool | None
    text: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _asks(ask) -> str:
    said = [ASKS[a] for a in sorted(ask) if a in ASKS]
    if not said:
        return "say plainly what you would like from the call"
    return ", ".join(said[:-1]) + (" or " if len(said) > 1 else "") + said[-1]


def scores(result, ask=frozenset()) -> list[Score]:
    """The scores of `result` (a coach.roleplay CallResult); `ask`: the scenario's ask
    intents, to name what would have counted."""
    yours = [t for t in result.turns if t.who == "you"]
    s = result.scores
    if not yours:
        return [Score("Your turns", None, "You hung up before your first turn, so there is "
                      "nothing to score yet. Start again whenever you're ready.")]
    out = []
    spoke = s.your_speaking_s > 0
    if s.talk_ratio is None or not spoke:
        out.append(Score("Talk ratio", None, "You didn't get to speak this time, so there's "
                         "no balance to measure yet."))
    else:
        p = round(s.talk_ratio * 100)
        if s.talk_ratio < RATIO_LOW:
            out.append(Score("Talk ratio", None, f"You spoke {p}% of the time. Short is fine "
                             "on a quick call; there's room to say a little more about why "
                             "you called."))
        elif s.talk_ratio <= RATIO_HIGH:
            out.append(Score("Talk ratio", True, f"You spoke {p}% of the time — a good "
                             "balance that leaves them room to talk."))
        else:
            out.append(Score("Talk ratio", False, f"You spoke {p}% of the time. Leave them "
                             "more room: a question hands the call back to them."))
    if spoke:
        m = s.longest_monologue_s
        if m <= MONOLOGUE_OK_S:
            out.append(Score("Longest monologue", True, f"Your longest stretch without a "
                             f"pause was {m:.0f} s — easy to follow on the phone."))
        else:
            out.append(Score("Longest monologue", False, f"Your longest stretch without a "
                             f"pause was {m:.0f} s. Pause or ask something after about "
                             f"{MONOLOGUE_OK_S:.0f} s, so they can come in."))
    q = s.questions_asked
    out.append(Score("Questions asked", q > 0,
                     f"You asked {_plural(q, 'question')} — a question hands the call back to them."
                     if q else "No questions this time. One question, such as how the "
                     "search is going, turns it into a conversation."))
    out.append(Score("The ask", s.made_the_ask, "You made your ask clearly." if s.made_the_ask
                     else f"The ask didn't come through this time. Next time, {_asks(ask)}."))
    out.append(Score("Thanks", s.said_thanks, "You said thank you — a warm way to leave it."
                     if s.said_thanks else "No thank-you this time. A quick “thanks for your "
                     "time” before you go leaves a warm impression."))
    if s.fillers:
        words = ", ".join(f"“{w}”" + (f" ×{n}" if n > 1 else "")
                          for w, n in Counter(w.lower() for w in s.filler_words).most_common())
        out.append(Score("Fillers", False, f"{_plural(s.fillers, 'filler')} ({words}). A "
                         "short pause works just as well, and sounds calmer."))
    elif spoke:
        out.append(Score("Fillers", True, "No fillers — you sounded clear and calm."))
    return out


def outcome(result) -> str:
    """How the call ended, how long it took, and who spoke how long."""
    took = clock(result.duration_s)
    if result.outcome == HUNG_UP:
        out = f"You hung up after {took}."
    elif result.outcome == TOO_LONG:
        out = f"The call went round in circles, so it stopped after {took}."
    elif result.outcome == FINISHED:
        out = f"They ended the call after {took}."
    else:
        out = f"The call lasted {took}."
    s = result.scores
    if any(t.who == "you" for t in result.turns) and s.your_speaking_s > 0:
        out += (f" You spoke for {s.your_speaking_s:.0f} s, they for "
                f"{s.their_speaking_s:.0f} s.")
    return out


def path_text(path: list[str]) -> str:
    """The nodes visited, as words: "hello → put through → connecting"."""
    return " → ".join(p.replace("_", " ").replace("-", " ") for p in path)


def transcript_html(turns) -> str:
    """Both sides, in order; a silent turn said in words."""
    rows = []
    for t in turns:
        who = "They" if t.who == "them" else "You"
        said = escape(t.text) if t.text else "<i>(silence)</i>"
        rows.append(f"<p><b>{who}:</b> {said}</p>")
    return "".join(rows)
