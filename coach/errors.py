"""Errors a user can act on. The CLI prints their message as one line and exits 2;
the desktop app shows it in place. Anything else is a bug and is reported as such."""


class CoachError(Exception):
    """A problem with what the user asked for or gave us; the message says what to do."""


class NotFound(CoachError):
    pass


class InvalidInput(CoachError):
    pass


class TemplateProblem(CoachError):
    """A call-script template could not be loaded or rendered (names file, line, problem)."""


class Unavailable(CoachError):
    """A part of the machine we need is missing: TTS engine, microphone, model."""


class NoSpace(CoachError):
    """The disk (or the user's quota) is full: what was written so far is kept."""
