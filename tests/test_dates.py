"""What a build decides from its date: status, listings, registration, credit, drafts and DST.

Every test builds a small site at a chosen `as_of` date and reads the pages a visitor would see.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from conftest import course_md, text_of

from echo_site.errors import BuildFailed

STATUS_CLASSES = ("badge-upcoming", "badge-in-progress", "badge-ended")

# Three Wednesdays in January 2026 (1 January 2026 is a Thursday).
THREE_SESSIONS = """\
sessions:
  - date: 2026-01-14
    title: First
  - date: 2026-01-21
    title: Second
  - date: 2026-01-28
    title: Third
"""


def sessions_yaml(*dates: str, cancelled: tuple[str, ...] = ()) -> str:
    """A `sessions:` block with one session per date, some of them cancelled."""
    lines = ["sessions:"]
    for day in dates:
        lines += [f"  - date: {day}", f"    title: Session on {day}"]
        if day in cancelled:
            lines.append("    cancelled: true")
    return "\n".join(lines) + "\n"


def status_of(site, slug: str) -> str:
    """The status badge in the course page's summary panel, as its class without "badge-"."""
    header = site.html(f"/courses/{slug}/").select_one("aside.panel")
    found = [c for badge in header.select(".badge") for c in badge["class"] if c in STATUS_CLASSES]
    assert len(found) == 1, found
    return found[0].removeprefix("badge-")


def course_links(soup) -> list[str]:
    """Course page links in the order a listing shows them (card titles or past-course headings)."""
    return [a["href"] for a in soup.select(".card-title a, .past-course h3 a")]


def slugs_linked(soup) -> list[str]:
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in course_links(soup)]


# -- course status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-13", "upcoming"),  # the day before the first session
        ("2026-01-14", "in-progress"),  # the day of the first session
        ("2026-01-20", "in-progress"),  # between sessions
        ("2026-01-28", "in-progress"),  # the day of the last session
        ("2026-01-29", "ended"),  # the day after the last session
    ],
)
def test_course_status_at_each_boundary(site, as_of, expected):
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS))
    site.build(as_of)
    assert status_of(site, "oud-echo") == expected
    labels = {"upcoming": "Upcoming", "in-progress": "In progress", "ended": "Ended"}
    badge = site.html("/courses/oud-echo/").select_one(f"aside.panel .badge-{expected}")
    assert text_of(badge) == labels[expected]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-13", "upcoming"),
        # The cancelled first session does not start the course.
        ("2026-01-14", "upcoming"),
        ("2026-01-20", "upcoming"),
        ("2026-01-21", "in-progress"),
        ("2026-01-28", "in-progress"),
        ("2026-01-29", "ended"),
    ],
)
def test_cancelled_first_session_does_not_start_the_course(site, as_of, expected):
    sessions = sessions_yaml("2026-01-14", "2026-01-21", "2026-01-28", cancelled=("2026-01-14",))
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    site.build(as_of)
    assert status_of(site, "oud-echo") == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-13", "upcoming"),
        ("2026-01-14", "in-progress"),
        ("2026-01-21", "in-progress"),  # the last session that is held
        # The cancelled last session does not keep the course going.
        ("2026-01-22", "ended"),
        ("2026-01-28", "ended"),
    ],
)
def test_cancelled_last_session_does_not_extend_the_course(site, as_of, expected):
    sessions = sessions_yaml("2026-01-14", "2026-01-21", "2026-01-28", cancelled=("2026-01-28",))
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    site.build(as_of)
    assert status_of(site, "oud-echo") == expected
    listed_on_courses = "oud-echo" in slugs_linked(site.html("/courses/"))
    listed_as_past = "oud-echo" in slugs_linked(site.html("/enduring-materials/"))
    assert listed_on_courses is (expected != "ended")
    assert listed_as_past is (expected == "ended")


