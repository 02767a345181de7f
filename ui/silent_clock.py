"""SilentClock: what plays a line when no speaker is found. Rehearse lights the words up
by it and Role-play waits out the other side's line by it, at the voice's pace, as if
the audio were playing."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer


class SilentClock:
    """Stands in for a Player when no speaker is found: the same position, pause, resume
    and stop, kept by a timer, so the highlight still moves at the voice's pace."""

    def __init__(self, duration: float):
        self.duration = duration
        self.state = "ready"
        self._timer = QElapsedTimer()
        self._before = 0.0  # seconds played before the last resume

    @property
    def position(self) -> float:
        run = self._timer.elapsed() / 1000 if self.state == "playing" else 0.0
        return min(self.duration, self._before + run)

    def play(self) -> None:
        if self.state != "playing":
            self._timer.start()
            self.state = "playing"

    resume = play

    def pause(self) -> None:
        if self.state == "playing":
            self._before = self.position
            self.state = "paused"

    def stop(self) -> None:
        self._before = 0.0
        self.state = "stopped"

    close = stop
