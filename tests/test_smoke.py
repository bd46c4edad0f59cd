"""The smallest end-to-end checks: a tiny site builds and its pages link up."""

from __future__ import annotations

from conftest import course_md, text_of


def test_tiny_site_builds_every_page_of_the_content_model(site):
    site.write("courses/oud-echo.md", course_md())
    site.write("pages/contact.md", "---\ntitle: Contact\n---\nEmail us.\n")
    result = site.build("2026-01-01")
    for url in ("/", "/contact/", "/courses/", "/courses/oud-echo/", "/enduring-materials/"):
        assert site.html(url).find("h1"), url
    for file in (
        "courses/oud-echo/calendar.ics",
        "calendar.ics",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ):
        assert (site.output / file).is_file(), file
    assert result.pages >= 5
    assert text_of(site.html("/courses/oud-echo/").find("h1")) == "Opioid Use Disorder ECHO"
