"""Frame-level acoustics of a take, in plain numpy: loudness, voicing and pitch, and the
spectral envelope. The voice-activity gate, the pause detector and the filled-pause
detector all read these, so a take is framed and transformed once.

Frames are 10 ms apart (HOP); every time in the analysis is a frame index times HOP."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16000
HOP = 0.010  # seconds between frames
HOP_N = int(RATE * HOP)
WIN_N = 640  # 40 ms: two periods of a 50 Hz voice, so low male pitch is still seen
_NFFT = 1024
_F0_MIN, _F0_MAX = 70.0, 400.0
_BANDS = 24  # mel bands for the envelope


@dataclass
class Frames:
    """Per-frame features; all arrays have one value (or row) per 10 ms frame."""

    energy_db: np.ndarray  # band energy (150–3800 Hz), dB
    voicing: np.ndarray  # normalised autocorrelation peak, 0..1
    f0: np.ndarray  # Hz, 0 where unvoiced
    cepstrum: np.ndarray  # (n, 12) mel-cepstrum without c0: the envelope's shape

    def __len__(self) -> int:
        return len(self.energy_db)


def _mel_matrix(n_bands: int, lo: float, hi: float) -> np.ndarray:
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def hz(m):
        return 700.0 * (10 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(lo), mel(hi), n_bands + 2))
    bins = np.fft.rfftfreq(_NFFT, 1.0 / RATE)
    fb = np.zeros((n_bands, len(bins)))
    for i in range(n_bands):
        a, b, c = edges[i], edges[i + 1], edges[i + 2]
        fb[i] = np.clip(np.minimum((bins - a) / (b - a), (c - bins) / (c - b)), 0, None)
    return fb


# Band-limited to the telephone band so a phone take and a studio take are judged alike.
_MEL = _mel_matrix(_BANDS, 150.0, 3800.0)
_DCT = np.cos(np.pi / _BANDS * (np.arange(_BANDS) + 0.5)[None, :] * np.arange(1, 13)[:, None])


def frames_of(pcm: np.ndarray, chunk: int = 2000) -> Frames:
    """Features of 16 kHz mono float `pcm`. Works in chunks of `chunk` frames so an hour-long
    take does not need gigabytes of scratch memory."""
    pcm = np.asarray(pcm, dtype=np.float32)
    n = n_frames(len(pcm))
    return concat([frames_between(pcm, s, min(n, s + chunk)) for s in range(0, n, chunk)])


def n_frames(n_samples: int) -> int:
    """How many complete analysis frames `n_samples` of audio hold."""
    return max(0, 1 + (n_samples - WIN_N) // HOP_N) if n_samples >= WIN_N else 0


def frames_between(pcm: np.ndarray, first: int, last: int) -> Frames:
    """Frames first..last-1 only; a live recording computes its frames as audio arrives,
    and they equal those of the whole take because every frame sees only its own window."""
    if last <= first:
        z = np.zeros(0)
        return Frames(z, z, z, np.zeros((0, 12)))
    return Frames(*_features(np.asarray(pcm, dtype=np.float32), first, last))


def concat(parts: list[Frames]) -> Frames:
    if not parts:
        return frames_between(np.zeros(0), 0, 0)
    return Frames(*(np.concatenate([getattr(p, k) for p in parts])
                    for k in ("energy_db", "voicing", "f0", "cepstrum")))


def _features(pcm: np.ndarray, first: int, last: int):
    idx = (np.arange(first, last) * HOP_N)[:, None] + np.arange(WIN_N)[None, :]
    x = pcm[idx].astype(np.float64)
    x -= x.mean(axis=1, keepdims=True)
    win = np.hanning(WIN_N)
    spec = np.fft.rfft(x * win, _NFFT)
    power = spec.real**2 + spec.imag**2
    bands = power @ _MEL.T + 1e-10
    energy_db = 10.0 * np.log10(bands.sum(axis=1))
    cep = np.log(bands) @ _DCT.T
    # Pitch: autocorrelation of the un-windowed frame, normalised by the energy of the two
    # overlapping parts, so a steady vowel scores near 1 whatever its loudness.
    full = np.fft.rfft(x, _NFFT * 2)
    ac = np.fft.irfft(full.real**2 + full.imag**2)[:, :WIN_N]
    lo, hi = int(RATE / _F0_MAX), int(RATE / _F0_MIN)
    seg = ac[:, lo:hi]
    lag = np.argmax(seg, axis=1) + lo
    rows = np.arange(len(x))
    csum = np.cumsum(x**2, axis=1)
    e_head = csum[rows, WIN_N - 1 - lag]
    e_tail = csum[:, -1] - csum[rows, lag - 1]
    peak = ac[rows, lag] / np.sqrt(e_head * e_tail + 1e-12)
    voicing = np.clip(peak, 0.0, 1.0)
    # Parabolic interpolation around the peak for sub-sample lag, hence smooth F0 tracks.
    l0 = np.clip(lag, lo + 1, hi - 2)
    a, b, c = ac[rows, l0 - 1], ac[rows, l0], ac[rows, l0 + 1]
    denom = a - 2 * b + c
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (a - c) / np.where(denom == 0, 1, denom), 0)
    f0 = RATE / (l0 + np.clip(shift, -1, 1))
    f0 = np.where(voicing > 0.5, f0, 0.0)
    return energy_db, voicing, f0, cep


def frame_time(i) -> float:
    """Start time (s) of frame `i`'s hop; frame centres sit 20 ms later, ignored at this scale."""
    return round(float(i) * HOP, 3)


