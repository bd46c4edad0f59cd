"""iCalendar files (RFC 5545) from calendar views, written with the icalendar library.

Events carry their zone (TZID with a VTIMEZONE), so every calendar shows the visitor's own time.
UIDs come from the course slug and session number, and DTSTAMP from the build date (views.py),
so the same content gives the same bytes and calendar apps update events instead of
duplicating them.

A session appears in its own file, its course's file and the site-wide file. Serializing a
component is icalendar's slow part, so each event and each time zone is serialized once per
process (`CalendarPieces`) and the calendars are assembled from those pieces.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from .languages import messages
from .model import Course, Session
from .urls import absolute_url
from .views import CalendarEvent, CalendarView

if TYPE_CHECKING:
    import icalendar

# icalendar is imported where a calendar is made: a build that remakes none never loads it.

_END = b"END:VCALENDAR\r\n"


class CalendarPieces:
    """Events and time zones already serialized, by what they were made from."""

    def __init__(self) -> None:
        self.events: dict[CalendarEvent, bytes] = {}
        self.zones: dict[tuple[str, int, int], bytes] = {}

    def event(self, event: CalendarEvent) -> bytes:
        if event not in self.events:
            self.events[event] = _event(event).to_ical()
        return self.events[event]

    def zone(self, zone: str, first: int, last: int) -> bytes:
        key = (zone, first, last)
        if key not in self.zones:
            self.zones[key] = _zone(zone, first, last)
        return self.zones[key]


def calendar_file(view: CalendarView, pieces: CalendarPieces) -> bytes:
    """A calendar of the view's events, with the rules of their zones for the view's years."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//echo-site//Project ECHO courses//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", view.name)
    head: bytes = calendar.to_ical()
    assert head.endswith(_END)
    if not view.events:
        return head
    first, last = view.years
    zones = sorted({event.timezone for event in view.events})
    body = [pieces.zone(zone, first - 1, last + 1) for zone in zones]
    body += [pieces.event(event) for event in view.events]
    return bytes(head[: -len(_END)] + b"".join(body) + _END)


def _zone(zone: str, first: int, last: int) -> bytes:
    import icalendar

    probe = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", dt.datetime(first + 1, 6, 1, 12, tzinfo=zoneinfo.ZoneInfo(zone)))
    probe.add_component(event)
    probe.add_missing_timezones(first_date=dt.date(first, 1, 1), last_date=dt.date(last, 12, 31))
    return b"".join(tz.to_ical() for tz in probe.timezones)


def _event(item: CalendarEvent) -> icalendar.Event:
    import icalendar

    # Its texts say what language they are in (RFC 5545's LANGUAGE parameter), when the view
    # gives one.
    language = {"language": item.language} if item.language else {}
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("summary", item.summary, parameters=language)
    event.add("description", item.description, parameters=language)
    event.add("url", item.url)
    event.add("location", item.location, parameters=language)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    event.add("sequence", 1 if item.cancelled else 0)
    return event


# -- links that put sessions in visitors' calendars ------------------------------------------


@dataclass(frozen=True)
class AddToCalendar:
    """Ways to put one session in a calendar: a file, and Google's and Outlook's own pages."""

    file: str  # site path of the session's .ics
    google: str
    outlook: str  # Microsoft 365
    outlook_com: str  # personal Outlook.com accounts


@dataclass(frozen=True)
class Subscribe:
    """Ways to follow a course's remaining sessions in a calendar."""

    remaining: int
    file: str  # site path of the .ics with the sessions still ahead
    webcal: str  # subscription: calendar apps fetch changes themselves
    google: str
    outlook: str


def session_links(
    base_url: str, course: Course, session: Session, language: str = "en"
) -> AddToCalendar:
    """A session's calendar file, and links that open Google Calendar or Outlook with the
    session filled in (times in UTC, so every calendar shows them in its own zone), in the
    language of the page that offers them."""
    words = messages(language)
    title = words.gettext("%(course)s: %(session)s", course=course.title, session=session.title)
    page = absolute_url(base_url, course.url)
    details = "\n".join(
        (
            course.summary,
            "",
            words.gettext("Course page: %(url)s", url=page),
            words.gettext("The meeting link is sent to registered participants."),
        )
    )
    location = words.gettext("Online (videoconference)")
    start, end = (moment.astimezone(dt.UTC) for moment in (session.start, session.end))
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": location,
        "ctz": course.timezone,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": details,
        "location": location,
    }
    return AddToCalendar(
        f"{course.url}session-{session.number}.ics",
        "https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        "https://outlook.office.com/calendar/0/deeplink/compose?"
        + urlencode(outlook, quote_via=quote),
        "https://outlook.live.com/calendar/0/deeplink/compose?"
        + urlencode(outlook, quote_via=quote),
    )


def course_subscription(base_url: str, course: Course, remaining: int) -> Subscribe:
    """The course calendar as a subscription (calendar apps fetch its changes) and as a file
    of the sessions still ahead."""
    feed = absolute_url(base_url, f"{course.url}calendar.ics")
    webcal = "webcal://" + feed.split("://", 1)[1]
    return Subscribe(
        remaining,
        f"{course.url}upcoming.ics",
        webcal,
        "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}),
        "https://outlook.office.com/calendar/0/addfromweb?"
        + urlencode({"url": feed, "name": course.title}, quote_via=quote),
    )
