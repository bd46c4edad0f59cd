"""How dates, times and numbers read on the page, independent of the machine's locale."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from .model import ScheduleRule, Session
from .schedule import parse_on

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: dt.date) -> str:
    """Thursday, February 19, 2026"""
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def medium_date(day: dt.date) -> str:
    """February 19, 2026"""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def month_short(day: dt.date) -> str:
    """Feb"""
    return MONTHS[day.month - 1][:3]


def short_date(day: dt.date) -> str:
    """Feb 19"""
    return f"{MONTHS[day.month - 1][:3]} {day.day}"


def zone_label(moment: dt.datetime) -> str:
    """The zone's abbreviation at that moment, DST-correct: EST in January, EDT in July."""
    name = moment.tzname() or "UTC"
    if name[:1] in "+-":  # zones without an abbreviation
        offset = moment.utcoffset() or dt.timedelta()
        return "UTC" + _offset(offset)
    return name


def clock_time(moment: dt.datetime | dt.time, clock: int = 12, *, meridiem: bool = True) -> str:
    """1:00 pm (or 13:00 on a 24-hour clock)."""
    if clock == 24:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}"
    if meridiem:
        text += " am" if moment.hour < 12 else " pm"
    return text


def time_range(start: dt.datetime, end: dt.datetime, clock: int = 12) -> str:
    """12:00–1:00 pm EST: the meridiem once when both ends share it."""
    same_half = (start.hour < 12) == (end.hour < 12)
    first = clock_time(start, clock, meridiem=not same_half or clock == 24)
    return f"{first}–{clock_time(end, clock)} {zone_label(start)}"


def hours(value: float | None) -> str:
    """1, 1.5 or 0.75: no trailing zeros."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def duration(minutes: int | None) -> str:
    """58 minutes, 1 hour 30 minutes."""
    if not minutes:
        return ""
    hours_part, rest = divmod(minutes, 60)
    parts = []
    if hours_part:
        parts.append(f"{hours_part} hour{'s' if hours_part != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def iso_duration(minutes: int | None) -> str | None:
    """PT58M, for schema.org."""
    if not minutes:
        return None
    hours_part, rest = divmod(minutes, 60)
    return "PT" + (f"{hours_part}H" if hours_part else "") + (f"{rest}M" if rest else "")


def _offset(offset: dt.timedelta) -> str:
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    h, m = divmod(abs(total), 60)
    return f"{sign}{h}" + (f":{m:02d}" if m else "")


def cadence(rule: ScheduleRule) -> str:
    """every other Thursday; first and third Wednesday of each month."""
    days = parse_on(rule.on, rule.unit)
    if rule.unit == "week":
        names = " and ".join(WEEKDAYS[d.weekday] for d in days)
        if rule.every == 1:
            return f"every {names}"
        if rule.every == 2:
            return f"every other {names}"
        return f"every {rule.every} weeks on {names}"
    ordinals = " and ".join(_ORDINAL_WORDS[d.ordinal or 1] for d in days)
    which = f"{ordinals} {WEEKDAYS[days[0].weekday]}"
    if rule.every == 1:
        return f"{which} of each month"
    return f"{which} of every {ordinal_word(rule.every)} month"


_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def ordinal_word(number: int) -> str:
    return {2: "second", 3: "third", 4: "fourth", 6: "sixth"}.get(number, f"{number}th")


def usual_time(sessions: Sequence[Session], clock: int = 12) -> str:
    """The course's usual session time, in its zone's everyday name: "12:00–1:00 pm Eastern
    Time", right in summer and winter alike."""
    if not sessions:
        return ""
    ranges = Counter((s.start.time(), s.end.time()) for s in sessions)
    (start, end), _ = max(ranges.items(), key=lambda item: (item[1], item[0]))
    first = next(s for s in sessions if (s.start.time(), s.end.time()) == (start, end))
    text = time_range(first.start, first.end, clock).rsplit(" ", 1)[0]
    usually = "usually " if len(ranges) > 1 else ""
    return f"{usually}{text} {zone_name(first.start)}"


def zone_name(moment: dt.datetime) -> str:
    """The everyday name of a moment's time zone: Eastern Time, Mountain Time, India Time."""
    key = getattr(moment.tzinfo, "key", None)
    return friendly_zone(key) if key else zone_label(moment)


@lru_cache(maxsize=64)
def friendly_zone(zone: str, locale: str = "en") -> str:
    """'America/New_York' as people say it: Eastern Time (CLDR's names, through Babel)."""
    from babel.dates import get_timezone, get_timezone_name

    try:
        tz = get_timezone(zone)
    except LookupError:
        return zone.rsplit("/", 1)[-1].replace("_", " ")
    name = str(get_timezone_name(tz, width="long", locale=locale))
    if "(" in name:  # no everyday name for the region: its standard time's name
        name = str(get_timezone_name(tz, width="long", zone_variant="standard", locale=locale))
    return name


def meeting_pattern(sessions: Sequence[Session], rule: ScheduleRule | None) -> str:
    """How often a course meets: "Every other Thursday", "First and third Wednesday of each
    month"; for dated sessions, what their dates show ("Weekly on Tuesdays"), else a count."""
    if rule is not None:
        text = cadence(rule)
        return text[:1].upper() + text[1:]
    days = sorted({s.date for s in sessions})
    if len(days) < 2:
        return "One session" if days else ""
    gaps = {(b - a).days for a, b in pairwise(days)}
    weekday = WEEKDAYS[days[0].weekday()]
    same_day = len({d.weekday() for d in days}) == 1
    if gaps == {7}:
        return f"Every {weekday}"
    if gaps == {14}:
        return f"Every other {weekday}"
    if same_day:
        return f"{len(days)} {weekday}s"
    return f"{len(days)} sessions"
