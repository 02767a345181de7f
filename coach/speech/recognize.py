"""Offline speech recognition: words with times, from SpeechRecognition `AudioData`.

Two engines, both local; no cloud recognizer is ever called.
- Whisper (faster-whisper, CTranslate2, int8, 2 threads): the default. The model is loaded
  once per process and reused (SpeechRecognition's own `recognize_faster_whisper` reloads
  it on every call, which would cost about a second per take).
- PocketSphinx through SpeechRecognition's `recognize_sphinx`: the fallback when
  faster-whisper cannot be imported. Weaker, but it always works.

Heavy imports happen inside functions so `callcoach --help` stays instant."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from coach.errors import Unavailable

RATE = 16000
WHISPER_THREADS = 2
WINDOW_S = 30.0  # Whisper hears 30 s at a time
SAMPLING_SEED = 1234


@dataclass
class Word:
    text: str  # as recognised, punctuation stripped, e.g. "um" or "I'm"
    start: float
    end: float
    probability: float = 1.0
    raw: str = ""  # the token as recognised, with punctuation ("so," vs "so")
    # Whisper's probability, at the step where it wrote this word, of writing a filled
    # pause ("um", "uh", "er"...) instead: high where it heard one and left it out.
    filler_before: float = 0.0
    filler_guess: str = ""  # the filled pause it weighed most there ("um", "er"...)

    @property
    def after(self) -> str:
        """The punctuation the recogniser wrote right after the word ("," "." "?"), or
        "": kept for showing what was said as sentences."""
        tail = self.raw.strip()
        at = tail.rfind(self.text) if self.text else -1
        return "".join(c for c in tail[at + len(self.text):] if c in AFTER_MARKS) if at >= 0 else ""


AFTER_MARKS = ".,?!;:…"


def to_audio_data(pcm: np.ndarray, rate: int = RATE):
    """Float PCM in [-1, 1] as SpeechRecognition `AudioData` (16-bit)."""
    import speech_recognition as sr

    pcm16 = (np.clip(np.asarray(pcm, dtype=np.float32), -1.0, 1.0) * 32767).astype("<i2")
    return sr.AudioData(pcm16.tobytes(), rate, 2)


def to_pcm(audio) -> np.ndarray:
    """`AudioData` (any rate/width) as 16 kHz float32 PCM; numpy arrays pass through."""
    if isinstance(audio, np.ndarray):
        return audio.astype(np.float32, copy=False)
    raw = audio.get_raw_data(convert_rate=RATE, convert_width=2)
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def _clean(token: str) -> str:
    return token.strip().strip(".,?!;:\"“”…").strip()


def drop_loops(words: list[Word], max_repeats: int = 2) -> list[Word]:
    """Cut recogniser loops: an n-gram (n ≤ 6) repeated back to back more than
    `max_repeats` times keeps only its first occurrence. People do say "no, no", but not
    the same six words three times running."""
    out: list[Word] = []
    i = 0
    keys = [w.text.lower() for w in words]
    while i < len(words):
        skipped = False
        for n in range(1, 7):
            gram = keys[i : i + n]
            if len(gram) < n:
                break
            reps = 1
            while keys[i + reps * n : i + (reps + 1) * n] == gram:
                reps += 1
            if reps > max_repeats:
                out.extend(words[i : i + n])
                i += reps * n
                skipped = True
                break
        if not skipped:
            out.append(words[i])
            i += 1
    return out


class WhisperEngine:
    """faster-whisper over a verified model. Build one with `whisper_engine()`."""

    def __init__(self, model_files):
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise Unavailable("faster-whisper is not installed") from exc
        self.name = model_files.name
        kwargs = {"files": dict(model_files.files)} if model_files.files else {}
        self._model = WhisperModel(
            str(model_files.folder),
            device="cpu",
            compute_type="int8",
            cpu_threads=WHISPER_THREADS,
            **kwargs,
        )
        # CTranslate2 models are not safe for concurrent generate() with one worker.
        self._lock = threading.Lock()
        self._steps = _StepDistributions(self._model)

    def recognize(self, audio, prompt: str | None = None) -> list[Word]:
        """Words of `audio` (AudioData or 16 kHz float PCM) with times in seconds."""
        pcm = to_pcm(audio)
        if len(pcm) < RATE // 10:
            return []
        with self._lock:
            # The temperature fallback samples; a fixed seed per call makes the same take
            # give the same report every time (and the benchmarks comparable).
            import ctranslate2

            ctranslate2.set_random_seed(SAMPLING_SEED)
            segments, _info = self._model.transcribe(
                pcm,
                language="en",
                beam_size=1,  # greedy: 2–3x faster than beam 5 and as good on short takes
                # Greedy first; a segment that loops ("I'm I'm I'm") fails the compression
                # check and is decoded again with a little sampling.
                temperature=(0.0, 0.4),
                word_timestamps=True,
                condition_on_previous_text=False,  # stops one hallucination feeding the next
                initial_prompt=prompt or None,
                vad_filter=False,  # the caller gates silence with its own energy check
                without_timestamps=True,
            )
            self._steps.clear()
            words = []
            for seg in segments:
                seg_words = []
                for w in seg.words or []:
                    text = _clean(w.word)
                    if text:
                        seg_words.append(
                            Word(text, float(w.start), float(w.end), float(w.probability), w.word)
                        )
                self._steps.mark_fillers(seg.tokens, seg_words)
                words += seg_words
                # Without timestamp tokens a 30 s window is one segment. faster-whisper then
                # seeks back to the last word's end and encodes the leftover tail as a whole
                # new window: a second full encoder pass that only ever adds hallucinations.
                # Audio that fits one window is done after its first segment.
                if len(pcm) <= WINDOW_S * RATE:
                    break
        return drop_loops(words)


FILLED_PAUSES = ("um", "uh", "er", "ah", "hmm", "erm", "mm")


class _StepDistributions:
    """What Whisper weighed at each step of its accepted decoding: the probability mass it
    gave to filled-pause tokens where it wrote a word instead.

    Whisper is trained on transcripts that leave disfluencies out, so even with a filler
    prompt it drops many "um"s it plainly heard; at those steps it still gives the filler
    token a sizeable share (measured: bench/RESULTS.md). faster-whisper does not hand the
    step distributions back, so the CTranslate2 model is wrapped and asked for them
    (`return_logits_vocab`) on every generate call; the call whose tokens became the
    segment is the one read."""

    def __init__(self, whisper_model):
        self._results: list = []
        inner = whisper_model.model
        steps = self

        class _Capturing:
            def __getattr__(self, name):
                return getattr(inner, name)

            def generate(self, *args, **kwargs):
                kwargs["return_logits_vocab"] = True
                results = inner.generate(*args, **kwargs)
                steps._results.extend(results)
                return results

        whisper_model.model = _Capturing()
        from faster_whisper.tokenizer import Tokenizer

        self._tokenizer = Tokenizer(whisper_model.hf_tokenizer, False, task="transcribe",
                                    language="en")
        ids = set()
        for f in FILLED_PAUSES:
            for form in (f, f.capitalize()):
                for spaced in (form, " " + form):
                    tokens = self._tokenizer.encode(spaced)
                    if len(tokens) == 1:
                        ids.add(tokens[0])
        self._filler_ids = np.array(sorted(ids))
        self._filler_names = [self._tokenizer.decode([i]).strip().lower()
                              for i in self._filler_ids]

    def clear(self) -> None:
        self._results.clear()

    def mark_fillers(self, tokens: list[int], words: list[Word]) -> None:
        """Set `filler_before` on `words` (one segment's, from `tokens`)."""
        result = next((r for r in reversed(self._results) if r.sequences_ids[0] == tokens),
                      None)
        if result is None or not result.logits or not words:
            return
        logits = result.logits[0]
        text = [t for t in tokens if t < self._tokenizer.eot]
        pieces, piece_tokens = self._tokenizer.split_to_word_tokens(text)
        mass, carried, k = [], (0.0, ""), 0
        for piece, toks in zip(pieces, piece_tokens, strict=True):
            lp = np.asarray(logits[k], dtype=np.float64)
            p = np.exp(lp - lp.max())
            fp = p[self._filler_ids]
            here = (float(fp.sum() / p.sum()), self._filler_names[int(fp.argmax())])
            k += len(toks)
            if not _clean(piece):  # punctuation on its own: its step counts for the next word
                carried = max(carried, here)
                continue
            mass.append((_clean(piece).lower(), max(here, carried)))
            carried = (0.0, "")
        # faster-whisper merged punctuation into words; match the two lists by their text
        import difflib

        ours = [m[0] for m in mass]
        theirs = [w.text.lower() for w in words]
        for a, b, n in difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False) \
                .get_matching_blocks():
            for j in range(n):
                words[b + j].filler_before, words[b + j].filler_guess = mass[a + j][1]


