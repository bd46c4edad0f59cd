"""Plausibility warnings: content that reads well but is most likely a typo.

Each warning has its broken site in tests/broken_sites/ (the exact message); these tests hold
where each begins and ends: the thresholds, and real ECHO schedules that must never be flagged.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import ROOT, SiteDir, course_md
from PIL import Image

from echo_site.content import LoadOptions, load_site
from echo_site.model import ScheduleRule
from echo_site.schedule import expand, stray_dates

D = dt.date.fromisoformat


def warnings_of(site: SiteDir, as_of: str = "2026-01-01", **options: object) -> list[str]:
    return [str(w) for w in site.build(as_of, **options).warnings]


def dated(days: list[dt.date]) -> str:
    return "sessions:\n" + "".join(f"  - date: {d.isoformat()}\n" for d in days)


def weekly(start: str, count: int, every: int = 7, skip: tuple[str, ...] = ()) -> list[dt.date]:
    days, day = [], D(start)
    while len(days) < count:
        if day.isoformat() not in skip:
            days.append(day)
        day += dt.timedelta(days=every)
    return days


def monthly(on: str, starts: str, ends: str, skip: tuple[str, ...] = ()) -> list[dt.date]:
    rule = ScheduleRule(D(starts), 1, "month", on, None, D(ends), tuple(map(D, skip)))
    return list(expand(rule)[0])


# -- sessions far from the rest of their series ---------------------------------------------------

REAL_SCHEDULES = {
    "weekly, skipping the two holiday weeks": weekly(
        "2025-11-05", 14, skip=("2025-12-24", "2025-12-31")
    ),
    "every other week, with a skipped session": weekly(
        "2026-01-08", 10, every=14, skip=("2026-03-05",)
    ),
    "first and third wednesday, with a summer break": monthly(
        "first and third wednesday",
        "2026-01-01",
        "2026-12-31",
        skip=("2026-07-01", "2026-07-15", "2026-08-05", "2026-08-19"),
    ),
    "last friday, ten months": monthly("last friday", "2026-01-01", "2026-10-31"),
    "two school years in one file": monthly("first tuesday", "2025-09-01", "2026-05-31")
    + monthly("first tuesday", "2026-09-01", "2027-05-31"),
    "a school year, then the next fall": monthly("first tuesday", "2025-09-01", "2026-05-31")
    + monthly("first tuesday", "2026-09-01", "2026-12-31"),
    "weekly, with a follow-up session four months later": [
        *weekly("2026-01-07", 10),
        D("2026-07-15"),
    ],
    "three sessions, one of them a year off (too few to tell)": [
        D("2026-01-14"),
        D("2026-01-28"),
        D("2025-02-11"),
    ],
}


@pytest.mark.parametrize("days", REAL_SCHEDULES.values(), ids=REAL_SCHEDULES.keys())
def test_real_echo_schedules_are_never_stray(days):
    assert stray_dates(days) == []


def test_january_sessions_written_with_last_years_date_are_each_reported(site):
    """The classic slip: the year just ended typed into the first sessions of the new one."""
    days = [
        *weekly("2025-11-05", 7),
        *(d.replace(year=2025) for d in weekly("2026-01-07", 4)),
        *weekly("2026-02-04", 4),
    ]
    site.write("courses/oud-echo.md", course_md(sessions=dated(days)))
    found = warnings_of(site)
    assert [re.sub(r"^\S+:(\d+):11: warning: ", r"\1 ", w) for w in found] == [
        f"{line} this session is on 2025-01-{day:02}, {weeks} weeks before the course's other "
        f"sessions — check the year: did you mean 2026-01-{day:02}?"
        for line, day, weeks in ((13, 7, 43), (14, 14, 42), (15, 21, 41), (16, 28, 40))
    ]


def test_the_last_session_of_a_school_year_dated_a_year_early_is_reported():
    """A monthly series with a winter break: the June session typed with the year it began."""
    days = [*monthly("first wednesday", "2025-09-01", "2026-05-31"), D("2025-06-03")]
    [stray] = stray_dates(days)
    assert (days[stray.index], stray.likely, stray.after) == (
        D("2025-06-03"),
        D("2026-06-03"),
        False,
    )


def test_a_session_in_the_wrong_century_suggests_the_series_year():
    [stray] = stray_dates([*weekly("2026-01-14", 6), D("2062-02-25")])
    assert stray.likely == D("2026-02-25") and stray.after


def test_a_far_session_is_reported_only_past_half_a_year():
    """Without a year that explains it, a session is reported once it is more than 26 weeks
    (182 days) and four times the longest break away from a regular series."""
    series = weekly("2026-01-07", 10)  # last session 2026-03-11
    assert stray_dates([*series, D("2026-03-11") + dt.timedelta(days=182)]) == []
    [stray] = stray_dates([*series, D("2026-03-11") + dt.timedelta(days=183)])
    assert (stray.days, stray.likely) == (183, None)


def test_a_cancelled_session_with_a_year_typo_is_reported_too(site):
    sessions = dated(weekly("2026-01-14", 5)) + "  - date: 2025-02-18\n    cancelled: true\n"
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    assert warnings_of(site) == [
        "content/courses/oud-echo.md:11:11: warning: this session is on 2025-02-18, 47 weeks "
        "before the course's other sessions — check the year: did you mean 2026-02-18?"
    ]


def test_the_sample_hub_has_no_plausibility_warnings():
    """The sample content is written like a real hub's: none of these checks may fire on it."""
    _, found = load_site(ROOT / "content", LoadOptions())
    assert found == []


