"""`callcoach voices | speak | record` from the command line: what works, and that every
user error is one line and exit code 2."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.speech.wavio import load_audio, wav_info
from coach.text import words

from .test_record import alsa_home, has_devices, run_cli

speech = pytest.mark.speech


def one_line_error(r, *fragments):
    assert r.code == 2, (r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("callcoach: error: "), r.err
    for f in fragments:
        assert f in lines[0]


@speech
def test_voices_lists_and_filters(cli):
    r = cli("voices", "--lang", "en", "--json")
    assert r.code == 0
    ids = [v["id"] for v in r.json()]
    assert "gmw/en-us" in ids and all(
        any(x.startswith("en") for x in v["languages"]) for v in r.json())
    text = cli("voices").out
    assert "gmw/en-us" in text and "English (America)" in text
    one_line_error(cli("voices", "--lang", "xx-nowhere"), "no voice for language")


@speech
def test_speak_text_to_wav(cli, tmp_path):
    out = tmp_path / "hello.wav"
    r = cli("speak", "--text", "Hi Dana, thanks for taking my call.", "--out", str(out),
            "--rate", "170", "--voice", "gmw/en-us")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith(f"Saved {out}: ") and "7 words at 170 words a minute" in r.out
    assert wav_info(out).header_ok and wav_info(out).frames > 0


@speech
def test_speak_json_has_word_timings(cli, tmp_path):
    r = cli("speak", "--text", "Thanks again, Priya.", "--out", str(tmp_path / "t.wav"),
            "--json")
    assert r.code == 0
    data = r.json()
    assert [w["word"] for w in data["word_timings"]] == ["Thanks", "again", "Priya"]
    assert data["played"] is False and data["rate"] == 150 and data["duration"] > 0.5


@speech
def test_speak_a_file_and_stdin(cli, tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("Hello, this is Jordan.\nCould you tell me the best time to call?\n")
    r = cli("speak", str(script), "--out", str(tmp_path / "f.wav"), "--json")
    assert r.code == 0 and len(r.json()["word_timings"]) == len(words(script.read_text()))
    r = cli("speak", "-", "--out", str(tmp_path / "s.wav"), "--json", stdin="Just checking in.")
    assert r.code == 0 and [w["word"] for w in r.json()["word_timings"]][-1] == "in"


@speech
def test_speak_an_applications_script_at_the_profile_rate(cli, tmp_path):
    assert cli("profile", "set", "--name", "Sam Ortiz", "--phone", "555-0134",
               "--rate", "165").code == 0
    app = cli("apps", "add", "--company", "Initech", "--role", "Data Engineer", "--sent",
              "2025-01-06", "--json").json()
    assert cli("contacts", "add", str(app["id"]), "--name", "Dana Kim", "--relationship",
               "network", "--how", "we worked together at Acme").code == 0
    script = cli("script", str(app["id"])).out
    r = cli("speak", str(app["id"]), "--out", str(tmp_path / "s.wav"), "--json")
    assert r.code == 0, r.err
    data = r.json()
    spoken = [w["word"] for w in data["word_timings"]]
    assert data["rate"] == 165 and "Dana" in spoken
    assert [w.lower() for w in spoken] == words(script)
    r = cli("speak", str(app["id"]), "--variant", "voicemail", "--out",
            str(tmp_path / "v.wav"), "--json")
    assert r.code == 0 and "555-0134" in [w["word"] for w in r.json()["word_timings"]]


@speech
@pytest.mark.parametrize("args, fragments", [
    (["--out", "x.wav"], ["APP_ID, FILE or --text"]),
    (["a.txt", "--text", "hi", "--out", "x.wav"], ["not more than one"]),
    (["--text", "hi", "--variant", "live", "--out", "x.wav"], ["--variant goes with APP_ID"]),
    (["--text", "hi", "--out", "x.wav", "--voice", "no-such-voice"], ["no-such-voice",
                                                                       "gmw/en"]),
    (["--text", "hi", "--out", "x.wav", "--rate", "20"], ["80-400"]),
    (["--text", "hi", "--out", "x.mp3"], ["should end in .wav"]),
    (["--text", "  ", "--out", "x.wav"], ["no text"]),
    (["missing.txt", "--out", "x.wav"], ["no such file"]),
    (["99", "--out", "x.wav"], ["99"]),
])
def test_speak_errors_are_one_line(cli, tmp_path, monkeypatch, args, fragments):
    monkeypatch.chdir(tmp_path)
    one_line_error(cli("speak", *args), *fragments)
    assert not (tmp_path / "x.wav").exists()


def test_record_argument_errors(cli, tmp_path):
    one_line_error(cli("record", "--out", str(tmp_path / "t.wav"), "--seconds", "0"),
                   "--seconds must be more than 0")
    one_line_error(cli("record", "--out", str(tmp_path / "t.wav"), "--seconds", "99999"))


@speech
def test_speak_and_play_through_a_fake_speaker(tmp_path):
    played = tmp_path / "speaker.raw"
    home = alsa_home(tmp_path, outfile=str(played))
    out = tmp_path / "p.wav"
    r = run_cli(["speak", "--text", "Talk soon.", "--out", str(out), "--play", "--json"], home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["played"] is True
    x = load_audio(out)[0]
    y = np.frombuffer(played.read_bytes(), dtype="<f4")
    assert np.array_equal(y[y != 0], x[x != 0])  # the speaker got the WAV, sample for sample


@speech
def test_play_without_a_speaker_keeps_the_wav(tmp_path):
    home = tmp_path / "bare"
    home.mkdir()
    if has_devices(home, "output"):
        pytest.skip("this machine has a real speaker")
    out = tmp_path / "p.wav"
    r = run_cli(["speak", "--text", "Talk soon.", "--out", str(out), "--play"], home)
    assert r.returncode == 2
    assert r.stdout.startswith(f"Saved {out}")
    assert r.stderr.strip().splitlines() == [
        "callcoach: error: No speaker or headphones found, so Call Coach cannot play audio. "
        f"The audio is saved in {out}."]
    assert wav_info(out).frames > 0
