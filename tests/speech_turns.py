"""The user's turns of a role-play call, spoken once with the installed text-to-speech
(shared by the core's and the page's role-play tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import Unavailable

USER_VOICE = "gmw/en-us"


def render_turns(folder: Path, texts: dict[str, str], voice: str = USER_VOICE,
                 rate: int = 160) -> dict[str, Path]:
    """Each text as a WAV in `folder`, by name; skips the tests without text-to-speech."""
    from coach.speech.tts import speaker

    try:
        sp = speaker()
        sp.voices()
    except Unavailable as exc:
        pytest.skip(str(exc))
    return {name: sp.render(text, Path(folder) / f"{name}.wav", voice=voice, rate=rate,
                            timings=None).path for name, text in texts.items()}
