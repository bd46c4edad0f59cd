"""How dates, times and numbers read on the page, independent of the machine's locale.

Each function takes the language of the page (a BCP 47 tag, "en" unless given). English is
written here by hand, the way echo-site always wrote it ("Thursday, February 19, 2026",
"12:00–1:00 pm EST"); other languages follow CLDR through Babel ("jueves, 19 de febrero de
2026", "12:00–1:00 p. m. EST"), and their words come from the message catalogues.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from .languages import Messages, messages
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


def long_date(day: dt.date, language: str = "en") -> str:
    """Thursday, February 19, 2026"""
    words = messages(language)
    if words.english:
        return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return str(format_date(day, "full", locale=words.locale))


def medium_date(day: dt.date, language: str = "en") -> str:
    """February 19, 2026"""
    words = messages(language)
    if words.english:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return str(format_date(day, "long", locale=words.locale))


def month_short(day: dt.date, language: str = "en") -> str:
    """Feb"""
    words = messages(language)
    if words.english:
        return MONTHS[day.month - 1][:3]
    from babel.dates import get_month_names

    return str(get_month_names("abbreviated", "stand-alone", locale=words.locale)[day.month])


def short_date(day: dt.date, language: str = "en") -> str:
    """Feb 19"""
    words = messages(language)
    if words.english:
        return f"{MONTHS[day.month - 1][:3]} {day.day}"
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", day, locale=words.locale))


def weekday_name(weekday: int, language: str = "en") -> str:
    """Thursday (0 is Monday)."""
    words = messages(language)
    if words.english:
        return WEEKDAYS[weekday]
    from babel.dates import get_day_names

    return str(get_day_names("wide", "format", locale=words.locale)[weekday])


def zone_label(moment: dt.datetime) -> str:
    """The zone's abbreviation at that moment, DST-correct: EST in January, EDT in July."""
    name = moment.tzname() or "UTC"
    if name[:1] in "+-":  # zones without an abbreviation
        offset = moment.utcoffset() or dt.timedelta()
        return "UTC" + _offset(offset)
    return name


def clock_time(
    moment: dt.datetime | dt.time, clock: int = 12, *, meridiem: bool = True, language: str = "en"
) -> str:
    """1:00 pm (or 13:00 on a 24-hour clock)."""
    if clock == 24:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}"
    if meridiem:
        words = messages(language)
        if words.english:
            text += " am" if moment.hour < 12 else " pm"
        else:
            periods = words.locale.day_periods["format"]["abbreviated"]
            text += " " + periods["am" if moment.hour < 12 else "pm"]
    return text


def time_range(start: dt.datetime, end: dt.datetime, clock: int = 12, language: str = "en") -> str:
    """12:00–1:00 pm EST: the meridiem once when both ends share it."""
    same_half = (start.hour < 12) == (end.hour < 12)
    first = clock_time(start, clock, meridiem=not same_half or clock == 24, language=language)
    return f"{first}–{clock_time(end, clock, language=language)} {zone_label(start)}"


