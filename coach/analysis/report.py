"""The practice report: what was said, when, and what to work on.

`Report.to_dict()` is the JSON that `callcoach analyze --json` prints (schema 1, documented
in the README, "The practice report"); the desktop app reads the same objects."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = 1


@dataclass
class SpokenWord:
    text: str
    start: float
    end: float
    filler: bool = False
    after: str = ""  # punctuation written after it ("," "." "?"), for showing the transcript


@dataclass
class Finding:
    kind: str  # "filler" | "weak_phrase" | "pause" | "pace"
    start: float
    end: float
    message: str
    text: str | None = None
    suggestion: str | None = None
    # a pace stretch's own pace, so the app can judge it by the user's own pace target
    words_per_minute: int | None = None

    def to_dict(self) -> dict:
        d = {"kind": self.kind}
        if self.text is not None:
            d["text"] = self.text
        d.update(start=round(self.start, 3), end=round(self.end, 3), message=self.message)
        if self.suggestion is not None:
            d["suggestion"] = self.suggestion
        if self.words_per_minute is not None:
            d["words_per_minute"] = self.words_per_minute
        return d


@dataclass
class LineResult:
    text: str
    said: bool
    start: float | None = None
    end: float | None = None


@dataclass
class Report:
    duration_s: float
    engine: str
    words: list[SpokenWord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lines: list[LineResult] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        def r(x):
            return None if x is None else round(x, 3)

        return {
            "schema": SCHEMA,
            "duration_s": round(self.duration_s, 2),
            "engine": self.engine,
            "words": [
                {"text": w.text, "start": r(w.start), "end": r(w.end), "filler": w.filler,
                 **({"after": w.after} if w.after else {})}
                for w in self.words
            ],
            "findings": [f.to_dict() for f in sorted(self.findings, key=lambda f: f.start)],
            "lines": [
                {"text": ln.text, "said": ln.said, "start": r(ln.start), "end": r(ln.end)}
                for ln in self.lines
            ],
            "metrics": dict(self.metrics),
        }

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


def empty_metrics() -> dict:
    return {
        "words_per_minute": None,
        "fillers_per_100_words": 0.0,
        "filler_count": 0,
        "longest_pause_s": 0.0,
        "longest_monologue_s": 0.0,
        "script_coverage": None,
        "other_focus": None,
        "speaking_time_s": 0.0,
    }


__all__ = ["SCHEMA", "Finding", "LineResult", "Report", "SpokenWord", "empty_metrics"]