def test_cancelled_session_stays_listed_and_marked(site):
    sessions = sessions_yaml("2026-01-14", "2026-01-21", "2026-01-28", cancelled=("2026-01-21",))
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    site.build("2026-01-01")
    page = site.html("/courses/oud-echo/")
    items = page.select("ol.sessions > li")
    assert [li["id"] for li in items] == ["session-1", "session-2", "session-3"]
    cancelled = [li["id"] for li in items if "session-cancelled" in li["class"]]
    assert cancelled == ["session-2"]
    second = page.select_one("#session-2")
    assert "Cancelled" in text_of(second)
    # A cancelled session offers no calendar link and is not among the next sessions.
    assert not second.select('a[href$=".ics"]')
    assert page.select_one('#session-1 a[href="session-1.ics"]')
    home = site.html("/")
    assert "Session on 2026-01-21" not in text_of(home.select_one(".upcoming-list"))
    assert "Session on 2026-01-28" in text_of(home.select_one(".upcoming-list"))
    calendar = icalendar.Calendar.from_ical(
        (site.output / "courses/oud-echo/calendar.ics").read_bytes()
    )
    statuses = {str(e["summary"]): str(e["status"]) for e in calendar.walk("VEVENT")}
    assert statuses["Cancelled: Opioid Use Disorder ECHO: Session on 2026-01-21"] == "CANCELLED"
    assert statuses["Opioid Use Disorder ECHO: Session on 2026-01-14"] == "CONFIRMED"


# -- /courses/ and /enduring-materials/ ----------------------------------------------------------


def write_four_courses(site) -> None:
    # Titles are chosen so that alphabetical order differs from next-session order.
    site.write(
        "courses/alpha.md",
        course_md(title="Alpha ECHO", sessions=sessions_yaml("2026-01-07", "2026-01-21")),
    )
    site.write(
        "courses/beta.md",
        course_md(title="Beta ECHO", sessions=sessions_yaml("2026-01-14", "2026-02-11")),
    )
    site.write(
        "courses/gamma.md",
        course_md(title="Gamma ECHO", sessions=sessions_yaml("2026-02-04")),
    )
    # Its next date is cancelled: it sorts by its next session that is held.
    site.write(
        "courses/epsilon.md",
        course_md(
            title="Epsilon ECHO",
            sessions=sessions_yaml("2026-01-12", "2026-01-26", cancelled=("2026-01-12",)),
        ),
    )
    site.write(
        "courses/delta.md",
        course_md(title="Delta ECHO", sessions=sessions_yaml("2025-11-05", "2025-12-03")),
    )


def test_courses_page_lists_current_courses_soonest_next_session_first(site):
    write_four_courses(site)
    site.build("2026-01-10")
    listing = site.html("/courses/")
    # beta next 14 Jan; alpha (in progress) next 21 Jan; epsilon next held 26 Jan; gamma 4 Feb.
    assert slugs_linked(listing) == ["beta", "alpha", "epsilon", "gamma"]
    assert status_of(site, "alpha") == "in-progress"
    cards = {text_of(c.select_one(".card-title")): c for c in listing.select(".course-card")}
    assert cards["Alpha ECHO"].select_one(".badge-in-progress")
    assert cards["Beta ECHO"].select_one(".badge-upcoming")
    next_alpha = cards["Alpha ECHO"].select_one(".meta time")["datetime"]
    assert next_alpha.startswith("2026-01-21T12:00")
    next_epsilon = cards["Epsilon ECHO"].select_one(".meta time")["datetime"]
    assert next_epsilon.startswith("2026-01-26T")


def test_ended_courses_move_to_enduring_materials(site):
    write_four_courses(site)
    site.build("2026-01-10")
    assert "delta" not in slugs_linked(site.html("/courses/"))
    enduring = site.html("/enduring-materials/")
    past = enduring.select_one("#past-courses").parent
    assert [a["href"] for a in past.select(".past-course h3 a")] == ["../courses/delta/"]
    assert "November 5, 2025" in text_of(past) and "December 3, 2025" in text_of(past)
    # The ended course keeps its own page.
    assert status_of(site, "delta") == "ended"


def test_a_course_moves_from_courses_to_enduring_materials_the_day_after_its_last_session(site):
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS))
    site.build("2026-01-28")
    assert slugs_linked(site.html("/courses/")) == ["oud-echo"]
    assert "oud-echo" not in slugs_linked(site.html("/enduring-materials/"))
    site.build("2026-01-29")
    assert slugs_linked(site.html("/courses/")) == []
    assert slugs_linked(site.html("/enduring-materials/")) == ["oud-echo"]


