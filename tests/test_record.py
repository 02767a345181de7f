"""Recording (and playing) with real audio: a WAV injected below the device layer, and a
fake ALSA microphone and speaker (the `file` plugin, configured in a test HOME) that
PortAudio sees as real devices. PortAudio reads the ALSA configuration once, when
sounddevice is imported, so everything that uses a fake device runs in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from coach.errors import InvalidInput
from coach.speech.record import Level, Recorder, WavSource, level_of
from coach.speech.wavio import load_audio, repair_wav, wav_info

from .conftest import REPO

FIXTURE = Path(__file__).parent / "fixtures" / "hello_take.wav"


def source_pcm() -> np.ndarray:
    return load_audio(FIXTURE, rate=16000, dtype="int16")[0]


def alsa_home(tmp_path: Path, infile: Path | None = None, outfile: str = "/dev/null") -> Path:
    """A HOME whose ~/.asoundrc makes the default ALSA device a fake microphone (reading
    raw 16-bit samples from `infile`) and a fake speaker (writing to `outfile`)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    lines = ["pcm.!default {", "  type file", '  slave.pcm "null"', f'  file "{outfile}"',
             '  format "raw"']
    if infile is not None:
        lines.append(f'  infile "{infile}"')
    (home / ".asoundrc").write_text("\n".join(lines + ["}", ""]))
    return home


def run(args: list[str], home: Path, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALSA")}
    env.update(HOME=str(home), CALLCOACH_DATA_DIR=str(home / "data"))
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout, **kw)


def run_cli(args: list[str], home: Path, **kw) -> subprocess.CompletedProcess:
    return run(["-m", "ui.launch", *args], home, **kw)


def has_devices(home: Path, kind: str) -> bool:
    key = "max_input_channels" if kind == "input" else "max_output_channels"
    r = run(["-c", "import sounddevice as sd; "
             f"print(sum(d['{key}'] > 0 for d in sd.query_devices()))"], home)
    return r.returncode != 0 or int(r.stdout.strip() or 0) > 0


# --- levels and the injected source ------------------------------------------------------


