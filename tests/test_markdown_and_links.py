"""Markdown and links: sub-path hosting, internal links, escaping, extensions and meeting links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import SITE_YAML, course_md, text_of
from hypothesis import given, settings
from hypothesis import strategies as st

from echo_site import safety
from echo_site.errors import BuildFailed
from echo_site.safety import meeting_link_in

SUB_PATH_BASE = "https://example.org/echo/"
LINK_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("track", "src"),
)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]")


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page_path(output: Path, file: Path) -> str:
    """The path of a page under the site's root: "courses/x/" for courses/x/index.html."""
    return file.relative_to(output).as_posix().removesuffix("index.html")


def internal_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(tag, url) for every link the browser would follow or load, external ones included."""
    found = []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value is not None:
                found.append((tag, value))
    for meta in soup.find_all("meta", attrs={"http-equiv": "refresh"}):
        found.append(("meta", meta["content"].split("url=", 1)[1]))
    return found


def broken_links(output: Path, base: str) -> list[str]:
    """Resolve every link of every page as a browser under `base` would; list those that miss.

    A link is internal when it resolves to `base`'s host under `base`'s path; it must then name a
    file in output (x/ meaning x/index.html) and, with a #fragment, an element with that id.
    """
    base_parts = urlsplit(base)
    problems = []
    ids: dict[Path, set[str]] = {}
    for file in html_files(output):
        soup = parse(file)
        here = base + page_path(output, file)
        for tag, href in internal_links(soup):
            resolved = urlsplit(urljoin(here, href))
            if resolved.scheme == "webcal":  # a calendar subscription: the file must exist
                resolved = resolved._replace(scheme=base_parts.scheme)
            if resolved.scheme in ("mailto", "tel"):
                continue
            if resolved.scheme not in ("http", "https"):
                problems.append(f"{file}: <{tag}> {href!r} has the scheme {resolved.scheme!r}")
                continue
            if resolved.netloc != base_parts.netloc:
                continue  # an external address
            if not resolved.path.startswith(base_parts.path):
                problems.append(f"{file}: <{tag}> {href!r} leaves {base_parts.path}")
                continue
            relative = unquote(resolved.path[len(base_parts.path) :])
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            target = output / relative
            if not target.is_file():
                problems.append(f"{file}: <{tag}> {href!r} -> {relative} does not exist")
                continue
            if resolved.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {e["id"] for e in parse(target).find_all(id=True)}
                if unquote(resolved.fragment) not in ids[target]:
                    problems.append(f"{file}: {href!r} -> no #{resolved.fragment} in {relative}")
    return problems


SUB_PATH_SITE = """\
title: Project ECHO at Example Health
base_url: https://example.org/echo/
timezone: America/New_York
contact_email: echo@example.org
nav:
  - {title: Courses, url: /courses/}
  - {title: Enduring materials, url: /enduring-materials/}
  - {title: About, url: /about/}
credit_statements:
  AMA PRA Category 1 Credit: "Example Health designates this live activity for 1.0 credit."
