"""The target bands a practice take is measured against, in one place, so the printed
report and the desktop app judge a take the same way.

Pace matches the analysis (coach.analysis.detectors.PACE_LOW/PACE_HIGH: a comfortable
phone pace; a test keeps the two in step). The rest are rules of thumb for a short
follow-up call: a filler now and then is human, more than about 3 in 100 words is heard;
a silence under 3 s reads as thinking, longer as lost; most of the script said; and at
least half of the "you"/"I" words about the listener. Half a minute is about as long as
anyone should talk on such a call before the other person has a turn."""

from __future__ import annotations

from dataclasses import dataclass, replace

from coach.text import half_up


@dataclass(frozen=True)
class Band:
    key: str  # the metric's key in the report JSON
    label: str
    low: float | None  # inclusive
    high: float | None  # inclusive unless high_strict
    unit: str = ""  # "%" shows a 0–1 ratio as a percentage
    high_strict: bool = False
    too_low: str = ""  # kind words for a value outside the band
    too_high: str = ""
    zero: str = ""  # what a value of 0 means, when "0 s" would puzzle
    # Shown and judged as a whole number: "187.5 words a minute" is false precision, and
    # a pace shown as "170" must not be called fast because it was 170.4.
    whole: bool = False

    def status(self, value: float | None) -> str | None:
        """"low", "ok" or "high"; None when the take has no value for it."""
        if value is None:
            return None
        value = self.rounded(value)
        if self.low is not None and value < self.low:
            return "low"
        if self.high is not None and (value >= self.high if self.high_strict
                                      else value > self.high):
            return "high"
        return "ok"

    def rounded(self, value: float) -> float:
        return float(half_up(value)) if self.whole else value

    def show(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        value = self.rounded(value)
        if value == 0 and self.zero:
            return self.zero
        if self.unit == "%":
            return f"{value * 100:.0f}%"
        return f"{value:.1f} {self.unit}".strip() if value % 1 else f"{value:.0f} {self.unit}"

    def target(self) -> str:
        """The band in words: "110–170 words a minute", "under 3 s", "at least 90%"."""
        def fmt(v: float) -> str:
            return f"{v * 100:.0f}%" if self.unit == "%" else f"{v:g}"

        unit = "" if self.unit == "%" else f" {self.unit}"
        if self.low is not None and self.high is not None:
            return f"{fmt(self.low)}–{fmt(self.high)}{unit}"
        if self.high is not None:
            return f"{'under' if self.high_strict else 'at most'} {fmt(self.high)}{unit}"
        return f"at least {fmt(self.low)}{unit}"


BANDS: tuple[Band, ...] = (
    Band("words_per_minute", "Pace", 110, 170, "words a minute",
         too_low="a little slow", too_high="a little fast", whole=True),
    Band("fillers_per_100_words", "Fillers", None, 3, "per 100 words",
         too_high="more than target"),
    # The analysis reports silences of a second or more (detectors.PAUSE_S), so 0 is
    # "no such silence", not a take said without a breath.
    Band("longest_pause_s", "Longest pause", None, 3, "s", high_strict=True,
         too_high="a long pause", zero="none over 1 s"),
    Band("longest_monologue_s", "Longest stretch talking", None, 30, "s",
         too_high="let them talk sooner"),
    Band("script_coverage", "Script lines said", 0.9, None, "%",
         too_low="some lines skipped"),
    Band("other_focus", "Focus on them", 0.5, None, "%",
         too_low="more about you than them"),
)

BY_KEY = {b.key: b for b in BANDS}


def with_overrides(overrides: dict[str, tuple[float | None, float | None]]) -> tuple[Band, ...]:
    """BANDS with the user's own (low, high) for some keys; unknown keys are ignored, and a
    band whose low would be above its high keeps the usual values (a band nothing could
    meet would only discourage)."""
    out = []
    for band in BANDS:
        if band.key in overrides:
            low, high = overrides[band.key]
            if low is None or high is None or low <= high:
                band = replace(band, low=low, high=high)
        out.append(band)
    return tuple(out)


def judged(report: dict, bands: tuple[Band, ...] = BANDS) -> dict:
    """`report` as the user's own pace target sees it. The analysis marks stretches outside
    the usual 110–170 words a minute; one inside the user's range (say they set 190 as the
    most) is no finding for them, or "What to work on" would say "slow down" beside a table
    that says "in range". Reports kept before stretches carried their pace stay as they are."""
    pace = next(b for b in bands if b.key == "words_per_minute")

    def keep(f) -> bool:
        rate = f.get("words_per_minute") if isinstance(f, dict) else None
        if f.get("kind") != "pace" or not isinstance(rate, int | float):
            return True
        return pace.status(rate) == ("high" if f.get("text") == "fast" else "low")

    findings = report.get("findings") or []
    kept = [f for f in findings if not isinstance(f, dict) or keep(f)]
    return report if len(kept) == len(findings) else {**report, "findings": kept}


@dataclass
class Check:
    band: Band
    value: float | None
    status: str | None  # "low" | "ok" | "high" | None (not measured)

    @property
    def verdict(self) -> str:
        """Words, never only a colour: "in range", "a little fast", "not measured"."""
        if self.status is None:
            return "not measured"
        if self.status == "ok":
            return "in range"
        return self.band.too_low if self.status == "low" else self.band.too_high


def evaluate(metrics: dict, bands: tuple[Band, ...] = BANDS) -> list[Check]:
    """Every band against a report's metrics, in the bands' order."""
    out = []
    for band in bands:
        value = metrics.get(band.key)
        value = float(value) if isinstance(value, int | float) else None
        out.append(Check(band, value, band.status(value)))
    return out
