"""Experiment: can a small learned frame classifier find filled pauses from the acoustics
alone, on voices it was not trained on?

    .venv/bin/python bench/filler_model.py --train DIR [DIR ...] --test DIR [DIR ...]
        [--human ../shared/eval/human] [--hidden 32]

Trains on the labelled synthetic takes of the --train folders (bench/synth sets) and
reports, on each --test folder, the filled pauses it finds (regions of frames it scores
as filler for >= MIN_S) against the labels with the scorer's 0.25 s collar, and the
regions it finds on the fluent human recordings (every one a false alarm). Nothing here
is used by the app; bench/RESULTS.md says what was measured."""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.analysis import signal  # noqa: E402

W = 12  # context frames each side (0.12 s)
MIN_S = 0.15
COLLAR = 0.25


def _window_mean(x: np.ndarray, w: int) -> np.ndarray:
    """Mean over [t - w, t + w] of a (n,) or (n, k) array, edges clipped."""
    x2 = x if x.ndim == 2 else x[:, None]
    c = np.concatenate([np.zeros((1, x2.shape[1])), np.cumsum(x2, axis=0)])
    n = len(x2)
    lo = np.clip(np.arange(n) - w, 0, n)
    hi = np.clip(np.arange(n) + w + 1, 0, n)
    out = (c[hi] - c[lo]) / (hi - lo)[:, None]
    return out if x.ndim == 2 else out[:, 0]


