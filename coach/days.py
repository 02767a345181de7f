"""Business days and call slots: the calendar arithmetic under the advisor's timing.

Weekday and month names are hard-coded so the words never depend on the process locale.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

SLOT_TIME = time(9, 30)
SLOT_END = time(11, 30)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

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


def long_day(d: date) -> str:
    """'Tuesday 3 Nov'."""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"
