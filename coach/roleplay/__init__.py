"""Role-play: practise the conversation, not just the monologue, against a simulated
listener, offline.

Scenarios are small dialogue trees in scripts_library/scenarios/*.toml (the format is in
scenario_files.py): what the other side says at each node (Jinja with the call-script
variables) and which node the gist of the user's reply leads to. The gist is a set of
intents read from the transcript by the keyword rules in
scripts_library/phrases/intents.toml (intents.py).

Modules: scenario_files (format, checks), scenarios (library, variables), intents,
dialogue (the state machine, no audio), turns (end of turn by voice activity, hearing
a turn), call (TTS, the call's steps, the replay), scores.

The API, all blocking and Qt-free (a front end runs it on its own worker thread):

    library = load_scenarios(data_dir / "scenarios")   # .list(), .get(id), .errors
    scenario = library.get("receptionist")
    variables = variables_for(app, profile, scenario)   # or None: practice names
    call = RolePlay(scenario, variables, user_voice="gmw/en-us", on_event=callback)

    line = call.opening()                # TheirLine: .text, .pcm (16 kHz), .seconds,
    while line is not None and line.expects_reply:     # .beep, .expects_reply
        # play line.pcm (coach.speech.playback.Player(line.pcm, rate=16000)), then
        listener = call.listener()       # TurnListener: feed(chunk) -> ended
        for chunk in microphone:         # 16 kHz mono, float32 or int16
            if listener.feed(chunk):     # ~0.8 s of silence after speech (2 s on a
                break                    # voicemail), or 5 s of nothing: "silence"
        line = call.reply(listener)      # transcribed, branched; None when over
    result = call.finish()               # CallResult: .path, .outcome, .turns, .scores,
    result.write_replay("call.wav")      # .to_dict(); the replay has both sides
    call.close()                         # (or use `with RolePlay(...) as call:`)

`call.hang_up()` ends it early. `on_event(CallEvent)` reports "they_say" (`.line`),
"heard" (`.turn`: a CallTurn with text, intents, branch, next) and "ended" (`.result`).
`play_call(call, answer)` runs the loop with a callback `answer(line, listener) -> bool`
(False hangs up); `play_recorded(call, [pcm, …])` plays recorded turns (the CLI's
`callcoach roleplay SCENARIO --turns …`).

Scores (CallScores): talk_ratio (your speech over both sides'), longest_monologue_s,
questions_asked, made_the_ask (a reply showed one of the scenario's `ask` intents),
said_thanks, fillers and filler_words (from the practice analysis), your_speaking_s and
their_speaking_s."""

from coach.roleplay.call import (
    CallEvent,
    RolePlay,
    TheirLine,
    beep_tone,
    other_voice,
    play_call,
    play_recorded,
)
from coach.roleplay.dialogue import FINISHED, HUNG_UP, TOO_LONG, Dialogue, Step
from coach.roleplay.intents import OFF_TRACK, SILENCE, Gist, IntentRules, intent_rules
from coach.roleplay.scenario_files import Branch, Node, Scenario
from coach.roleplay.scenarios import (
    ScenarioLibrary,
    load_scenario,
    load_scenarios,
    practice_variables,
    variables_for,
)
from coach.roleplay.scores import CallResult, CallScores, CallTurn
from coach.roleplay.turns import HeardTurn, TurnListener, hear, listen_to

__all__ = [
    "FINISHED", "HUNG_UP", "OFF_TRACK", "SILENCE", "TOO_LONG", "Branch", "CallEvent",
    "CallResult", "CallScores", "CallTurn", "Dialogue", "Gist", "HeardTurn", "IntentRules",
    "Node", "RolePlay", "Scenario", "ScenarioLibrary", "Step", "TheirLine", "TurnListener",
    "beep_tone", "hear", "intent_rules", "listen_to", "load_scenario", "load_scenarios",
    "other_voice", "play_call", "play_recorded", "practice_variables", "variables_for",
]
