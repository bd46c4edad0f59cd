"""Calendar files, parsed back with a real iCalendar parser: every instant exact across DST."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from conftest import course_md, text_of
from dateutil.rrule import rrulestr

UTC = dt.UTC


def events(path) -> list[icalendar.Event]:  # type: ignore[no-untyped-def]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def zones(path) -> set[str]:  # type: ignore[no-untyped-def]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}


SPRING = """\
sessions:
  - {date: 2026-03-05, title: Before the change}
  - {date: 2026-03-19, title: After the change}
  - {date: 2026-10-29, title: "Autumn, still daylight time"}
  - {date: 2026-11-05, title: "Autumn, standard time again", cancelled: true}
"""


@pytest.mark.parametrize(
    ("zone", "expected_utc_hours"),
    [
        ("America/New_York", [17, 16, 16, 17]),
        ("America/Denver", [19, 18, 18, 19]),
        ("America/Phoenix", [19, 19, 19, 19]),  # Arizona keeps standard time all year
        ("Europe/London", [12, 12, 12, 12]),  # Europe changes on other weekends
    ],
)
def test_every_session_instant_is_exact_across_dst(site, zone, expected_utc_hours):
    site.write("courses/dst-echo.md", course_md(sessions=SPRING, extra=f"timezone: {zone}\n"))
    site.build("2026-01-01")
    found = events(site.output / "courses/dst-echo/calendar.ics")
    starts = [e["DTSTART"].dt for e in found]
    assert [s.astimezone(UTC).hour for s in starts] == expected_utc_hours
    local = zoneinfo.ZoneInfo(zone)
    for event, day in zip(
        found, ["2026-03-05", "2026-03-19", "2026-10-29", "2026-11-05"], strict=True
    ):
        expected = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=local)
        assert event["DTSTART"].dt == expected
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=1)
        assert event["DTSTART"].params["TZID"] == zone
    assert zones(site.output / "courses/dst-echo/calendar.ics") == {zone}


def test_a_cancelled_session_updates_the_event_apps_already_hold(site):
    """A later SEQUENCE and CANCELLED: apps that imported the session take it off the day."""
    site.write("courses/dst-echo.md", course_md(sessions=SPRING))
    site.build("2026-01-01")
    found = events(site.output / "courses/dst-echo/calendar.ics")
    marks = [(str(e["STATUS"]), str(e["TRANSP"]), int(e["SEQUENCE"])) for e in found]
    assert marks == [("CONFIRMED", "OPAQUE", 0)] * 3 + [("CANCELLED", "TRANSPARENT", 1)]


# -- VTIMEZONE blocks, read as a calendar app that trusts them reads them ----------------------

Onset = tuple[dt.datetime, dt.timedelta]  # an instant (UTC) and the offset in force from then


def onsets(zone: icalendar.Timezone) -> list[Onset]:
    """Every change a VTIMEZONE block describes, from its STANDARD and DAYLIGHT parts alone."""
    found = []
    for part in zone.subcomponents:
        start = part.decoded("DTSTART")  # local time, in the offset in force before the change
        before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
        starts = [start]
        rdates = part.get("RDATE", [])
        for listed in rdates if isinstance(rdates, list) else [rdates]:
            starts += [value.dt for value in listed.dts]
        if "RRULE" in part:
            rule = rrulestr(part["RRULE"].to_ical().decode(), dtstart=start, ignoretz=True)
            starts += rule.between(start, dt.datetime(2100, 1, 1), inc=True)
        found += [((local - before).replace(tzinfo=UTC), after) for local in starts]
    return sorted(found)


def offset_from_block(zone: icalendar.Timezone, instant: dt.datetime) -> dt.timedelta | None:
    """The UTC offset the block gives at `instant`, or None when the block does not reach it."""
    earlier = [offset for onset, offset in onsets(zone) if onset <= instant]
    return earlier[-1] if earlier else None


# Noon sessions in winter and summer, on both sides of each DST change, and across a new year.
NEW_YORK_SESSIONS = """timezone: America/New_York
sessions:
  - {date: 2026-01-14, title: January}
  - {date: 2026-03-04, title: Before spring forward}
  - {date: 2026-03-18, title: After spring forward}
  - {date: 2026-07-15, title: July}
  - {date: 2026-11-04, title: After fall back}
  - {date: 2026-12-30, title: End of the year}
  - {date: 2027-01-13, title: New year}
  - {date: 2027-07-14, title: July again}
