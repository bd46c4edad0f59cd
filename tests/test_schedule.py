"""Schedule rules: the dates they give, how sessions take them, and the errors editors see.

Calendar facts used below: 1 January 2026 is a Thursday, so Wednesdays in January 2026 fall on the
7th, 14th, 21st and 28th; February and March 2026 both start on a Sunday; 1 April and 1 May 2026
fall on a Wednesday and a Friday.
"""

from __future__ import annotations

import datetime as dt
import itertools

import icalendar
import pytest
from conftest import text_of

from echo_site.errors import BuildFailed
from echo_site.model import ScheduleRule
from echo_site.schedule import MAX_SESSIONS, DayRule, ScheduleError, expand, parse_every, parse_on

D = dt.date.fromisoformat
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


def course_with(front: str, body: str = "About the course.") -> str:
    """A course file whose front matter after title, summary and time is `front`."""
    head = 'title: Scheduled ECHO\nsummary: Case-based learning.\ntime: "12:00-13:00"\n'
    return f"---\n{head}{front}---\n{body}\n"


def session_dates(site, slug: str = "scheduled") -> list[dt.date]:
    page = site.html(f"/courses/{slug}/")
    return [dt.datetime.fromisoformat(t["datetime"]).date() for t in page.select("li.session time")]


def build_errors(site) -> list:
    with pytest.raises(BuildFailed) as caught:
        site.build("2026-01-01")
    return list(caught.value.errors)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the file on which `needle` first appears."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the file")


# -- rules, through a real build ----------------------------------------------------------------


def test_every_two_weeks_with_count_and_except(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n"
            "  count: 8\n  except: [2026-04-16]\n"
        ),
    )
    site.build("2026-01-01")
    # Every other Thursday from 19 February; 16 April is skipped and does not count, so the
    # eighth session moves to 11 June.
    assert session_dates(site) == [
        D("2026-02-19"),
        D("2026-03-05"),
        D("2026-03-19"),
        D("2026-04-02"),
        D("2026-04-30"),
        D("2026-05-14"),
        D("2026-05-28"),
        D("2026-06-11"),
    ]
    page = site.html("/courses/scheduled/")
    assert [li["id"] for li in page.select("ol.sessions > li")] == [
        f"session-{n}" for n in range(1, 9)
    ]
    assert "8 sessions" in text_of(page.select_one("dl.facts"))
    calendar = icalendar.Calendar.from_ical(
        (site.output / "courses/scheduled/calendar.ics").read_bytes()
    )
    starts = sorted(e.decoded("dtstart").date() for e in calendar.walk("VEVENT"))
    assert starts == session_dates(site)
    for number in range(1, 9):
        assert (site.output / f"courses/scheduled/session-{number}.ics").is_file()


def test_ends_is_inclusive_and_except_applies(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n"
            "  ends: 2026-05-28\n  except: [2026-04-16]\n"
        ),
    )
    site.build("2026-01-01")
    assert session_dates(site) == [
        D("2026-02-19"),
        D("2026-03-05"),
        D("2026-03-19"),
        D("2026-04-02"),
        D("2026-04-30"),
        D("2026-05-14"),
        D("2026-05-28"),
    ]


def test_first_session_is_the_first_matching_day_on_or_after_starts(site):
    # 7 January 2026 is a Wednesday; the first Monday on or after it is 12 January.
    site.write(
        "courses/scheduled.md",
        course_with("schedule:\n  starts: 2026-01-07\n  every: 1 week\n  on: monday\n  count: 3\n"),
    )
    site.build("2026-01-01")
    assert session_dates(site) == [D("2026-01-12"), D("2026-01-19"), D("2026-01-26")]
    assert all(day.weekday() == MONDAY for day in session_dates(site))


def test_a_rule_of_one_session(site):
    site.write(
        "courses/scheduled.md",
        course_with("schedule:\n  starts: 2026-01-07\n  every: 1 week\n  on: monday\n  count: 1\n"),
    )
    site.build("2026-01-01")
    assert session_dates(site) == [D("2026-01-12")]


