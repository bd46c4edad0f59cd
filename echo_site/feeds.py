"""Atom feed, sitemap and robots.txt from their views: absolute addresses, dates from content."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .urls import absolute_url
from .views import FeedView, RobotsView, SitemapView

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def atom_feed(view: FeedView) -> bytes:
    """New courses (current and upcoming) and the most recent recordings."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set(_XML_LANG, view.language)
    _text(feed, "title", view.title)
    if view.subtitle:
        _text(feed, "subtitle", view.subtitle)
    _text(feed, "id", view.url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=view.url, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=view.home, type="text/html")
    _text(feed, "updated", _timestamp(view.updated))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", view.author)
    _text(author, "email", view.email)
    for item in view.entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        if item.language:  # an entry in another language than the feed's
            entry.set(_XML_LANG, item.language)
        _text(entry, "title", item.title)
        _text(entry, "id", item.url)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=item.url, type="text/html")
        _text(entry, "updated", _timestamp(item.day))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.category)
        _text(entry, "summary", item.summary)
    return _serialize(feed)


def sitemap(view: SitemapView) -> bytes:
    """Every published page, with its absolute address."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for url in view.urls:
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        _text(entry, "loc", absolute_url(view.base_url, url), SITEMAP)
    return _serialize(root)


def robots(view: RobotsView) -> bytes:
    lines = ["User-agent: *", "Allow: /" if view.allow else "Disallow: /"]
    lines.append(f"Sitemap: {view.sitemap}")
    return ("\n".join(lines) + "\n").encode()


def _text(parent: ET.Element, tag: str, text: str, namespace: str = ATOM) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