"""


@pytest.fixture
def sub_path_site(site):
    site.write("site.yaml", SUB_PATH_SITE)
    site.write("files/a.pdf", b"%PDF-1.4\n")
    site.write("files/images/logo.png", b"\x89PNG\r\n\x1a\n")
    site.write("files/captions/talk.vtt", "WEBVTT\n")
    site.write(
        "pages/index.md",
        "---\ntitle: Welcome\n---\nSee [our courses](/courses/) and [about us](about/).\n",
    )
    site.write(
        "pages/about.md",
        "---\ntitle: About\naliases: [/who-we-are/]\n---\n"
        "## Our hub\n\n"
        "Go to [the course list](/courses/), [contact](../contact/), "
        "[the OUD course](../courses/oud-echo.md), [the PDF](/files/a.pdf), "
        "[a section](#our-hub) and [the contact heading](/contact/#write-to-us).\n\n"
        "![Our logo](/files/images/logo.png)\n",
    )
    site.write(
        "pages/contact.md",
        "---\ntitle: Contact\n---\n## Write to us\n\nBack to [about](../about/) "
        "or [home](/) or [courses](../courses/).\n",
    )
    site.write(
        "courses/oud-echo.md",
        course_md(
            extra="topics: [Substance use]\naudience: [Nurses]\nflyer: files/a.pdf\n"
            "image: files/images/logo.png\nimage_alt: The hub's logo\nfaculty: [jdoe]\n",
            body="Read [the flyer](files/a.pdf), the [other course](other-echo.md) and "
            "[the about page](/about/).\n\n![Logo](../../files/images/logo.png)",
        ),
    )
    site.write(
        "courses/other-echo.md",
        course_md(title="Other ECHO", body="Back to [OUD](../courses/oud-echo.md)."),
    )
    site.write(
        "recordings/talk.md",
        "---\ntitle: A talk\ndate: 2026-01-14\ncourse: oud-echo\n"
        "video: https://www.youtube.com/watch?v=dQw4w9WgXcQ\ncaptions: files/captions/talk.vtt\n"
        "slides: files/a.pdf\nresources:\n  - {title: Handout, url: files/a.pdf}\n"
        "  - {title: Courses, url: /courses/}\n---\nSee [the course](/courses/oud-echo/).\n",
    )
    site.write(
        "recordings/old-talk.md",
        "---\ntitle: An old talk\ndate: 2025-03-04\nslides: files/a.pdf\n---\n",
    )
    site.result = site.build("2026-01-14", search=True)  # the day of the talk
    return site


# -- sub-path hosting -----------------------------------------------------------------------------


def test_every_internal_link_resolves_under_a_sub_path(sub_path_site):
    output = sub_path_site.output
    assert len(html_files(output)) >= 12
    assert broken_links(output, SUB_PATH_BASE) == []


def test_the_link_helper_catches_a_broken_link(sub_path_site):
    # The helper itself must be able to fail: break one output file and look again.
    about = sub_path_site.output / "about/index.html"
    about.write_text(
        about.read_text(encoding="utf-8").replace('href="../contact/"', 'href="/contact/"'),
        encoding="utf-8",
    )
    problems = broken_links(sub_path_site.output, SUB_PATH_BASE)
    assert len(problems) == 1
    assert "'/contact/'" in problems[0] and "leaves /echo/" in problems[0]


def test_markdown_links_resolve_to_the_pages_they_name(sub_path_site):
    about = sub_path_site.html("/about/")
    base = SUB_PATH_BASE + "about/"
    targets = {text_of(a): urljoin(base, a["href"]) for a in about.select(".prose a") if text_of(a)}
    assert targets == {
        "the course list": SUB_PATH_BASE + "courses/",
        "contact": SUB_PATH_BASE + "contact/",
        "the OUD course": SUB_PATH_BASE + "courses/oud-echo/",
        "the PDF": SUB_PATH_BASE + "files/a.pdf",
        "a section": SUB_PATH_BASE + "about/#our-hub",
        "the contact heading": SUB_PATH_BASE + "contact/#write-to-us",
    }
    image = about.select_one(".prose img")
    assert urljoin(base, image["src"]) == SUB_PATH_BASE + "files/images/logo.png"
    assert image["alt"] == "Our logo"
    course = sub_path_site.html("/courses/oud-echo/")
    base = SUB_PATH_BASE + "courses/oud-echo/"
    targets = {text_of(a): urljoin(base, a["href"]) for a in course.select(".prose a")}
    assert targets == {
        "the flyer": SUB_PATH_BASE + "files/a.pdf",
        "other course": SUB_PATH_BASE + "courses/other-echo/",
        "the about page": SUB_PATH_BASE + "about/",
    }
    assert sub_path_site.result.warnings == ()


def test_links_are_relative_so_no_page_hard_codes_the_site_root(sub_path_site):
    output = sub_path_site.output
    for file in html_files(output):
        if file.name == "404.html":
            continue
        for tag, href in internal_links(parse(file)):
            assert not href.startswith("/"), (file, tag, href)


def test_not_found_page_links_are_absolute_paths_under_the_sub_path(sub_path_site):
    soup = parse(sub_path_site.output / "404.html")
    links = [
        href
        for _, href in internal_links(soup)
        if not urlsplit(href).scheme and not href.startswith("#")
    ]
    assert len(links) >= 8  # stylesheet, icon, feed, script, home, menu and body links
    for href in links:
        assert href.startswith("/echo/"), href
    # It is served for a missing address at any depth, so its links must not be relative.
    assert broken_links(sub_path_site.output, SUB_PATH_BASE) == []
    assert "/echo/courses/" in links


def test_canonical_and_og_url_are_absolute_under_the_sub_path(sub_path_site):
    output = sub_path_site.output
    checked = 0
    for file in html_files(output):
        soup = parse(file)
        path = page_path(output, file)
        og_url = soup.find("meta", property="og:url")
        canonical = soup.find("link", rel="canonical")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            # An alias points search engines at the page it moved to.
            assert canonical["href"] == SUB_PATH_BASE + "about/"
            continue
        assert og_url is not None, file
        assert og_url["content"] == SUB_PATH_BASE + path, file
        if file.name != "404.html":
            assert canonical["href"] == SUB_PATH_BASE + path, file
            checked += 1
    assert checked >= 10
    sitemap = (output / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(SUB_PATH_BASE) for loc in locations)
    assert SUB_PATH_BASE + "courses/oud-echo/" in locations
    feed = (output / "feed.xml").read_text()
    assert 'href="https://example.org/echo/courses/oud-echo/"' in feed


def test_alias_redirects_to_the_page_under_the_sub_path(sub_path_site):
    soup = sub_path_site.html("/who-we-are/")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = urljoin(SUB_PATH_BASE + "who-we-are/", refresh.split("url=", 1)[1])
    assert target == SUB_PATH_BASE + "about/"


def test_base_url_option_overrides_site_yaml(site):
    site.write("courses/oud-echo.md", course_md())
    site.build("2026-01-05", base_url="https://example.org/echo")
    soup = site.html("/courses/oud-echo/")
    assert soup.find("link", rel="canonical")["href"] == SUB_PATH_BASE + "courses/oud-echo/"
    not_found = parse(site.output / "404.html")
    assert not_found.select_one("a.site-title")["href"] == "/echo/"


# -- what Markdown may and may not produce ------------------------------------------------------


def body_site(site, body: str):
    site.write("pages/notes.md", f"---\ntitle: Notes\n---\n{body}\n")
    return site.build("2026-01-05")


def test_raw_html_in_markdown_is_escaped(site):
    body_site(
        site,
        '<script>alert("x")</script>\n\nText <img src=x onerror="alert(2)"> and '
        '<iframe src="https://evil.example/"></iframe> <b>bold</b>.\n\n'
        '<div onclick="alert(3)">block</div>\n',
    )
    soup = site.html("/notes/")
    prose = soup.select_one(".prose")
    assert prose.find("script") is None
    assert prose.find("img") is None
    assert prose.find("iframe") is None
    assert prose.find("b") is None
    assert prose.find("div", onclick=True) is None
    assert '<script>alert("x")</script>' in text_of(prose)  # shown as text
    for script in soup.find_all("script"):
        assert "alert" not in (script.string or "")
    assert not soup.find_all(attrs={"onerror": True})
    assert not soup.find_all(attrs={"onclick": True})


JAVASCRIPT_BODIES = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "[click][x]\n\n[x]: javascript:alert(1)",
    "![pic](javascript:alert(1))",
    '<a href="javascript:alert(1)">raw</a>',
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


def unsafe_hrefs(output: Path) -> list[str]:
    found = []
    for file in html_files(output):
        for element in parse(file).find_all(href=True) + parse(file).find_all(src=True):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                # Browsers drop tabs, newlines and leading controls before reading the scheme.
                cleaned = _CONTROL_AND_SPACE.sub("", value).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"{file}: {value}")
    return found


@pytest.mark.parametrize("body", JAVASCRIPT_BODIES)
def test_script_links_in_markdown_never_reach_an_href(site, body):
    body_site(site, body)
    assert unsafe_hrefs(site.output) == []
    assert (site.output / "notes/index.html").is_file()


@pytest.mark.parametrize(
    ("relative", "text", "field_line"),
    [
        (
            "courses/oud-echo.md",
            course_md(extra="registration:\n  url: javascript:alert(1)\n"),
            "  url: javascript:alert(1)",
        ),
        (
            "recordings/talk.md",
            "---\ntitle: Talk\ndate: 2025-03-04\nresources:\n"
            "  - {title: Bad, url: 'javascript:alert(1)'}\n---\n",
            "  - {title: Bad",
        ),
        (
            "courses/oud-echo.md",
            course_md(extra="contact: javascript:alert(1)\n"),
            "contact: javascript",
        ),
    ],
)
def test_script_links_in_front_matter_are_errors(site, relative, text, field_line):
    site.write(relative, text)
    with pytest.raises(BuildFailed) as caught:
        site.build("2026-01-05")
    errors = caught.value.errors
    assert len(errors) == 1, errors
    assert errors[0].path == f"content/{relative}"
    expected_line = next(n for n, line in enumerate(text.split("\n"), 1) if field_line in line)
    assert errors[0].line == expected_line
    assert not site.output.exists()


def test_script_link_in_the_site_menu_is_an_error(site):
    site.write("site.yaml", SITE_YAML + "nav:\n  - {title: Evil, url: 'javascript:alert(1)'}\n")
    with pytest.raises(BuildFailed) as caught:
        site.build("2026-01-05")
    assert [e.path for e in caught.value.errors] == ["content/site.yaml"]


def test_tables_footnotes_and_heading_ids(site):
    body_site(
        site,
        "# Schedule\n\n"
        "| Session | Topic |\n|---|---|\n| 1 | Screening |\n| 2 | Treatment |\n\n"
        "Evidence matters.[^src]\n\n"
        "## Case discussion\n\n### Case discussion\n\n"
        "[^src]: Source: the 2025 guideline.\n",
    )
    prose = site.html("/notes/").select_one(".prose")
    table = prose.select_one("table")
    assert [text_of(th) for th in table.select("thead th")] == ["Session", "Topic"]
    assert [[text_of(td) for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["1", "Screening"],
        ["2", "Treatment"],
    ]
    ref = prose.select_one("sup a")
    assert ref["href"] == "#fn1"
    note = prose.find(id="fn1")
    assert "the 2025 guideline" in text_of(note)
    back = note.select_one("a")
    assert back["href"] == "#" + ref["id"]
    # The body's headings sit under the page title, each with a distinct id.
    headings = [(h.name, h.get("id"), text_of(h)) for h in prose.select("h2, h3, h4")]
    assert headings[0] == ("h2", "schedule", "Schedule")
    assert [h[0] for h in headings] == ["h2", "h3", "h4"]
    ids = [h[1] for h in headings]
    assert len(set(ids)) == 3 and all(ids)
    assert ids[1] == "case-discussion"


def test_broken_internal_link_is_a_warning_at_its_line(site):
    result = body_site(site, "Intro.\n\nSee [the missing page](/nowhere/).\n")
    warnings = [w for w in result.warnings if "/nowhere/" in w.message]
    assert len(warnings) == 1
    assert warnings[0].path == "content/pages/notes.md"
    assert warnings[0].line == 6  # ---, title, ---, Intro., blank, the link
    assert warnings[0].severity == "warning"


def test_links_into_a_page_not_rendered_again_are_checked_against_it(site):
    """An edit that links to a heading of an unchanged page is checked against that page."""
    site.write("pages/about.md", "---\ntitle: About\n---\n## Our hub\n\nWho we are.\n")
    site.write("pages/notes.md", "---\ntitle: Notes\n---\nIntro.\n")
    site.build("2026-01-05")
    about = (site.output / "about/index.html").stat()
    result = body_site(site, "See [our hub](/about/#our-hub) and [the team](/about/#our-team).\n")
    assert (site.output / "about/index.html").stat().st_mtime_ns == about.st_mtime_ns
    broken = [w.message for w in result.warnings if "/about/" in w.message]
    assert len(broken) == 1 and "#our-team" in broken[0], broken


# -- private meeting links ------------------------------------------------------------------------


def test_meeting_links_in_a_body_are_removed_and_reported(site):
    result = body_site(
        site,
        "Our sessions use Zoom.\n\n"
        "Join at https://zoom.us/j/123456789 today.\n\n"
        "Or click [here](https://example.zoom.us/j/987654321?pwd=abcdef).\n",
    )
    html = (site.output / "notes/index.html").read_text(encoding="utf-8")
    assert "zoom.us/j/" not in html
    assert "123456789" not in html and "987654321" not in html
    prose = site.html("/notes/").select_one(".prose")
    assert "Our sessions use Zoom." in text_of(prose)
    assert "here" in text_of(prose)  # the words stay, the link goes
    assert not [a for a in prose.find_all("a") if "zoom" in a.get("href", "")]
    warnings = [w for w in result.warnings if "meeting" in w.message]
    assert [(w.path, w.line) for w in warnings] == [
        ("content/pages/notes.md", 6),
        ("content/pages/notes.md", 8),
    ]
    assert all(w.severity == "warning" for w in warnings)
    assert "https://zoom.us/j/123456789" in warnings[0].message


def test_meeting_passcodes_spelled_with_letters_only_regex_folds_are_removed(site):
    # ſ (long s) and İ (dotted capital I) match s and i when case is ignored, as editors' pasted
    # text may hold them; the quick look for meeting words must not let them through.
    result = body_site(site, "Dial in.\n\nPAſSWORD: 4471 0923\n\nMeetİng ID: 987 654 321\n")
    prose = text_of(site.html("/notes/").select_one(".prose"))
    assert "4471" not in prose and "987 654" not in prose
    assert "Dial in." in prose
    warnings = [w for w in result.warnings if "meeting" in w.message]
    assert [w.line for w in warnings] == [6, 8]


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "zoom.us/j/123",
                "ZOOMGOV.com/w/9",
                "teams.microsoft.com/meet/x",
                "Teams.",
                "meet.",
                "meet.google.com/abc-defg-hij",
                "WEBEX.com/meet/a",
                "gotomeeting.com/join/1",
                "pass",
                "Pass Code: 12",
                "passcode=",
                "password is 1a",
                "meeting id: 4 5",
                "Meeting Password # 7",
                "PAſSWORD: 1",
                "meetİng id: 2",
                "paſs code 3",
                "teamſ.live.com/meet/4",
                "?pwd=x",
                "&PWD=",
                "ſ",
                "İ",
                "ı",
                "\u212a",
                "é",
                "—",
                " ",
                "\n",
                "1",
                "://",
                "https://",
                "www.",
                "-",
                "a",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_quick_look_for_meeting_words_never_hides_a_link(text):
    """meeting_link_in skips the full patterns when no meeting word is there: same answers."""
    match = safety._MEETING_LINK.search(text) or safety._PASSCODE.search(text)
    assert meeting_link_in(text) == (match.group(0) if match else None)


def test_meeting_link_in_a_course_body_is_removed(site):
    site.write("courses/oud-echo.md", course_md(body="Join: https://zoom.us/j/55512345"))
    result = site.build("2026-01-05")
    assert "zoom.us/j/" not in (site.output / "courses/oud-echo/index.html").read_text()
    assert any("zoom.us/j/55512345" in w.message for w in result.warnings)


def test_md_links_in_session_descriptions_resolve_like_the_body(site):
    site.write("courses/other-echo.md", course_md(title="Other ECHO"))
    site.write(
        "courses/oud-echo.md",
        course_md(
            sessions="sessions:\n  - date: 2026-01-14\n    title: One\n"
            "    description: See [the other course](other-echo.md).\n"
        ),
    )
    result = site.build("2026-01-05")
    link = site.html("/courses/oud-echo/").select_one("#session-1 .prose a")
    assert urljoin(SUB_PATH_BASE + "courses/oud-echo/", link["href"]) == (
        SUB_PATH_BASE + "courses/other-echo/"
    )
    assert result.warnings == ()


def public_text(output: Path) -> dict[str, str]:
    """Every file of the site as a visitor's tools read it (iCalendar lines unfolded)."""
    return {
        file.relative_to(output).as_posix(): file.read_bytes()
        .replace(b"\r\n ", b"")
        .decode("utf-8", errors="replace")
        for file in sorted(output.rglob("*"))
        if file.is_file()
    }


