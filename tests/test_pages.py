"""Every kind of page renders what a visitor needs, with one h1, from a small but complete site."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from conftest import SITE_YAML, course_md, text_of

AS_OF = "2026-01-10"
REGISTER = "https://forms.example.org/oud-echo"
CLAIM = "https://cme.example.org/claim/123"
STATEMENT = (
    "Example Health designates this live activity for a maximum of 1.0 AMA PRA Category 1 Credit."
)

PEOPLE = """\
jdoe:
  name: Jane Doe
  credentials: MD, MPH
  role: Addiction medicine, hub lead
  organization: Example Health
rroe:
  name: Richard Roe
  credentials: PharmD
ccoord:
  name: Casey Coordinator
  role: Program coordinator
"""

OUD_COURSE = f"""\
---
title: Opioid Use Disorder ECHO
summary: Case-based learning on treating opioid use disorder.
topics: [Substance use, Primary care]
audience: [Physicians, Nurses]
time: "12:00-13:00"
sessions:
  - date: 2026-01-14
    title: The landscape in our region
    presenters: [jdoe, rroe]
  - date: 2026-01-28
    title: Buprenorphine basics
    presenters: [rroe]
    time: "12:00-13:30"
  - date: 2026-02-11
    title: Harm reduction
faculty: [jdoe, rroe, ccoord]
credit:
  type: AMA PRA Category 1 Credit
  hours_per_session: 1.5
registration:
  url: {REGISTER}
  closes: 2026-01-12
flyer: files/flyers/oud-echo.pdf
contact: oud@example.org
---
# Why this course

Clinicians in rural counties learn together.
"""

PAIN_COURSE = """\
---
title: Chronic Pain ECHO
summary: Managing chronic pain safely.
topics: [Pain]
audience: [Nurses]
timezone: America/Chicago
time: "11:30-12:30"
sessions:
  - date: 2026-01-14
    title: Pain basics
  - date: 2026-01-21
    title: Tapering
format: open
---
Join any session.
"""

PAST_COURSE = """\
---
title: Hepatitis C ECHO
summary: Treating hepatitis C in primary care.
topics: [Substance use]
time: "12:00-13:00"
sessions:
  - date: 2025-10-08
    title: Screening
  - date: 2025-10-22
    title: Treatment
