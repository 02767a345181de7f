"""Business days and call slots: the calendar arithmetic under the advisor's timing.

Weekday and month names are hard-coded so the words never depend on the process locale.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

SLOT_TIME = time(9, 30)
SLOT_END = time(11, 30)
# Not strftime's %A / %B: Qt sets the C locale from the desktop when the window opens, so
# those would put a German or French day into an English sentence.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def business_days_between(a: date, b: date) -> int:
    """Mon–Fri days after `a` up to and including `b` (Fri → Mon is 1, a day to itself 0);
    negative when `b` is before `a`."""
    if b < a:
        return -business_days_between(b, a)
    weeks, rest = divmod((b - a).days, 7)
    return weeks * 5 + sum((a.weekday() + i) % 7 < 5 for i in range(1, rest + 1))


def add_business_days(d: date, n: int) -> date:
    """The date `n` business days after `d` (before it when `n` is negative)."""
    step = 1 if n >= 0 else -1
    while n:
        d += timedelta(days=step)
        if d.weekday() < 5:
            n -= step
    return d


def on_or_after(d: date, weekdays) -> date:
    while d.weekday() not in weekdays:
        d += timedelta(days=1)
    return d


def next_slot(d: date, weekdays, after: datetime | None = None) -> datetime:
    """The first 9:30 slot on an allowed weekday on or after `d`; when `after` (now) is
    already past that day's window, the next allowed day instead."""
    slot = datetime.combine(on_or_after(d, weekdays), SLOT_TIME)
    if after is not None and after >= datetime.combine(slot.date(), SLOT_END):
        slot = datetime.combine(on_or_after(slot.date() + timedelta(days=1), weekdays),
                                SLOT_TIME)
    return slot


def day_name(d: date, short: bool = False) -> str:
    """'Tuesday' ('Tue')."""
    name = WEEKDAYS[d.weekday()]
    return name[:3] if short else name


def month_name(d: date, short: bool = False) -> str:
    """'November' ('Nov')."""
    name = MONTHS[d.month - 1]
    return name[:3] if short else name


def long_day(d: date) -> str:
    """'Tuesday 3 Nov'."""
    return f"{day_name(d)} {d.day} {month_name(d, short=True)}"


def short_day(d: date) -> str:
    """'Tue 3 Nov'."""
    return f"{day_name(d, short=True)} {d.day} {month_name(d, short=True)}"


def time_of_day(t: datetime) -> str:
    """'9:30', as the call window is written ('9:30–11:30')."""
    return f"{t.hour}:{t.minute:02d}"


def full_day(d: date, year: bool = False) -> str:
    """'Tuesday 3 November' ('Tuesday 3 November 2026')."""
    return f"{day_name(d)} {d.day} {month_name(d)}" + (f" {d.year}" if year else "")
