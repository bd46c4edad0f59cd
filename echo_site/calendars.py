"""iCalendar files (RFC 5545) for courses and sessions, written with the icalendar library.

Events carry their zone (TZID with a VTIMEZONE), so every calendar shows the visitor's own time.
UIDs come from the course slug and session number, and DTSTAMP from the build date, so the same
content gives the same bytes and calendar apps update events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar

from .model import Course, Session, Site
from .urls import absolute_url


def course_calendar(site: Site, course: Course, as_of: dt.date) -> bytes:
    """Every session of one course."""
    name = course.title
    return _calendar(site, name, ((course, s) for s in course.sessions), as_of)


def session_calendar(site: Site, course: Course, session: Session, as_of: dt.date) -> bytes:
    """One session, for an "add to calendar" link."""
    return _calendar(site, f"{course.title}: {session.title}", [(course, session)], as_of)


def site_calendar(site: Site, as_of: dt.date) -> bytes:
    """Every upcoming session of every course (from the build date on)."""
    pairs = sorted(
        ((course, s) for course in site.courses for s in course.sessions if s.date >= as_of),
        key=lambda pair: (pair[1].start.astimezone(dt.UTC), pair[0].slug, pair[1].number),
    )
    return _calendar(site, site.config.title, pairs, as_of)


def session_uid(site: Site, course: Course, session: Session) -> str:
    host = urlsplit(site.config.base_url).hostname or "echo-site"
    return f"{course.slug}-session-{session.number}@{host}"


def _calendar(
    site: Site, name: str, pairs: Iterable[tuple[Course, Session]], as_of: dt.date
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//echo-site//Project ECHO courses//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
    years = []
    for course, session in pairs:
        calendar.add_component(_event(site, course, session, stamp))
        years.append(session.date.year)
    if years:
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 1, 12, 31)
        )
    return calendar.to_ical()


def _event(site: Site, course: Course, session: Session, stamp: dt.datetime) -> icalendar.Event:
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
    event.add("categories", ["Project ECHO", *course.topics])
    return event
