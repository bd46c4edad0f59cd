"""iCalendar files (RFC 5545) for courses and sessions, written with the icalendar library.

Events carry their zone (TZID with a VTIMEZONE), so every calendar shows the visitor's own time.
UIDs come from the course slug and session number, and DTSTAMP from the build date, so the same
content gives the same bytes and calendar apps update events instead of duplicating them.

A session appears in its own file, its course's file and the site-wide file. Serializing a
component is icalendar's slow part, so each event and each time zone is serialized once per
build and the calendars are assembled from those pieces.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .model import Course, Session, Site
from .urls import absolute_url

if TYPE_CHECKING:
    import icalendar

# icalendar is imported where a calendar is made: a build that remakes none never loads it.

_END = b"END:VCALENDAR\r\n"


class Calendars:
    """Calendar files for one build: its site and date."""

    def __init__(self, site: Site, as_of: dt.date) -> None:
        self.site = site
        self.as_of = as_of
        self.stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
        self._events: dict[tuple[str, int], bytes] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def course(self, course: Course) -> bytes:
        """Every session of one course."""
        return self._calendar(course.title, [(course, s) for s in course.sessions])

    def session(self, course: Course, session: Session) -> bytes:
        """One session, for an "add to calendar" link."""
        years = (course.sessions[0].date.year, course.sessions[-1].date.year)
        return self._calendar(f"{course.title}: {session.title}", [(course, session)], years)

    def upcoming(self) -> bytes:
        """Every session of every course from the build date on."""
        pairs = sorted(
            ((c, s) for c in self.site.courses for s in c.sessions if s.date >= self.as_of),
            key=lambda pair: (pair[1].start.astimezone(dt.UTC), pair[0].slug, pair[1].number),
        )
        return self._calendar(self.site.config.title, pairs)

    def _calendar(
        self,
        name: str,
        pairs: Iterable[tuple[Course, Session]],
        years: tuple[int, int] | None = None,
    ) -> bytes:
        import icalendar

        pairs = list(pairs)
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//echo-site//Project ECHO courses//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        head = calendar.to_ical()
        assert head.endswith(_END)
        if not pairs:
            return head
        first = years[0] if years else min(s.date.year for _, s in pairs)
        last = years[1] if years else max(s.date.year for _, s in pairs)
        zones = sorted({c.timezone for c, _ in pairs})
        body = [self._zone(zone, first - 1, last + 1) for zone in zones]
        body += [self._event(course, session) for course, session in pairs]
        return head[: -len(_END)] + b"".join(body) + _END

    def _zone(self, zone: str, first: int, last: int) -> bytes:
        key = (zone, first, last)
        if key not in self._zones:
            import icalendar

            probe = icalendar.Calendar()
            event = icalendar.Event()
            event.add("dtstart", dt.datetime(first + 1, 6, 1, 12, tzinfo=zoneinfo.ZoneInfo(zone)))
            probe.add_component(event)
            probe.add_missing_timezones(
                first_date=dt.date(first, 1, 1), last_date=dt.date(last, 12, 31)
            )
            self._zones[key] = b"".join(tz.to_ical() for tz in probe.timezones)
        return self._zones[key]

    def _event(self, course: Course, session: Session) -> bytes:
        key = (course.slug, session.number)
        if key not in self._events:
            self._events[key] = _event(self.site, course, session, self.stamp).to_ical()
        return self._events[key]


def session_uid(site: Site, course: Course, session: Session) -> str:
    host = urlsplit(site.config.base_url).hostname or "echo-site"
    return f"{course.slug}-session-{session.number}@{host}"


def _event(site: Site, course: Course, session: Session, stamp: dt.datetime) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    url = absolute_url(site.config.base_url, course.url)
    event.add("uid", session_uid(site, course, session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    title = f"{course.title}: {session.title}"
    event.add("summary", f"Cancelled: {title}" if session.cancelled else title)
    presenters = [site.people[p].display_name for p in session.presenters if p in site.people]
    lines = [course.summary]
    if presenters:
        lines.append("Presenters: " + "; ".join(presenters))
    lines.append("The meeting link is sent to registered participants.")
    lines.append(f"Course page: {url}")
    event.add("description", "\n\n".join(lines))
    event.add("url", url)
    event.add("location", "Online (videoconference)")
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if session.cancelled else "OPAQUE")
    event.add("sequence", 1 if session.cancelled else 0)
    return event
