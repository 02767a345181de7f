"""The domain: what a job seeker tells us about an application and about themselves.

Plain dataclasses with no I/O, so the store, the advisor, the script builder, the CLI
and the Qt front end all speak the same language. Enum values are the words the CLI
accepts and the database stores, so they never change once released.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Stage(StrEnum):
    APPLIED = "applied"
    SCREENED = "screened"
    INTERVIEWED = "interviewed"
    OFFER = "offer"
    CLOSED = "closed"


class Relationship(StrEnum):
    NETWORK = "network"  # someone in the user's network: most likely to take the call
    ALLY = "ally"  # receptionist, assistant: will take a call and knows what is going on
    HIRING_MANAGER = "hiring-manager"
    HR = "hr"  # HR or recruiter, usually a stranger
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "network": "network contact",
            "ally": "ally (receptionist or assistant)",
            "hiring-manager": "hiring manager",
            "hr": "HR or recruiter",
            "unknown": "someone you don't know yet",
        }[self.value]


class PhoneComfort(StrEnum):
    GREAT = "great"
    OKAY = "okay"
    SO_SO = "so-so"


class Route(StrEnum):
    CALL = "call"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    WAIT = "wait"


class Outcome(StrEnum):
    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no-answer"
    EMAIL_SENT = "email-sent"
    LINKEDIN_SENT = "linkedin-sent"


class Variant(StrEnum):
    """Which call script (or written fallback) to build."""

    LIVE = "live"  # live call to a network contact
    GATEKEEPER = "gatekeeper"  # receptionist or assistant
    HIRING_MANAGER = "hiring-manager"
    HR = "hr"
    VOICEMAIL = "voicemail"
    EMAIL = "email"
    LINKEDIN = "linkedin"

    @property
    def spoken(self) -> bool:
        return self not in (Variant.EMAIL, Variant.LINKEDIN)


@dataclass
class Contact:
    name: str
    relationship: Relationship = Relationship.UNKNOWN
    title: str = ""
    phone: str = ""
    email: str = ""
    how_we_know: str = ""  # "we worked together at Acme", "met at the PyCon job fair"
    referred_by: str = ""
    id: int | None = None
    application_id: int | None = None


@dataclass
class Application:
    company: str
    role: str
    date_sent: date
    stage: Stage = Stage.APPLIED
    no_calls: bool = False  # the posting says "no calls, please"
    notes: str = ""
    contacts: list[Contact] = field(default_factory=list)
    id: int | None = None


@dataclass
class Profile:
    name: str = ""
    phone: str = ""
    phone_comfort: PhoneComfort = PhoneComfort.OKAY
    prefers_written: bool = False  # e.g. a speech condition; never questioned, only respected
    speaking_rate_wpm: int = 150
    pitch: str = ""  # the one line of what they bring, used as the script's value line


@dataclass
class CallLogEntry:
    """One real follow-up attempt (a call, a voicemail, an email sent)."""

    application_id: int
    when: date
    route: Route
    outcome: Outcome
    contact_id: int | None = None
    notes: str = ""
    next_step: str = ""
    next_date: date | None = None
    id: int | None = None


def to_dict(obj) -> dict:
    """JSON-ready dict of a model: enums as their values, dates as ISO strings."""

    def conv(v):
        if isinstance(v, StrEnum):
            return v.value
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return {k: conv(v) for k, v in dataclasses.asdict(obj).items()}


@dataclass
class Take:
    """One recorded practice attempt and its report (the report as its JSON dict)."""

    application_id: int
    audio_path: str
    report: dict | None = None
    variant: str = ""
    script_version: int | None = None
    created_at: str = ""  # ISO timestamp, set by the store
    id: int | None = None


@dataclass
class ScriptVersion:
    """A saved script text for one application and variant; every save is a new version."""

    application_id: int
    variant: str
    version: int
    text: str
    template_id: str = ""
    data: dict | None = None  # CallScript.to_dict() when it came from the builder
    created_at: str = ""
    id: int | None = None