"""
DENVER_SESSIONS = """timezone: America/Denver
sessions:
  - {date: 2026-07-15, title: July}
  - {date: 2026-10-28, title: Before fall back}
  - {date: 2026-11-04, title: After fall back}
  - {date: 2027-01-06, title: January}
  - {date: 2027-03-17, title: After spring forward}
"""


def test_each_vtimezone_block_gives_every_session_its_true_offset(site):
    """Apps that trust the block, not the zone name, must put each session at the right instant."""
    site.write("courses/oud-echo.md", course_md(sessions=NEW_YORK_SESSIONS))
    site.write("courses/pain-echo.md", course_md(title="Pain ECHO", sessions=DENVER_SESSIONS))
    site.build("2026-01-01")
    files = sorted(site.output.rglob("*.ics"))
    assert len(files) == 1 + 2 * 2 + 8 + 5  # the site's, each course's two, each session's
    checked = set()
    for file in files:
        calendar = icalendar.Calendar.from_ical(file.read_bytes())
        blocks = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
        for event in calendar.walk("VEVENT"):
            for name in ("DTSTART", "DTEND"):
                value = event[name]
                zone_name = value.params["TZID"]
                assert zone_name in blocks, f"{file.name}: no VTIMEZONE for {zone_name}"
                local = value.dt.replace(tzinfo=None)  # the wall-clock time written in the file
                instant = local.replace(tzinfo=zoneinfo.ZoneInfo(zone_name)).astimezone(UTC)
                true_offset = local.replace(tzinfo=zoneinfo.ZoneInfo(zone_name)).utcoffset()
                where = f"{file.relative_to(site.output)}: {event['SUMMARY']} {name}"
                assert offset_from_block(blocks[zone_name], instant) == true_offset, where
                checked.add((zone_name, local.month in (1, 12), local.year))
    # Winter and summer sessions, in both zones and both years, were all read through a block.
    assert {(zone, winter) for zone, winter, _ in checked} == {
        (zone, winter)
        for zone in ("America/New_York", "America/Denver")
        for winter in (True, False)
    }
    assert {year for _, _, year in checked} == {2026, 2027}


def test_events_carry_stable_uids_build_dated_stamps_and_the_course_url(site):
    site.write("courses/oud-echo.md", course_md(sessions=SPRING))
    site.build("2026-01-01")
    first = events(site.output / "courses/oud-echo/calendar.ics")
    site.build("2026-02-02")
    second = events(site.output / "courses/oud-echo/calendar.ics")
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert len({str(e["UID"]) for e in first}) == 4
    assert {e["DTSTAMP"].dt for e in first} == {dt.datetime(2026, 1, 1, tzinfo=UTC)}
    assert {e["DTSTAMP"].dt for e in second} == {dt.datetime(2026, 2, 2, tzinfo=UTC)}
    assert {str(e["URL"]) for e in first} == {"https://echo.example.org/courses/oud-echo/"}
    assert [str(e["STATUS"]) for e in first] == ["CONFIRMED"] * 3 + ["CANCELLED"]
    assert str(first[3]["SUMMARY"]).startswith("Cancelled: ")


def test_calendars_are_named_and_events_say_where_and_who_without_a_meeting_link(site):
    """What a calendar app shows: the calendar's name, the event's place, presenters, and
    the sentence the editor guide promises instead of a meeting link."""
    sessions = "sessions:\n  - {date: 2026-01-14, title: One, presenters: [jdoe, rroe]}\n"
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    site.build("2026-01-01")
    names = {
        "calendar.ics": "Project ECHO at Example Health",
        "courses/oud-echo/calendar.ics": "Opioid Use Disorder ECHO",
        "courses/oud-echo/session-1.ics": "Opioid Use Disorder ECHO: One",
    }
    for path, name in names.items():
        calendar = icalendar.Calendar.from_ical((site.output / path).read_bytes())
        assert str(calendar["X-WR-CALNAME"]) == name
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == "oud-echo-session-1@echo.example.org"
        assert str(event["LOCATION"]) == "Online (videoconference)"
        assert str(event["DESCRIPTION"]).split("\n\n") == [
            "Case-based learning.",
            "Presenters: Jane Doe, MD, MPH; Richard Roe, PharmD",
            "The meeting link is sent to registered participants.",
            "Course page: https://echo.example.org/courses/oud-echo/",
        ]


def test_one_file_per_session_matches_the_course_file(site):
    site.write("courses/oud-echo.md", course_md(sessions=SPRING))
    site.build("2026-01-01")
    course = events(site.output / "courses/oud-echo/calendar.ics")
    for number, event in enumerate(course, 1):
        (single,) = events(site.output / f"courses/oud-echo/session-{number}.ics")
        assert single.to_ical() == event.to_ical()


def test_the_site_calendar_has_every_upcoming_session_of_every_course(site):
    site.write("courses/oud-echo.md", course_md(sessions=SPRING))
    site.write(
        "courses/pain-echo.md",
        course_md(
            title="Pain ECHO",
            extra="timezone: America/Denver\n",
            sessions="sessions:\n  - {date: 2026-03-18, title: One}\n  - {date: 2026-04-01, title: Two}\n",
        ),
    )
    site.build("2026-03-19")
    found = events(site.output / "calendar.ics")
    summaries = [str(e["SUMMARY"]) for e in found]
    assert summaries == [
        "Opioid Use Disorder ECHO: After the change",
        "Pain ECHO: Two",
        "Opioid Use Disorder ECHO: Autumn, still daylight time",
        "Cancelled: Opioid Use Disorder ECHO: Autumn, standard time again",
    ]
    assert zones(site.output / "calendar.ics") == {"America/New_York", "America/Denver"}


def test_course_pages_offer_calendar_links_for_the_course_and_each_future_session(site):
    site.write("courses/oud-echo.md", course_md(sessions=SPRING))
    site.build("2026-03-10")
    page = site.html("/courses/oud-echo/")
    # Each session still ahead: its own file, and Google's and Outlook's pages filled in.
    offered = {li["id"]: li.select_one("details.add-cal") for li in page.select("li.session")}
    assert [key for key, menu in offered.items() if menu] == ["session-2", "session-3"]
    menu = offered["session-2"]
    links = {text_of(a): a["href"] for a in menu.select("a")}
    assert links["Apple Calendar or other (.ics file)"] == "session-2.ics"
    google = parse_qs(urlsplit(links["Google Calendar"]).query)
    # 12:00-13:00 in New York on 19 March (daylight time): 16:00-17:00 UTC.
    assert google["dates"] == ["20260319T160000Z/20260319T170000Z"]
    assert google["ctz"] == ["America/New_York"]
    assert google["text"] == ["Opioid Use Disorder ECHO: After the change"]
    outlook = parse_qs(urlsplit(links["Outlook (Microsoft 365)"]).query)
    assert (outlook["startdt"], outlook["enddt"]) == (
        ["2026-03-19T16:00:00Z"],
        ["2026-03-19T17:00:00Z"],
    )
    assert urlsplit(links["Outlook.com"]).netloc == "outlook.live.com"
    # The whole course: a subscription, and a file of the sessions still ahead only.
    panel = {text_of(a): a["href"] for a in page.select(".panel-calendar a")}
    assert panel["Subscribe in Apple Calendar or Outlook"] == (
        "webcal://echo.example.org/courses/oud-echo/calendar.ics"
    )
    assert parse_qs(urlsplit(panel["Subscribe in Google Calendar"]).query)["cid"] == [
        "webcal://echo.example.org/courses/oud-echo/calendar.ics"
    ]
    assert panel["Download the sessions (.ics file)"] == "upcoming.ics"
    ahead = [str(e["SUMMARY"]) for e in events(site.output / "courses/oud-echo/upcoming.ics")]
    assert ahead == [
        "Opioid Use Disorder ECHO: After the change",
        "Opioid Use Disorder ECHO: Autumn, still daylight time",
    ]
    assert "2 sessions" in text_of(page.select_one(".panel-calendar summary"))
    # Once every session is past, nothing is offered.
    site.build("2026-12-01")
    ended = site.html("/courses/oud-echo/")
    assert ended.select_one(".panel-calendar") is None
    assert ended.select_one("details.add-cal") is None
    assert not (site.output / "courses/oud-echo/upcoming.ics").exists()
