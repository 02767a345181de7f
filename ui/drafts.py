"""Unsaved drafts, so nothing typed is lost.

A new application is only saved once it has a company and a role; until then what the
user typed is kept as JSON in the data folder (coach/drafts.py), survives leaving the form
or quitting, and comes back when they start a new application again. Earlier versions
kept it in QSettings; one found there is moved into the data folder the first time."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from coach import drafts
from coach.models import Application, Contact, Relationship, Stage

LEGACY_KEY = "drafts/new_application"  # where versions before 2026-12 kept it (QSettings)
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
    """The new-application draft of the data folder `data_dir` (None: drafts are not
    kept). `settings` is only read for a draft an earlier version left there."""

    def __init__(self, data_dir, settings=None):
        self.data_dir, self.settings = data_dir, settings

    def load(self, today: date) -> Application | None:
        if self.data_dir is None:
            return None
        text = drafts.read(self.data_dir)
        legacy = self._legacy()
        if legacy is not None:  # moved into the data folder once (the file wins)
            try:
                if text is None:
                    drafts.write(self.data_dir, legacy)
                self.settings.remove(LEGACY_KEY)
            except OSError:  # can't write the folder: use it from the settings meanwhile
                pass
            text = legacy if text is None else text
        return from_json(text, today) if text else None

    def keep(self, app: Application) -> str | None:
        """Keep `app` as the draft; returns what went wrong, if the folder can't be
        written (the form says so; what is on screen stays)."""
        if self.data_dir is None:
            return None
        try:
            if is_empty(app):
                drafts.clear(self.data_dir)
            else:
                drafts.write(self.data_dir, to_json(dataclasses.replace(app, id=None)))
        except OSError as exc:
            return f"couldn't keep a draft of this in {self.data_dir}: {exc.strerror or exc}"
        return None

    def clear(self) -> None:
        if self.data_dir is not None:
            try:
                drafts.clear(self.data_dir)
            except OSError:  # an unwritable folder: the saved application is what counts
                pass

    def _legacy(self) -> str | None:
        if self.settings is None or not self.settings.contains(LEGACY_KEY):
            return None
        text = self.settings.value(LEGACY_KEY, "")
        return text if isinstance(text, str) else ""