def test_monthly_first_and_third_wednesday(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-01-10\n  every: 1 month\n"
            "  on: first and third wednesday\n  count: 5\n"
        ),
    )
    site.build("2026-01-01")
    # 10 January is after the first Wednesday (7th), so the course starts on the third (21st).
    assert session_dates(site) == [
        D("2026-01-21"),
        D("2026-02-04"),
        D("2026-02-18"),
        D("2026-03-04"),
        D("2026-03-18"),
    ]


def test_monthly_last_friday_until_an_inclusive_end(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-01-01\n  every: 1 month\n  on: last friday\n"
            "  ends: 2026-05-29\n"
        ),
    )
    site.build("2026-01-01")
    assert session_dates(site) == [
        D("2026-01-30"),
        D("2026-02-27"),
        D("2026-03-27"),
        D("2026-04-24"),
        D("2026-05-29"),
    ]


def test_sessions_without_dates_take_the_rules_dates_in_order(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-01-05\n  every: 1 week\n  on: monday\n  count: 3\n"
            "sessions:\n"
            "  - title: Introductions\n    presenters: [jdoe]\n"
            "  - title: Case review\n    date: 2026-01-12\n"
            "  - title: Wrap-up\n"
        ),
    )
    site.build("2026-01-01")
    page = site.html("/courses/scheduled/")
    titles = [text_of(h) for h in page.select("li.session .session-title")]
    assert titles == ["Introductions", "Case review", "Wrap-up"]
    assert session_dates(site) == [D("2026-01-05"), D("2026-01-12"), D("2026-01-19")]
    assert "Jane Doe, MD, MPH" in text_of(page.select_one("#session-1"))


def test_every_week_on_two_weekdays(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-01-05\n  every: 1 week\n  on: tuesday and thursday\n"
            "  count: 4\n"
        ),
    )
    site.build("2026-01-01")
    assert session_dates(site) == [
        D("2026-01-06"),
        D("2026-01-08"),
        D("2026-01-13"),
        D("2026-01-15"),
    ]


def test_scheduled_course_states_its_cadence(site):
    site.write(
        "courses/scheduled.md",
        course_with(
            "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n  count: 2\n"
        ),
    )
    site.build("2026-01-01")
    facts = text_of(site.html("/courses/scheduled/").select_one("dl.facts"))
    assert "Every other Thursday" in facts
    assert "February 19, 2026 to March 5, 2026" in facts


# -- errors, at the line the editor wrote --------------------------------------------------------


@pytest.mark.parametrize("listed", [2, 4])
def test_session_count_that_disagrees_with_the_rule_is_an_error_at_sessions(site, listed):
    sessions = "sessions:\n" + "".join(f"  - title: Part {n}\n" for n in range(1, listed + 1))
    text = course_with(
        "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n  count: 3\n" + sessions
    )
    site.write("courses/scheduled.md", text)
    errors = build_errors(site)
    assert len(errors) == 1, errors
    error = errors[0]
    assert error.path == "content/courses/scheduled.md"
    assert error.line == line_of(text, "sessions:")
    assert "3 dates" in error.message
    assert f"{listed} sessions" in error.message
    assert "2026-03-19" in error.hint  # the last date the rule gives
    assert not (site.output / "courses").exists()  # nothing was written


def test_dated_session_that_disagrees_with_the_rule_is_an_error_at_its_date(site):
    text = course_with(
        "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n  count: 3\n"
        "sessions:\n"
        "  - title: One\n"
        "  - title: Two\n    date: 2026-03-06\n"
        "  - title: Three\n"
    )
    site.write("courses/scheduled.md", text)
    errors = build_errors(site)
    assert len(errors) == 1, errors
    error = errors[0]
    assert (error.path, error.line) == ("content/courses/scheduled.md", line_of(text, "2026-03-06"))
    assert error.column == len("    date: ") + 1
    assert "2026-03-06" in error.message
    assert "2026-03-05" in error.message  # the rule's date for the second session


