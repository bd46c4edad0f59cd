"""Source files as editors save them: Unicode, CRLF line ends, byte order marks and file names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from conftest import PEOPLE_YAML, SITE_YAML, course_md, text_of

from echo_site.errors import BuildFailed

UNICODE_TITLE = "Atención primaria ECHO — niños 🧒"

COURSE_TEXT = """\
---
title: Atención primaria ECHO — niños
summary: Aprendizaje basado en casos, para clínicas rurales.
topics: [Salud infantil]
time: "12:00-13:00"
sessions:
  - date: 2026-01-14
    title: Introducción
    presenters: [jdoe]
    description: |
      Primera sesión.
      Traiga un caso.
  - date: 2026-01-28
    title: Nutrición
faculty: [jdoe]
---
# Por qué este curso

Línea uno con salto\\
línea dos.

- uno
- dos

| Sesión | Tema |
|---|---|
| 1 | Introducción |
"""

PAGE_TEXT = """\
---
title: Quiénes somos
summary: El equipo.
---
# Nuestro equipo

Texto del equipo.
"""


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def write_variant(site, transform) -> None:  # type: ignore[no-untyped-def]
    """Write the same small site, every text file passed through `transform` (str -> bytes)."""
    site.write("site.yaml", transform(SITE_YAML))
    site.write("people.yaml", transform(PEOPLE_YAML))
    site.write("pages/index.md", transform("---\ntitle: Welcome\n---\nFree tele-mentoring.\n"))
    site.write("pages/about.md", transform(PAGE_TEXT))
    site.write("courses/ap-echo.md", transform(COURSE_TEXT))


VARIANTS = {
    "crlf": lambda text: crlf(text).encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + crlf(text).encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
}


def html_outputs(site) -> dict[str, bytes]:
    return {
        p.relative_to(site.output).as_posix(): p.read_bytes()
        for p in sorted(site.output.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".ics", ".xml")
    }


# -- Unicode ---------------------------------------------------------------------------------------


def test_unicode_titles_survive_into_h1_title_listings_feed_and_calendar(site):
    site.write(
        "courses/ap-echo.md",
        course_md(title=f'"{UNICODE_TITLE}"', extra="topics: [Salud infantil]\n"),
    )
    site.write("pages/about.md", "---\ntitle: Über uns — 日本語のページ\n---\nÇa marche: ½ ≠ ⅓.\n")
    site.build("2026-01-05")
    page = site.html("/courses/ap-echo/")
    assert text_of(page.find("h1")) == UNICODE_TITLE
    assert page.title.string == f"{UNICODE_TITLE} | Project ECHO at Example Health"
    assert page.find("meta", property="og:title")["content"] == UNICODE_TITLE
    card_titles = [text_of(a) for a in site.html("/courses/").select(".card-title a")]
    assert card_titles == [UNICODE_TITLE]
    about = site.html("/about/")
    assert text_of(about.find("h1")) == "Über uns — 日本語のページ"
    assert "Ça marche: ½ ≠ ⅓." in text_of(about.select_one(".prose"))
    feed = ET.fromstring((site.output / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert UNICODE_TITLE in [
        e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)
    ]
    calendar = icalendar.Calendar.from_ical(
        (site.output / "courses/ap-echo/calendar.ics").read_bytes()
    )
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries[0] == f"{UNICODE_TITLE}: The landscape in our region"
    # Output is UTF-8 and says so.
    raw = (site.output / "courses/ap-echo/index.html").read_bytes()
    assert UNICODE_TITLE.encode("utf-8") in raw
    assert b'<meta charset="utf-8">' in raw


def test_unicode_names_of_people_and_topics(site):
    site.write(
        "people.yaml",
        PEOPLE_YAML + "jnunez:\n  name: José Núñez\n  credentials: MD, MSc\n",
    )
    site.write(
        "courses/ap-echo.md",
        course_md(
            sessions=(
                "sessions:\n  - date: 2026-01-14\n    title: Niñez\n    presenters: [jnunez]\n"
            ),
            extra="topics: [Atención primaria]\naudience: [Promotoras de salud]\n",
        ),
    )
    site.build("2026-01-05")
    page = site.html("/courses/ap-echo/")
    assert "José Núñez, MD, MSc" in text_of(page.select_one("#session-1"))
    topic = page.find("dt", string="Topics").find_next_sibling("dd").select_one("a")
    assert text_of(topic) == "Atención primaria"
    assert topic["href"] == "../../topics/atencion-primaria/"
    listing = site.html("/topics/atencion-primaria/")
    assert text_of(listing.find("h1")) == "Atención primaria"
    assert text_of(site.html("/audiences/promotoras-de-salud/").find("h1")) == (
        "Promotoras de salud"
    )


def test_topics_in_non_latin_scripts_get_pages_of_their_own(site):
    site.write("courses/mind.md", course_md(title="Mind ECHO", extra="topics: [精神健康]\n"))
    site.write("courses/health.md", course_md(title="Health ECHO", extra="topics: [Здоровье]\n"))
    site.build("2026-01-05")
    chips = {text_of(a): a["href"] for a in site.html("/courses/").select("a.chip")}
    assert set(chips) == {"精神健康", "Здоровье"}
    assert chips["精神健康"] != chips["Здоровье"]
    for name, course in (("精神健康", "Mind ECHO"), ("Здоровье", "Health ECHO")):
        listing = site.html(
            urlsplit(urljoin("https://echo.example.org/courses/", chips[name])).path
        )
        assert text_of(listing.find("h1")) == name
        assert [text_of(a) for a in listing.select(".card-title a")] == [course]


# -- line ends and byte order marks -------------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_crlf_and_bom_files_build_exactly_like_lf_files(make_site, variant):
    reference = make_site("lf")
    write_variant(reference, lambda text: text.encode("utf-8"))
    reference_result = reference.build("2026-01-05")
    other = make_site(variant)
    write_variant(other, VARIANTS[variant])
    other_result = other.build("2026-01-05")

    assert (other.content / "courses/ap-echo.md").read_bytes() != (
        reference.content / "courses/ap-echo.md"
    ).read_bytes()
    page = other.html("/courses/ap-echo/")
    assert text_of(page.find("h1")) == "Atención primaria ECHO — niños"
    prose = page.select_one("#about-heading").parent.select_one(".prose")
    assert text_of(prose.find("h2")) == "Por qué este curso"
    assert prose.find("br") is not None  # the hard line break survived
    assert [text_of(li) for li in prose.select("ul li")] == ["uno", "dos"]
    assert [text_of(th) for th in prose.select("th")] == ["Sesión", "Tema"]
    description = page.select_one("#session-1 .prose")
    assert text_of(description) == "Primera sesión. Traiga un caso."
    assert "\r" not in (other.output / "courses/ap-echo/index.html").read_text(encoding="utf-8")
    assert "\ufeff" not in (other.output / "courses/ap-echo/index.html").read_text(encoding="utf-8")
    about = other.html("/about/")
    assert text_of(about.find("h1")) == "Quiénes somos"
    assert text_of(about.select_one(".prose h2")) == "Nuestro equipo"
    assert other.html("/").title.string == "Project ECHO at Example Health"

    for url in ("/courses/ap-echo/", "/about/", "/"):
        assert text_of(other.html(url).find("main")) == text_of(reference.html(url).find("main"))
    assert html_outputs(other) == html_outputs(reference)
    assert other_result.warnings == reference_result.warnings == ()


def test_bom_before_front_matter_does_not_swallow_the_first_heading(site):
    site.write(
        "pages/notes.md",
        b"\xef\xbb\xbf---\ntitle: Notes\n---\n# First heading\n\nText.\n",
    )
    site.build("2026-01-05")
    prose = site.html("/notes/").select_one(".prose")
    heading = prose.find("h2")
    assert heading is not None
    assert text_of(heading) == "First heading"
    assert heading["id"] == "first-heading"
    assert "#" not in text_of(prose)
    assert text_of(site.html("/notes/").find("h1")) == "Notes"


def test_bom_in_a_file_whose_body_starts_with_a_heading_and_no_blank_line(site):
    # A Windows editor's file: BOM, CRLF, and the heading right after the closing fence.
    site.write(
        "courses/ap-echo.md",
        b"\xef\xbb\xbf" + crlf(course_md(body="## Objectives\n\n- Learn")).encode("utf-8"),
    )
    site.build("2026-01-05")
    prose = site.html("/courses/ap-echo/").select_one("#about-heading").parent
    assert text_of(prose.select_one(".prose h2")) == "Objectives"


def test_stray_bom_before_the_body_heading_does_not_swallow_it(site):
    site.write("pages/notes.md", "---\ntitle: Notes\n---\n\ufeff# First heading\n\nText.\n")
    site.build("2026-01-05")
    prose = site.html("/notes/").select_one(".prose")
    assert prose.find("h2") is not None
    assert text_of(prose.find("h2")) == "First heading"


def test_problem_lines_are_the_same_with_crlf_and_bom(make_site):
    broken = course_md(extra="registration:\n  closes: 2026-02-30\n")
    lines = {}
    for name, transform in (("lf", str.encode), *VARIANTS.items()):
        site = make_site(f"broken-{name}")
        site.write("courses/ap-echo.md", transform(broken))
        with pytest.raises(BuildFailed) as caught:
            site.build("2026-01-05")
        errors = caught.value.errors
        assert len(errors) == 1, errors
        lines[name] = (errors[0].line, errors[0].column, errors[0].message)
    expected_line = broken.split("\n").index("  closes: 2026-02-30") + 1
    assert lines["lf"][0] == expected_line
    assert "2026-02-30" in lines["lf"][2]
    assert set(lines.values()) == {lines["lf"]}


# -- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "name", "fixed"),
    [
        ("courses", "OUD-Echo.md", "oud-echo.md"),
        ("courses", "oud_echo.md", "oud-echo.md"),
        ("courses", "oud echo.md", "oud-echo.md"),
        ("courses", "Opioid_Use ECHO.md", "opioid-use-echo.md"),
        ("courses", "Atención primaria.md", "atencion-primaria.md"),
        ("pages", "About_Us.md", "about-us.md"),
        ("recordings", "Session 1 (2025).md", "session-1-2025.md"),
    ],
)
def test_file_names_that_are_not_slugs_are_errors_suggesting_the_fix(site, folder, name, fixed):
    text = (
        course_md()
        if folder == "courses"
        else "---\ntitle: Something\ndate: 2025-01-08\n---\nText.\n"
        if folder == "recordings"
        else "---\ntitle: Something\n---\nText.\n"
    )
    site.write(f"{folder}/{name}", text)
    with pytest.raises(BuildFailed) as caught:
        site.build("2026-01-05")
    errors = caught.value.errors
    assert len(errors) == 1, errors
    error = errors[0]
    assert error.path == f"content/{folder}/{name}"
    assert name in error.message
    assert fixed in error.hint
    assert not site.output.exists()


def test_a_valid_slug_with_digits_and_hyphens_builds(site):
    site.write("courses/oud-echo-2026.md", course_md())
    site.build("2026-01-05")
    assert (site.output / "courses/oud-echo-2026/index.html").is_file()


def test_markdown_under_another_extension_is_an_error_naming_the_md_file(site):
    site.write("pages/About Us.markdown", "---\ntitle: About\n---\nText.\n")
    with pytest.raises(BuildFailed) as caught:
        site.build("2026-01-05")
    errors = caught.value.errors
    assert [e.path for e in errors] == ["content/pages/About Us.markdown"]
    assert "about-us.md" in errors[0].hint