def features(pcm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(per-frame features, speech mask). Everything is normalised per take, so the
    classifier sees how a stretch differs from the speaker's own speech."""
    fr = signal.frames_of(pcm)
    mask, _floor = signal.speech_mask(fr)
    if not mask.any():
        return np.zeros((len(fr), 1)), mask
    cep = fr.cepstrum
    mu, sd = cep[mask].mean(0), cep[mask].std(0) + 1e-6
    c = (cep - mu) / sd
    e = (fr.energy_db - np.median(fr.energy_db[mask])) / 10.0
    voiced = (fr.f0 > 0).astype(float)
    logf0 = np.where(fr.f0 > 0, np.log(np.maximum(fr.f0, 1.0)), 0.0)
    med = np.median(logf0[fr.f0 > 0]) if (fr.f0 > 0).any() else 0.0
    rel_f0 = np.where(fr.f0 > 0, logf0 - med, 0.0)
    dc = np.vstack([np.zeros((1, c.shape[1])), np.abs(np.diff(c, axis=0))]).mean(1)
    df0 = np.concatenate([[0.0], np.abs(np.diff(logf0))]) * voiced
    df0 = np.where(df0 > 0.2, 0.2, df0)  # octave jumps are tracker errors
    feats = [
        c, _window_mean(c, W), _window_mean(c * c, W) - _window_mean(c, W) ** 2,
        e[:, None], _window_mean(e, W)[:, None],
        fr.voicing[:, None], _window_mean(voiced, W)[:, None],
        rel_f0[:, None], _window_mean(rel_f0, W)[:, None],
        _window_mean(dc, 3)[:, None], _window_mean(dc, W)[:, None],
        _window_mean(df0, W)[:, None] * 100,
        _window_mean(mask.astype(float), W * 2)[:, None],
    ]
    return np.hstack(feats), mask


def labelled(folder: str):
    for flac in sorted(glob.glob(str(Path(folder) / "*.flac"))):
        import soundfile as sf

        pcm, _ = sf.read(flac, dtype="float32")
        truth = json.loads(Path(flac[:-5] + ".json").read_text())
        x, mask = features(pcm)
        y = np.zeros(len(x))
        events = [ev for ev in truth["events"] if ev["type"] == "filler"]
        for ev in events:
            y[int(ev["start"] / signal.HOP): int(ev["end"] / signal.HOP) + 1] = 1.0
        yield Path(flac).stem, truth.get("voice", "?"), x, mask, y[: len(x)], events


class MLP:
    def __init__(self, d: int, hidden: int, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.w1 = rng.normal(0, 1 / np.sqrt(d), (d, hidden))
        self.b1 = np.zeros(hidden)
        self.w2 = rng.normal(0, 1 / np.sqrt(hidden), hidden)
        self.b2 = 0.0
        self.mu = np.zeros(d)
        self.sd = np.ones(d)

    def _h(self, x):
        return np.tanh(x @ self.w1 + self.b1)

    def predict(self, x):
        z = self._h((x - self.mu) / self.sd) @ self.w2 + self.b2
        return 1 / (1 + np.exp(-np.clip(z, -30, 30)))

    def fit(self, x, y, epochs: int = 30, lr: float = 3e-3, l2: float = 1e-4, seed: int = 0):
        self.mu, self.sd = x.mean(0), x.std(0) + 1e-6
        xs = (x - self.mu) / self.sd
        pos_w = (len(y) - y.sum()) / max(1.0, y.sum())  # balance the classes
        wts = np.where(y > 0.5, pos_w, 1.0)
        params = [self.w1, self.b1, self.w2, np.array([self.b2])]
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        rng = np.random.default_rng(seed)
        step = 0
        for _ in range(epochs):
            order = rng.permutation(len(xs))
            for k in range(0, len(xs), 512):
                idx = order[k: k + 512]
                xb, yb, wb = xs[idx], y[idx], wts[idx]
                h = np.tanh(xb @ self.w1 + self.b1)
                z = h @ self.w2 + params[3][0]
                p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
                g = (p - yb) * wb / len(idx)
                gw2 = h.T @ g + l2 * self.w2
                gb2 = np.array([g.sum()])
                gh = np.outer(g, self.w2) * (1 - h * h)
                gw1 = xb.T @ gh + l2 * self.w1
                gb1 = gh.sum(0)
                step += 1
                for i, gr in enumerate((gw1, gb1, gw2, gb2)):
                    m[i] = 0.9 * m[i] + 0.1 * gr
                    v[i] = 0.999 * v[i] + 0.001 * gr * gr
                    mh, vh = m[i] / (1 - 0.9 ** step), v[i] / (1 - 0.999 ** step)
                    params[i] -= lr * mh / (np.sqrt(vh) + 1e-8)
        self.b2 = float(params[3][0])
        return self


def regions(p: np.ndarray, mask: np.ndarray, thr: float) -> list[tuple[float, float]]:
    hot = (_window_mean(p, 5) > thr) & mask
    return [(a * signal.HOP, b * signal.HOP) for a, b in signal.runs(hot)
            if (b - a) * signal.HOP >= MIN_S]


def match(found, events):
    used, tp = set(), 0
    for s, e in found:
        k = next((k for k, ev in enumerate(events) if k not in used
                  and s < ev["end"] + COLLAR and e > ev["start"] - COLLAR), None)
        if k is not None:
            used.add(k)
            tp += 1
    return tp, len(found) - tp, len(events) - len(used)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--test", nargs="+", required=True)
    ap.add_argument("--human", default=str(ROOT.parent / "shared" / "eval" / "human"))
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--thr", type=float, nargs="+", default=[0.5, 0.7, 0.8, 0.9, 0.95])
    args = ap.parse_args(argv)
    xs, ys = [], []
    for folder in args.train:
        for _n, _v, x, mask, y, _e in labelled(folder):
            keep = mask | (y > 0)
            xs.append(x[keep])
            ys.append(y[keep])
    x, y = np.vstack(xs), np.concatenate(ys)
    print(f"train: {len(x)} speech frames, {int(y.sum())} filler frames", flush=True)
    model = MLP(x.shape[1], args.hidden).fit(x, y, epochs=args.epochs)
    for folder in args.test:
        takes = list(labelled(folder))
        for thr in args.thr:
            tot = np.zeros(3, int)
            per_voice: dict[str, np.ndarray] = {}
            for _n, voice, xt, mask, _y, events in takes:
                r = match(regions(model.predict(xt), mask, thr), events)
                tot += r
                per_voice.setdefault(voice, np.zeros(3, int))
                per_voice[voice] += r
            tp, fp, fn = tot
            pv = " ".join(f"{v}:{a}/{b}" for v, (a, b, _c) in sorted(per_voice.items()))
            print(f"{Path(folder).name:10s} thr={thr:.2f} TP={tp} FP={fp} FN={fn} "
                  f"P={tp / max(1, tp + fp):.2f} R={tp / max(1, tp + fn):.2f}  [TP/FP] {pv}",
                  flush=True)
    import soundfile as sf

    for thr in args.thr:
        n = 0
        for wav in sorted(glob.glob(str(Path(args.human) / "*.wav"))):
            from coach.analysis.audio import load_take

            xt, mask = features(load_take(wav))
            n += len(regions(model.predict(xt), mask, thr))
        print(f"human thr={thr:.2f}: {n} false fillers", flush=True)
    del sf


if __name__ == "__main__":
    main(sys.argv[1:])