@pytest.mark.parametrize(
    ("except_yaml", "needle"),
    [
        ("  except: [2026-03-12]\n", "except:"),
        ("  except:\n    - 2026-03-05\n    - 2026-03-12\n", "- 2026-03-12"),
    ],
)
def test_except_date_the_rule_would_not_give_is_an_error(site, except_yaml, needle):
    text = course_with(
        "schedule:\n  starts: 2026-02-19\n  every: 2 weeks\n  on: thursday\n  count: 3\n"
        + except_yaml
    )
    site.write("courses/scheduled.md", text)
    errors = build_errors(site)
    assert len(errors) == 1, errors
    error = errors[0]
    assert (error.path, error.line) == ("content/courses/scheduled.md", line_of(text, needle))
    assert "2026-03-12" in error.message
    assert "not one of this schedule's dates" in error.message
    # The hint names real dates of the rule near the one written.
    assert "2026-03-19" in error.hint


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        ("  every: 2 fortnights\n  on: thursday\n  count: 3\n", "every:", "2 fortnights"),
        ("  every: 2 weeks\n  on: first thursday\n  count: 3\n", "on:", "week of the month"),
        ("  every: 1 month\n  on: thursday\n  count: 3\n", "on:", "which thursday"),
        ("  every: 1 week\n  on: funday\n  count: 3\n", "on:", "funday"),
        ("  every: 1 week\n  on: thursday\n  count: 3\n  ends: 2026-05-28\n", "ends:", "both"),
        ("  every: 1 week\n  on: thursday\n  ends: 2026-01-01\n", "ends:", "before it starts"),
    ],
)
def test_unreadable_rules_are_errors_at_their_field(site, rule, field, words):
    text = course_with("schedule:\n  starts: 2026-02-19\n" + rule)
    site.write("courses/scheduled.md", text)
    errors = build_errors(site)
    assert len(errors) == 1, errors
    error = errors[0]
    assert (error.path, error.line) == ("content/courses/scheduled.md", line_of(text, field))
    assert words in error.message
    assert error.hint


def test_rule_without_count_or_ends_is_an_error(site):
    text = course_with("schedule:\n  starts: 2026-02-19\n  every: 1 week\n  on: thursday\n")
    site.write("courses/scheduled.md", text)
    errors = build_errors(site)
    assert len(errors) == 1
    assert "count or ends" in errors[0].message
    assert errors[0].path == "content/courses/scheduled.md"


# -- expand, parse_every and parse_on directly ---------------------------------------------------


def rule(
    starts: str,
    every: str,
    on: str,
    *,
    count: int | None = None,
    ends: str | None = None,
    skip: tuple[str, ...] = (),
) -> ScheduleRule:
    number, unit = parse_every(every)
    return ScheduleRule(
        D(starts), number, unit, on, count, D(ends) if ends else None, tuple(D(d) for d in skip)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 weeks", (2, "week")),
        ("every 2 weeks", (2, "week")),
        ("Every  3   Weeks", (3, "week")),
        ("1 week", (1, "week")),
        ("week", (1, "week")),
        ("weekly", (1, "week")),
        ("biweekly", (2, "week")),
        ("every other week", (2, "week")),
        ("1 month", (1, "month")),
        ("3 months", (3, "month")),
        ("monthly", (1, "month")),
        ("every week", (1, "week")),
        ("every month", (1, "month")),
        ("52 weeks", (52, "week")),
    ],
)
def test_parse_every_reads_common_forms(text, expected):
    assert parse_every(text) == expected


