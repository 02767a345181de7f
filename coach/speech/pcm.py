"""Sample arrays, apart from any file: the rate the app records and analyses at, float
to 16-bit PCM, and resampling from one rate to another.
"""

from __future__ import annotations

import numpy as np

RATE = 16000  # what the recorder writes and the analysis reads


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float -1..1 to 16-bit PCM, clipped (int16 input passes through). Scaled by 32768,
    the inverse of how PCM is read, so PCM -> float -> PCM gives back the same samples."""
    if x.dtype == np.int16:
        return x
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def resample(x: np.ndarray, src: int, dst: int, block: int = 1 << 18) -> np.ndarray:
    """Resample mono float samples from `src` to `dst` Hz.

    Band-limits with a windowed-sinc low-pass below the lower Nyquist, then interpolates
    linearly. Good enough for speech (the analysis looks below 4 kHz) and, working in
    blocks, keeps memory flat for hour-long takes."""
    x = np.asarray(x, dtype=np.float32)
    if src == dst or len(x) == 0:
        return x.copy()
    cutoff = 0.45 * min(src, dst) / src  # as a fraction of the source rate
    taps = 63
    k = np.arange(taps) - (taps - 1) / 2
    h = (2 * cutoff * np.sinc(2 * cutoff * k) * np.hamming(taps)).astype(np.float32)
    h /= h.sum()
    pad = taps // 2
    n_out = int(len(x) * dst // src)
    out = np.empty(n_out, dtype=np.float32)
    step = src / dst
    for o0 in range(0, n_out, block):
        o1 = min(n_out, o0 + block)
        pos = np.arange(o0, o1) * step
        i0 = int(pos[0])
        i1 = min(len(x), int(pos[-1]) + 2)
        lo, hi = max(0, i0 - pad), min(len(x), i1 + pad)
        seg = np.convolve(x[lo:hi], h, mode="same")[i0 - lo: i1 - lo]
        out[o0:o1] = np.interp(pos - i0, np.arange(len(seg)), seg)
    return out
