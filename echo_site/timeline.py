"""What a build decides from its date: course status, registration, credit and disclosures.

Every function takes the build date (`as_of`) as a parameter; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .errors import Problem
from .model import (
    Course,
    Disclosure,
    Person,
    Recording,
    RecordingCredit,
    Reference,
    Session,
    Site,
    Source,
)

CourseStatus = Literal["upcoming", "in-progress", "ended"]
RegistrationStatus = Literal["open", "closed", "waitlist", "full"]
CreditStatus = Literal["upcoming", "available", "expired"]
DisclosureStatus = Literal["current", "stale"]
# What someone in control of an activity's content does in it, in the order pages list them.
Role = Literal["planner", "hub team", "presenter", "guest presenter"]


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


def claim_closes(course: Course, session: Session, as_of: dt.date) -> dt.date | None:
    """The last day a session's credit can be claimed, while it can: from the day it is held
    through `claim_days` after it. None before, after, or for a course without a claim link."""
    credit = course.credit
    if credit is None or credit.claim_url is None or session.cancelled:
        return None
    closes = session.date + dt.timedelta(days=credit.claim_days)
    return closes if session.date <= as_of <= closes else None


def disclosure_status(disclosure: Disclosure, as_of: dt.date) -> DisclosureStatus:
    """A disclosure is good for a year: made on 2025-11-28, it covers builds through
    2026-11-28."""
    return "stale" if as_of > add_years(disclosure.date, 1) else "current"


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


# -- who controls an activity's content, and their disclosures ----------------------------------


def course_controllers(
    course: Course, people: dict[str, Person]
) -> list[tuple[Person, tuple[Role, ...], Source]]:
    """Everyone in control of a course's content: its planners, its hub team and the presenters
    of its sessions (not of cancelled ones), each once, with their roles and where the course
    first names them."""
    named: list[tuple[str | Person, Role]] = [
        *((i, "planner") for i in course.planners),
        *((i, "hub team") for i in course.faculty),
    ]
    for session in course.sessions:
        if not session.cancelled:
            named += [(i, "presenter") for i in session.presenters]
            named += [(g, "guest presenter") for g in session.guests]
    return _controllers(named, people, course.references)


def recording_controllers(
    recording: Recording, people: dict[str, Person]
) -> list[tuple[Person, tuple[Role, ...], Source]]:
    """Everyone in control of a recording's content: its planners and its presenters."""
    named: list[tuple[str | Person, Role]] = [
        *((i, "planner") for i in recording.planners),
        *((i, "presenter") for i in recording.presenters),
        *((g, "guest presenter") for g in recording.guests),
    ]
    return _controllers(named, people, recording.references)


def _controllers(
    named: list[tuple[str | Person, Role]],
    people: dict[str, Person],
    references: tuple[Reference, ...],
) -> list[tuple[Person, tuple[Role, ...], Source]]:
    where: dict[str, Source] = {}
    for reference in references:
        if reference.kind == "person":
            where.setdefault(reference.value, reference.source)
    found: dict[object, tuple[Person, list[Role], Source]] = {}
    for who, role in named:
        if isinstance(who, Person):  # a guest: the same name and credentials are one guest
            key: object = (who.name, who.credentials, who.organization)
            person, source = who, who.source
        elif who in people:
            key, person, source = who, people[who], where.get(who, people[who].source)
        else:
            continue
        entry = found.setdefault(key, (person, [], source))
        if role not in entry[1]:
            entry[1].append(role)
    return [(person, tuple(roles), source) for person, roles, source in found.values()]


def disclosure_problems(site: Site, as_of: dt.date) -> list[Problem]:
    """On a site that publishes disclosures (site.yaml has a mitigation_statement), warn about
    anyone in control of the content of a course or recording that still offers credit whose
    disclosure is not on file, or is more than a year old at the build date."""
    if not site.config.mitigation_statement:
        return []
    problems: list[Problem] = []
    for course in site.courses:
        if course.credit and course_status(course, as_of) != "ended":
            for person, _, source in course_controllers(course, site.people):
                problems += _disclosure_problem(person, source, "course", as_of)
    for recording in site.recordings:
        credit = recording.credit
        if credit and credit_status(credit, as_of) != "expired":
            for person, _, source in recording_controllers(recording, site.people):
                problems += _disclosure_problem(person, source, "recording", as_of)
    return problems


def _disclosure_problem(person: Person, named: Source, noun: str, as_of: dt.date) -> list[Problem]:
    disclosure = person.disclosure
    who = f"{person.name} ({person.id})" if person.id else f"the guest presenter {person.name}"
    if disclosure is None:
        where = named
        message = f"{who} has no disclosure on file, and this {noun} offers credit"
        place = f"to {person.id} in {person.source.path}" if person.id else "to the guest here"
        hint = (
            "add disclosures: (none, or each company and relationship) and disclosed: "
            f"(the day they were made) {place}"
        )
    elif disclosure_status(disclosure, as_of) == "stale":
        where = named if person.id else disclosure.source
        message = (
            f"the disclosure of {who} is dated {disclosure.date}, more than a year before "
            f"the build date ({as_of}), and this {noun} offers credit"
        )
        place = f"{disclosure.source.path}:{disclosure.source.line}" if person.id else "here"
        hint = f"ask for a new disclosure, and update disclosed: in {place}"
    else:
        return []
    return [Problem(where.path, where.line, where.column, message, hint, "warning")]