@pytest.mark.parametrize("text", ["2 fortnights", "daily", "0 weeks", "53 weeks", "weeks 2", ""])
def test_parse_every_rejects_other_text_with_a_hint(text):
    with pytest.raises(ScheduleError) as caught:
        parse_every(text)
    assert repr(text) in caught.value.message
    assert "every: 2 weeks" in caught.value.hint


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("thursday", "week", (DayRule(THURSDAY, None),)),
        ("Thursday", "week", (DayRule(THURSDAY, None),)),
        ("thu", "week", (DayRule(THURSDAY, None),)),
        ("thursdays", "week", (DayRule(THURSDAY, None),)),
        ("tuesday and thursday", "week", (DayRule(TUESDAY, None), DayRule(THURSDAY, None))),
        ("thursday, tuesday", "week", (DayRule(TUESDAY, None), DayRule(THURSDAY, None))),
        ("first tuesday", "month", (DayRule(TUESDAY, 1),)),
        (
            "first and third wednesday",
            "month",
            (DayRule(WEDNESDAY, 1), DayRule(WEDNESDAY, 3)),
        ),
        (
            "third and first wednesday",
            "month",
            (DayRule(WEDNESDAY, 1), DayRule(WEDNESDAY, 3)),
        ),
        ("2nd monday", "month", (DayRule(MONDAY, 2),)),
        ("last friday", "month", (DayRule(FRIDAY, -1),)),
        ("last and first friday", "month", (DayRule(FRIDAY, 1), DayRule(FRIDAY, -1))),
        ("first & third wednesday", "month", (DayRule(WEDNESDAY, 1), DayRule(WEDNESDAY, 3))),
        ("the last friday", "month", (DayRule(FRIDAY, -1),)),
    ],
)
def test_parse_on_reads_weekdays_and_weeks_of_the_month(text, unit, expected):
    assert parse_on(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "message_words", "hint_words"),
    [
        ("funday", "week", "not a day", "on: thursday"),
        ("", "week", "not a day", "on: thursday"),
        ("first thursday", "week", "week of the month", "every: 1 month"),
        ("wednesday", "month", "which wednesday of the month", "on: first wednesday"),
        ("first tuesday and wednesday", "month", "more than one weekday", "one weekday"),
        ("first wednesday of the month", "month", "not a day", "on: first tuesday"),
    ],
)
def test_parse_on_errors_say_what_to_write(text, unit, message_words, hint_words):
    with pytest.raises(ScheduleError) as caught:
        parse_on(text, unit)
    assert message_words in caught.value.message
    assert hint_words in caught.value.hint


def test_a_monthly_rule_naming_two_weekdays_gets_the_exact_hint():
    with pytest.raises(ScheduleError) as caught:
        parse_on("first tuesday and wednesday", "month")
    assert caught.value.hint == "use one weekday, like on: first and third wednesday"


def test_a_rule_that_runs_for_years_stops_at_the_session_limit():
    every_day = "monday, tuesday, wednesday, thursday, friday, saturday, sunday"
    dates, _ = expand(rule("2026-01-05", "1 week", every_day, ends="2035-12-31"))
    assert len(dates) == MAX_SESSIONS
    assert dates[-1] == D("2026-01-05") + dt.timedelta(MAX_SESSIONS - 1)


def test_expand_counts_held_sessions_and_reports_no_unmatched_skip():
    dates, unmatched = expand(
        rule("2026-02-19", "2 weeks", "thursday", count=8, skip=("2026-04-16",))
    )
    assert len(dates) == 8
    assert D("2026-04-16") not in dates
    assert dates[0] == D("2026-02-19")
    assert dates[-1] == D("2026-06-11")
    assert all((b - a).days in (14, 28) for a, b in itertools.pairwise(dates))
    assert unmatched == ()


def test_expand_reports_skipped_dates_the_rule_does_not_give():
    dates, unmatched = expand(
        rule("2026-02-19", "2 weeks", "thursday", count=3, skip=("2026-02-26", "2026-03-05"))
    )
    # 26 February is a Thursday, but in an off week; 5 March is a real date and is skipped.
    assert dates == (D("2026-02-19"), D("2026-03-19"), D("2026-04-02"))
    assert unmatched == (D("2026-02-26"),)