def speech_mask(fr: Frames) -> tuple[np.ndarray, float]:
    """Which frames hold speech, by energy against the take's own noise floor.

    The floor is a low percentile of frame energy (every take has breaths and gaps); speech
    is what rises clearly above it. A hysteresis pair of thresholds keeps word-internal dips
    (stops, fricatives) inside speech. Returns the mask and the floor in dB."""
    e = fr.energy_db
    if len(e) == 0:
        return np.zeros(0, bool), 0.0
    floor = float(np.percentile(e, 10))
    top = float(np.percentile(e, 97))
    span = top - floor
    if span < 12.0:  # no part of the take stands out from its floor: silence or steady noise
        return np.zeros(len(e), bool), floor
    high = floor + max(9.0, 0.35 * span)
    low = floor + max(6.0, 0.2 * span)
    loud = e > high
    keep = e > low
    # Grow each loud frame's region while frames stay above the low threshold.
    mask = loud.copy()
    for i in range(1, len(e)):
        if keep[i] and mask[i - 1]:
            mask[i] = True
    for i in range(len(e) - 2, -1, -1):
        if keep[i] and mask[i + 1]:
            mask[i] = True
    return mask, floor


# A region starts at the first frame whose 40 ms window the sound has entered, and frames
# are timed at their window's start. Where the sound stands far above the floor, a sliver
# of it in the window's tail crosses the threshold, so the region begins about a window
# less a hop before the sound does; its end has no such lead (the sound leaves the
# window's start as it stops). On the clean synthetic takes each labelled pause ended 32 ms
# after the next region began (median of 176), and a pause of exactly a second measured
# 0.97 s. In noise (onsets 10-26 dB over the floor) the threshold needs more of the sound
# and the lead shrinks, while quiet word tails sink under the floor: there the regions
# are left as they are.
ONSET_LEAD_S = WIN_N / RATE - HOP
SHARP_ONSET_DB = 30.0
_ONSET_PEAK_S = 0.08  # where the onset's level is read: its first 80 ms


def onsets_as_heard(regions, fr: Frames, floor: float) -> list[tuple[float, float]]:
    """`regions` with each start moved to where its sound begins, where the sound rises
    SHARP_ONSET_DB over the floor; elsewhere as they are. For measuring silences."""
    out = []
    n = int(round(_ONSET_PEAK_S / HOP))
    for a, b in regions:
        i = int(round(a / HOP))
        head = fr.energy_db[i:i + n]
        if len(head) and float(head.max()) - floor >= SHARP_ONSET_DB and b - a > ONSET_LEAD_S:
            a = round(a + ONSET_LEAD_S, 3)
        out.append((a, b))
    return out


def envelope_step(fr: Frames, a: int, b: int) -> float:
    """Mean absolute frame-to-frame change of the mel cepstrum over frames a..b-1: how
    steadily a sound holds its spectral shape (a held "uhhh" low, a word moving from sound
    to sound high); 0 for fewer than two frames."""
    return float(np.mean(np.abs(np.diff(fr.cepstrum[a:b], axis=0)))) if b - a > 1 else 0.0


# A voice puts 10-20 dB more energy at 100 Hz-1 kHz than above 2.5 kHz, a filled pause
# too; kitchen clatter and clicks come within 5 dB of it or above (bench/RESULTS.md).
NOISE_HF_DB = -5.0


def sounds_like_noise(pcm: np.ndarray, start: float, end: float) -> bool:
    """Whether pcm[start:end] (seconds) has as much energy above 2.5 kHz as a voice could
    not: clatter, a click, a rustle."""
    return high_over_low_db(pcm, start, end) > NOISE_HF_DB


def high_over_low_db(pcm: np.ndarray, start: float, end: float) -> float:
    """Energy above 2.5 kHz over energy at 100 Hz-1 kHz in pcm[start:end] (seconds), dB;
    -inf for under 256 samples."""
    x = np.asarray(pcm[int(start * RATE) : int(end * RATE)], dtype=np.float64)
    if len(x) < 256:
        return float("-inf")
    power = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freq = np.fft.rfftfreq(len(x), 1 / RATE)
    low, high = power[(freq > 100) & (freq < 1000)].sum(), power[freq > 2500].sum()
    return float(10 * np.log10((high + 1e-12) / (low + 1e-12)))