class SphinxEngine:
    """PocketSphinx (en-us) through SpeechRecognition's adapter; no fillers, rough times."""

    name = "pocketsphinx en-us"

    def recognize(self, audio, prompt: str | None = None) -> list[Word]:
        import speech_recognition as sr

        if isinstance(audio, np.ndarray):
            audio = to_audio_data(audio)
        try:
            decoder = sr.Recognizer().recognize_sphinx(audio, show_all=True)
        except sr.RequestError as exc:
            raise Unavailable(f"PocketSphinx is not usable: {exc}") from exc
        frate = 100.0  # pocketsphinx reports segments in 10 ms frames
        words = []
        for seg in decoder.seg():
            text = seg.word.split("(")[0]
            if text.startswith("<") or text.startswith("[") or text.startswith("++"):
                continue  # silence and noise markers
            words.append(Word(text, seg.start_frame / frate, (seg.end_frame + 1) / frate))
        return words


_engines: dict[str, object] = {}
_engines_lock = threading.Lock()


def whisper_engine(model_folder: str | None = None) -> WhisperEngine:
    """The process-wide Whisper engine for `model_folder` (None: the bundled model), loaded
    on first use. Raises ModelMismatch for a bundled file that fails its SHA-256 check."""
    from coach.speech import model

    key = str(model_folder or "")
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = WhisperEngine(model.resolve(model_folder))
            _engines[key] = engine
        return engine


def default_engine(model_folder: str | None = None):
    """Whisper if faster-whisper imports, else PocketSphinx. A model that fails its check is
    refused (the error propagates), never silently swapped for a weaker engine."""
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return SphinxEngine()
    return whisper_engine(model_folder)