def test_a_session_on_the_build_date_is_next_and_one_the_day_before_is_not(site):
    """The build date counts as upcoming: on the home page, the course card and the calendar."""
    dates = ("2026-01-13", "2026-01-14", "2026-01-21")
    site.write("courses/oud-echo.md", course_md(sessions=sessions_yaml(*dates)))
    site.build("2026-01-14")
    home = site.html("/")
    listed = [text_of(li) for li in home.select(".upcoming-list li")]
    assert [entry.split(": ")[-1] for entry in listed] == [
        "Session on 2026-01-14",
        "Session on 2026-01-21",
    ]
    for listing in (home, site.html("/courses/")):
        (card,) = listing.select(".course-card")
        assert card.select_one(".meta time")["datetime"].startswith("2026-01-14T12:00")
    calendar = icalendar.Calendar.from_ical((site.output / "calendar.ics").read_bytes())
    starts = [e["DTSTART"].dt.date().isoformat() for e in calendar.walk("VEVENT")]
    assert starts == ["2026-01-14", "2026-01-21"]
    course = site.html("/courses/oud-echo/")
    assert not course.select_one('#session-1 a[href$=".ics"]')
    assert course.select_one('#session-2 a[href="session-2.ics"]')


def test_ordering_compares_start_times_across_time_zones(site):
    # Same date: 12:00 in Los Angeles is 15:00 in New York, after 13:00 New York.
    site.write(
        "courses/west.md",
        course_md(
            title="A West ECHO",
            sessions=sessions_yaml("2026-01-14"),
            extra="timezone: America/Los_Angeles\n",
        ),
    )
    site.write(
        "courses/east.md",
        course_md(
            title="B East ECHO",
            sessions='sessions:\n  - date: 2026-01-14\n    time: "13:00-14:00"\n',
        ),
    )
    site.build("2026-01-01")
    assert slugs_linked(site.html("/courses/")) == ["east", "west"]
    home_courses = [text_of(a) for a in site.html("/").select(".upcoming-list li p a")]
    assert home_courses == ["B East ECHO", "A West ECHO"]


# -- registration --------------------------------------------------------------------------------

REGISTRATION_URL = "https://forms.example.org/oud-echo"


def registration_state(site) -> str:
    box = site.html("/courses/oud-echo/").select_one("#course-registration")
    states = [
        c.removeprefix("register-")
        for c in box["class"]
        if c.startswith("register-") and c != "register-box"
    ]
    assert len(states) == 1, box["class"]
    return states[0]


def register_links(site) -> list[str]:
    box = site.html("/courses/oud-echo/").select_one("#course-registration")
    return [a["href"] for a in box.select("a") if not a["href"].startswith("mailto:")]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-09", "open"),
        ("2026-01-10", "open"),  # the closing day is the last day to register
        ("2026-01-11", "closed"),  # the day after
        ("2026-01-20", "closed"),
    ],
)
def test_registration_closes_the_day_after_its_deadline(site, as_of, expected):
    extra = f"registration:\n  url: {REGISTRATION_URL}\n  closes: 2026-01-10\n"
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS, extra=extra))
    site.build(as_of)
    assert registration_state(site) == expected
    if expected == "open":
        assert register_links(site) == [REGISTRATION_URL]
        box = site.html("/courses/oud-echo/").select_one("#course-registration")
        assert "January 10, 2026" in text_of(box)
    else:
        assert REGISTRATION_URL not in register_links(site)
        assert "closed" in text_of(
            site.html("/courses/oud-echo/").select_one("#course-registration")
        )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2026-01-14", "open"), ("2026-01-28", "open"), ("2026-01-29", "closed")],
)
def test_registration_without_deadline_closes_once_the_course_ended(site, as_of, expected):
    extra = f"registration:\n  url: {REGISTRATION_URL}\n"
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS, extra=extra))
    site.build(as_of)
    assert registration_state(site) == expected
    assert (REGISTRATION_URL in register_links(site)) is (expected == "open")


@pytest.mark.parametrize(
    ("override", "as_of"),
    [
        ("open", "2026-01-12"),  # after `closes`: the override still opens it
        ("closed", "2026-01-05"),  # before `closes`: the override still closes it
        ("waitlist", "2026-01-05"),
        ("full", "2026-01-05"),
        ("waitlist", "2026-01-12"),
        ("full", "2026-01-12"),
    ],
)
def test_registration_override_wins(site, override, as_of):
    extra = (
        f"registration:\n  url: {REGISTRATION_URL}\n  closes: 2026-01-10\n  status: {override}\n"
    )
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS, extra=extra))
    site.build(as_of)
    assert registration_state(site) == override
    links = register_links(site)
    if override in ("open", "waitlist"):
        assert links == [REGISTRATION_URL]
    else:
        assert links == []
    box_text = text_of(site.html("/courses/oud-echo/").select_one("#course-registration"))
    expected_words = {
        "open": "Register for Opioid Use Disorder ECHO",
        "closed": "closed",
        "waitlist": "waitlist",
        "full": "full",
    }
    assert expected_words[override] in box_text


