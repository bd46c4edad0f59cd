"""What a build decides from its date: course status, registration and credit.

Every function takes the build date (`as_of`) as a parameter; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .errors import Problem
from .model import Course, RecordingCredit, Session, Site

CourseStatus = Literal["upcoming", "in-progress", "ended"]
RegistrationStatus = Literal["open", "closed", "waitlist", "full"]
CreditStatus = Literal["upcoming", "available", "expired"]


def course_status(course: Course, as_of: dt.date) -> CourseStatus:
    """Upcoming before the first held session, in progress through the last, then ended."""
    if as_of < course.first_day:
        return "upcoming"
    if as_of <= course.last_day:
        return "in-progress"
    return "ended"


def next_session(course: Course, as_of: dt.date) -> Session | None:
    """Return the first session on or after `as_of` that is not cancelled."""
    return next((s for s in course.sessions if s.date >= as_of and not s.cancelled), None)


def upcoming_sessions(course: Course, as_of: dt.date) -> tuple[Session, ...]:
    """Return the sessions on or after `as_of`, cancelled ones included (they stay listed)."""
    return tuple(s for s in course.sessions if s.date >= as_of)


def registration_status(course: Course, as_of: dt.date) -> RegistrationStatus | None:
    """The editor's override, else closed after the deadline or the end, else open with a form."""
    registration = course.registration
    if registration is None:
        return "closed" if course_status(course, as_of) == "ended" else None
    if registration.status:
        return registration.status  # type: ignore[return-value]
    if registration.closes and as_of > registration.closes:
        return "closed"
    if course_status(course, as_of) == "ended":
        return "closed"
    return "open" if registration.url else None


def credit_status(credit: RecordingCredit, as_of: dt.date) -> CreditStatus:
    """Enduring-material credit is available from release through expiry, both days included."""
    if as_of < credit.released:
        return "upcoming"
    if as_of <= credit.expires:
        return "available"
    return "expired"


def latest_allowed_expiry(credit: RecordingCredit) -> dt.date:
    """Enduring material may offer credit for at most three years after release or review."""
    start = max(credit.released, credit.reviewed or credit.released)
    return add_years(start, 3)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def courses_by_next_session(courses: tuple[Course, ...], as_of: dt.date) -> tuple[Course, ...]:
    """Current and upcoming courses, soonest next session first (then by title)."""
    current = [c for c in courses if course_status(c, as_of) != "ended"]

    def key(course: Course) -> tuple[dt.datetime, str]:
        session = next_session(course, as_of)
        start = session.start if session else dt.datetime.max.replace(tzinfo=dt.UTC)
        return (start.astimezone(dt.UTC), course.title.lower())

    return tuple(sorted(current, key=key))


def stale_overrides(site: Site, as_of: dt.date) -> list[Problem]:
    """Warn about a registration status that still invites people to a course that has ended."""
    problems = []
    for course in site.courses:
        registration = course.registration
        if (
            registration
            and registration.status in ("open", "waitlist")
            and course_status(course, as_of) == "ended"
        ):
            where = registration.source
            problems.append(
                Problem(
                    where.path,
                    where.line,
                    where.column,
                    f"registration says {registration.status} but the course ended on "
                    f"{course.last_day}",
                    "remove the status line so registration closes by itself",
                    "warning",
                )
            )
    return problems


def future_recordings(site: Site, as_of: dt.date) -> list[Problem]:
    """Warn about a recording dated after the build date: its page would say it was held then."""
    problems = []
    for recording in site.recordings:
        if recording.date > as_of:
            where = recording.date_source
            problems.append(
                Problem(
                    where.path,
                    where.line,
                    where.column,
                    f"this recording is dated {recording.date}, after the build date ({as_of})",
                    "check the year: date is the day the session was held, which cannot be in "
                    "the future",
                    "warning",
                )
            )
    return problems