def lines_with(text: str, needle: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if needle in line]


# Join links of every provider the editor guide names (chapter 12), written as each provider
# writes them, with a part that must never be published.
MEETING_LINKS = [
    ("https://zoom.us/j/85512345678?pwd=Q2FzZUVDSE8xMjM", "85512345678"),
    ("https://example.zoom.us/j/85512345678?pwd=Q2FzZUVDSE8xMjM", "85512345678"),
    (
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ1ZTg3YjUt@thread.v2/0"
        "?context=%7b%22Tid%22%3a%2272f988bf%22%7d",
        "meeting_NjQ1ZTg3YjUt",
    ),
    ("https://teams.microsoft.com/meet/2345678901234?p=AbCdEfGh", "2345678901234"),
    ("https://meet.google.com/abc-defg-hij", "abc-defg-hij"),
    ("https://example.webex.com/meet/jdoe.echo", "meet/jdoe.echo"),
    ("https://example.webex.com/example/j.php?MTID=m7c1d2e3f4a5b", "m7c1d2e3f4a5b"),
    ("https://meet.goto.com/123456789", "123456789"),
    ("https://global.gotomeeting.com/join/987654321", "987654321"),
]


@pytest.mark.parametrize(
    ("link", "secret"), MEETING_LINKS, ids=[urlsplit(u).netloc for u, _ in MEETING_LINKS]
)
def test_meeting_links_of_every_provider_are_kept_out_of_every_place(site, link, secret):
    """Body text, Markdown links, code, a session description, registration and resources."""
    files = {
        "pages/participate.md": (
            "---\ntitle: How to participate\n---\n"
            f"Join at {link} on Wednesdays.\n\n"
            f"Or [join the session]({link}) from your office.\n\n"
            f"Or open <{link}> in a browser.\n\n"
            f"Or paste `{link}` into the app.\n\n"
            f"```\n{link}\n```\n"
        ),
        "courses/oud-echo.md": course_md(
            sessions="sessions:\n  - date: 2026-01-14\n    title: One\n"
            f"    description: Join at {link} before noon.\n",
            extra=f"registration:\n  url: {link}\n",
        ),
        "recordings/intro.md": (
            "---\ntitle: Introduction\ndate: 2025-10-08\nresources:\n"
            f"  - {{title: Join the next session, url: '{link}'}}\n"
            "  - {title: Treatment guide, url: 'https://example.org/guide.pdf'}\n"
            "---\nThe first session.\n"
        ),
    }
    for relative, text in files.items():
        site.write(relative, text)
    result = site.build("2026-01-05")

    for name, text in public_text(site.output).items():
        assert secret not in text, f"{name} publishes {link}"
        assert urlsplit(link).netloc + urlsplit(link).path[:6] not in text, name
    # Each place that held the link has a warning at its line; the rest of the page stays.
    warned = {(w.path, w.line) for w in result.warnings if secret in w.message}
    assert warned == {
        (f"content/{relative}", line)
        for relative, text in files.items()
        for line in lines_with(text, link)
    }
    prose = text_of(site.html("/participate/").select_one(".prose"))
    for words in ("on Wednesdays.", "join the session", "in a browser.", "into the app."):
        assert words in prose
    # Where the link stood, visitors read where it comes from instead.
    assert "Join at (meeting link sent privately after registration) on Wednesdays." in prose
    course = site.html("/courses/oud-echo/")
    assert "before noon." in text_of(course.select_one("#session-1"))
    resources = site.html("/recordings/intro/").select("a[href]")
    assert [a["href"] for a in resources if "guide" in a["href"]] == [
        "https://example.org/guide.pdf"
    ]


