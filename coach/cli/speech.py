"""`callcoach voices | speak | record`: hear the script read aloud, and record a take.

Audio and TTS libraries are imported inside the handlers, so `callcoach --help` and the
other commands work on a machine without them."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.errors import InvalidInput

MAX_RECORD_SECONDS = 3600.0


def register(sub) -> None:
    from coach.cli import add_json

    s = sub.add_parser("voices", help="list the text-to-speech voices")
    s.add_argument("--lang", metavar="CODE", help="only voices for this language (e.g. en)")
    add_json(s)
    s.set_defaults(handler=voices_cmd)

    s = sub.add_parser("speak", help="read a script aloud into a WAV (and play it)")
    s.add_argument("source", nargs="?", metavar="APP_ID|FILE",
                   help="an application's script, or a text file (- for standard input)")
    s.add_argument("--text", metavar="T", help="read this text instead")
    s.add_argument("--variant", metavar="V", help="which script, with APP_ID (default: the "
                   "advisor's choice)")
    s.add_argument("--out", required=True, metavar="F.wav", help="where to save the audio")
    s.add_argument("--voice", metavar="ID", help="a voice id from `callcoach voices`")
    s.add_argument("--rate", type=int, metavar="WPM", help="words per minute (default: your "
                   "profile's rate with APP_ID, else 150)")
    s.add_argument("--volume", type=float, metavar="0-1", help="loudness (default 1)")
    s.add_argument("--play", action="store_true", help="play it when it is ready")
    add_json(s)
    s.set_defaults(handler=speak_cmd)

    s = sub.add_parser("record", help="record a practice take from the microphone")
    s.add_argument("--out", required=True, metavar="TAKE.wav", help="where to save the take")
    s.add_argument("--seconds", type=float, metavar="N", help="stop after N seconds "
                   "(default: when you press Ctrl+C)")
    s.add_argument("--device", metavar="D", help="microphone number or part of its name")
    s.add_argument("--force", action="store_true", help="overwrite TAKE.wav if it exists")
    add_json(s)
    s.set_defaults(handler=record_cmd)


# --- voices -----------------------------------------------------------------------------


def voices_cmd(ctx) -> int:
    from coach.speech.tts import speaker

    voices = speaker().voices()
    lang = (ctx.args.lang or "").lower()
    if lang:
        voices = [v for v in voices if any(x.lower().startswith(lang) for x in v.languages)]
        if not voices:
            raise InvalidInput(f"no voice for language {ctx.args.lang!r}")
    rows = [{"id": v.id, "name": v.name, "languages": list(v.languages), "gender": v.gender}
            for v in voices]
    width = max(len(v.id) for v in voices)
    ctx.emit(rows, lambda: "\n".join(
        f"{v.id:<{width}}  {v.name}" + (f"  [{', '.join(v.languages)}]" if v.languages else "")
        for v in voices))
    return 0


# --- speak ------------------------------------------------------------------------------


def _speak_text(ctx) -> tuple[str, int | None]:
    """The text to read and the rate that goes with it (the profile's, for a script)."""
    a = ctx.args
    if a.text is not None and a.source is not None:
        raise InvalidInput("give APP_ID, FILE or --text, not more than one")
    if a.variant and (a.source is None or not a.source.isdigit()):
        raise InvalidInput("--variant goes with APP_ID")
    if a.text is not None:
        return a.text, None
    if a.source is None:
        raise InvalidInput("say what to read: APP_ID, FILE or --text")
    if a.source.isdigit() and not Path(a.source).is_file():
        from coach.cli import parse_id
        from coach.cli.coaching import build_for

        app_id = parse_id(a.source, "application id")
        _app, _advice, script = build_for(ctx.store, app_id, a.variant, data_dir=ctx.data_dir)
        return "\n".join(line for line in script.lines() if line.strip()), script.rate_wpm
    from coach.cli.coaching import read_text_arg

    return read_text_arg(a.source), None


def speak_cmd(ctx) -> int:
    from coach.speech.tts import DEFAULT_RATE, speaker

    a = ctx.args
    out = Path(a.out)
    text, script_rate = _speak_text(ctx)
    if not text.strip():
        raise InvalidInput("there is no text to read aloud")
    rate = a.rate or script_rate or DEFAULT_RATE
    result = speaker().render(text, out, voice=a.voice, rate=rate, volume=a.volume)
    data = result.to_dict()
    data["played"] = False
    words = len(result.word_timings)
    saved = (f"Saved {out}: {result.duration:.1f} s, {words} words at {rate} words a minute "
             f"(voice {result.voice}).")
    if a.play:
        if not a.json:
            print(saved, flush=True)
        _play(out)
        data["played"] = True
        ctx.emit(data, "Done.")
        return 0
    ctx.emit(data, saved)
    return 0


def _play(path: Path) -> None:
    from coach.errors import Unavailable
    from coach.speech.playback import Player

    try:
        player = Player(path)
    except Unavailable as exc:
        raise Unavailable(f"{exc} The audio is saved in {path}.") from None
    with player:
        player.play()
        try:
            player.wait()
        except KeyboardInterrupt:
            player.stop()


# --- record -----------------------------------------------------------------------------


def record_cmd(ctx) -> int:
    from coach.speech.record import Recorder

    a = ctx.args
    if a.seconds is not None and not 0 < a.seconds <= MAX_RECORD_SECONDS:
        raise InvalidInput(f"--seconds must be more than 0 and at most {MAX_RECORD_SECONDS:.0f}")
    device = int(a.device) if a.device and a.device.isdigit() else a.device
    meter = _Meter() if sys.stderr.isatty() and not a.json else None
    rec = Recorder(a.out, device=device, overwrite=a.force,
                   on_level=meter.show if meter else None)
    if not a.json:
        until = f"for {a.seconds:g} s" if a.seconds else "until you press Ctrl+C"
        print(f"Recording to {a.out} {until}…", file=sys.stderr, flush=True)
    try:
        take = rec.record(a.seconds)
    except KeyboardInterrupt:  # the way to end an open-ended take; the file is complete
        take = rec.info()
    finally:
        if meter:
            meter.done()
    if take.frames == 0:
        raise InvalidInput("stopped before any audio came in; nothing was saved")
    data = {"path": str(take.path), "seconds": take.seconds, "frames": take.frames,
            "overflows": take.overflows}
    note = (f" Some audio was lost {take.overflows} time(s): the computer was too busy."
            if take.overflows else "")
    ctx.emit(data, f"Saved {take.path}: {take.seconds:.1f} s.{note}")
    return 0


class _Meter:
    """A one-line level meter on a terminal."""

    def show(self, level) -> None:
        bars = int(max(0.0, level.rms_dbfs + 60.0) / 2)  # -60 dBFS .. 0 over 30 cells
        clip = " CLIP" if level.clipped else ""
        sys.stderr.write(f"\r{level.seconds:6.1f} s  [{'#' * bars:<30}] "
                         f"{level.rms_dbfs:6.1f} dBFS{clip}   ")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()
