"""Three things to try next, from a practice report: concrete (they name the words or the
number), kind (what to do, not what went wrong), and most useful first. A take with little
to fix still gets three — habits that help any call — so the list is never a verdict."""

from __future__ import annotations

from collections import Counter

from coach.documents.targets import BANDS

GENERAL = [
    "Stand up and smile while you talk: it lifts your voice, and people can hear it.",
    "Keep the cue cards in front of you on the real call; glancing down is perfectly fine.",
    "Record one more take tomorrow and compare: a little practice often beats one long "
    "session.",
    "Before you dial, say the first line out loud once: the first words are the hardest.",
]


def tips(report: dict, count: int = 3, bands=BANDS) -> list[str]:
    """The `count` most useful tips for this take, judged by `bands` (the user's targets
    where they set their own), as the report's table beside them is."""
    by = {b.key: b for b in bands}
    m = report.get("metrics") or {}
    findings = report.get("findings") or []
    # A measure the report flags outside its target comes before fillers that are within
    # it: the tips explain what the table marks. A weak phrase always has its better line,
    # so it ranks with them.
    fillers_high = by["fillers_per_100_words"].status(
        _value(m, "fillers_per_100_words")) == "high"
    out = [t for t in (
        _skipped(report, m, by),
        _fillers(findings) if fillers_high else "",
        _pace(m, by),
        _weak(findings),
        _monologue(m, by),
        _focus(m, by),
        _pause(m, by),
        "" if fillers_high else _fillers(findings),
    ) if t]
    for tip in GENERAL:
        if len(out) >= count:
            break
        out.append(tip)
    return out[:count]


def _value(m: dict, key: str) -> float | None:
    v = m.get(key)
    return float(v) if isinstance(v, int | float) else None


def _skipped(report: dict, m: dict, by: dict) -> str:
    coverage = _value(m, "script_coverage")
    if coverage is None or by["script_coverage"].status(coverage) == "ok":
        return ""
    missed = [ln.get("text", "").strip() for ln in report.get("lines") or []
              if not ln.get("said") and ln.get("text", "").strip()]
    if not missed:
        return ""
    first = _short(missed[0])
    more = f" and {len(missed) - 1} other line{'s' if len(missed) > 2 else ''}" \
        if len(missed) > 1 else ""
    return (f"You skipped “{first}”{more}. Put a tick by each key point on your cards, "
            f"and glance down for the next one whenever you pause.")


def _fillers(findings: list[dict]) -> str:
    said = Counter((f.get("text") or "").strip().lower() for f in findings
                   if f.get("kind") == "filler")
    said.pop("", None)
    if not said:
        return ""
    counts = " and ".join(f"“{word}” {_times(n)}" for word, n in said.most_common(2))
    return (f"You said {counts}. When you feel one coming, close your lips and pause for a "
            f"beat — a short silence sounds calm and sure of itself.")


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _pace(m: dict, by: dict) -> str:
    band = by["words_per_minute"]
    wpm = _value(m, "words_per_minute")
    status = band.status(wpm)
    if status == "high":
        return (f"You spoke at about {band.show(wpm)}; {band.target()} is easy to "
                f"follow on the phone. Take a breath at each full stop — it slows you down "
                f"without feeling slow.")
    if status == "low":
        return (f"You spoke at about {band.show(wpm)}; a little more pace "
                f"({band.target()}) keeps it warm. Read each card aloud once before the "
                f"next take so the words come easily.")
    return ""


def _weak(findings: list[dict]) -> str:
    for f in findings:
        if f.get("kind") == "weak_phrase" and f.get("text"):
            better = (f.get("suggestion") or "").strip()
            if better:
                return f"Swap “{_short(f['text'])}” for “{_short(better)}”: it sounds sure " \
                       f"of itself without being pushy."
            return f"Try saying “{_short(f['text'])}” another way: {f.get('message', '')}"
    return ""


def _focus(m: dict, by: dict) -> str:
    v = _value(m, "other_focus")
    if by["other_focus"].status(v) != "low":
        return ""
    return ("Make it more about them: ask how they and their team are doing before you talk "
            "about yourself, then let them answer.")


def _pause(m: dict, by: dict) -> str:
    v = _value(m, "longest_pause_s")
    if by["longest_pause_s"].status(v) != "high":
        return ""
    return (f"Your longest pause was {v:.1f} seconds. If you lose your place, look at the key "
            f"point on the card and carry on — nobody minds a short pause.")


def _monologue(m: dict, by: dict) -> str:
    v = _value(m, "longest_monologue_s")
    if by["longest_monologue_s"].status(v) != "high":
        return ""
    return (f"You talked for {v:.0f} seconds without a break. Stop after each question and "
            f"let them answer: the call is for hearing what's going on.")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