def test_expand_skip_after_the_last_counted_date_is_unmatched():
    dates, unmatched = expand(rule("2026-01-05", "1 week", "monday", count=2, skip=("2026-01-26",)))
    assert dates == (D("2026-01-05"), D("2026-01-12"))
    assert unmatched == (D("2026-01-26"),)


def test_expand_ends_is_inclusive():
    on_the_day = expand(rule("2026-01-05", "1 week", "monday", ends="2026-01-26"))[0]
    day_before = expand(rule("2026-01-05", "1 week", "monday", ends="2026-01-25"))[0]
    assert on_the_day == (D("2026-01-05"), D("2026-01-12"), D("2026-01-19"), D("2026-01-26"))
    assert day_before == on_the_day[:3]


def test_expand_starts_on_a_matching_day_includes_it():
    dates, _ = expand(rule("2026-01-07", "1 week", "wednesday", count=2))
    assert dates == (D("2026-01-07"), D("2026-01-14"))


def test_expand_every_three_weeks():
    dates, _ = expand(rule("2026-01-01", "3 weeks", "thursday", count=3))
    assert dates == (D("2026-01-01"), D("2026-01-22"), D("2026-02-12"))


def test_expand_every_two_months_skips_alternate_months():
    dates, _ = expand(rule("2026-01-01", "2 months", "first wednesday", count=3))
    # First Wednesdays: 7 January, 4 March, 6 May (February and April are off months).
    assert dates == (D("2026-01-07"), D("2026-03-04"), D("2026-05-06"))


def test_expand_fifth_weekday_only_in_months_that_have_one():
    dates, _ = expand(rule("2026-01-01", "1 month", "fifth thursday", ends="2026-05-31"))
    # January (1st to 29th) and April (2nd to 30th) are the months with five Thursdays.
    assert dates == (D("2026-01-29"), D("2026-04-30"))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("last friday", ("2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24", "2026-05-29")),
        ("first friday", ("2026-01-02", "2026-02-06", "2026-03-06", "2026-04-03", "2026-05-01")),
    ],
)
def test_expand_monthly_fridays(on, expected):
    dates, _ = expand(rule("2026-01-01", "1 month", on, count=5))
    assert dates == tuple(D(d) for d in expected)
    assert all(d.weekday() == FRIDAY for d in dates)


@pytest.mark.parametrize(
    ("every", "on", "expected"),
    [
        ("1 month", "second wednesday", ("2026-11-11", "2026-12-09", "2027-01-13", "2027-02-10")),
        ("2 months", "second wednesday", ("2026-11-11", "2027-01-13", "2027-03-10")),
        ("3 months", "second wednesday", ("2026-11-11", "2027-02-10", "2027-05-12")),
        ("2 months", "last friday", ("2026-11-27", "2027-01-29", "2027-03-26")),
    ],
)
def test_expand_monthly_rules_run_on_into_the_next_year(every, on, expected):
    """The months after December are January, February...: and every N months keeps counting."""
    dates, _ = expand(rule("2026-11-01", every, on, count=len(expected)))
    assert dates == tuple(D(d) for d in expected)


def test_expand_monthly_starts_and_ends_on_matching_days_include_both():
    # 4 January 2027 and 1 February 2027 are both first Mondays.
    dates, _ = expand(rule("2027-01-04", "1 month", "first monday", ends="2027-02-01"))
    assert dates == (D("2027-01-04"), D("2027-02-01"))
    dates, _ = expand(rule("2027-01-05", "1 month", "first monday", ends="2027-01-31"))
    assert dates == ()
    # A count and no end: the rule looks ahead ten years, to a February without a 29th.
    dates, _ = expand(rule("2027-02-01", "1 month", "first monday", count=2))
    assert dates == (D("2027-02-01"), D("2027-03-01"))