def test_meeting_links_in_raw_html_are_taken_out_when_the_site_allows_html(site):
    site.write("site.yaml", SITE_YAML + "raw_html: true\n")
    result = body_site(
        site,
        'Join <a href="https://zoom.us/j/85512345678">the session</a> at noon.\n\n'
        '<div class="note">Passcode: 424242</div>\n',
    )
    html = (site.output / "notes/index.html").read_text(encoding="utf-8")
    assert "85512345678" not in html and "424242" not in html
    assert "at noon." in html and '<div class="note">' in html  # the rest of the HTML stays
    warned = sorted(w.line for w in result.warnings if "left out of the page" in w.message)
    assert warned == [4, 6]


def test_passcodes_are_taken_out_of_every_place_they_are_written(site):
    """A passcode or meeting password without its link is as private as the link."""
    site.write(
        "pages/participate.md",
        "---\ntitle: How to participate\n---\n"
        "Meeting ID: 855 1234 5678. Passcode: 424242.\n\n"
        "The meeting password is ECHO2026 this term.\n",
    )
    site.write(
        "courses/oud-echo.md",
        course_md(
            sessions="sessions:\n  - date: 2026-01-14\n    title: One\n"
            '    description: "Same room as usual, pass code: 77 31 90."\n',
        ).replace(
            "summary: Case-based learning.", "summary: Case-based learning, passcode 616161."
        ),
    )
    site.write(
        "recordings/intro.md", "---\ntitle: Intro\ndate: 2025-10-08\n---\nPassword: 5150xyz\n"
    )
    result = site.build("2026-01-05")
    for name, text in public_text(site.output).items():
        for secret in ("424242", "ECHO2026", "77 31 90", "5150xyz", "855 1234 5678"):
            assert secret not in text, f"{name} publishes {secret!r}"
    prose = text_of(site.html("/participate/").select_one(".prose"))
    assert prose.count("(passcode sent privately after registration)") == 3
    assert "this term." in prose
    session = text_of(site.html("/courses/oud-echo/").select_one("#session-1"))
    assert "Same room as usual, (passcode sent privately after registration)" in session
    recording = text_of(site.html("/recordings/intro/").select_one(".prose"))
    assert "(passcode sent privately after registration)" in recording
    warned = sorted((w.path, w.line) for w in result.warnings if "passcode" in w.message)
    assert warned == [
        ("content/courses/oud-echo.md", 3),
        ("content/courses/oud-echo.md", 8),
        ("content/pages/participate.md", 4),
        ("content/pages/participate.md", 6),
        ("content/recordings/intro.md", 5),
    ]


def test_meeting_links_in_front_matter_text_are_not_published(site):
    site.write(
        "courses/oud-echo.md",
        course_md(
            sessions="sessions:\n  - date: 2026-01-14\n    title: Join https://zoom.us/j/111222333\n",
        ).replace("summary: Case-based learning.", "summary: Join https://zoom.us/j/444555666"),
    )
    result = site.build("2026-01-05")
    assert len([w for w in result.warnings if "zoom.us/j/" in w.message]) == 2
    for file in site.output.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".ics", ".xml"):
            assert "zoom.us/j/" not in file.read_text(encoding="utf-8"), file