---
A past course.
"""

COURSE_RECORDING = f"""\
---
title: Hepatitis C screening in practice
date: 2025-10-08
course: hep-c-echo
presenters: [jdoe]
video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
captions: true
duration_minutes: 58
slides: files/slides/hcv.pdf
resources:
  - {{title: Treatment guide, url: https://example.org/guide.pdf}}
  - {{title: Local handout, url: files/handout.pdf}}
credit:
  type: AMA PRA Category 1 Credit
  hours: 1.0
  released: 2025-11-01
  expires: 2028-10-31
  claim_url: {CLAIM}
---
How to screen for hepatitis C in a busy clinic.
"""

STANDALONE_RECORDING = """\
---
title: Naloxone for families
date: 2025-06-04
video: https://vimeo.com/123456789
captions: files/captions/naloxone.vtt
---
A talk for families.
"""

FILE_RECORDING = """\
---
title: Recorded grand rounds
date: 2025-05-06
video: files/video/rounds.mp4
presenters: [rroe]
---
"""


@pytest.fixture
def full_site(site):
    site.write("people.yaml", PEOPLE)
    site.write(
        "pages/index.md",
        "---\ntitle: Welcome to ECHO\nsummary: Free tele-mentoring.\n---\nLearn with peers.\n",
    )
    site.write(
        "pages/about.md",
        "---\ntitle: About the program\nsummary: Who we are.\n---\n"
        "## How ECHO works\n\nAll teach, all learn.\n",
    )
    site.write("courses/oud-echo.md", OUD_COURSE)
    site.write("courses/pain-echo.md", PAIN_COURSE)
    site.write("courses/hep-c-echo.md", PAST_COURSE)
    site.write("recordings/hcv-screening.md", COURSE_RECORDING)
    site.write("recordings/naloxone.md", STANDALONE_RECORDING)
    site.write("recordings/grand-rounds.md", FILE_RECORDING)
    site.write("files/flyers/oud-echo.pdf", b"%PDF-1.4 flyer\n")
    site.write("files/slides/hcv.pdf", b"%PDF-1.4 slides\n")
    site.write("files/handout.pdf", b"%PDF-1.4 handout\n")
    site.write("files/captions/naloxone.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    site.write("files/video/rounds.mp4", b"\x00\x00\x00\x18ftypmp42")
    site.result = site.build(AS_OF)
    return site


def target_of(page_url: str, href: str) -> str:
    """The site path a link on the page at `page_url` leads to."""
    return urlsplit(urljoin("https://echo.example.org" + page_url, href)).path


def output_exists(site, path: str) -> bool:
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return (site.output / relative).is_file()


def html_urls(site) -> list[str]:
    urls = []
    for file in sorted(site.output.rglob("*.html")):
        relative = file.relative_to(site.output).as_posix()
        urls.append("/" + relative.removesuffix("index.html"))
    return urls


# -- every page ----------------------------------------------------------------------------------


def test_every_page_has_exactly_one_h1(full_site):
    urls = html_urls(full_site)
    assert len(urls) >= 15
    for url in urls:
        headings = full_site.html(url).find_all("h1")
        assert len(headings) == 1, (url, [text_of(h) for h in headings])
        assert text_of(headings[0]), url


def test_the_build_has_no_warnings(full_site):
    assert full_site.result.warnings == ()


# -- home ---------------------------------------------------------------------------------------


def test_home_lists_next_sessions_across_courses_in_time_order(full_site):
    home = full_site.html("/")
    assert text_of(home.find("h1")) == "Welcome to ECHO"
    assert "Learn with peers." in text_of(home.select_one("[data-pagefind-body]"))
    items = home.select(".upcoming-list > li")
    seen = [(text_of(li.select_one("p a")), text_of(li.select_one("time"))) for li in items]
    # 14 January: noon in New York (17:00 UTC) comes before 11:30 in Chicago (17:30 UTC).
    assert [title for title, _ in seen] == [
        "Opioid Use Disorder ECHO",
        "Chronic Pain ECHO",
        "Chronic Pain ECHO",
        "Opioid Use Disorder ECHO",
        "Opioid Use Disorder ECHO",
    ]
    starts = [dt.datetime.fromisoformat(li.select_one("time")["datetime"]) for li in items]
    assert starts == sorted(starts)
    assert seen[1][1].endswith("CST")
    assert "Jane Doe, MD, MPH; Richard Roe, PharmD" in text_of(items[0])
    # The ended course is not among the sessions or the current courses (its recording may
    # be among the highlights from past sessions).
    for heading in ("#next-sessions", "#current-courses"):
        assert "Hepatitis C ECHO" not in text_of(home.select_one(heading).find_parent("section"))


def test_home_lists_current_courses(full_site):
    home = full_site.html("/")
    section = home.select_one("#current-courses").find_parent("section")
    titles = [text_of(a) for a in section.select(".card-title a")]
    assert sorted(titles) == ["Chronic Pain ECHO", "Opioid Use Disorder ECHO"]
    for a in section.select(".card-title a"):
        assert output_exists(full_site, target_of("/", a["href"]))


# -- course page ---------------------------------------------------------------------------------


def test_course_page_lists_every_session_with_presenters(full_site):
    page = full_site.html("/courses/oud-echo/")
    assert text_of(page.find("h1")) == "Opioid Use Disorder ECHO"
    assert page.title.string == "Opioid Use Disorder ECHO | Project ECHO at Example Health"
    sessions = page.select("ol.sessions > li")
    assert [li["id"] for li in sessions] == ["session-1", "session-2", "session-3"]
    assert [text_of(li.select_one(".session-title")) for li in sessions] == [
        "The landscape in our region",
        "Buprenorphine basics",
        "Harm reduction",
    ]
    assert "Presenters: Jane Doe, MD, MPH; Richard Roe, PharmD" in text_of(sessions[0])
    assert "Presenter: Richard Roe, PharmD" in text_of(sessions[1])
    assert "Presenter" not in text_of(sessions[2])
    # The second session's own time overrides the course's.
    second = sessions[1].select_one("time")
    length = dt.datetime.fromisoformat(second["data-end"]) - dt.datetime.fromisoformat(
        second["datetime"]
    )
    assert length == dt.timedelta(minutes=90)
    assert "12:00–1:30 pm EST" in text_of(second)


def test_course_page_facts_team_and_credit(full_site):
    page = full_site.html("/courses/oud-echo/")
    facts = {
        text_of(term): text_of(term.find_next_sibling("dd")) for term in page.select("dl.facts dt")
    }
    assert facts["For"] == "Physicians, Nurses"
    topic_links = page.find("dt", string="Topics").find_next_sibling("dd").select("a")
    assert [text_of(a) for a in topic_links] == ["Substance use", "Primary care"]
    assert facts["Cost"] == "Free"
    assert "3 sessions" in facts["When"]
    assert "January 14, 2026 to February 11, 2026" in facts["When"]
    assert facts["Time zone"].startswith("Eastern Time.")
    assert "1.5 hours per session" in facts["Credit"]
    team = page.select_one("#team-heading").parent
    names = [text_of(n) for n in team.select(".person-name")]
    assert names == ["Jane Doe, MD, MPH", "Richard Roe, PharmD", "Casey Coordinator"]
    assert "Program coordinator" in text_of(team)
    assert "Addiction medicine, hub lead" in text_of(team)
    credit = page.select_one("#credit-heading").parent
    assert text_of(credit.select_one(".statement")) == STATEMENT
    assert "AMA PRA Category 1 Credit" in text_of(credit)
    about = page.select_one("#about-heading").parent
    # The body's own top heading becomes an h2 under the page's h1.
    assert text_of(about.select_one(".prose h2")) == "Why this course"


def test_course_page_registration_button_flyer_and_contact(full_site):
    page = full_site.html("/courses/oud-echo/")
    box = page.select_one("#course-registration")
    assert "register-open" in box["class"]
    button = box.select_one("a.button")
    assert button["href"] == REGISTER
    assert text_of(button) == "Register for Opioid Use Disorder ECHO"
    assert "January 12, 2026" in text_of(box)
    links = {text_of(a): a["href"] for a in page.select("#more-heading ~ ul a")}
    flyer = links["Course flyer (PDF)"]
    assert target_of("/courses/oud-echo/", flyer) == "/files/flyers/oud-echo.pdf"
    assert (full_site.output / "files/flyers/oud-echo.pdf").read_bytes() == b"%PDF-1.4 flyer\n"
    assert links["oud@example.org"] == "mailto:oud@example.org"
    # Topic chips lead to topic pages that exist.
    for a in page.select("dl.facts a"):
        assert output_exists(full_site, target_of("/courses/oud-echo/", a["href"])), a["href"]


@pytest.mark.parametrize(
    ("status", "button_text", "says"),
    [
        ("waitlist", "Join the waitlist", "waitlist"),
        ("full", None, "full"),
        ("closed", None, "closed"),
    ],
)
def test_course_page_registration_states(site, status, button_text, says):
    extra = f"registration:\n  url: {REGISTER}\n  status: {status}\n"
    site.write("courses/oud-echo.md", course_md(extra=extra))
    site.build(AS_OF)
    box = site.html("/courses/oud-echo/").select_one("#course-registration")
    assert f"register-{status}" in box["class"]
    assert says in text_of(box)
    buttons = [(text_of(a), a["href"]) for a in box.select("a.button")]
    assert buttons == ([(button_text, REGISTER)] if button_text else [])


def test_course_contact_can_be_a_web_form(site):
    site.write("courses/oud-echo.md", course_md(extra="contact: https://forms.example.org/ask\n"))
    site.build(AS_OF)
    page = site.html("/courses/oud-echo/")
    links = {text_of(a): a["href"] for a in page.select("#more-heading ~ ul a")}
    assert links["Contact the course team"] == "https://forms.example.org/ask"
    # The page gives one way to reach the course: the same form in the panel and the footer.
    assert "mailto:" not in str(page.select_one("main"))
    footer = page.select_one("footer")
    assert (
        footer.find("a", string="Contact the course team")["href"]
        == links["Contact the course team"]
    )


def test_forms_editors_write_for_the_same_thing_are_read_alike(site):
    """A mailto: contact, a course named by its path or file, a file named from content/."""
    site.write("files/slides/one.pdf", b"%PDF-1.4 one\n")
    site.write("files/slides/two.pdf", b"%PDF-1.4 two\n")
    site.write(
        "courses/oud-echo.md",
        course_md(
            extra="contact: mailto:oud@example.org\n"
            "schedule:\n  starts: 2026-01-14\n  every: 1 week\n  on: wednesday\n"
            "  count: 2\n  except: 2026-01-21\n",
            sessions="sessions:\n  - title: One\n  - title: Two\n",
        ),
    )
    recordings = {
        "by-path": ("/courses/oud-echo/", "/files/slides/one.pdf"),
        "by-file": ("courses/oud-echo.md", "content/files/slides/two.pdf"),
        "by-file-name": ("oud-echo.md", "files/slides/one.pdf"),
    }
    for slug, (course, slides) in recordings.items():
        site.write(
            f"recordings/{slug}.md",
            f"---\ntitle: {slug}\ndate: 2026-01-14\ncourse: {course}\nslides: {slides}\n---\nHi.\n",
        )
    result = site.build(AS_OF)
    assert result.warnings == ()
    course = site.html("/courses/oud-echo/")
    links = {text_of(a): a["href"] for a in course.select("#more-heading ~ ul a")}
    assert links["oud@example.org"] == "mailto:oud@example.org"
    # A single skipped date, not in a list: 21 January is skipped, 28 January takes its place.
    dates = [t["datetime"][:10] for t in course.select("ol.sessions > li time")]
    assert dates == ["2026-01-14", "2026-01-28"]
    listed = {target_of("/courses/oud-echo/", a["href"]) for a in course.select("a[href]")}
    for slug, (_, slides) in recordings.items():
        assert f"/recordings/{slug}/" in listed
        page = site.html(f"/recordings/{slug}/")
        hrefs = {target_of(f"/recordings/{slug}/", a["href"]) for a in page.select("a[href]")}
        assert "/courses/oud-echo/" in hrefs
        assert "/" + slides.removeprefix("/").removeprefix("content/") in hrefs


def test_the_site_language_marks_every_page(site):
    site.write("site.yaml", SITE_YAML + "language: es-MX\n")
    site.write("courses/oud-echo.md", course_md())
    site.build(AS_OF)
    for url in ("/", "/courses/", "/courses/oud-echo/"):
        page = site.html(url)
        assert page.html["lang"] == "es-MX"
        assert page.select_one('meta[property="og:locale"]')["content"] == "es_MX"


def test_half_an_hour_of_credit_per_session(site):
    # Quoted, as some editors write numbers: still a number.
    credit = 'credit:\n  type: AMA PRA Category 1 Credit\n  hours_per_session: "0.5"\n'
    site.write("courses/oud-echo.md", course_md(extra=credit))
    site.build(AS_OF)
    facts = text_of(site.html("/courses/oud-echo/").select_one("dl.facts"))
    assert "AMA PRA Category 1 Credit: 0.5 hours per session" in facts


def test_one_value_where_a_list_goes_is_a_list_of_one(site):
    """topics: Primary care (no brackets) is one topic, not a list of letters."""
    site.write(
        "courses/oud-echo.md",
        course_md(
            sessions="sessions:\n  - date: 2026-01-14\n    title: One\n    presenters: rroe\n",
            extra="topics: Primary care\naudience: Nurses\nfaculty: jdoe\n",
        ),
    )
    assert site.build(AS_OF).warnings == ()
    assert sorted(p.name for p in (site.output / "topics").iterdir()) == ["primary-care"]
    assert sorted(p.name for p in (site.output / "audiences").iterdir()) == ["nurses"]
    page = site.html("/courses/oud-echo/")
    assert "Richard Roe" in text_of(page.select_one("#session-1"))
    assert "Jane Doe" in text_of(page)


def test_open_format_course_says_join_any_time(full_site):
    page = full_site.html("/courses/pain-echo/")
    assert "join any time" in text_of(page.select_one(".eyebrow")).lower()
    assert text_of(page.select_one("#session-1 time")).endswith("CST")


def test_course_page_links_recordings_of_its_sessions(full_site):
    page = full_site.html("/courses/hep-c-echo/")
    watch = page.select_one("#session-1 .session-actions a")
    assert target_of("/courses/hep-c-echo/", watch["href"]) == "/recordings/hcv-screening/"
    # Past sessions offer no calendar link.
    assert not page.select('#course-sessions a[href$="session-1.ics"]')
    assert "register-closed" in page.select_one("#course-registration")["class"]


# -- enduring materials ---------------------------------------------------------------------------


def test_enduring_materials_lists_past_courses_with_recordings_and_standalone_ones(full_site):
    page = full_site.html("/enduring-materials/")
    assert text_of(page.find("h1")) == "Enduring materials"
    past = page.select_one("#past-courses").parent
    courses = past.select(".past-course")
    assert [text_of(c.select_one("h3")) for c in courses] == ["Hepatitis C ECHO"]
    recording = courses[0].select_one(".recording-item a")
    assert text_of(recording) == "Hepatitis C screening in practice"
    assert target_of("/enduring-materials/", recording["href"]) == "/recordings/hcv-screening/"
    assert "Credit available" in text_of(courses[0])
    more = page.select_one("#more-recordings").parent
    assert [text_of(a) for a in more.select(".recording-item > a")] == [
        "Naloxone for families",
        "Recorded grand rounds",
    ]
    # Current courses are not past courses.
    assert "Opioid Use Disorder ECHO" not in text_of(past)


# -- recording pages ----------------------------------------------------------------------------


def test_recording_page_embeds_youtube_without_cookies(full_site):
    page = full_site.html("/recordings/hcv-screening/")
    assert text_of(page.find("h1")) == "Hepatitis C screening in practice"
    # Nothing reaches YouTube until the visitor asks for the player.
    assert page.select_one("iframe") is None
    facade = page.select_one("a.video-facade")
    src = urlsplit(facade["data-embed"])
    assert (src.scheme, src.netloc, src.path) == (
        "https",
        "www.youtube-nocookie.com",
        "/embed/dQw4w9WgXcQ",
    )
    assert "cc_load_policy=1" in src.query
    assert "Hepatitis C screening in practice" in facade["data-title"]
    plain = [a["href"] for a in page.select(".video a")]
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in plain
    assert "captions" in text_of(page.select_one(".captions-note")).lower()
    assert "Wednesday, October 8, 2025" in text_of(page.select_one(".page-header"))
    assert "58 minutes" in text_of(page.select_one(".page-header"))
    trail = [target_of("/recordings/hcv-screening/", a["href"]) for a in page.select(".eyebrow a")]
    assert trail == ["/enduring-materials/", "/courses/hep-c-echo/"]


# Addresses editors copy from YouTube's pages, apps and share buttons, all of one video.
YOUTUBE_FORMS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ?si=AbCdEf",
    "https://www.youtube.com/embed/dQw4w9WgXcQ",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "https://www.youtube.com/live/dQw4w9WgXcQ?feature=share",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "https://www.youtube.com/v/dQw4w9WgXcQ",
]


def test_every_form_of_a_youtube_address_embeds_the_video(site):
    for number, address in enumerate(YOUTUBE_FORMS):
        site.write(
            f"recordings/form-{number}.md",
            f"---\ntitle: Form {number}\ndate: 2025-10-08\nvideo: {address}\n---\nHi.\n",
        )
    result = site.build(AS_OF)
    assert result.warnings == ()
    for number in range(len(YOUTUBE_FORMS)):
        page = site.html(f"/recordings/form-{number}/")
        src = urlsplit(page.select_one("iframe")["src"])
        assert (src.netloc, src.path) == ("www.youtube-nocookie.com", "/embed/dQw4w9WgXcQ")
        plain = [a["href"] for a in page.select(".video a")]
        assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in plain, number


# Vimeo addresses: public, from the player, and unlisted ones with their privacy hash.
VIMEO_FORMS = [
    ("https://vimeo.com/123456789", "123456789"),
    ("https://player.vimeo.com/video/123456789", "123456789"),
    ("https://vimeo.com/channels/staffpicks/123456789", "123456789"),
    ("https://vimeo.com/123456789/abcdef1234", "123456789?h=abcdef1234"),
    ("https://player.vimeo.com/video/123456789?h=abcdef1234&badge=0", "123456789?h=abcdef1234"),
]


def test_every_form_of_a_vimeo_address_embeds_the_video(site):
    for number, (address, _) in enumerate(VIMEO_FORMS):
        site.write(
            f"recordings/form-{number}.md",
            f"---\ntitle: Form {number}\ndate: 2025-10-08\nvideo: {address}\n---\nHi.\n",
        )
    assert site.build(AS_OF).warnings == ()
    for number, (address, video_id) in enumerate(VIMEO_FORMS):
        page = site.html(f"/recordings/form-{number}/")
        src = page.select_one("iframe")["src"]
        assert src.startswith(f"https://player.vimeo.com/video/{video_id}"), (address, src)
        assert src.count("?") == 1  # the hash and the player's own options share one query
        assert [a["href"] for a in page.select(".video p:not(.captions-note) a")] == [address]


def test_recording_page_materials_faculty_and_credit(full_site):
    page = full_site.html("/recordings/hcv-screening/")
    here = "/recordings/hcv-screening/"
    materials = {text_of(a): a["href"] for a in page.select("#materials-heading ~ ul a")}
    assert target_of(here, materials["Slides (PDF)"]) == "/files/slides/hcv.pdf"
    assert materials["Treatment guide"] == "https://example.org/guide.pdf"
    assert target_of(here, materials["Local handout"]) == "/files/handout.pdf"
    for href in (materials["Slides (PDF)"], materials["Local handout"]):
        assert output_exists(full_site, target_of(here, href))
    faculty = page.select_one("#faculty-heading").parent
    assert [text_of(n) for n in faculty.select(".person-name")] == ["Jane Doe, MD, MPH"]
    credit = page.select_one("#recording-credit")
    assert "credit-available" in credit["class"]
    assert [a["href"] for a in credit.select("a")] == [CLAIM, "#accreditation-heading"]
    facts = {text_of(t): text_of(t.find_next_sibling("dd")) for t in credit.select("dt")}
    assert facts["Release date"] == "November 1, 2025"
    assert facts["Last reviewed"] == "November 1, 2025"
    assert facts["Credit ends"] == "October 31, 2028"
    assert facts["Estimated time"] == "58 minutes"
    # The statement closes the page, where the panel's link leads.
    assert text_of(page.select_one("#accreditation-heading").parent.select_one(".statement")) == (
        STATEMENT
    )
    assert "How to screen for hepatitis C" in text_of(page.select_one("#summary-heading").parent)


def test_vimeo_recording_with_a_caption_file(full_site):
    here = "/recordings/naloxone/"
    page = full_site.html(here)
    # The player loads when asked for (a link to the video until then).
    facade = page.select_one("a.video-facade")
    assert facade["data-embed"].startswith("https://player.vimeo.com/video/123456789")
    assert "dnt=1" in facade["data-embed"]
    assert "Naloxone for families" in facade["data-title"]
    assert facade["href"].startswith("https://vimeo.com/")
    note = page.select_one(".captions-note")
    caption = note.select_one("a")
    assert target_of(here, caption["href"]) == "/files/captions/naloxone.vtt"
    assert output_exists(full_site, target_of(here, caption["href"]))
    assert page.select_one("#recording-credit") is None


def test_recording_from_a_file_plays_in_a_video_element(full_site):
    here = "/recordings/grand-rounds/"
    page = full_site.html(here)
    assert page.select_one("iframe") is None
    source = page.select_one("video source")
    assert target_of(here, source["src"]) == "/files/video/rounds.mp4"
    assert output_exists(full_site, target_of(here, source["src"]))
    # No captions: the page says so and offers a way to ask for a transcript.
    note = page.select_one(".captions-note")
    assert "not available" in text_of(note)
    assert note.select_one('a[href^="mailto:echo@example.org"]')


@pytest.mark.parametrize(("written", "captioned"), [("Yes", True), ("on", True), ("no", False)])
def test_captions_take_the_yes_and_no_editors_write(site, written, captioned):
    site.write(
        "recordings/talk.md",
        "---\ntitle: Talk\ndate: 2025-10-08\nvideo: https://youtu.be/dQw4w9WgXcQ\n"
        f"captions: {written}\n---\nHi.\n",
    )
    assert site.build(AS_OF).warnings == ()
    note = text_of(site.html("/recordings/talk/").select_one(".captions-note"))
    assert ("not available" not in note) is captioned, note


def test_a_video_file_with_a_caption_file_plays_with_its_track(site):
    site.write("files/video/rounds.mp4", b"not really a video")
    site.write("files/captions/rounds.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    site.write(
        "recordings/grand-rounds.md",
        "---\ntitle: Grand rounds\ndate: 2025-10-08\nvideo: files/video/rounds.mp4\n"
        "captions: files/captions/rounds.vtt\n---\nHi.\n",
    )
    site.build(AS_OF)
    here = "/recordings/grand-rounds/"
    page = site.html(here)
    assert target_of(here, page.select_one("video source")["src"]) == "/files/video/rounds.mp4"
    assert target_of(here, page.select_one("video track")["src"]) == "/files/captions/rounds.vtt"
    note = text_of(page.select_one(".captions-note"))
    assert "download the caption file" in note and "on the video" not in note
    (video,) = [
        d
        for s in page.select('script[type="application/ld+json"]')
        for d in [json.loads(s.string)]
        if d.get("@type") == "VideoObject"
    ]
    assert video["contentUrl"] == "https://echo.example.org/files/video/rounds.mp4"


# -- program pages, 404, topics and audiences ---------------------------------------------------


def test_program_page(full_site):
    page = full_site.html("/about/")
    assert text_of(page.find("h1")) == "About the program"
    assert text_of(page.select_one(".lead")) == "Who we are."
    assert text_of(page.select_one(".prose h2")) == "How ECHO works"
    assert page.select_one(".prose h2")["id"] == "how-echo-works"
    assert page.title.string == "About the program | Project ECHO at Example Health"


def test_not_found_page(full_site):
    page = full_site.html("/404.html")
    assert text_of(page.find("h1")) == "Page not found"
    hrefs = [a["href"] for a in page.select("main a")]
    for wanted in ("/", "/courses/", "/enduring-materials/"):
        assert wanted in hrefs
    assert page.select_one('meta[name="robots"][content="noindex"]')


@pytest.mark.parametrize(
    ("url", "name", "current", "past"),
    [
        (
            "/topics/substance-use/",
            "Substance use",
            ["Opioid Use Disorder ECHO"],
            ["Hepatitis C ECHO"],
        ),
        ("/topics/primary-care/", "Primary care", ["Opioid Use Disorder ECHO"], []),
        ("/topics/pain/", "Pain", ["Chronic Pain ECHO"], []),
        ("/audiences/nurses/", "Nurses", ["Opioid Use Disorder ECHO", "Chronic Pain ECHO"], []),
        ("/audiences/physicians/", "Physicians", ["Opioid Use Disorder ECHO"], []),
    ],
)
def test_topic_and_audience_pages(full_site, url, name, current, past):
    page = full_site.html(url)
    assert text_of(page.find("h1")) == name
    cards = [text_of(a) for a in page.select(".card-title a")]
    assert sorted(cards) == sorted(current)
    past_section = page.select_one("#listing-past")
    assert (
        [text_of(a) for a in past_section.parent.select("li a")] if past_section else []
    ) == past


def test_topic_page_lists_recordings_of_its_courses(full_site):
    page = full_site.html("/topics/substance-use/")
    recordings = page.select_one("#listing-recordings").parent
    assert [text_of(a) for a in recordings.select(".recording-item > a")] == [
        "Hepatitis C screening in practice"
    ]


def test_courses_page_offers_topic_and_audience_filters(full_site):
    page = full_site.html("/courses/")
    chips = {text_of(a): a["href"] for a in page.select("a.chip")}
    assert set(chips) >= {"Substance use", "Primary care", "Pain", "Nurses", "Physicians"}
    for href in chips.values():
        assert output_exists(full_site, target_of("/courses/", href)), href


# -- calendars ----------------------------------------------------------------------------------


def read_calendar(site, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site.output / path).read_bytes())


def test_course_calendar_has_every_session(full_site):
    calendar = read_calendar(full_site, "courses/oud-echo/calendar.ics")
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Opioid Use Disorder ECHO: The landscape in our region",
        "Opioid Use Disorder ECHO: Buprenorphine basics",
        "Opioid Use Disorder ECHO: Harm reduction",
    ]
    first = events[0]
    assert first.decoded("dtstart") == dt.datetime(2026, 1, 14, 17, 0, tzinfo=dt.UTC).astimezone(
        first.decoded("dtstart").tzinfo
    )
    assert first["dtstart"].params["TZID"] == "America/New_York"
    assert "Jane Doe, MD, MPH" in str(first["description"])
    assert str(first["url"]) == "https://echo.example.org/courses/oud-echo/"
    assert len({str(e["uid"]) for e in events}) == 3


def test_each_session_has_its_own_calendar_file(full_site):
    page = full_site.html("/courses/oud-echo/")
    for number in (1, 2, 3):
        calendar = read_calendar(full_site, f"courses/oud-echo/session-{number}.ics")
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        title = text_of(page.select_one(f"#session-{number} .session-title"))
        assert str(events[0]["summary"]) == f"Opioid Use Disorder ECHO: {title}"
        link = page.select_one(f'#session-{number} a[href$="session-{number}.ics"]')
        target = target_of("/courses/oud-echo/", link["href"])
        assert posixpath.basename(target) == f"session-{number}.ics"
        assert output_exists(full_site, target)
    remaining = page.select_one('.panel-calendar a[href$="upcoming.ics"]')
    assert target_of("/courses/oud-echo/", remaining["href"]) == "/courses/oud-echo/upcoming.ics"
    assert output_exists(full_site, "/courses/oud-echo/upcoming.ics")


def test_site_calendar_has_upcoming_sessions_of_every_course(full_site):
    calendar = read_calendar(full_site, "calendar.ics")
    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    assert len(starts) == 5  # three of one course, two of the other; none of the past course
    assert all(s.date() >= dt.date.fromisoformat(AS_OF) for s in starts)
    assert starts == sorted(starts)
    zones = sorted(str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE"))
    assert zones == ["America/Chicago", "America/New_York"]
