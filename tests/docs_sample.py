"""Sample data for the document tests: an application, a practice report."""

from __future__ import annotations

from datetime import date, datetime

from coach.models import Application, Contact, PhoneComfort, Profile, Relationship

NOW = datetime(2026, 11, 10, 8, 0)  # a Tuesday morning


def flat(text: str) -> str:
    """Plain text with its line wrapping undone."""
    return " ".join(text.split())


def add_app(store, company="Northwind Analytics", role="Data Analyst", name="Dana Reyes",
            how="we volunteered together at Code for Good", phone="555-010-2200",
            sent=date(2026, 11, 2), **kw) -> Application:
    store.save_profile(Profile(name="Sam Rivera", phone="555-201-4477",
                               phone_comfort=kw.pop("comfort", PhoneComfort.GREAT)))
    contact = Contact(name=name, relationship=Relationship.NETWORK, title="Analytics Lead",
                      phone=phone, how_we_know=how, email="dana@example.com")
    return store.add_application(Application(company=company, role=role, date_sent=sent,
                                             contacts=[contact], **kw))


def report(wpm=150.0, fillers=2.0, pause=1.2, coverage=0.95, focus=0.6, monologue=20.0,
           findings=None, said=(True, True, False)) -> dict:
    words = [{"text": t, "start": i * 0.4, "end": i * 0.4 + 0.3, "filler": t in ("um", "uh")}
             for i, t in enumerate("Hi Dana um I just wanted to ask how things are".split())]
    if findings is None:
        findings = [
            {"kind": "filler", "text": "um", "start": 0.8, "end": 1.1,
             "message": "A filled pause."},
            {"kind": "weak_phrase", "text": "just wanted to", "start": 1.6, "end": 2.7,
             "message": "Sounds apologetic.", "suggestion": "I'd love to"},
            {"kind": "pause", "start": 3.5, "end": 7.0, "message": "A 3.5-second pause."},
        ]
    lines = [{"text": t, "said": s, "start": None, "end": None}
             for t, s in zip(["Hi Dana, it's Sam.", "How are things?", "Could I ask your "
                              "advice?"], said, strict=True)]
    return {"schema": 1, "duration_s": 12.5, "engine": "test", "words": words,
            "findings": findings, "lines": lines,
            "metrics": {"words_per_minute": wpm, "fillers_per_100_words": fillers,
                        "filler_count": 1, "longest_pause_s": pause,
                        "longest_monologue_s": monologue, "script_coverage": coverage,
                        "other_focus": focus}}
