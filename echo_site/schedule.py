"""Schedule rules: "every 2 weeks on thursday", "every 1 month on first and third wednesday"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from .model import ScheduleRule

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
MAX_SESSIONS = 1000
MAX_YEARS = 10
_EVERY = re.compile(r"^(?:every\s+)?(\d+)?\s*(week|month)s?$")
_EVERY_WORDS = {
    "weekly": (1, "week"),
    "week": (1, "week"),
    "biweekly": (2, "week"),
    "fortnightly": (2, "week"),
    "other week": (2, "week"),
    "every other week": (2, "week"),
    "monthly": (1, "month"),
    "month": (1, "month"),
    "other month": (2, "month"),
    "every other month": (2, "month"),
}


class ScheduleError(ValueError):
    """A rule an editor wrote that cannot be read; carries what to write instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class DayRule:
    """A weekday, and for monthly rules which one of the month (1-5, or -1 for the last)."""

    weekday: int
    ordinal: int | None


def parse_every(text: str) -> tuple[int, str]:
    """Read "2 weeks" as (2, "week")."""
    cleaned = " ".join(str(text).lower().split())
    if cleaned in _EVERY_WORDS:
        return _EVERY_WORDS[cleaned]
    match = _EVERY.match(cleaned)
    if match:
        count = int(match.group(1) or 1)
        if 1 <= count <= 52:
            return count, match.group(2)
    raise ScheduleError(
        f"{text!r} is not a repeat the schedule understands",
        "write every: 1 week, every: 2 weeks, every: 1 month or every: 3 months",
    )


def parse_on(text: str, unit: str) -> tuple[DayRule, ...]:
    """Read "thursday" (weekly) or "first and third wednesday" (monthly)."""
    words = [
        w for w in re.split(r"[\s,]+", str(text).lower()) if w and w not in ("and", "&", "the")
    ]
    weekdays = [day for day in map(_weekday, words) if day is not None]
    ordinals = [ORDINALS[w] for w in words if w in ORDINALS]
    unknown = [w for w in words if _weekday(w) is None and w not in ORDINALS]
    if unknown or not weekdays:
        raise ScheduleError(
            f"{text!r} is not a day the schedule understands",
            "write a weekday such as on: thursday, or for monthly courses on: first tuesday",
        )
    if unit == "week":
        if ordinals:
            raise ScheduleError(
                f"'{text}' names a week of the month, but the course repeats every few weeks",
                f"write on: {WEEKDAYS[weekdays[0]]}, or use every: 1 month",
            )
        return tuple(DayRule(day, None) for day in sorted(set(weekdays)))
    if not ordinals:
        day = WEEKDAYS[weekdays[0]]
        raise ScheduleError(
            f"a monthly schedule needs to say which {day} of the month",
            f"write on: first {day}, on: first and third {day} or on: last {day}",
        )
    if len(weekdays) != 1:
        raise ScheduleError(
            f"'{text}' names more than one weekday for a monthly schedule",
            "use one weekday, like on: first and third wednesday",
        )
    return tuple(DayRule(weekdays[0], ordinal) for ordinal in sorted(set(ordinals), key=_order))


def expand(rule: ScheduleRule) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    """Return the rule's session dates, and the `except` dates that are not dates of the rule."""
    days = parse_on(rule.on, rule.unit)
    skipped = set(rule.except_dates)
    horizon = rule.ends or dt.date(rule.starts.year + MAX_YEARS, rule.starts.month, 28)
    candidates = (
        _weekly(rule, days, horizon) if rule.unit == "week" else _monthly(rule, days, horizon)
    )
    dates: list[dt.date] = []
    matched: set[dt.date] = set()
    for day in candidates:
        if day in skipped:
            matched.add(day)
            continue
        dates.append(day)
        if (rule.count is not None and len(dates) >= rule.count) or len(dates) >= MAX_SESSIONS:
            break
    unmatched = tuple(sorted(skipped - matched))
    return tuple(dates), unmatched


def _weekly(rule: ScheduleRule, days: tuple[DayRule, ...], horizon: dt.date) -> Iterator[dt.date]:
    wanted = {d.weekday for d in days}
    first = next(
        rule.starts + dt.timedelta(n)
        for n in range(7)
        if (rule.starts + dt.timedelta(n)).weekday() in wanted
    )
    first_week = first - dt.timedelta(first.weekday())
    day = first
    while day <= horizon:
        weeks = (day - first_week).days // 7
        if day.weekday() in wanted and weeks % rule.every == 0:
            yield day
        day += dt.timedelta(1)


