"""Atom feed, sitemap and robots.txt: absolute addresses, dates from content, never the clock."""

from __future__ import annotations

import bisect
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from operator import attrgetter

from .model import Recording, Site
from .timeline import course_status
from .urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_RECORDINGS = 50


def atom_feed(site: Site, as_of: dt.date) -> bytes:
    """New courses (current and upcoming) and the most recent recordings."""
    base = site.config.base_url
    entries: list[tuple[dt.date, str, str, str, str]] = []
    for course in site.courses:
        if course_status(course, as_of) != "ended":
            entries.append((course.first_day, course.url, course.title, course.summary, "Course"))
    for recording in recent_recordings(site, as_of):
        summary = recording.body.text or recording.title
        entries.append((recording.date, recording.url, recording.title, summary, "Recording"))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", site.config.language)
    _text(feed, "title", site.config.title)
    if site.config.description:
        _text(feed, "subtitle", site.config.description)
    _text(feed, "id", absolute_url(base, "/feed.xml"))
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="self",
        href=absolute_url(base, "/feed.xml"),
        type="application/atom+xml",
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base, type="text/html")
    newest = max((e[0] for e in entries if e[0] <= as_of), default=as_of)
    _text(feed, "updated", _timestamp(newest))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.config.organization or site.config.title)
    _text(author, "email", site.config.contact_email)
    for day, url, title, summary, kind in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", title)
        _text(entry, "id", absolute_url(base, url))
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            rel="alternate",
            href=absolute_url(base, url),
            type="text/html",
        )
        _text(entry, "updated", _timestamp(day))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=kind)
        _text(entry, "summary", summary)
    return _serialize(feed)


def recent_recordings(site: Site, as_of: dt.date) -> list[Recording]:
    """The newest recordings held by the build date, for the feed."""
    # The site's recordings are oldest first: those held by the date come first.
    held = bisect.bisect_right(site.recordings, as_of, key=attrgetter("date"))
    return list(site.recordings[max(0, held - FEED_RECORDINGS) : held][::-1])


def sitemap(site: Site, urls: Iterable[str]) -> bytes:
    """Every published page, with its absolute address."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for url in sorted(set(urls)):
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        _text(entry, "loc", absolute_url(site.config.base_url, url), SITEMAP)
    return _serialize(root)


def robots(site: Site) -> bytes:
    lines = ["User-agent: *"]
    lines.append("Disallow: /" if site.include_drafts else "Allow: /")
    lines.append(f"Sitemap: {absolute_url(site.config.base_url, '/sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode()


def _text(parent: ET.Element, tag: str, text: str, namespace: str = ATOM) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
