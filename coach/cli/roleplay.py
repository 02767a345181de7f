"""`callcoach roleplay SCENARIO --turns T1.wav T2.wav … [--app APP_ID] [--replay OUT.wav]
[--json]` and `callcoach roleplay --list`: a role-play call played headless against
recorded turns, printing the path through the scenario and the scores.

Speaking and listening live is the desktop app's; here each recorded file is one turn,
heard after a short gap and followed by silence until the listener takes the turn back."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.errors import InvalidInput


def register(sub) -> None:
    from coach.cli import add_json

    p = sub.add_parser("roleplay", help="practise a call against a simulated listener "
                       "(headless: recorded turns in, the path and scores out)")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a scenario id (see --list)")
    p.add_argument("--list", action="store_true", help="list the scenarios")
    p.add_argument("--turns", nargs="+", metavar="TURN.wav",
                   help="your recorded turns, one file per turn, in order")
    p.add_argument("--app", metavar="APP_ID", help="fill in the names from this application")
    p.add_argument("--replay", metavar="OUT.wav", help="save the whole call, both sides")
    p.add_argument("--your-voice", metavar="ID", help="the voice your script is read in; "
                   "the other side will use a different one")
    p.add_argument("--model", metavar="DIR", help="a faster-whisper model folder to use "
                   "instead of the bundled tiny.en")
    add_json(p)
    p.set_defaults(handler=run)


def _library(ctx):
    from coach.roleplay import load_scenarios

    library = load_scenarios(ctx.data_dir / "scenarios")
    for problem in library.errors:  # the others still load; say which file was skipped
        print(f"callcoach: warning: scenario skipped: {problem}", file=sys.stderr)
    return library


def list_cmd(ctx) -> int:
    scenarios = _library(ctx).list()
    rows = [{"id": s.id, "title": s.title, "about": s.about, "relationship": s.relationship}
            for s in scenarios]
    width = max((len(s.id) for s in scenarios), default=0)
    ctx.emit(rows, lambda: "\n".join(f"{s.id:<{width}}  {s.title}: {s.about}"
                                     for s in scenarios))
    return 0


def _variables(ctx, scenario):
    from coach.cli import parse_id
    from coach.roleplay import variables_for

    number = parse_id(ctx.args.app, "application id")
    return variables_for(ctx.store.get_application(number), ctx.store.get_profile(), scenario)


def run(ctx) -> int:
    a = ctx.args
    if a.list:
        if a.scenario or a.turns:
            raise InvalidInput("--list shows the scenarios; give it no SCENARIO or --turns")
        return list_cmd(ctx)
    if not a.scenario:
        raise InvalidInput("name a scenario (callcoach roleplay --list shows them)")
    if not a.turns:
        raise InvalidInput("give your recorded turns with --turns T1.wav T2.wav …; "
                           "live role-play is in the desktop app")
    if a.replay and Path(a.replay).suffix.lower() != ".wav":
        raise InvalidInput(f"the replay is saved as WAV: {a.replay} should end in .wav")
    scenario = _library(ctx).get(a.scenario)
    variables = _variables(ctx, scenario) if a.app else None
    # Every turn is read before the call starts, so a bad file costs no waiting.
    from coach.analysis.audio import load_take

    recorded = [load_take(Path(t)) for t in a.turns]
    from coach.roleplay import RolePlay, play_recorded
    from coach.speech.recognize import whisper_engine

    engine = whisper_engine(a.model)
    with RolePlay(scenario, variables, user_voice=a.your_voice, engine=engine) as call:
        result, unused = play_recorded(call, recorded)
    data = result.to_dict()
    data["unused_turns"] = unused
    data["replay"] = str(result.write_replay(a.replay)) if a.replay else None
    ctx.emit(data, lambda: _human(result, unused, data["replay"]))
    return 0


def _human(result, unused: int, replay: str | None) -> str:
    s = result.scores
    out = [f"{result.title}: {' → '.join(result.path)} ({result.outcome}, "
           f"{result.duration_s:.0f} s)", ""]
    for t in result.turns:
        who = "They" if t.who == "them" else "You"
        said = t.text or "(silence)"
        out.append(f"  {who:>4}: {said}")
        if t.who == "you":
            out.append(f"        heard as {', '.join(t.intents)} → {t.next}")
    ratio = "—" if s.talk_ratio is None else f"{s.talk_ratio * 100:.0f}% you"
    out += ["", f"Talk ratio: {ratio}; longest monologue {s.longest_monologue_s:.1f} s",
            f"Questions asked: {s.questions_asked}",
            f"The ask: {'yes' if s.made_the_ask else 'not yet'}; "
            f"thanks: {'yes' if s.said_thanks else 'not yet'}",
            f"Fillers: {s.fillers}" + (f" ({', '.join(s.filler_words)})" if s.fillers else "")]
    if unused:
        out.append(f"The call ended before {unused} of your turns were used.")
    if replay:
        out.append(f"Replay saved: {replay}")
    return "\n".join(out)