# -- registration that closes long before the course ----------------------------------------------


def course_closing(closes: str, sessions: str = "") -> str:
    extra = f"registration:\n  url: https://forms.example.org/oud\n  closes: {closes}\n"
    return course_md(sessions=sessions, extra=extra)


@pytest.mark.parametrize(
    ("closes", "warned"),
    [
        ("2025-10-16", False),  # 90 days before the first session (2026-01-14): an application
        ("2025-10-15", True),  # 91 days
        ("2026-01-20", False),  # after the first session, before the last: join as it runs
    ],
)
def test_registration_may_close_up_to_90_days_before_the_first_session(site, closes, warned):
    site.write("courses/oud-echo.md", course_closing(closes))
    found = warnings_of(site)
    assert bool(found) == warned, found
    if warned:
        assert found == [
            "content/courses/oud-echo.md:13:11: warning: registration closes 91 days before the "
            "first session (2026-01-14), so the course page says registration is closed all "
            "that time — check the date: registration usually closes in the days or weeks "
            "before the first session"
        ]


def test_registration_deadline_counts_from_the_first_session_held(site):
    sessions = """\
sessions:
  - date: 2025-12-03
    cancelled: true
  - date: 2026-04-01
  - date: 2026-04-15
"""
    site.write("courses/oud-echo.md", course_closing("2025-12-01", sessions))
    # Two days before the cancelled session, but 121 before the first one held; a year later
    # would be after it, so the year is not the likely slip.
    assert warnings_of(site) == [
        "content/courses/oud-echo.md:12:11: warning: registration closes 121 days before the "
        "first session (2026-04-01), so the course page says registration is closed all that "
        "time — check the date: registration usually closes in the days or weeks before the "
        "first session"
    ]


# -- recordings dated after the build ------------------------------------------------------------

RECORDING = """\
---
title: Naloxone in every glovebox
date: 2026-03-04
video: https://www.youtube.com/watch?v=abcdefghijk
---
The summary.
"""


@pytest.mark.parametrize(("as_of", "warned"), [("2026-03-03", True), ("2026-03-04", False)])
def test_a_recording_may_be_dated_up_to_the_build_date(site, as_of, warned):
    site.write("recordings/naloxone.md", RECORDING)
    found = warnings_of(site, as_of)
    assert found == (
        [
            "content/recordings/naloxone.md:3:7: warning: this recording is dated 2026-03-04, "
            f"after the build date ({as_of}) — check the year: date is the day the session was "
            "held, which cannot be in the future"
        ]
        if warned
        else []
    )


def test_a_draft_recording_dated_ahead_is_reported_only_when_drafts_are_built(site):
    site.write("recordings/naloxone.md", RECORDING.replace("---\nThe", "draft: true\n---\nThe"))
    assert warnings_of(site, "2026-01-01") == []
    assert len(warnings_of(site, "2026-01-01", include_drafts=True)) == 1


