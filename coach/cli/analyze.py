"""`callcoach analyze TAKE.wav [--script FILE | --app ID [--variant V] [--keep]] [--json]`."""

from __future__ import annotations

from pathlib import Path

from coach.documents.targets import BY_KEY
from coach.errors import InvalidInput, NotFound

# Which script a take was analysed against: (application id, variant, saved version).
ScriptRef = tuple[int, str, int | None]


def register(sub) -> None:
    from coach.cli import add_json

    p = sub.add_parser("analyze", help="analyse a practice take offline: fillers, pauses, pace")
    p.add_argument("take", metavar="TAKE", help="the recording (WAV, FLAC, …)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--script", metavar="FILE", help="the script, one line per script line")
    src.add_argument("--app", metavar="APP_ID", help="use the script of this application")
    p.add_argument("--variant", metavar="V", help="which script variant (with --app)")
    p.add_argument("--keep", action="store_true", help="keep the take with the application "
                   "(with --app): a copy of the recording and its report, for History and "
                   "`callcoach print APP_ID --what report`")
    p.add_argument("--model", metavar="DIR", help="a faster-whisper model folder to use "
                   "instead of the bundled tiny.en")
    add_json(p)
    p.set_defaults(handler=run)


def _script_lines(ctx) -> tuple[list[str] | None, ScriptRef | None]:
    """The script lines to align to, and for --app which script they are: (application
    id, variant, saved version), for keeping the take with it."""
    a = ctx.args
    if a.variant and not a.app:
        raise InvalidInput("--variant needs --app")
    if a.keep and not a.app:
        raise InvalidInput("--keep needs --app: a take is kept with its application")
    if a.script:
        path = Path(a.script)
        if not path.is_file():
            raise NotFound(f"no such script file: {path}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path} is not a UTF-8 text file") from exc
        return [ln for ln in text.splitlines() if ln.strip()], None
    if a.app:
        return _app_script(ctx, a.app, a.variant)
    return None, None


def _app_script(ctx, app_id: str, variant: str | None) -> tuple[list[str], ScriptRef]:
    """The spoken lines of the application's current script, built the way `callcoach
    script` builds it (the advisor picks the contact and, unless given, the variant), and
    the saved version they are: read now, before the analysis, so a version the app saves
    meanwhile is not the one a kept take is filed under."""
    from coach.cli import parse_id
    from coach.cli.coaching import build_for

    number = parse_id(app_id, "application id")
    _app, _advice, script = build_for(ctx.store, number, variant, data_dir=ctx.data_dir)
    lines = [line for section in script.sections for line in section.lines if line.strip()]
    latest = ctx.store.latest_script(number, script.variant.value)
    return lines, (number, script.variant.value, latest.version if latest else None)


def run(ctx) -> int:
    from coach.analysis.pipeline import analyze
    from coach.speech.recognize import default_engine

    lines, of_script = _script_lines(ctx)
    _open_take(Path(ctx.args.take))
    # The model is built here, in the thread that runs it. Building it in a helper thread
    # (to overlap with framing the take) was measured: the analysis then cost 2.6-3x the CPU
    # (bench/RESULTS.md).
    engine = default_engine(ctx.args.model)
    report = analyze(ctx.args.take, lines, engine=engine)
    data = report.to_dict()
    if not ctx.args.keep:
        ctx.emit(data, lambda: _human(report))
        return 0
    from coach.takes import keep_copy

    app_id, variant, version = of_script
    take = keep_copy(ctx.store, ctx.data_dir, app_id, Path(ctx.args.take), data, variant,
                     version)
    ctx.emit({**data, "take_id": take.id},
             lambda: _human(report) + f"\nKept as take {take.id} of application {app_id}: "
                                      f"`callcoach print {app_id} --what report --pdf "
                                      f"REPORT.pdf` prints it.")
    return 0


def _open_take(path: Path) -> None:
    """Refuse a file that is clearly not a take before the model loads (seconds), and put
    right a take whose recording was interrupted, saying so: its header still says it is
    shorter than it is."""
    import sys

    from coach.speech.wavio import check_audio, repair_wav, wav_info

    check_audio(path)
    with open(path, "rb") as f:
        is_wav = f.read(4) in (b"RIFF", b"RF64")
    try:
        repaired = is_wav and repair_wav(path)
    except OSError:  # read-only: the analysis reads past the stale header all the same
        repaired = False
    if repaired:
        seconds = wav_info(path).frames / wav_info(path).rate
        print(f"callcoach: recovered an interrupted recording: {path} ({seconds:.1f} s, "
              "complete up to its last second)", file=sys.stderr)


def _human(report) -> str:
    m = report.metrics
    out = [f"{report.duration_s:.1f} s take, {len(report.words)} words ({report.engine})"]
    if not report.words:
        out.append("No speech found in this recording.")
        return "\n".join(out)
    if m.get("words_per_minute"):
        out.append(f"Pace: {BY_KEY['words_per_minute'].show(m['words_per_minute'])}")
    out.append(f"Fillers: {m['filler_count']} ({m['fillers_per_100_words']} per 100 words)")
    if m.get("script_coverage") is not None:
        out.append(f"Script lines said: {m['script_coverage'] * 100:.0f}%")
    for f in sorted(report.findings, key=lambda f: f.start):
        said = f"\u201c{f.text}\u201d: " if f.text and f.kind != "pace" else ""
        out.append(f"  {f.start:6.1f}s  {f.kind:11s} {said}{f.message}")
        if f.suggestion:
            out.append(f"           try: {f.suggestion}")
    for ln in report.lines:
        if not ln.said:
            out.append(f"  skipped line: {ln.text}")
    return "\n".join(out)
