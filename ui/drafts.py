"""Unsaved drafts kept in QSettings, so nothing typed is lost.

A new application is only saved once it has a company and a role; until then what the
user typed lives here (as JSON under one key), survives leaving the form or quitting,
and comes back when they start a new application again."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from coach.models import Application, Contact, Relationship, Stage

NEW_APPLICATION = "drafts/new_application"
CONTACT_FIELDS = ("name", "title", "phone", "email", "how_we_know", "referred_by")


def is_empty(app: Application) -> bool:
    contacts = any(getattr(c, f).strip() for c in app.contacts for f in CONTACT_FIELDS)
    return not (app.company.strip() or app.role.strip() or app.notes.strip() or contacts)


def to_json(app: Application) -> str:
    return json.dumps({
        "company": app.company, "role": app.role, "date_sent": app.date_sent.isoformat(),
        "stage": app.stage.value, "no_calls": app.no_calls, "notes": app.notes,
        "contacts": [{f: getattr(c, f) for f in CONTACT_FIELDS} |
                     {"relationship": c.relationship.value} for c in app.contacts]})


def from_json(text: str, today: date) -> Application | None:
    """The draft, or None when there is none or it can't be read (a damaged settings file
    must not stop the form from opening)."""
    try:
        d = json.loads(text)
        sent = min(date.fromisoformat(d.get("date_sent") or today.isoformat()), today)
        contacts = [Contact(relationship=Relationship(c.get("relationship", "network")),
                            **{f: str(c.get(f, "")) for f in CONTACT_FIELDS})
                    for c in d.get("contacts", [])]
        app = Application(company=str(d.get("company", "")), role=str(d.get("role", "")),
                          date_sent=sent, stage=Stage(d.get("stage", "applied")),
                          no_calls=bool(d.get("no_calls", False)),
                          notes=str(d.get("notes", "")), contacts=contacts)
    except (TypeError, ValueError, AttributeError):
        return None
    return None if is_empty(app) else app


class DraftStore:
    """The new-application draft in `settings` (None: drafts are not kept)."""

    def __init__(self, settings, key: str = NEW_APPLICATION):
        self.settings, self.key = settings, key

    def load(self, today: date) -> Application | None:
        if self.settings is None:
            return None
        text = self.settings.value(self.key, "")
        return from_json(text, today) if isinstance(text, str) and text else None

    def keep(self, app: Application) -> None:
        if self.settings is None:
            return
        if is_empty(app):
            self.clear()
        else:
            self.settings.setValue(self.key, to_json(dataclasses.replace(app, id=None)))

    def clear(self) -> None:
        if self.settings is not None:
            self.settings.remove(self.key)