def hours(value: float | None, language: str = "en") -> str:
    """1, 1.5 or 0.75: no trailing zeros (1,5 where the decimal mark is a comma)."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    words = messages(language)
    if words.english:
        return text
    from babel.numbers import format_decimal

    return str(format_decimal(float(text), "#,##0.##", locale=words.locale))


def credit_hours(value: float, language: str = "en") -> str:
    """1 hour, 1.5 hours."""
    words = messages(language)
    return words.ngettext("%(num)s hour", "%(num)s hours", value, num=hours(value, language))


def duration(minutes: int | None, language: str = "en") -> str:
    """58 minutes, 1 hour 30 minutes."""
    if not minutes:
        return ""
    words = messages(language)
    hours_part, rest = divmod(minutes, 60)
    parts = []
    if hours_part:
        parts.append(words.ngettext("%(num)d hour", "%(num)d hours", hours_part))
    if rest:
        parts.append(words.ngettext("%(num)d minute", "%(num)d minutes", rest))
    if len(parts) == 2:
        return words.gettext("%(hours)s %(minutes)s", hours=parts[0], minutes=parts[1])
    return parts[0]


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


def and_list(items: Sequence[str], language: str = "en") -> str:
    """Monday and Thursday; lunes, miércoles y viernes."""
    words = messages(language)
    if words.english or len(items) < 2:
        return " and ".join(items)
    from babel.lists import format_list

    return str(format_list(list(items), locale=words.locale))


def _days_of_rule(weekday: int, words: Messages) -> str:
    """A weekday as a course meets on it, after "every": Thursday (in Spanish, "jueves", as
    in "todos los jueves", and "sábados")."""
    return _RULE_WEEKDAYS[weekday](words)


# Each a message of its own, with a context: languages that say "every Saturday" with a plural
# ("todos los sábados") translate these apart from the weekdays' names.
_RULE_WEEKDAYS: tuple[Callable[[Messages], str], ...] = (
    lambda words: words.pgettext("every", "Monday"),
    lambda words: words.pgettext("every", "Tuesday"),
    lambda words: words.pgettext("every", "Wednesday"),
    lambda words: words.pgettext("every", "Thursday"),
    lambda words: words.pgettext("every", "Friday"),
    lambda words: words.pgettext("every", "Saturday"),
    lambda words: words.pgettext("every", "Sunday"),
)


def cadence(rule: ScheduleRule, language: str = "en") -> str:
    """every other Thursday; first and third Wednesday of each month."""
    words = messages(language)
    days = parse_on(rule.on, rule.unit)
    if rule.unit == "week":
        names = and_list([_days_of_rule(d.weekday, words) for d in days], language)
        if rule.every == 1:
            return words.gettext("every %(days)s", days=names)
        if rule.every == 2:
            return words.gettext("every other %(days)s", days=names)
        return words.gettext("every %(num)d weeks on %(days)s", num=rule.every, days=names)
    ordinals = and_list([_ordinal_word(d.ordinal or 1, words) for d in days], language)
    which = words.gettext(
        "%(ordinals)s %(day)s", ordinals=ordinals, day=weekday_name(days[0].weekday, language)
    )
    if rule.every == 1:
        return words.gettext("%(which)s of each month", which=which)
    every_nth = _EVERY_NTH_MONTH.get(rule.every)
    if every_nth is not None:
        return every_nth(words, which)
    return words.gettext("%(which)s of every %(num)dth month", which=which, num=rule.every)


def _ordinal_word(ordinal: int, words: Messages) -> str:
    """first, second, third, fourth, fifth, last: as they go before a weekday."""
    names = {
        1: words.gettext("first"),
        2: words.gettext("second"),
        3: words.gettext("third"),
        4: words.gettext("fourth"),
        5: words.gettext("fifth"),
        -1: words.gettext("last"),
    }
    return names[ordinal]


# "of every third month": each multiple a message of its own, as languages word them apart.
_EVERY_NTH_MONTH: dict[int, Callable[[Messages, str], str]] = {
    2: lambda words, which: words.gettext("%(which)s of every second month", which=which),
    3: lambda words, which: words.gettext("%(which)s of every third month", which=which),
    4: lambda words, which: words.gettext("%(which)s of every fourth month", which=which),
    6: lambda words, which: words.gettext("%(which)s of every sixth month", which=which),
}


def usual_time(sessions: Sequence[Session], clock: int = 12, language: str = "en") -> str:
    """The course's usual session time, in its zone's everyday name: "12:00–1:00 pm Eastern
    Time", right in summer and winter alike."""
    if not sessions:
        return ""
    ranges = Counter((s.start.time(), s.end.time()) for s in sessions)
    (start, end), _ = max(ranges.items(), key=lambda item: (item[1], item[0]))
    first = next(s for s in sessions if (s.start.time(), s.end.time()) == (start, end))
    text = time_range(first.start, first.end, clock, language).rsplit(" ", 1)[0]
    words = messages(language)
    zone = zone_name(first.start, language)
    if len(ranges) > 1:
        return words.gettext("usually %(time)s %(zone)s", time=text, zone=zone)
    return words.gettext("%(time)s %(zone)s", time=text, zone=zone)


def zone_name(moment: dt.datetime, language: str = "en") -> str:
    """The everyday name of a moment's time zone: Eastern Time, Mountain Time, India Time."""
    key = getattr(moment.tzinfo, "key", None)
    return friendly_zone(key, _locale_name(language)) if key else zone_label(moment)


def _locale_name(language: str) -> str:
    words = messages(language)
    return "en" if words.english else str(words.locale)


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


def meeting_pattern(
    sessions: Sequence[Session], rule: ScheduleRule | None, language: str = "en"
) -> str:
    """How often a course meets: "Every other Thursday", "First and third Wednesday of each
    month"; for dated sessions, what their dates show ("Every Tuesday"), else a count."""
    if rule is not None:
        return capitalized(cadence(rule, language))
    words = messages(language)
    days = sorted({s.date for s in sessions})
    if len(days) < 2:
        return words.gettext("One session") if days else ""
    gaps = {(b - a).days for a, b in pairwise(days)}
    weekday = days[0].weekday()
    same_day = len({d.weekday() for d in days}) == 1
    if gaps == {7}:
        return capitalized(words.gettext("every %(days)s", days=_days_of_rule(weekday, words)))
    if gaps == {14}:
        return capitalized(
            words.gettext("every other %(days)s", days=_days_of_rule(weekday, words))
        )
    if same_day:
        return _SEVERAL_WEEKDAYS[weekday](words, len(days))
    return words.ngettext("%(num)d session", "%(num)d sessions", len(days))


def capitalized(text: str) -> str:
    """The first letter upper-case, the rest as it is: CLDR's words start lower-case in Spanish."""
    return text[:1].upper() + text[1:]


# "5 Tuesdays": each weekday's plural is a message of its own, as languages form them apart.
_SEVERAL_WEEKDAYS: tuple[Callable[[Messages, int], str], ...] = (
    lambda words, n: words.ngettext("%(num)d Monday", "%(num)d Mondays", n),
    lambda words, n: words.ngettext("%(num)d Tuesday", "%(num)d Tuesdays", n),
    lambda words, n: words.ngettext("%(num)d Wednesday", "%(num)d Wednesdays", n),
    lambda words, n: words.ngettext("%(num)d Thursday", "%(num)d Thursdays", n),
    lambda words, n: words.ngettext("%(num)d Friday", "%(num)d Fridays", n),
    lambda words, n: words.ngettext("%(num)d Saturday", "%(num)d Saturdays", n),
    lambda words, n: words.ngettext("%(num)d Sunday", "%(num)d Sundays", n),
)
