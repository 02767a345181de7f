"""A disk that fills up while recording: the take is kept up to the last whole sample,
its header is right, and the user is told in one line."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

from coach.speech.wavio import load_audio, write_wav

WORKER = textwrap.dedent("""
    import resource, signal, sys
    from coach.errors import NoSpace
    from coach.speech.record import Recorder, WavSource

    # A file-size limit stands in for a full disk: writes past it fail as they would on a
    # full one (EFBIG instead of ENOSPC), and SIGXFSZ must not kill us first.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(
        resource.RLIMIT_FSIZE)[1]))
    try:
        Recorder(sys.argv[2], source=WavSource(sys.argv[1], paced=False)).record()
    except NoSpace as exc:
        print(exc)
        sys.exit(3)
    """)


def test_a_full_disk_stops_the_take_and_keeps_what_was_recorded(tmp_path):
    rng = np.random.default_rng(3)
    speech = (0.3 * rng.standard_normal(16000 * 4)).astype(np.float32)
    mic = tmp_path / "mic.wav"
    write_wav(mic, speech, 16000)
    take = tmp_path / "take.wav"
    limit = 44 + 2 * 16000 * 3 // 2 + 1  # room for 1.5 s and one byte of the next sample
    proc = subprocess.run([sys.executable, "-c", WORKER, str(mic), str(take), str(limit)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    message = proc.stdout.strip()
    assert len(message.splitlines()) == 1
    assert "disk is full" in message and "1.5 s" in message and str(take) in message
    assert take.stat().st_size == 44 + 2 * 16000 * 3 // 2  # the half sample was dropped
    pcm, rate = load_audio(take, rate=16000, dtype="int16")  # the header is right
    assert rate == 16000 and len(pcm) == 16000 * 3 // 2
    expected, _ = load_audio(mic, rate=16000, dtype="int16")
    assert np.array_equal(pcm, expected[: len(pcm)])  # what was said, sample for sample