# Silence in steady noise (a kitchen, a fan) is where no voice sounds: the energy map hears
# the noise as speech and a pause inside it goes unseen. A stretch of unvoiced frames is
# silence when the map heard VOICELESS_S or more of it, more than the unvoiced consonants
# at the edges of two words hold. VOICED is low enough for a breathy voice's word endings
# (0.4-0.5) and above the noise of clatter or hiss (0.2-0.3). bench/RESULTS.md, 8th session.
VOICELESS_S = 0.4
VOICED = 0.4
_VOICING_SMOOTH = 5  # frames: voicing averaged over 50 ms, so one aperiodic frame is no gap


def without_voiceless(mask: np.ndarray, fr: Frames) -> np.ndarray:
    """`mask` with the stretches in which no voice sounds taken out (VOICELESS_S)."""
    kernel = np.ones(_VOICING_SMOOTH) / _VOICING_SMOOTH
    voiced = np.convolve(fr.voicing, kernel, mode="same") >= VOICED
    out = mask.copy()
    for a, b in runs(~voiced):
        if mask[a:b].sum() * HOP >= VOICELESS_S:
            out[a:b] = False
    return out


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) frame index pairs of the True runs in `mask`, end exclusive."""
    if len(mask) == 0:
        return []
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


def speech_regions(mask: np.ndarray, bridge: float = 0.15, min_len: float = 0.06):
    """Speech runs in seconds, with gaps shorter than `bridge` closed (stop closures) and
    blips shorter than `min_len` (clicks) dropped."""
    out: list[list[float]] = []
    for s, e in runs(mask):
        t0, t1 = s * HOP, e * HOP
        if out and t0 - out[-1][1] < bridge:
            out[-1][1] = t1
        else:
            out.append([t0, t1])
    return [(round(a, 3), round(b, 3)) for a, b in out if b - a >= min_len]


class Segmenter:
    """Causal cuts of a take into pieces for the recogniser, decided frame by frame from the
    past only, so a live recording and the same file analysed afterwards are cut (and hence
    transcribed) identically. A cut needs a silence of CUT_SILENCE_S after at least
    MIN_SEGMENT_S of take; a piece never exceeds MAX_SEGMENT_S (one Whisper window, with room
    for the squeezed silences), cut at its quietest recent frame if it must."""

    MIN_SEGMENT_S = 8.0
    MAX_SEGMENT_S = 27.0
    CUT_SILENCE_S = 0.5
    ABOVE_FLOOR_DB = 10.0
    WARM_UP = 30  # frames heard before the noise floor is trusted

    def __init__(self):
        self._hist = np.zeros(240, dtype=np.int64)  # -100..+20 dB in 0.5 dB bins
        self._n = 0
        self.speech: list[bool] = []  # causal speech flag per frame
        self.cuts: list[int] = [0]  # frame indices where pieces start
        self._silent_run = 0
        self._energy: list[float] = []

    def _floor(self) -> float:
        target = max(1, int(0.10 * self._n))
        k = int(np.searchsorted(np.cumsum(self._hist), target))
        return max(-50.0, -100.0 + 0.5 * k)

    def _settle_warm_up(self) -> None:
        """Judge the warm-up frames against the floor now known, so a speaker who starts
        at once (a role-play answer, a take started mid-breath) keeps the first words.
        Still causal: it happens at the same frame live and from a file, seconds before
        any cut can read these flags."""
        floor = self._floor() + self.ABOVE_FLOOR_DB
        for j in range(self.WARM_UP):
            self.speech[j] = self._energy[j] > floor
        self._silent_run = 0
        for flag in reversed(self.speech):
            if flag:
                break
            self._silent_run += 1

    def push(self, energy_db: np.ndarray) -> list[int]:
        """Consume frame energies; returns the cut frame indices this call added."""
        added = []
        for e in np.asarray(energy_db, dtype=float):
            i = len(self.speech)
            self._hist[int(np.clip((e + 100.0) * 2, 0, 239))] += 1
            self._n += 1
            self._energy.append(float(e))
            is_speech = self._n > self.WARM_UP and e > self._floor() + self.ABOVE_FLOOR_DB
            self.speech.append(bool(is_speech))
            if self._n == self.WARM_UP + 1:
                self._settle_warm_up()
            self._silent_run = 0 if is_speech else self._silent_run + 1
            length = (i + 1 - self.cuts[-1]) * HOP
            if length >= self.MIN_SEGMENT_S and self._silent_run * HOP >= self.CUT_SILENCE_S:
                cut = i + 1 - self._silent_run // 2  # in the middle of the silence
            elif length >= self.MAX_SEGMENT_S:
                lo = max(self.cuts[-1] + 1, i - int(2.0 / HOP))
                cut = lo + int(np.argmin(self._energy[lo : i + 1]))
            else:
                continue
            if cut > self.cuts[-1]:
                self.cuts.append(cut)
                added.append(cut)
                self._silent_run = 0
        return added
