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
from typing import TYPE_CHECKING

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

    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("summary", item.summary)
    event.add("description", item.description)
    event.add("url", item.url)
    event.add("location", "Online (videoconference)")
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    event.add("sequence", 1 if item.cancelled else 0)
    return event
