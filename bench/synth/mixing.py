"""Recording conditions for synthetic takes, modelled on the dev set.

Measured on ../shared/eval/dev: clean takes are peak-normalised to 0.6 with digital silence
between pieces; pink12 has stationary pink noise about 12 dB below the active speech level;
phone has speech cut to roughly 300-3400 Hz (nothing above ~3.6 kHz) with full-band pink
noise about 19 dB down added afterwards. Here SNR is always taken against the *active*
speech level (mean power of the 20 ms frames within 25 dB of the loudest); measured the way
the dev takes were (frames well above the noise floor), the sets then agree within ~0.5 dB.
dishes10 adds the real kitchen noise in shared/eval/noise (not stationary: clatters come
and go, so 10 dB is an average).
"""
import numpy as np
from engines import SR, resample

CONDITIONS = ("clean", "pink12", "dishes10", "phone")
ACTIVE_DB = 25  # frames this close to the loudest count as active speech


def active_rms(x):
    frame = SR // 50
    f = x[:len(x) // frame * frame].reshape(-1, frame)
    rms = np.sqrt(np.mean(f ** 2, axis=1))
    keep = rms > rms.max() * 10 ** (-ACTIVE_DB / 20)
    return float(np.sqrt(np.mean(rms[keep] ** 2)))


def pink_noise(n, rng):
    """Gaussian noise with a 1/f power spectrum (-3 dB an octave) above 20 Hz, unit RMS."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spec[f < 20] = 0
    spec[f >= 20] /= np.sqrt(f[f >= 20])
    y = np.fft.irfft(spec, n)
    return y / np.sqrt(np.mean(y ** 2))


def add_noise(x, noise, snr_db):
    noise = noise / np.sqrt(np.mean(noise ** 2))
    return x + noise * active_rms(x) / 10 ** (snr_db / 20)


def telephone(x):
    """A narrowband call: 300-3400 Hz with gentle skirts, 8 kHz sampling and 8-bit mu-law."""
    f = np.fft.rfftfreq(len(x), 1 / SR)
    gain = np.ones_like(f)
    lo = (f >= 150) & (f < 300)
    gain[f < 150] = 0
    gain[lo] = 0.5 - 0.5 * np.cos(np.pi * (f[lo] - 150) / 150)
    hi = (f > 3300) & (f <= 3700)
    gain[hi] = 0.5 + 0.5 * np.cos(np.pi * (f[hi] - 3300) / 400)
    gain[f > 3700] = 0
    band = np.fft.irfft(np.fft.rfft(x) * gain, len(x))
    narrow = resample(band, SR, 8000)
    scale = np.abs(narrow).max() / 0.9
    mu = 255.0
    c = np.sign(narrow / scale) * np.log1p(mu * np.abs(narrow / scale)) / np.log1p(mu)
    c = np.round(c * 127) / 127
    narrow = np.sign(c) * np.expm1(np.abs(c) * np.log1p(mu)) / mu * scale
    wide = resample(narrow, 8000, SR)
    return np.pad(wide, (0, max(0, len(x) - len(wide))))[:len(x)]


def apply_condition(x, condition, rng, dishes):
    """Return the take as recorded under `condition`, and what was done to it."""
    if condition == "clean":
        y, info = x.copy(), {}
    elif condition == "pink12":
        y, info = add_noise(x, pink_noise(len(x), rng), 12.0), {"snr_db": 12.0, "noise": "pink"}
    elif condition == "dishes10":
        off = int(rng.integers(len(dishes)))
        y = add_noise(x, np.take(dishes, np.arange(off, off + len(x)), mode="wrap"), 10.0)
        info = {"snr_db": 10.0, "noise": "doing_the_dishes", "noise_offset_s": round(off / SR, 2)}
    elif condition == "phone":
        snr = float(rng.uniform(16, 20))
        y = add_noise(telephone(x), pink_noise(len(x), rng), snr)
        info = {"snr_db": round(snr, 1), "noise": "pink", "band_hz": [300, 3400]}
    else:
        raise ValueError(f"unknown condition {condition!r}")
    peak = np.abs(y).max()
    if peak > 0.98:
        y *= 0.98 / peak
    return y, info


def find_silences(x, min_seconds, below_db=45):
    """(start, end) seconds of runs of 5 ms frames more than `below_db` under the loudest
    frame, lasting min_seconds or more (Festival's low hiss counts as silence, as it should)."""
    frame = SR // 200
    n = len(x) // frame
    rms = np.sqrt(np.mean(x[:n * frame].reshape(n, frame) ** 2, axis=1))
    quiet = np.concatenate([[0], (rms < rms.max() * 10 ** (-below_db / 20)).astype(np.int8), [0]])
    edges = np.diff(quiet)
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return [(s * frame / SR, e * frame / SR) for s, e in zip(starts, ends, strict=True)
            if e - s >= min_seconds * SR / frame]
