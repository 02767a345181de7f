"""The recording side of a practice take (Qt-free): it holds the Recorder,
feeds the live analyser when the recogniser is ready, and keeps the latest level and cue
for the page's timer to show. Callbacks arrive on the recording thread; the page reads
the plain attributes from the GUI thread (each is one assignment, so reads are whole)."""

from __future__ import annotations

import time

from coach.speech.record import Recorder
from ui.speechwork import ENGINES

CUE_GAP_S = 8.0  # at most one live cue this often: a nudge, never a dashboard
CUE_SHOW_S = 4.0


class RecordingSession:
    """A Recorder writing `path`, with its latest level kept for the page's timer. A
    subclass handles each chunk in `_on_chunk` (on the recording thread): the practice take
    feeds the live analyser, a role-play turn its end-of-turn listener."""

    def __init__(self, path, source=None, device=None):
        self.path = path
        self.level = None  # coach.speech.record.Level, the latest
        self.recorder = Recorder(path, device=device, on_level=self._on_level,
                                 on_chunk=self._on_chunk, source=source)

    @property
    def seconds(self) -> float:
        return self.recorder.seconds

    def record(self):
        return self.recorder.record()

    def stop(self) -> None:
        self.recorder.stop()

    def _on_level(self, level) -> None:  # the recording thread
        self.level = level

    def _on_chunk(self, pcm) -> None:  # the recording thread
        raise NotImplementedError


class TakeSession(RecordingSession):
    def __init__(self, path, lines: list[str], source=None, device=None, model_folder: str = ""):
        self.lines, self.model_folder = list(lines), model_folder
        self.cue = ""
        self.cue_at = 0.0
        self.line = -1  # the script line the speaker has reached (live transcript)
        self._backlog: list = []
        self._live = None
        super().__init__(path, source, device)

    # --- recording thread ------------------------------------------------------------------

    def _on_chunk(self, pcm) -> None:
        if self._live is None:
            engine = ENGINES.ready(self.model_folder)
            if engine is None:
                self._backlog.append(pcm)
                return
            from coach.analysis.live import LiveAnalyzer

            self._live = LiveAnalyzer(self.lines, engine=engine, on_event=self._on_event)
            for old in self._backlog:
                self._live.feed(old)
            self._backlog = []
        self._live.feed(pcm)

    def _on_event(self, event) -> None:
        if event.kind == "line":  # the script follows the voice; never a cue
            self.line = event.line
            return
        now = time.monotonic()
        if now - self.cue_at < CUE_GAP_S:
            return
        if event.kind == "filler":
            text = f"“{event.text}” just now — a short pause works just as well."
        elif event.kind == "pause":
            text = "A long pause — glance at the next line and carry on."
        else:
            return
        self.cue, self.cue_at = text, now

    def current_cue(self) -> str:
        return self.cue if time.monotonic() - self.cue_at < CUE_SHOW_S else ""

    # --- after stop (a worker) ---------------------------------------------------------------

    def finish(self) -> dict:
        """The report: the live analyser's (most of the take is already recognised), or the
        whole file's when the recogniser was not ready while recording."""
        if self._live is not None:
            return self._live.finish().to_dict()
        from coach.analysis.pipeline import analyze

        return analyze(str(self.path), self.lines,
                       engine=ENGINES.get(self.model_folder)).to_dict()