def _monthly(rule: ScheduleRule, days: tuple[DayRule, ...], horizon: dt.date) -> Iterator[dt.date]:
    year, month = rule.starts.year, rule.starts.month
    anchor = None
    while dt.date(year, month, 1) <= horizon:
        in_month = sorted(d for d in (_nth_weekday(year, month, r) for r in days) if d)
        in_month = [d for d in in_month if rule.starts <= d <= horizon]
        if in_month and anchor is None:
            anchor = year * 12 + month
        if anchor is not None and (year * 12 + month - anchor) % rule.every == 0:
            yield from in_month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _nth_weekday(year: int, month: int, rule: DayRule) -> dt.date | None:
    first = dt.date(year, month, 1)
    offset = (rule.weekday - first.weekday()) % 7
    matches = [first + dt.timedelta(offset + 7 * n) for n in range(5)]
    matches = [d for d in matches if d.month == month]
    assert rule.ordinal is not None
    if rule.ordinal == -1:
        return matches[-1]
    return matches[rule.ordinal - 1] if rule.ordinal <= len(matches) else None


def _weekday(word: str) -> int | None:
    word = word.rstrip("s") if word.endswith("days") else word
    for index, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    return None


def _order(ordinal: int) -> int:
    return 99 if ordinal == -1 else ordinal


# -- dates far from the rest of their series ---------------------------------------------------

# A stray session whose year alone is wrong is reported once it is six weeks and twice the
# series' longest break away from the others; one that no change of year explains, once it is
# half a year and four times that break away. Both scale with the longest break, so a series
# with a summer break tolerates a longer one at its ends.
YEAR_TYPO_DAYS = 42
FAR_DAYS = 182


@dataclass(frozen=True)
class StrayDate:
    """A session date far from its series, with the date it would have with the series' year."""

    index: int  # into the dates given
    days: int  # from the nearest session of the series
    after: bool  # after the series (else before it)
    likely: dt.date | None  # the same day in the year that fits the series, when one does


def stray_dates(dates: list[dt.date]) -> list[StrayDate]:
    """Find sessions that sit far outside their course's series, most likely by a typo.

    The sorted dates are split at their longest gap. The smaller side (fewer sessions than the
    series, which needs three) is stray when the gap is much longer than any break within the
    series and either a change of year alone puts its dates inside the series, on days where the
    series has no session (a year typo: 2025-01-14 written in January 2026), or it is one or two
    sessions more than half a year away. Weekly, biweekly and monthly series with skipped weeks,
    holiday and summer breaks, and two school years in one file, are never stray.
    """
    if len(dates) < 4:
        return []
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    gaps = [(dates[b] - dates[a]).days for a, b in pairwise(order)]
    split = max(range(len(gaps)), key=lambda i: gaps[i]) + 1
    before, after = order[:split], order[split:]
    stray, series = (before, after) if len(before) < len(after) else (after, before)
    if len(stray) == len(series) or len(series) < 3:
        return []
    others = sorted(dates[i] for i in series)
    breaks = sorted((b - a).days for a, b in pairwise(others))
    longest = max(breaks[-1], 7)
    typical = breaks[len(breaks) // 2]
    gap = gaps[split - 1]
    moved = _year_typo([dates[i] for i in stray], others, longest, max(typical // 2, 1))
    if not (moved and gap > max(YEAR_TYPO_DAYS, 2 * longest)):
        moved = None
        if len(stray) > 2 or gap <= max(FAR_DAYS, 4 * longest):
            return []
    late = stray is after
    nearest = others[-1] if late else others[0]
    return [
        StrayDate(i, abs((dates[i] - nearest).days), late, moved[n] if moved else None)
        for n, i in enumerate(stray)
    ]


def _year_typo(
    stray: list[dt.date], series: list[dt.date], reach: int, room: int
) -> list[dt.date] | None:
    """The stray dates moved by one number of years into the series (at most `reach` days
    beyond its ends) and at least `room` days from each of its sessions, if any such move."""
    own = stray[0].year
    years = sorted({d.year for d in series} - {d.year for d in stray}, key=lambda y: abs(y - own))
    first, last = series[0] - dt.timedelta(days=reach), series[-1] + dt.timedelta(days=reach)
    for year in years:
        shift = year - own
        try:
            moved = [d.replace(year=d.year + shift) for d in stray]
        except ValueError:  # 29 February
            continue
        if all(
            first <= d <= last and min(abs((d - s).days) for s in series) >= room for d in moved
        ):
            return moved
    return None
