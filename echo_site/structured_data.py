"""schema.org JSON-LD for search engines: the hub, its courses and sessions, its recordings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import pairwise
from typing import Any

from .formats import iso_duration
from .model import Course, Person, SiteConfig
from .schedule import parse_on
from .urls import absolute_url
from .views import CourseView, HomeView, RecordingView, View

ONLINE = "https://schema.org/OnlineEventAttendanceMode"
FREE_OFFER = {"@type": "Offer", "price": 0, "priceCurrency": "USD", "category": "Free"}


def for_view(view: View, config: SiteConfig) -> tuple[dict[str, Any], ...]:
    """What a page tells search engines about itself, made from its view alone."""
    if isinstance(view, HomeView):
        return (organization(config),)
    if isinstance(view, CourseView):
        return (course(view, config),)
    if isinstance(view, RecordingView):
        return (recording(view, config),)
    return ()


def organization(config: SiteConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": absolute_url(config.base_url, "/#organization"),
        "name": config.title,
        "url": config.base_url,
        "email": config.contact_email,
    }
    if config.organization and config.organization != config.title:
        data["parentOrganization"] = {"@type": "Organization", "name": config.organization}
    if config.description:
        data["description"] = config.description
    return data


def course(view: CourseView, config: SiteConfig) -> dict[str, Any]:
    item = view.course
    base = config.base_url
    url = absolute_url(base, item.url)
    provider = {"@type": "Organization", "name": config.title, "url": base}
    location = {"@type": "VirtualLocation", "url": url}
    instructors = [_person(p) for p in view.faculty]
    # its own picture, or its social card; the site's picture for a course with neither
    image = (
        absolute_url(base, "/" + view.meta.image.path) if view.meta.image else _image(config, None)
    )
    sessions = []
    for entry in view.sessions:
        session = entry.session
        event: dict[str, Any] = {
            "@type": "Event",
            "name": f"{item.title}: {session.title}",
            "description": session.description.text or item.summary,
            "startDate": session.start.isoformat(),
            "endDate": session.end.isoformat(),
            "eventAttendanceMode": ONLINE,
            "eventStatus": "https://schema.org/EventCancelled"
            if session.cancelled
            else "https://schema.org/EventScheduled",
            "location": location,
            "isAccessibleForFree": True,
            "offers": {**FREE_OFFER, "url": url},
            "organizer": provider,
        }
        presenters = [_person(p) for p in entry.presenters]
        if presenters:
            event["performer"] = presenters
        if image:
            event["image"] = image
        sessions.append(event)
    held = item.held_sessions
    first, last = item.sessions[0], item.sessions[-1]
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "name": item.title,
        "courseMode": "Online",
        "startDate": first.start.isoformat(),
        "endDate": last.end.isoformat(),
        "eventAttendanceMode": ONLINE,
        "eventStatus": "https://schema.org/EventScheduled",
        "location": location,
        "isAccessibleForFree": True,
        "offers": {**FREE_OFFER, "url": url},
        "courseSchedule": _schedule(view),
        "courseWorkload": _duration(sum((s.end - s.start for s in held), dt.timedelta())),
        "subEvent": sessions,
    }
    if instructors:
        instance["instructor"] = instructors
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": item.title,
        "description": item.summary,
        "url": url,
        "provider": provider,
        "inLanguage": view.meta.language,
        "isAccessibleForFree": True,
        "offers": {**FREE_OFFER, "url": url},
        "hasCourseInstance": [instance],
    }
    if item.topics:
        data["about"] = list(item.topics)
    if item.audience:
        data["audience"] = [{"@type": "Audience", "audienceType": a} for a in item.audience]
    if image:
        data["image"] = image
    if item.credit:
        # Text, or a list of them for a course that offers several types of credit.
        types = [line.type for line in item.credit.lines]
        data["educationalCredentialAwarded"] = types[0] if len(types) == 1 else types
    return data


def recording(view: RecordingView, config: SiteConfig) -> dict[str, Any]:
    item = view.recording
    base = config.base_url
    url = absolute_url(base, item.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": item.title,
        "description": item.body.text or item.title,
        "uploadDate": item.date.isoformat(),
        "url": url,
        "isAccessibleForFree": True,
        "inLanguage": view.meta.language,
        "publisher": {"@type": "Organization", "name": config.title, "url": base},
    }
    video = item.video
    if video and video.provider == "youtube":
        data["embedUrl"] = f"https://www.youtube-nocookie.com/embed/{video.id}"
        data["thumbnailUrl"] = f"https://i.ytimg.com/vi/{video.id}/hqdefault.jpg"
    elif video and video.provider == "vimeo":
        data["embedUrl"] = f"https://player.vimeo.com/video/{video.id}"
    elif video:
        data["contentUrl"] = absolute_url(base, "/" + video.id)
    if "thumbnailUrl" not in data and view.meta.image:
        # Vimeo's thumbnails need its API, and a file has none: the page's social card.
        data["thumbnailUrl"] = absolute_url(base, "/" + view.meta.image.path)
    duration = iso_duration(item.duration_minutes)
    if duration:
        data["duration"] = duration
    presenters = [_person(p) for p in view.presenters]
    if presenters:
        data["creator"] = presenters
    return data


def _schedule(view: CourseView) -> dict[str, Any]:
    """When the course meets, as Google's course rich results ask: how long each session is,
    how often it repeats and how many times."""
    course = view.course
    held = course.held_sessions
    lengths = Counter(s.end - s.start for s in held)
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "startDate": held[0].date.isoformat(),
        "endDate": held[-1].date.isoformat(),
        "scheduleTimezone": course.timezone,
        "duration": _duration(lengths.most_common(1)[0][0]),
        "repeatCount": len(held),
    }
    frequency = _frequency(course)
    if frequency:
        schedule["repeatFrequency"] = frequency
    return schedule


def _frequency(course: Course) -> str | None:
    """P1W, P2W, P1M: from the schedule rule, or from dated sessions held at a steady pace."""
    rule = course.schedule
    if rule is not None:
        per_month = len(parse_on(rule.on, rule.unit)) if rule.unit == "month" else 1
        if rule.unit == "week":
            return f"P{rule.every}W"
        return f"P{rule.every}M" if per_month == 1 else None  # courseWorkload says it then
    days = sorted({s.date for s in course.held_sessions})
    gaps = {(b - a).days for a, b in pairwise(days)}
    if len(gaps) == 1 and next(iter(gaps)) % 7 == 0:
        return f"P{next(iter(gaps)) // 7}W"
    return None


def _duration(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return iso_duration(minutes) or "PT0M"


def _image(config: SiteConfig, own: str | None) -> str | None:
    picture = own or config.social_image
    return absolute_url(config.base_url, "/" + picture) if picture else None


def _person(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name}
    if person.credentials:
        data["honorificSuffix"] = person.credentials
    if person.role:
        data["jobTitle"] = person.role
    if person.organization:
        data["affiliation"] = {"@type": "Organization", "name": person.organization}
    return data