def test_registration_badge_on_listing_follows_the_state(site):
    extra = f"registration:\n  url: {REGISTRATION_URL}\n  closes: 2026-01-10\n"
    site.write("courses/oud-echo.md", course_md(sessions=THREE_SESSIONS, extra=extra))
    site.build("2026-01-10")
    card = site.html("/courses/").select_one(".course-card")
    assert text_of(card.select_one(".badge-open")) == "Registration open"
    site.build("2026-01-11")
    card = site.html("/courses/").select_one(".course-card")
    assert card.select_one(".badge-open") is None
    assert text_of(card.select_one(".badge-closed")) == "Registration closed"


@pytest.mark.parametrize("as_of", ["2026-01-05", "2026-01-20"])
def test_registration_is_open_only_with_a_url(site, as_of):
    site.write(
        "courses/oud-echo.md",
        course_md(sessions=THREE_SESSIONS, extra="registration:\n  closes: 2026-01-25\n"),
    )
    site.build(as_of)
    assert registration_state(site) != "open"
    assert register_links(site) == []
    page = site.html("/courses/oud-echo/")
    assert page.select_one(".badge-open") is None
    assert "Register for" not in text_of(page)


def test_registration_without_url_is_closed_after_its_deadline(site):
    site.write(
        "courses/oud-echo.md",
        course_md(sessions=THREE_SESSIONS, extra="registration:\n  closes: 2026-01-10\n"),
    )
    site.build("2026-01-11")
    assert registration_state(site) == "closed"


# -- recording credit ---------------------------------------------------------------------------

CLAIM_URL = "https://cme.example.org/claim/123"


def recording_md(*, credit: bool = True, draft: bool = False, extra: str = "") -> str:
    lines = [
        "---",
        "title: Buprenorphine starts in primary care",
        "date: 2025-10-08",
        "presenters: [jdoe]",
        "video: https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "captions: true",
        "duration_minutes: 58",
    ]
    if credit:
        lines += [
            "credit:",
            "  type: AMA PRA Category 1 Credit",
            "  hours: 1.0",
            "  released: 2025-11-01",
            "  expires: 2026-10-31",
            f"  claim_url: {CLAIM_URL}",
        ]
    if draft:
        lines.append("draft: true")
    return "\n".join(lines) + "\n" + extra + "---\nHow to start buprenorphine.\n"


def credit_box(site):
    return site.html("/recordings/bup-starts/").select_one("#recording-credit")


def credit_state(box) -> str:
    states = [
        c.removeprefix("credit-")
        for c in box["class"]
        if c.startswith("credit-") and c != "credit-box"
    ]
    assert len(states) == 1, box["class"]
    return states[0]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-10-31", "upcoming"),  # the day before release
        ("2025-11-01", "available"),  # release day
        ("2026-06-15", "available"),
        ("2026-10-31", "available"),  # expiry day is still a day of credit
        ("2026-11-01", "expired"),  # the day after
        ("2028-01-01", "expired"),
    ],
)
def test_recording_credit_window(site, as_of, expected):
    site.write("recordings/bup-starts.md", recording_md())
    site.build(as_of)
    box = credit_box(site)
    assert credit_state(box) == expected
    claim_links = [a["href"] for a in box.select("a") if not a["href"].startswith("#")]
    page_links = [a["href"] for a in site.html("/recordings/bup-starts/").select("a[href]")]
    if expected == "available":
        assert claim_links == [CLAIM_URL]
        assert "October 31, 2026" in text_of(box)  # until when
    else:
        assert CLAIM_URL not in page_links
    if expected == "expired":
        text = text_of(box)
        assert "expired" in text
        assert "October 31, 2026" in text
    if expected == "upcoming":
        assert "November 1, 2025" in text_of(box)


@pytest.mark.parametrize(("expires", "allowed"), [("2027-02-28", True), ("2027-03-01", False)])
def test_credit_released_on_29_february_may_run_to_28_february_three_years_on(
    site, expires, allowed
):
    """Three years after a leap day is the last day of February, the year having none."""
    site.write(
        "recordings/bup-starts.md",
        recording_md().replace(
            "  released: 2025-11-01\n  expires: 2026-10-31\n",
            f"  released: 2024-02-29\n  expires: {expires}\n",
        ),
    )
    if allowed:
        site.build("2027-02-28")
        assert credit_state(credit_box(site)) == "available"
        return
    with pytest.raises(BuildFailed) as caught:
        site.build("2027-02-28")
    (error,) = caught.value.errors
    assert "credit expires more than 3 years after its release" in error.message
    assert "set expires: 2027-02-28 or earlier" in error.hint