# -- topics and audiences spelt two ways ------------------------------------------------------------


def course_about(slug: str, topics: str, audience: str = "[Physicians]") -> str:
    return course_md(
        title=f"{slug.title()} ECHO", extra=f"topics: {topics}\naudience: {audience}\n"
    )


def test_the_spelling_most_courses_use_is_the_one_to_keep(site):
    site.write("courses/a-echo.md", course_about("a", "[Primary Care]"))
    site.write("courses/b-echo.md", course_about("b", "[Primary care]"))
    site.write("courses/c-echo.md", course_about("c", "[Primary care, primary-care]"))
    assert warnings_of(site) == [
        "content/courses/a-echo.md:11:10: warning: the topic 'Primary Care' is written "
        "'Primary care' in content/courses/b-echo.md:11 — write Primary care here too, so the "
        "courses share one topic page under one name",
        "content/courses/c-echo.md:11:24: warning: the topic 'primary-care' is written "
        "'Primary care' in content/courses/b-echo.md:11 — write Primary care here too, so the "
        "courses share one topic page under one name",
    ]


def test_in_a_tie_the_first_file_keeps_its_spelling_and_audiences_are_checked_apart(site):
    site.write("courses/a-echo.md", course_about("a", "[Nurses]", "[Nurse practitioners]"))
    site.write("courses/b-echo.md", course_about("b", "[Pain]", "[Nurse Practitioners, Nurses]"))
    assert warnings_of(site) == [
        "content/courses/b-echo.md:12:12: warning: the audience 'Nurse Practitioners' is written "
        "'Nurse practitioners' in content/courses/a-echo.md:12 — write Nurse practitioners here "
        "too, so the courses share one audience page under one name",
    ]


def test_names_that_only_look_alike_are_left_alone(site):
    site.write("courses/a-echo.md", course_about("a", "[Pain, Pain management]"))
    site.write("courses/b-echo.md", course_about("b", "[Pain management, Mental health]"))
    assert warnings_of(site) == []


# -- pictures too large for a web page --------------------------------------------------------------


def picture(site: SiteDir, name: str, size: tuple[int, int], fmt: str, pad_to: int = 0) -> None:
    path = site.content / "files" / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (40, 90, 160)).save(path, fmt)
    if pad_to:
        with path.open("r+b") as file:
            file.truncate(pad_to)


def test_pictures_up_to_3000_pixels_and_2_mb_pass(site):
    picture(site, "wide.png", (3000, 20), "PNG")
    picture(site, "tall.webp", (20, 3000), "WEBP")
    picture(site, "heavy.jpg", (100, 100), "JPEG", pad_to=2 * 1024 * 1024)
    assert warnings_of(site) == []


def test_each_kind_of_picture_is_measured(site):
    picture(site, "a.gif", (3001, 10), "GIF")
    picture(site, "b.JPEG", (10, 3001), "JPEG")
    picture(site, "c.webp", (3200, 2400), "WEBP", pad_to=2 * 1024 * 1024 + 1)
    site.write("files/images/d.png", b"not a picture, but large" * 100_000)
    shown = [re.sub(r" — .*", "", w) for w in warnings_of(site)]
    assert shown == [
        "content/files/images/a.gif:1:1: warning: this picture is 3001 × 10 pixels, too large "
        "for a web page",
        "content/files/images/b.JPEG:1:1: warning: this picture is 10 × 3001 pixels, too large "
        "for a web page",
        "content/files/images/c.webp:1:1: warning: this picture is 2.0 MB and 3200 × 2400 "
        "pixels, too large for a web page",
        "content/files/images/d.png:1:1: warning: this picture is 2.3 MB, too large for a web page",
    ]


def test_a_picture_named_for_another_format_is_measured_as_what_it_is(site):
    picture(site, "saved-as.jpg", (3001, 10), "PNG")
    picture(site, "renamed.png", (10, 3100), "GIF")
    shown = [re.sub(r" — .*", "", w) for w in warnings_of(site)]
    assert shown == [
        "content/files/images/renamed.png:1:1: warning: this picture is 10 × 3100 pixels, too "
        "large for a web page",
        "content/files/images/saved-as.jpg:1:1: warning: this picture is 3001 × 10 pixels, too "
        "large for a web page",
    ]
