"""The practice-take analysis end to end on a labelled shared dev take, and on bad input.

Whisper is loaded once per process (recognize.whisper_engine caches it); the take is
analysed once per module. Accuracy figures live in bench/RESULTS.md, not here: these tests
check behaviour that must hold for any sane build."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from coach.cli import main

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
TAKE = "dev_manager_kwame__flite_slt__clean"  # 3 fillers, 1 weak phrase, a 2 s pause

pytestmark = pytest.mark.speech


def _need_dev():
    if not (DEV / f"{TAKE}.flac").is_file():
        pytest.skip(f"shared dev takes not found at {DEV} (the checkout's ../shared)")


@pytest.fixture(scope="module")
def engine():
    from coach.speech.recognize import whisper_engine

    return whisper_engine()


@pytest.fixture(scope="module")
def take():
    _need_dev()
    from coach.speech.wavio import load_audio

    pcm, rate = load_audio(DEV / f"{TAKE}.flac", rate=16000)
    truth = json.loads((DEV / f"{TAKE}.json").read_text())
    lines = (DEV / f"{TAKE}.script.txt").read_text().splitlines()
    return pcm, truth, lines


@pytest.fixture(scope="module")
def report(take, engine):
    from coach.analysis.pipeline import analyze

    pcm, _truth, lines = take
    return analyze(pcm, lines, engine=engine)


def _events(truth, kind):
    return [e for e in truth["events"] if e["type"] == kind]


def test_finds_the_labelled_fillers_near_their_onsets(report, take):
    _pcm, truth, _ = take
    got = report.of_kind("filler")
    for ev in _events(truth, "filler"):
        near = [f for f in got if abs(f.start - ev["start"]) <= 0.3]
        assert near, f"filler {ev['text']} at {ev['start']} not found in {got}"
        assert near[0].text in ("um", "uh", "er", "ah", "hmm")
    assert len(got) <= len(_events(truth, "filler")) + 1


def test_finds_the_pause_and_the_weak_phrase(report, take):
    _pcm, truth, _ = take
    (pause,) = _events(truth, "pause")
    found = [
        f for f in report.of_kind("pause") if f.start < pause["end"] and f.end > pause["start"]
    ]
    assert found and found[0].end - found[0].start >= 1.0
    (weak,) = _events(truth, "weak_phrase")
    hits = [f for f in report.of_kind("weak_phrase") if abs(f.start - weak["start"]) < 0.5]
    assert hits and hits[0].suggestion


def test_lines_metrics_and_json_shape(report, take):
    _pcm, truth, lines = take
    d = report.to_dict()
    assert d["schema"] == 1 and isinstance(d["engine"], str)
    assert [ln["said"] for ln in d["lines"]] == truth["said"]
    assert [ln["text"] for ln in d["lines"]] == [ln for ln in lines if ln.strip()]
    for w in d["words"]:
        assert set(w) - {"after"} == {"text", "start", "end", "filler"} and w["start"] <= w["end"]
    # the transcript keeps the recogniser's sentences: punctuation after words, none inside
    after = [w["after"] for w in d["words"] if "after" in w]
    assert "." in after and set("".join(after)) <= set(".,?!;:…")
    assert all(w["after"] and w["text"] for w in d["words"] if "after" in w)
    for f in d["findings"]:
        assert f["kind"] in ("filler", "weak_phrase", "pause", "pace")
        assert f["message"] and f["start"] <= f["end"]
    m = d["metrics"]
    true_wpm = truth["spoken_words"] / (truth["speech_end"] - truth["speech_start"]) * 60
    assert abs(m["words_per_minute"] - true_wpm) / true_wpm < 0.15
    assert m["script_coverage"] == pytest.approx(sum(truth["said"]) / len(truth["said"]))
    assert m["longest_pause_s"] >= 1.5
    assert 0 <= m["other_focus"] <= 1
    assert m["filler_count"] == len(report.of_kind("filler"))
    json.dumps(d)  # serialisable as is


def test_silence_and_steady_noise_give_an_empty_report(engine):
    from coach.analysis.pipeline import analyze

    rng = np.random.default_rng(0)
    for pcm in (np.zeros(16000 * 5, np.float32), 0.01 * rng.standard_normal(16000 * 5)):
        r = analyze(pcm.astype(np.float32), ["Hello there."], engine=engine)
        assert r.words == [] and r.findings == []
        assert [ln.said for ln in r.lines] == [False]
        assert r.metrics["words_per_minute"] is None


def _write_wav(path: Path, x: np.ndarray, rate: int) -> None:
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(pcm.shape[1] if pcm.ndim == 2 else 1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def test_stereo_44k_file_is_downmixed_and_resampled(tmp_path, take, capsys, engine):
    from coach.speech.wavio import resample

    pcm, truth, _ = take
    x = resample(pcm, 16000, 44100)
    stereo = np.stack([x, 0.5 * x], axis=1)
    wav = tmp_path / "stereo.wav"
    _write_wav(wav, stereo, 44100)
    script = tmp_path / "script.txt"
    script.write_text((DEV / f"{TAKE}.script.txt").read_text())
    assert main(["analyze", "--json", str(wav), "--script", str(script)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert abs(d["duration_s"] - len(pcm) / 16000) < 0.05
    assert [ln["said"] for ln in d["lines"]] == truth["said"]
    assert len([f for f in d["findings"] if f["kind"] == "pause"]) == 1


def test_the_plain_output_names_what_each_finding_heard(tmp_path, report, capsys):
    script = tmp_path / "script.txt"
    script.write_text((DEV / f"{TAKE}.script.txt").read_text())
    assert main(["analyze", str(DEV / f"{TAKE}.flac"), "--script", str(script)]) == 0
    out = capsys.readouterr().out
    weak = next(f for f in report.findings if f.kind == "weak_phrase")
    assert f"weak_phrase \u201c{weak.text}\u201d: {weak.message}" in out
    assert "filler      \u201cum\u201d: A filled pause." in out


@pytest.mark.parametrize(
    "content, name",
    [(b"this is not audio at all, just text\n" * 20, "notes.wav"),
     (b"", "empty.wav"),
     (b"RIFF\x24\x00\x00\x00WAVEfmt ", "truncated.wav"),
     (b"\x00\x01garbage" * 100, "take.flac")],
)
def test_bad_files_fail_with_one_line_and_exit_2(tmp_path, capsys, content, name):
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["analyze", "--json", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("callcoach: error:") and "\n" not in err and name in err


def test_missing_take_and_missing_script(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.wav")]) == 2
    assert "nope.wav" in capsys.readouterr().err
    wav = tmp_path / "short.wav"
    _write_wav(wav, np.zeros(1600, np.float32), 16000)
    assert main(["analyze", str(wav), "--script", str(tmp_path / "none.txt")]) == 2
    assert "none.txt" in capsys.readouterr().err


def test_overlong_take_is_refused_before_reading(tmp_path, capsys, monkeypatch):
    from coach.analysis import audio

    monkeypatch.setattr(audio, "MAX_SECONDS", 2)
    wav = tmp_path / "long.wav"
    _write_wav(wav, np.zeros(16000 * 3, np.float32), 16000)
    assert main(["analyze", str(wav)]) == 2
    assert "minutes" in capsys.readouterr().err


def test_live_analyzer_emits_fillers_and_ends_with_the_batch_report(take, report, engine):
    from coach.analysis import lexicon
    from coach.analysis.live import LiveAnalyzer

    pcm, truth, lines = take
    lexicon.sounds_alike.cache_clear()  # the batch report asked the same comparisons
    events = []
    live = LiveAnalyzer(lines, engine=engine, on_event=events.append)
    chunk = 1600  # 100 ms, as a recorder callback delivers
    for i in range(0, len(pcm), chunk):
        live.feed(pcm[i : i + chunk])
        if any(e.kind == "filler" for e in events):
            first_filler_at = i / 16000
            break
    assert any(e.kind == "filler" for e in events), "no live filler event"
    # The first filler (2.7 s) is reported once its piece ends, long before the take does.
    assert first_filler_at < len(pcm) / 16000 - 2
    for j in range(i + chunk, len(pcm), chunk):
        live.feed(pcm[j : j + chunk])
    before = lexicon.sounds_alike.cache_info()
    final = live.finish()
    # The weak-phrase finder's sound comparisons were made while the take came in: the
    # final report makes few new ones (the last piece's).
    after = lexicon.sounds_alike.cache_info()
    assert after.hits - before.hits > 2 * (after.misses - before.misses)
    assert any(e.kind == "pause" for e in events)
    # The teleprompter follows: "line" events move forward through the script and end on
    # the last line the report says was said.
    reached = [e.line for e in events if e.kind == "line"]
    assert reached and reached == sorted(reached) and len(set(reached)) == len(reached)
    said = [i for i, ln in enumerate(final.lines) if ln.said]
    assert len(reached) >= 2 and reached[-1] == said[-1]

    assert final.to_dict() == report.to_dict()


def test_a_take_analysed_with_keep_is_kept_with_its_application_and_prints(
        cli, store, data_dir, tmp_path, engine):
    _need_dev()
    source = DEV / f"{TAKE}.flac"
    assert cli("apps", "add", "--company", "Northwind", "--role", "Data Analyst",
               "--sent", "2026-11-20").code == 0
    app_id = store.list_applications()[0].id
    # without --keep nothing is stored, and nothing can be printed yet
    assert cli("analyze", str(source), "--app", str(app_id), "--json").code == 0
    assert store.list_takes(app_id) == []
    r = cli("print", str(app_id), "--what", "report", "--pdf", str(tmp_path / "r.pdf"))
    assert r.code == 2 and f"--app {app_id} --keep" in r.err

    r = cli("analyze", str(source), "--app", str(app_id), "--keep", "--json")
    assert r.code == 0, r.err
    data = r.json()
    (take,) = store.list_takes(app_id)
    assert data.pop("take_id") == take.id and take.report == data
    kept = Path(take.audio_path)
    assert kept.parent == data_dir / "takes" and kept.suffix == ".flac"
    assert kept.read_bytes() == source.read_bytes()  # a copy; the original stays put
    assert take.variant and take.script_version is not None
    pdf = tmp_path / "report.pdf"
    r = cli("print", str(app_id), "--what", "report", "--pdf", str(pdf))
    assert r.code == 0, r.err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_kept_take_is_filed_under_the_script_version_it_was_analysed_against(
        cli, store, data_dir, monkeypatch, engine):
    """The app may save an edited script while the CLI analyses (a minute's take takes
    seconds): the take belongs to the version whose lines it was aligned to."""
    _need_dev()
    from coach.analysis import pipeline

    assert cli("apps", "add", "--company", "Northwind", "--role", "Data Analyst",
               "--sent", "2026-11-20").code == 0
    app_id = store.list_applications()[0].id
    r = cli("script", str(app_id), "--json")
    assert r.code == 0, r.err
    variant = r.json()["variant"]
    (first,) = store.script_versions(app_id, variant)
    real = pipeline.analyze

    def edited_meanwhile(*args, **kwargs):
        store.save_script(app_id, variant, "Hello, an edited script.\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", edited_meanwhile)
    r = cli("analyze", str(DEV / f"{TAKE}.flac"), "--app", str(app_id), "--keep", "--json")
    assert r.code == 0, r.err
    (take,) = store.list_takes(app_id)
    assert store.latest_script(app_id, variant).text == "Hello, an edited script.\n"
    assert (take.variant, take.script_version) == (variant, first.version)


def test_keep_without_an_application_is_refused_before_any_work(cli, tmp_path, data_dir):
    wav = tmp_path / "take.wav"
    _write_wav(wav, np.zeros(16000, np.float32), 16000)
    r = cli("analyze", str(wav), "--keep")
    assert r.code == 2 and "--keep needs --app" in r.err and len(r.err.strip().splitlines()) == 1
    assert not (data_dir / "takes").exists()