def test_expired_credit_keeps_the_recording_page(site):
    site.write("recordings/bup-starts.md", recording_md())
    site.build("2027-03-01")
    page = site.html("/recordings/bup-starts/")
    assert text_of(page.find("h1")) == "Buprenorphine starts in primary care"
    assert page.select_one("a.video-facade[data-embed*='dQw4w9WgXcQ']")
    item = site.html("/enduring-materials/").select_one(".recording-item")
    assert "Credit expired" in text_of(item)
    assert item.select_one(".badge-open") is None


def test_credit_badges_on_enduring_materials(site):
    site.write("recordings/bup-starts.md", recording_md())
    site.build("2025-11-01")
    item = site.html("/enduring-materials/").select_one(".recording-item")
    assert text_of(item.select_one(".badge-open")) == "Credit available"
    site.build("2025-10-31")
    item = site.html("/enduring-materials/").select_one(".recording-item")
    assert item.select_one(".badge-open") is None
    assert "November 1, 2025" in text_of(item)


# -- drafts --------------------------------------------------------------------------------------


def write_drafts(site) -> None:
    site.write("courses/live.md", course_md(title="Live ECHO", sessions=THREE_SESSIONS))
    site.write(
        "courses/secret.md",
        course_md(
            title="Secret Draft ECHO",
            sessions=THREE_SESSIONS,
            extra="topics: [Hidden topic]\naudience: [Hidden audience]\ndraft: true\n",
        ),
    )
    site.write("pages/plans.md", "---\ntitle: Draft plans page\ndraft: true\n---\nNot yet.\n")
    site.write("pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
    text = recording_md(credit=False, draft=True).replace(
        "Buprenorphine starts in primary care", "Draft recording"
    )
    site.write("recordings/draft-rec.md", text)


def all_output_text(site) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(site.output.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".xml", ".ics", ".txt")
    )


def test_drafts_are_left_out_of_every_output(site):
    write_drafts(site)
    site.build("2026-01-05")
    for missing in (
        "courses/secret/index.html",
        "courses/secret/calendar.ics",
        "courses/secret/session-1.ics",
        "plans/index.html",
        "recordings/draft-rec/index.html",
        "topics/hidden-topic/index.html",
        "audiences/hidden-audience/index.html",
    ):
        assert not (site.output / missing).exists(), missing
    assert (site.output / "courses/live/index.html").is_file()
    everything = all_output_text(site)
    for secret in ("Secret Draft ECHO", "Draft plans page", "Draft recording", "/secret/"):
        assert secret not in everything, secret
    sitemap = (site.output / "sitemap.xml").read_text()
    assert "https://echo.example.org/courses/live/" in sitemap
    assert "https://echo.example.org/about/" in sitemap


def test_yes_and_no_written_as_words_decide_drafts_and_cancellations(site):
    """Editors write yes/no as often as true/false; YAML 1.2 reads them as text, we as intended."""
    site.write("pages/plans.md", "---\ntitle: Plans\ndraft: Yes\n---\nNot yet.\n")
    site.write("pages/about.md", "---\ntitle: About\ndraft: no\n---\nHello.\n")
    sessions = """\
sessions:
  - {date: 2026-01-14, title: First, cancelled: yes}
  - {date: 2026-01-21, title: Second, cancelled: NO}
"""
    site.write("courses/oud-echo.md", course_md(sessions=sessions))
    assert site.build("2026-01-05").warnings == ()
    assert not (site.output / "plans").exists()
    assert (site.output / "about/index.html").is_file()
    items = site.html("/courses/oud-echo/").select("ol.sessions > li")
    assert ["session-cancelled" in li["class"] for li in items] == [True, False]


def test_drafts_are_shown_with_a_banner_when_asked_for(site):
    write_drafts(site)
    site.build("2026-01-05", include_drafts=True)
    for url, title in (
        ("/courses/secret/", "Secret Draft ECHO"),
        ("/plans/", "Draft plans page"),
        ("/recordings/draft-rec/", "Draft recording"),
    ):
        page = site.html(url)
        assert text_of(page.find("h1")) == title
        banner = page.select_one(".draft-banner")
        assert banner is not None, url
        assert "Draft" in text_of(banner)
    for url in ("/courses/live/", "/about/"):
        assert site.html(url).select_one(".draft-banner") is None, url
    assert "secret" in slugs_linked(site.html("/courses/"))
    assert (site.output / "courses/secret/calendar.ics").is_file()
    # A preview with drafts is never meant for search engines.
    assert site.html("/about/").select_one('meta[name="robots"][content="noindex"]')


