"""A realistic sample for the demo, screenshots and tests: Sam Rivera, applying for Data
Analyst at Northwind Analytics, who volunteered with Dana Reyes there; plus two other
applications at other stages, so the list and the advice show more than one situation."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import Application, Contact, PhoneComfort, Profile, Relationship, Stage


def business_days_ago(today: date, n: int) -> date:
    d = today
    while n > 0:
        d -= timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def seed(store, today: date | None = None) -> Application:
    """Add the sample to an empty store; returns the Northwind application."""
    today = today or date.today()
    store.save_profile(Profile(name="Sam Rivera", phone="555-201-4477",
                               phone_comfort=PhoneComfort.GREAT,
                               pitch="I help busy teams turn messy data into decisions "
                               "they can trust."))
    store.add_application(Application(
        company="Fabrikam Logistics", role="Reporting Analyst",
        date_sent=business_days_ago(today, 15), stage=Stage.INTERVIEWED,
        notes="Interviewed with Lee and the ops team; they liked the dashboard example.",
        contacts=[Contact(name="Lee Okafor", relationship=Relationship.HIRING_MANAGER,
                          title="Operations Manager", email="lee.okafor@fabrikam.example")],
    ))
    store.add_application(Application(
        company="Contoso Health", role="Junior BI Developer",
        date_sent=business_days_ago(today, 2), no_calls=True,
        contacts=[Contact(name="Morgan Lee", relationship=Relationship.HR,
                          title="Talent Partner", email="morgan.lee@contoso.example")],
    ))
    return store.add_application(Application(
        company="Northwind Analytics", role="Data Analyst",
        date_sent=business_days_ago(today, 6),
        notes="Saw the opening on their careers page; Dana's team is growing.",
        contacts=[
            Contact(name="Dana Reyes", relationship=Relationship.NETWORK, title="Analytics Lead",
                    how_we_know="we volunteered together at Code for Good",
                    email="dana.reyes@northwind.example"),
            Contact(name="Jordan Ellis", relationship=Relationship.ALLY, title="Receptionist",
                    phone="555-010-2200", how_we_know="answered when I called about parking "
                    "for the open day"),
        ],
    ))
