"""What the site says to machines: JSON-LD, link previews, feeds, sitemap, robots, 404."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from conftest import course_md

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OFFSET = re.compile(r"T\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def json_ld(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def build_hub(site, base_url="https://echo.example.org/"):  # type: ignore[no-untyped-def]
    site.write(
        "courses/oud-echo.md",
        course_md(
            extra="""\
faculty: [jdoe, rroe]
topics: [Substance use]
audience: [Physicians, Nurses]
credit: {type: AMA PRA Category 1 Credit, hours_per_session: 1}
""",
            sessions="""\
sessions:
  - {date: 2026-01-14, title: One, presenters: [jdoe]}
  - {date: 2026-07-15, title: Two, cancelled: true}
""",
        ),
    )
    site.write(
        "recordings/bup.md",
        """---
title: Buprenorphine starts
date: 2026-01-14
course: oud-echo
presenters: [jdoe]
video: https://youtu.be/abcdefghijk
duration_minutes: 58
---
Starting buprenorphine in primary care.
""",
    )
    site.write(
        "recordings/draft-one.md", "---\ntitle: Hidden\ndate: 2026-01-14\ndraft: true\n---\nx\n"
    )
    site.write("pages/about.md", "---\ntitle: About ECHO\nsummary: The story.\n---\nHi.\n")
    return site.build("2026-01-01", base_url=base_url)


def test_course_pages_describe_the_course_and_each_session(site):
    build_hub(site)
    (course,) = json_ld(site.html("/courses/oud-echo/"))
    assert course["@context"] == "https://schema.org" and course["@type"] == "Course"
    assert course["url"] == "https://echo.example.org/courses/oud-echo/"
    assert course["isAccessibleForFree"] is True and course["offers"]["price"] == 0
    (instance,) = course["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance" and instance["courseMode"] == "Online"
    assert instance["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert [p["name"] for p in instance["instructor"]] == ["Jane Doe", "Richard Roe"]
    assert instance["instructor"][0]["honorificSuffix"] == "MD, MPH"
    assert OFFSET.search(instance["startDate"])
    sessions = instance["subEvent"]
    assert [s["startDate"] for s in sessions] == [
        "2026-01-14T12:00:00-05:00",
        "2026-07-15T12:00:00-04:00",
    ]
    assert [s["eventStatus"].rsplit("/", 1)[1] for s in sessions] == [
        "EventScheduled",
        "EventCancelled",
    ]
    assert all(s["offers"]["price"] == 0 and s["isAccessibleForFree"] for s in sessions)
    assert sessions[0]["performer"][0]["name"] == "Jane Doe"
    assert [a["audienceType"] for a in course["audience"]] == ["Physicians", "Nurses"]


def test_recordings_are_video_objects_and_the_home_page_names_the_hub(site):
    build_hub(site)
    (video,) = json_ld(site.html("/recordings/bup/"))
    assert video["@type"] == "VideoObject"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    assert video["duration"] == "PT58M" and video["uploadDate"] == "2026-01-14"
    assert video["thumbnailUrl"].startswith("https://")
    (organization,) = json_ld(site.html("/"))
    assert organization["@type"] == "Organization"
    assert organization["url"] == "https://echo.example.org/"
    assert organization["email"] == "echo@example.org"


def test_link_previews_and_canonical_addresses_are_absolute(site):
    build_hub(site, base_url="https://example.org/echo/")
    page = site.html("/about/")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")}
    assert page.select_one('link[rel="canonical"]')["href"] == "https://example.org/echo/about/"
    assert meta["og:url"] == "https://example.org/echo/about/"
    assert meta["og:title"] == "About ECHO" and meta["og:description"] == "The story."
    assert meta["og:site_name"] == "Project ECHO at Example Health"
    assert meta["twitter:card"] == "summary"


def test_the_feed_is_atom_with_courses_and_recordings(site):
    build_hub(site)
    feed = ET.parse(site.output / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    assert set(entries) == {"Opioid Use Disorder ECHO"}  # the recording is dated after as-of
    link = entries["Opioid Use Disorder ECHO"].find(f"{ATOM}link").get("href")
    assert link == "https://echo.example.org/courses/oud-echo/"
    site.build("2026-02-01")
    feed = ET.parse(site.output / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "Buprenorphine starts" in titles and "Hidden" not in titles
    assert all(
        e.findtext(f"{ATOM}updated").endswith("T00:00:00Z") for e in feed.findall(f"{ATOM}entry")
    )


def test_the_sitemap_lists_every_page_with_absolute_addresses_and_no_drafts(site):
    build_hub(site, base_url="https://example.org/echo/")
    root = ET.parse(site.output / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert all(loc.startswith("https://example.org/echo/") for loc in locations)
    assert "https://example.org/echo/recordings/bup/" in locations
    assert not any("draft-one" in loc for loc in locations)
    for loc in locations:
        path = loc.removeprefix("https://example.org/echo/")
        assert (site.output / path / "index.html").is_file(), loc
    robots = (site.output / "robots.txt").read_text()
    assert "Sitemap: https://example.org/echo/sitemap.xml" in robots


def test_the_not_found_page_works_from_any_depth(site):
    build_hub(site, base_url="https://example.org/echo/")
    page = site.html("/404.html")
    hrefs = [
        a["href"]
        for a in page.select("a[href]")
        if not a["href"].startswith(("mailto:", "tel:", "http", "webcal:", "#"))
    ]
    assert hrefs and all(h.startswith("/echo/") for h in hrefs)
    assets = [link["href"] for link in page.select("link[href]")]
    assert all(h.startswith("/echo/") for h in assets if not h.startswith("http"))