def test_draft_course_is_left_out_of_feed_and_site_calendar(site):
    write_drafts(site)
    site.build("2026-01-05")
    feed = ET.fromstring((site.output / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "Live ECHO" in titles
    assert "Secret Draft ECHO" not in titles
    calendar = icalendar.Calendar.from_ical((site.output / "calendar.ics").read_bytes())
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries and all(s.startswith("Live ECHO: ") for s in summaries)


# -- time zones and daylight saving time -------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "label", "offset_hours"),
    [
        ("America/New_York", "2026-01-14", "EST", -5),
        ("America/New_York", "2026-07-15", "EDT", -4),
        ("America/Denver", "2026-01-14", "MST", -7),
        ("America/Denver", "2026-07-15", "MDT", -6),
    ],
)
def test_session_time_label_and_offset_follow_daylight_saving(site, zone, day, label, offset_hours):
    site.write(
        "courses/oud-echo.md",
        course_md(sessions=sessions_yaml(day), extra=f"timezone: {zone}\n"),
    )
    site.build("2026-01-01")
    time = site.html("/courses/oud-echo/").select_one("#session-1 time")
    start = dt.datetime.fromisoformat(time["datetime"])
    assert start.date() == dt.date.fromisoformat(day)
    assert (start.hour, start.minute) == (12, 0)
    assert start.utcoffset() == dt.timedelta(hours=offset_hours)
    assert dt.datetime.fromisoformat(time["data-end"]) - start == dt.timedelta(hours=1)
    shown = text_of(time)
    assert shown.endswith(f" {label}"), shown
    other = {"EST": "EDT", "EDT": "EST", "MST": "MDT", "MDT": "MST"}[label]
    assert other not in shown
    # The calendar carries the zone itself, so apps show the visitor's own time.
    calendar = icalendar.Calendar.from_ical(
        (site.output / "courses/oud-echo/calendar.ics").read_bytes()
    )
    event = next(iter(calendar.walk("VEVENT")))
    assert event["dtstart"].params["TZID"] == zone
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(hours=offset_hours)
    zones = [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == [zone]


@pytest.mark.parametrize(
    ("days", "labels", "offsets"),
    [
        # Daylight saving time ends on 1 November 2026 in the United States.
        (("2026-10-28", "2026-11-04"), ("EDT", "EST"), (-4, -5)),
        # It begins on 8 March 2026.
        (("2026-03-04", "2026-03-11"), ("EST", "EDT"), (-5, -4)),
    ],
)
def test_course_across_a_dst_change_labels_each_session(site, days, labels, offsets):
    site.write("courses/oud-echo.md", course_md(sessions=sessions_yaml(*days)))
    site.build("2026-01-01")
    page = site.html("/courses/oud-echo/")
    for number, (label, hours) in enumerate(zip(labels, offsets, strict=True), 1):
        time = page.select_one(f"#session-{number} time")
        other = "EDT" if label == "EST" else "EST"
        assert text_of(time).endswith(f" {label}"), text_of(time)
        assert other not in text_of(page.select_one(f"#session-{number}"))
        assert re.search(r"\b12:00\b", text_of(time))  # the wall-clock time does not move
        start = dt.datetime.fromisoformat(time["datetime"])
        assert start.utcoffset() == dt.timedelta(hours=hours)
        assert (start.hour, start.minute) == (12, 0)
    # The same sessions in UTC are an hour apart across the change.
    starts = [dt.datetime.fromisoformat(t["datetime"]) for t in page.select("li.session time")]
    utc_hours = [s.astimezone(dt.UTC).hour for s in starts]
    assert utc_hours == [12 - h for h in offsets]


def test_course_times_use_the_course_zone_not_the_site_zone(site):
    site.write(
        "courses/oud-echo.md",
        course_md(sessions=sessions_yaml("2026-01-14"), extra="timezone: America/Denver\n"),
    )
    site.build("2026-01-01")
    page = site.html("/courses/oud-echo/")
    assert text_of(page.select_one("#session-1 time")).endswith("MST")
    assert "EST" not in text_of(page.select_one("#course-sessions"))
    home_time = site.html("/").select_one(".upcoming-list time")
    assert text_of(home_time).endswith("MST")
    assert home_time["datetime"].endswith("-07:00")