def test_levels_of_full_scale_sine_and_silence():
    sine = (np.sin(np.arange(1600) * 2 * np.pi / 16) * 32767).astype(np.int16)
    lv = level_of(sine, 0.1)
    assert -3.2 < lv.rms_dbfs < -2.8 and lv.peak_dbfs > -0.1 and lv.clipped
    quiet = level_of((sine // 100).astype(np.int16))
    assert -43.5 < quiet.rms_dbfs < -42.5 and not quiet.clipped
    assert level_of(np.zeros(1600, np.int16)).rms_dbfs == -100.0


def test_recording_injected_audio_writes_exactly_the_source(tmp_path):
    src = source_pcm()
    levels: list[Level] = []
    chunks: list[np.ndarray] = []
    out = tmp_path / "take.wav"
    rec = Recorder(out, source=WavSource(FIXTURE, paced=False), on_level=levels.append,
                   on_chunk=chunks.append)
    take = rec.record()
    assert take.frames == len(src) and take.path == out
    assert np.array_equal(load_audio(out, dtype="int16")[0], src)
    assert np.array_equal(np.concatenate(chunks), src)  # the live analyzer sees the same
    assert len(levels) == len(chunks) and levels[-1].seconds == pytest.approx(take.seconds)
    assert max(lv.rms_dbfs for lv in levels) > -30 > min(lv.rms_dbfs for lv in levels)
    assert wav_info(out).header_ok


def test_seconds_are_counted_in_samples(tmp_path):
    take = Recorder(tmp_path / "t.wav", source=WavSource(FIXTURE, paced=False)).record(1.25)
    assert take.frames == 20000 and wav_info(take.path).frames == 20000


def test_stop_from_another_thread_keeps_a_complete_take(tmp_path):
    rec = Recorder(tmp_path / "t.wav", source=WavSource(FIXTURE, paced=True))
    threading.Timer(0.6, rec.stop).start()
    t0 = time.monotonic()
    take = rec.record()
    assert time.monotonic() - t0 < 2.5 and 0.3 < take.seconds < 2.0  # the source is 2.9 s
    assert wav_info(take.path).header_ok
    assert np.array_equal(load_audio(take.path, dtype="int16")[0], source_pcm()[: take.frames])


def test_an_existing_take_is_never_overwritten_unasked(tmp_path):
    out = tmp_path / "mine.wav"
    out.write_bytes(b"the user's earlier take")
    with pytest.raises(InvalidInput, match="already exists"):
        Recorder(out, source=WavSource(FIXTURE, paced=False))
    assert out.read_bytes() == b"the user's earlier take"
    Recorder(out, source=WavSource(FIXTURE, paced=False), overwrite=True).record(0.5)
    assert wav_info(out).frames == 8000
    with pytest.raises(InvalidInput, match="WAV"):
        Recorder(tmp_path / "take.mp3", source=WavSource(FIXTURE, paced=False))


_KILLED = """
import sys, numpy as np
from coach.speech.record import Recorder, WavSource
src = WavSource(sys.argv[1], paced=True)
src.pcm = np.tile(src.pcm, 4)  # about 11 s, far longer than the test waits
started = []
def first(pcm):
    if not started:
        started.append(1)
        print("started", flush=True)
Recorder(sys.argv[2], source=src, on_chunk=first).record()
"""


def test_a_killed_recording_keeps_all_but_the_last_second(tmp_path):
    out = tmp_path / "killed.wav"
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED, str(FIXTURE), str(out)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started"
        t0 = time.monotonic()
        time.sleep(2.5)
        elapsed = time.monotonic() - t0
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    repair_wav(out)
    info = wav_info(out)
    assert info.header_ok
    assert info.frames >= (elapsed - 1.0) * 16000
    got = load_audio(out, dtype="int16")[0]
    assert np.array_equal(got, np.tile(source_pcm(), 4)[: len(got)])


# --- the fake ALSA microphone and speaker -----------------------------------------------


def test_cli_records_the_fake_microphone_sample_for_sample(tmp_path):
    src = source_pcm()
    raw = tmp_path / "mic.raw"
    raw.write_bytes(src.astype("<i2").tobytes())
    home = alsa_home(tmp_path, infile=raw)
    out = tmp_path / "take.wav"
    r = run_cli(["record", "--out", str(out), "--seconds", "2", "--json"], home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["frames"] == 32000
    got, rate = load_audio(out, dtype="int16")
    assert rate == 16000 and wav_info(out).header_ok
    assert np.corrcoef(got.astype(float), src[:32000].astype(float))[0, 1] > 0.999
    assert np.array_equal(got, src[:32000])
    # picking the microphone by name works too, and an existing take is refused
    r = run_cli(["record", "--out", str(out), "--seconds", "1", "--device", "default"], home)
    assert r.returncode == 2 and "already exists" in r.stderr
    r = run_cli(["record", "--out", str(out), "--seconds", "1", "--device", "default",
                 "--force"], home)
    assert r.returncode == 0 and "Saved" in r.stdout and wav_info(out).frames == 16000
    r = run_cli(["record", "--out", str(tmp_path / "x.wav"), "--device", "no-such-mic"], home)
    assert r.returncode == 2 and "no microphone matches 'no-such-mic'" in r.stderr
    assert not (tmp_path / "x.wav").exists()


def test_no_microphone_is_a_clear_error(tmp_path):
    home = tmp_path / "bare"
    home.mkdir()
    if has_devices(home, "input"):
        pytest.skip("this machine has a real microphone")
    out = tmp_path / "t.wav"
    r = run_cli(["record", "--out", str(out), "--seconds", "1"], home)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "callcoach: error: No microphone found. Connect one (or check it is switched on in "
        "the system sound settings) and try again."]
    assert not out.exists()


_PLAY = """
import sys, time
from coach.speech.playback import Player
p = Player(sys.argv[1])
paused = []
def at(t):
    if t >= 1.0 and not paused:
        paused.append(t)
        p.pause()  # from the audio thread: must only flag, never block
p.on_position = at
p.play()
while not paused:
    time.sleep(0.001)
time.sleep(0.05)
print(p.state, flush=True)
p.resume()
print(p.wait(10), p.state, round(p.duration, 3))
p.close()
"""


def _longest_zero_run(x: np.ndarray) -> int:
    z = np.concatenate([[0], (x == 0).astype(np.int8), [0]])
    d = np.diff(z)
    return int(np.max(np.flatnonzero(d == -1) - np.flatnonzero(d == 1), initial=0))


def test_player_pauses_and_resumes_through_a_fake_speaker(tmp_path):
    played = tmp_path / "speaker.raw"
    home = alsa_home(tmp_path, outfile=str(played))
    r = run(["-c", _PLAY, str(FIXTURE)], home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["paused", "True", "finished", "2.864"]
    x = load_audio(FIXTURE)[0]
    y = np.frombuffer(played.read_bytes(), dtype="<f4")  # what the "speaker" received
    # every sample played once, in order: the pause only inserted silence
    assert np.array_equal(y[y != 0], x[x != 0])
    assert _longest_zero_run(y) > _longest_zero_run(x) + 1600


_CLOSE = """
import sys, time
from coach.speech.playback import Player
p = Player(sys.argv[1])
held = []
def at(t):
    if t >= 1.0 and not held:
        held.append(t)
        p.pause()  # the fake speaker runs faster than real time: hold it mid-way
p.on_position = at
p.play()
while not held:
    time.sleep(0.001)
p.close()  # the page goes, mid-take
print(p.state, p.wait(0))
q = Player(sys.argv[1])
q.play()
print(q.wait(10), q.state)
q.close()  # after the end: it stays finished
print(q.state)
"""


def test_a_player_closed_mid_way_is_stopped_and_one_closed_after_the_end_finished(tmp_path):
    # The pages watch the state to turn "Stop" back into "Play" at the end (PlayWatch).
    home = alsa_home(tmp_path, outfile=str(tmp_path / "speaker.raw"))
    r = run(["-c", _CLOSE, str(FIXTURE)], home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["stopped", "True", "True", "finished", "finished"]


def test_no_speaker_is_a_clear_error(tmp_path):
    home = tmp_path / "bare"
    home.mkdir()
    if has_devices(home, "output"):
        pytest.skip("this machine has a real speaker")
    r = run(["-c", "from coach.speech.playback import Player; import sys; "
             f"Player({str(FIXTURE)!r})"], home)
    assert r.returncode == 1 and "Unavailable: No speaker or headphones found" in r.stderr
