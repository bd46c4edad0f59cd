"""Editing in the browser, end to end: `build.py serve --cms` and the real Decap CMS in Chromium.

One preview with Decap's local server (decap-server, from node_modules) serves a small hub; the
tests click through /admin/ as an editor would: create a course with two sessions, a faculty
member picked from the list and an uploaded flyer; change one field of a hand-written
recording. What they check is on disk (the files Decap saved, read by echo-site's own loader,
and a strict build of them) and in the preview, which rebuilds after each save. The editing
page's own previews of a course, a recording and the site settings show what the published
page shows, in its markup and brand colours, and follow the form. No internet: the CMS's
script comes from node_modules, and any other request is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SiteDir, course_md, require, text_of
from static_host import CHROMIUM_ARGS

from echo_site.content import load_site

pytestmark = pytest.mark.browser

DECAP = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"

# site.yaml as an administrator wrote it: comments, folded statements, settings the form leaves
# alone (raw_html, cms).
SITE = """\
# Site-wide settings.
title: Project ECHO at Example Health
base_url: https://echo.example.org/
timezone: America/New_York
contact_email: echo@example.org
organization: Example Health
raw_html: false

# Brand colours.
colors:
  primary: "#7a1f5c"
  accent: "#a8e0d0"

# Reviewed wording, by credit type.
credit_statements:
  AMA PRA Category 1 Credit: >-
    Example Health designates this live activity for a maximum of 1.0 AMA PRA
    Category 1 Credit.
  ANCC Contact Hours: >-
    Nurses earn contact hours.

cms:
  backend: github
  repo: example-health/echo-site
"""

PEOPLE = """\
# Faculty and staff.
people:
  - id: jdoe
    name: Jane Doe
    credentials: MD, MPH
  - id: rroe
    name: Richard Roe
    credentials: PharmD
"""

# Written by hand, the way editors do: comments, a flow list, quotes, its own field order.
RECORDING = """\
---
# Recorded on Zoom; the captions come from the video host.
title: "Buprenorphine: the first visit"   # quoted because of the colon
course: oud-echo
date: 2026-01-14
presenters: [jdoe, rroe]

duration_minutes: 44
video: https://www.youtube.com/watch?v=hQ7vR2mKx0a
captions: true
resources:
  # the guide first
  - {title: "Treatment guide (PDF)", url: https://example.org/guide.pdf}
---

What we covered, in *Markdown*.
"""


# A course people can still register for, as of the preview's build date (AS_OF).
COURSE = """\
---
title: Heart Failure ECHO
summary: Monthly case-based learning on heart failure for primary care teams.
time: "12:00-13:00"
sessions:
  - date: 2026-11-11
    title: Diuretics at home
    presenters: [jdoe]
  - date: 2026-12-09
    title: Starting the four pillars
    presenters: [jdoe, rroe]
    description: Bring a *case*.
  - date: 2027-01-13
    title: When to refer
    cancelled: true
  - date: 2027-02-10
    title: Palliative care
faculty: [jdoe, rroe]
credit:
  type: AMA PRA Category 1 Credit
  hours_per_session: 1.0
registration:
  url: https://forms.example.org/heart-failure
  closes: 2026-12-31
---
Learn from real cases.
"""

# A recording offered for credit, with slides.
CREDIT_RECORDING = """\
---
title: Naloxone in the community
date: 2026-01-28
course: oud-echo
presenters: [rroe]
video: https://youtu.be/hQ7vR2mKx0a
duration_minutes: 52
slides: files/slides/naloxone.pdf
credit:
  type: AMA PRA Category 1 Credit
  hours: 0.75
  released: 2026-03-01
  expires: 2029-02-28
  claim_url: https://cme.example.org/claim/naloxone
---
Where naloxone goes, and who carries it.
"""

# A jointly accredited provider's settings, added to SITE: its statements, disclosures published
# with every page with credit, and how learners claim credit.
ACCREDITED = """\
joint_accreditation_statement: >-
  In support of improving patient care, Example Health is jointly accredited.
mitigation_statement: All relevant financial relationships listed have been mitigated.
commercial_support_statement: This activity received no commercial support.
claiming_credit:
  instructions: After each session, complete its evaluation in the portal.
  url: https://ce.example.org/
"""

# PEOPLE with their disclosures, and a planner whose disclosure is more than a year old.
DISCLOSED_PEOPLE = """\
people:
  - id: jdoe
    name: Jane Doe
    credentials: MD, MPH
    disclosures: none
    disclosed: 2026-06-01
  - id: rroe
    name: Richard Roe
    credentials: PharmD
    disclosures:
      - {company: Northfield Pharmaceuticals, relationship: advisory board}
    disclosed: 2026-09-01
  - id: kplan
    name: Kim Planner
    credentials: MSN, RN
    disclosures: none
    disclosed: 2025-06-01
"""

# A course for the whole care team: two credit types, a planner, guests (one whose disclosure
# is not on file), and a claim window: as of AS_OF, the session of November 5 can be claimed.
JOINT_COURSE = """\
---
title: Chronic Pain ECHO
summary: Biweekly case-based learning on chronic pain for the whole care team.
time: "12:00-13:00"
sessions:
  - date: 2026-10-08
    title: Why pain care is hard
    presenters: [jdoe]
  - date: 2026-11-05
    title: Tapering with consent
    presenters: [rroe]
    guests:
      - name: Maria Lopez
        credentials: RN
        organization: Valley Clinic
        disclosures: none
        disclosed: 2026-10-01
  - date: 2026-11-19
    title: Cancelled for the holiday
    cancelled: true
  - date: 2026-12-03
    title: Movement and sleep
    guests:
      - name: Hannah Okonkwo
        credentials: DPT
faculty: [jdoe]
planners: [kplan]
credit:
  types:
    - {type: AMA PRA Category 1 Credit, hours_per_session: 1.0}
    - {type: ANCC Contact Hours, hours_per_session: 1.25}
  claim_url: https://ce.example.org/evaluation/pain
  claim_days: 30
---
Learn from real cases.
"""

# A recording with both credit types, a planner and a guest presenter.
JOINT_RECORDING = """\
---
title: Tapering long-term opioids
date: 2026-11-05
course: pain-echo
presenters: [rroe]
guests:
  - name: Maria Lopez
    credentials: RN
    role: Nurse care manager
    organization: Valley Clinic
    disclosures: none
    disclosed: 2026-10-01
planners: [kplan]
video: https://youtu.be/hQ7vR2mKx0a
duration_minutes: 50
credit:
  types:
    - {type: AMA PRA Category 1 Credit, hours: 0.75}
    - {type: ANCC Contact Hours, hours: 1.0}
  released: 2026-11-20
  expires: 2029-11-19
  claim_url: https://ce.example.org/claim/tapering
---
How to taper with the patient's consent.
"""

AS_OF = dt.date(2026, 11, 28)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class CmsPreview:
    site: SiteDir
    port: int
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_for(
        self, path: str, condition: Callable[[int, str], bool], timeout: float = 20
    ) -> str:
        deadline = time.monotonic() + timeout
        status, body = 0, ""
        while time.monotonic() < deadline:
            with contextlib.suppress(urllib.error.URLError, ConnectionError):
                status, body = self.get(path)
                if condition(status, body):
                    return body
            time.sleep(0.05)
        raise AssertionError(f"timed out on {path}: last status {status}\n{self.log.read_text()}")


def wait_for_file(path: Path, condition: Callable[[str], bool], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if condition(text):
                return text
        time.sleep(0.05)
    raise AssertionError(f"{path} was not saved as expected")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CmsPreview]:
    require("chromium", shutil.which("chromium") is not None)
    require("playwright (Python)", importlib.util.find_spec("playwright") is not None)
    require("node", shutil.which("node") is not None)
    require("decap-cms and decap-server (npm install)", DECAP.is_file() and DECAP_SERVER.is_file())
    site = SiteDir(tmp_path_factory.mktemp("cms-hub"))
    site.write("site.yaml", SITE)
    site.write("people.yaml", PEOPLE)
    site.write("pages/index.md", "---\ntitle: Welcome\n---\nFree tele-mentoring.\n")
    site.write("courses/oud-echo.md", course_md(extra="topics: [Substance use]\n"))
    site.write("recordings/bup-first-visit.md", RECORDING)
    site.write("courses/heart-failure-echo.md", COURSE)
    site.write("recordings/naloxone-in-the-community.md", CREDIT_RECORDING)
    site.write("files/slides/naloxone.pdf", b"%PDF-1.4\n% slides\n")
    port, cms_port = free_port(), free_port()
    log = site.root / "serve.log"
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "serve",
        "--cms",
        "--cms-port",
        str(cms_port),
        "--port",
        str(port),
        "--content",
        str(site.content),
        "--output",
        str(site.output),
        "--no-search",
        "--as-of",
        AS_OF.isoformat(),
    ]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, cwd=site.root
        )
    server = CmsPreview(site, port, log)
    try:
        server.wait_for("/admin/", lambda status, _: status == 200, timeout=60)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=15)
    # The preview took decap-server down with it.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", cms_port)) != 0


@pytest.fixture(scope="module")
def browser(preview: CmsPreview) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def admin(browser: Any, preview: CmsPreview) -> Iterator[Any]:
    """The editing page, logged in to the local backend, on the preview's build date: what the
    previews decide from today is what the preview site decided from its date."""
    # Without motion the theme has no colour transitions: styles read are the settled ones.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    context.route(
        lambda address: urlsplit(address).hostname not in ("127.0.0.1", "localhost"),
        lambda route: route.abort(),
    )
    context.clock.set_system_time(dt.datetime.combine(AS_OF, dt.time(15), tzinfo=dt.UTC))
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(preview.url("/admin/"))
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Courses").wait_for()
    yield page
    context.close()
    assert errors == []


def publish(page: Any) -> None:
    """Save the entry: with the local server, publishing writes the file at once."""
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()


def test_create_a_course_with_sessions_faculty_and_a_flyer(admin, preview, tmp_path):
    page = admin
    page.goto(preview.url("/admin/#/collections/courses/new"))
    page.get_by_label("Title", exact=True).fill("Wound Care ECHO")
    page.get_by_label("Summary", exact=True).fill("Monthly case-based learning on wound care.")
    page.get_by_label("Time (optional)", exact=True).first.fill("12:00-13:00")
    # A topic, from the ones the site already uses (suggested as you type).
    page.get_by_role("button", name="Add topic").click()
    topic = page.locator("input[list$='-suggestions']").first
    assert topic.evaluate("input => [...input.list.options].map(o => o.value)") == ["Substance use"]
    topic.fill("Substance use")
    for _ in range(2):
        page.get_by_role("button", name="Add session").click()
    dates = page.get_by_label("Date (optional)", exact=True)
    titles = page.get_by_label("Title (optional)", exact=True)
    dates.nth(0).fill("2027-01-13")
    titles.nth(0).fill("Assessing a wound")
    dates.nth(1).fill("2027-02-10")
    titles.nth(1).fill("Pressure injuries")
    # A faculty member, found by name, saved by id.
    page.get_by_label("Faculty (optional)", exact=True).fill("Roe")
    page.get_by_text("Richard Roe", exact=True).click()
    # The flyer, uploaded through the media library.
    flyer = tmp_path / "wound-care-flyer.pdf"
    flyer.write_bytes(b"%PDF-1.4\n% a flyer\n")
    page.get_by_role("button", name="Choose a file").click()
    page.locator("input[type=file]").set_input_files(str(flyer))
    page.get_by_text("wound-care-flyer.pdf", exact=True).wait_for()
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_text("files/flyers/wound-care-flyer.pdf").wait_for()
    publish(page)

    content = preview.site.content
    saved = content / "courses" / "wound-care-echo.md"
    wait_for_file(saved, lambda text: "wound-care-flyer" in text)
    assert (content / "files" / "flyers" / "wound-care-flyer.pdf").read_bytes() == (
        flyer.read_bytes()
    )
    # Valid front matter, as echo-site reads it.
    site, warnings = load_site(content)
    course = site.course("wound-care-echo")
    assert course is not None and warnings == []
    assert [(s.date.isoformat(), s.title) for s in course.sessions] == [
        ("2027-01-13", "Assessing a wound"),
        ("2027-02-10", "Pressure injuries"),
    ]
    assert [(s.start.hour, s.end.hour) for s in course.sessions] == [(12, 13), (12, 13)]
    assert course.faculty == ("rroe",)
    assert course.topics == ("Substance use",)
    assert course.flyer == "files/flyers/wound-care-flyer.pdf"
    assert "__echo_site_source" not in saved.read_text()
    # The preview rebuilt and shows it.
    body = preview.wait_for("/courses/wound-care-echo/", lambda status, _: status == 200)
    page_html = BeautifulSoup(body, "lxml")
    assert text_of(page_html.h1) == "Wound Care ECHO"
    assert [text_of(h) for h in page_html.select(".session-title")] == [
        "Assessing a wound",
        "Pressure injuries",
    ]
    assert [text_of(n) for n in page_html.select(".person-name")] == ["Richard Roe, PharmD"]
    assert page_html.find("a", string="Course flyer (PDF)")["href"] == (
        "../../files/flyers/wound-care-flyer.pdf"
    )
    # And the site builds strictly, as CI will build the pull request.
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--strict",
            "--no-search",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "strict"),
            "--as-of",
            AS_OF.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_editing_one_field_changes_one_line(admin, preview):
    """Decap's own YAML formats write the whole front matter again; the editing page's formats
    (templates/assets/admin/cms.js) replace only what was edited."""
    page = admin
    file = preview.site.content / "recordings" / "bup-first-visit.md"
    page.goto(preview.url("/admin/#/collections/recordings/entries/bup-first-visit"))
    minutes = page.get_by_label("Duration minutes (optional)", exact=True)
    minutes.fill("45")
    publish(page)
    text = wait_for_file(file, lambda text: "duration_minutes: 45" in text)
    assert text == RECORDING.replace("duration_minutes: 44", "duration_minutes: 45")
    preview.wait_for("/recordings/bup-first-visit/", lambda _, body: "45 min" in body)


def test_a_credit_statement_is_changed_in_site_settings(admin, preview):
    page = admin
    file = preview.site.content / "site.yaml"
    page.goto(preview.url("/admin/#/collections/settings/entries/site"))
    statement = page.locator("textarea").filter(has_text="Nurses earn contact hours.")
    statement.fill("Nurses who attend a session in full receive 1.0 contact hour.")
    publish(page)
    text = wait_for_file(file, lambda text: "receive 1.0" in text)
    # Only that statement is written again (short enough now for one line); the comments, the
    # other statement and the settings the form leaves alone are as they were.
    assert text == SITE.replace(
        "  ANCC Contact Hours: >-\n    Nurses earn contact hours.\n",
        "  ANCC Contact Hours: Nurses who attend a session in full receive 1.0 contact hour.\n",
    )


def test_disclosures_are_recorded_as_none_or_as_relationships(admin, preview):
    """The disclosures widget writes what the build reads: `none`, or company and relationship,
    beside the day they were disclosed."""
    page = admin
    file = preview.site.content / "people.yaml"
    page.goto(preview.url("/admin/#/collections/people/entries/people"))
    people = page.get_by_label("Disclosed (optional)", exact=True)
    page.get_by_text("Richard Roe (rroe)", exact=True).wait_for()
    unfold = page.locator("[class*=StyledListItemTopBar] > button:first-child")
    for index in range(2):
        unfold.nth(index).click()
    people.nth(1).wait_for()
    nothing = page.get_by_label("No relevant financial relationships")
    some = page.get_by_label("Relationships with ineligible companies:")
    nothing.nth(0).check()
    people.nth(0).fill("2026-11-20")
    some.nth(1).check()
    page.get_by_label("Company", exact=True).fill("Northfield Pharmaceuticals")
    page.get_by_label("Relationship", exact=True).fill("advisory board")
    people.nth(1).fill("2026-11-21")
    publish(page)
    text = wait_for_file(file, lambda text: "Northfield" in text and "2026-11-21" in text)
    assert text == PEOPLE.replace(
        "    credentials: MD, MPH\n",
        "    credentials: MD, MPH\n    disclosures: none\n    disclosed: 2026-11-20\n",
    ).replace(
        "    credentials: PharmD\n",
        "    credentials: PharmD\n    disclosures:\n      - company: Northfield Pharmaceuticals\n"
        "        relationship: advisory board\n    disclosed: 2026-11-21\n",
    )
    site, warnings = load_site(preview.site.content)
    assert warnings == []
    jane, richard = site.people["jdoe"].disclosure, site.people["rroe"].disclosure
    assert jane is not None and jane.relationships == () and str(jane.date) == "2026-11-20"
    assert richard is not None and str(richard.date) == "2026-11-21"
    assert [(r.company, r.relationship) for r in richard.relationships] == [
        ("Northfield Pharmaceuticals", "advisory board")
    ]
    file.write_text(PEOPLE)  # as the other tests expect it


def test_the_editing_page_shows_what_stops_the_build(admin, preview):
    file = preview.site.content / "courses" / "oud-echo.md"
    before = file.read_text()
    try:
        file.write_text(before.replace("title: Opioid", "title: Opioid: broken: here"))
        problems = admin.locator("#echo-site-problems")
        problems.get_by_text("content/courses/oud-echo.md:2:").wait_for()
        assert "a second ':' on this line confuses YAML" in problems.inner_text()
    finally:
        file.write_text(before)
    admin.locator("#echo-site-problems").wait_for(state="hidden")


def test_a_hub_hosting_decap_cms_itself_needs_no_other_server(browser, tmp_path):
    """The administrator's guide's recipe: Decap CMS's files under content/files/decap-cms/,
    `script_url` pointing there; the published page starts with nothing from elsewhere."""
    from static_host import serve

    site = SiteDir(tmp_path)
    site.write("site.yaml", SITE + "  script_url: /files/decap-cms/decap-cms.js\n")
    site.write("people.yaml", PEOPLE)
    site.write("pages/index.md", "---\ntitle: Welcome\n---\nFree tele-mentoring.\n")
    copy = site.content / "files" / "decap-cms"
    copy.mkdir(parents=True)
    for file in DECAP.parent.iterdir():
        if file.name == "decap-cms.js" or file.name.endswith((".decap-cms.js", ".wasm")):
            shutil.copy2(file, copy / file.name)
    site.build(strict=True)
    server, origin = serve(site.output, "/")
    context = browser.new_context()
    requested: list[str] = []
    context.route(
        lambda address: not address.startswith(origin),
        lambda route: (requested.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(origin + "/admin/")
        page.get_by_role("button", name="Login with GitHub").wait_for(timeout=20_000)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert requested == [] and errors == []


# -- the editing page's previews -----------------------------------------------------------------


def open_entry(page: Any, preview: CmsPreview, place: str) -> Any:
    """The form of an entry, and its preview pane's frame once the preview is drawn."""
    page.goto("about:blank")  # Decap does not follow a change of the address's # alone
    page.goto(preview.url(f"/admin/#/collections/{place}"))
    frame = page.frame_locator("#preview-pane")
    frame.locator("main h1").wait_for()
    return frame


def shown(soup: BeautifulSoup, selector: str) -> list[str]:
    return [text_of(node) for node in soup.select(selector)]


def test_the_course_preview_shows_the_published_page(admin, preview):
    """The theme's structure (page band, summary panel beside the content, sessions with date
    blocks), the brand colours of site.yaml, and what the built page says, word for word."""
    frame = open_entry(admin, preview, "courses/entries/heart-failure-echo")
    panel = frame.locator("aside.panel")
    register = panel.get_by_role("link", name="Register for Heart Failure ECHO")
    assert register.get_attribute("href") == "https://forms.example.org/heart-failure"
    assert panel.locator(".badges .badge").all_inner_texts() == ["In progress", "Registration open"]
    # The brand colour, as each page's head sets it, and at work on the button.
    html = frame.locator("html")
    primary = html.evaluate("e => getComputedStyle(e).getPropertyValue('--primary').trim()")
    assert primary == "#7a1f5c"
    assert register.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(122, 31, 92)"
    # What the published page shows, as the preview site built it on the same day.
    built = BeautifulSoup(
        preview.wait_for("/courses/heart-failure-echo/", lambda status, _: status == 200), "lxml"
    )
    drawn = BeautifulSoup(html.evaluate("e => e.outerHTML"), "lxml")
    for node in [*built.select(".local-time, .print-only"), *drawn.select(".echo-preview-note")]:
        node.decompose()
    for selector in (
        ".page-band .eyebrow",
        ".page-band h1",
        ".page-band .lead",
        "aside.panel .badges",
        "aside.panel .register-box",
        "aside.panel .panel-when",
        "aside.panel .panel-pattern",
        "aside.panel .panel-calendar summary",
        "aside.panel .panel-credit",
        ".main-col .facts",
        "li.session .session-date",
        "li.session .session-title",
        "li.session .session-when",
        "li.session .meta",
        "li.session .prose",
        "li.session details.add-cal summary",
        ".people li",
        "#course-credit",
    ):
        assert shown(drawn, selector) == shown(built, selector), selector
    assert [s["class"] for s in drawn.select("li.session")] == [
        s["class"] for s in built.select("li.session")
    ]
    # The preview says what it decided from today's date.
    assert (
        "as of today, Saturday, November 28, 2026"
        in panel.locator(".echo-preview-note").inner_text()
    )


def test_the_course_preview_follows_the_form(admin, preview):
    page = admin
    frame = open_entry(page, preview, "courses/entries/heart-failure-echo")
    panel = frame.locator("aside.panel")
    registration = page.get_by_text("Registration", exact=True)
    registration.scroll_into_view_if_needed()
    registration.get_by_role("button", name="Expand").click()
    page.get_by_label("Status (optional)", exact=True).click()
    page.get_by_text("full", exact=True).click()
    panel.get_by_text("This course is full and not taking more participants.").wait_for()
    assert panel.get_by_role("link", name="Register for Heart Failure ECHO").count() == 0
    assert panel.locator(".badges .badge").all_inner_texts() == ["In progress", "Full"]
    # A second session cancelled: struck through, marked, and no longer offered to calendars.
    page.get_by_label("Cancelled (optional)", exact=True).nth(1).click()
    second = frame.locator("li.session").nth(1)
    second.locator(".badge-cancelled").wait_for()
    assert second.locator(".session-when del").count() == 1
    assert second.locator("details.add-cal").count() == 0
    date = frame.locator("li.session").nth(3).locator(".session-date span")
    assert date.all_text_contents() == ["Feb", "10"]


def test_the_recording_preview_shows_its_credit_first_and_its_video(admin, preview):
    frame = open_entry(admin, preview, "recordings/entries/naloxone-in-the-community")
    columns = frame.locator(".with-panel > *")
    assert columns.evaluate_all("nodes => nodes.map(n => n.className)") == [
        "panel panel-full",  # credit offered: a panel read through, not kept in view
        "main-col",
    ]
    credit = frame.locator("aside.panel #recording-credit")
    assert "credit-available" in credit.get_attribute("class")
    claim = credit.get_by_role("link", name="Claim credit for this recording")
    assert claim.get_attribute("href") == "https://cme.example.org/claim/naloxone"
    # The statements close the page; the panel links to them.
    assert credit.get_by_role("link", name="Accreditation statements").is_visible()
    assert "Example Health designates" in frame.locator("main .statement").inner_text()
    facade = frame.locator("a.video-facade")
    assert facade.get_attribute("href") == "https://www.youtube.com/watch?v=hQ7vR2mKx0a"
    # The slides' link opens the file, found in its own folder (files/slides/).
    slides = frame.get_by_role("link", name="Slides (PDF)")
    assert slides.evaluate("a => fetch(a.href).then(r => r.text())") == "%PDF-1.4\n% slides\n"
    assert frame.locator(".page-band .eyebrow").inner_text().split(" › ") == [
        "Recordings",
        "Opioid Use Disorder ECHO",
    ]
    built = BeautifulSoup(
        preview.wait_for("/recordings/naloxone-in-the-community/", lambda s, _: s == 200), "lxml"
    )
    drawn = BeautifulSoup(frame.locator("html").evaluate("e => e.outerHTML"), "lxml")
    for node in drawn.select(".echo-preview-note"):
        node.decompose()
    for selector in (
        ".page-band .meta",
        "#recording-credit",
        ".link-list",
        ".people li",
        ".statement",
    ):
        assert shown(drawn, selector) == shown(built, selector), selector


def test_site_settings_preview_the_colours_as_they_are_typed(admin, preview):
    page = admin
    frame = open_entry(page, preview, "settings/entries/site")
    bar = frame.locator(".parent-bar")
    assert bar.inner_text() == "A program of Example Health"

    def background() -> str:
        return str(bar.evaluate("e => getComputedStyle(e).backgroundColor"))

    # #7a1f5c mixed with black, as the build does, once the preview's styles are applied (on a
    # busy machine the bar's words can be there before them)
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#preview-pane').contentDocument"
        ".querySelector('.parent-bar')).backgroundColor === 'rgb(92, 23, 69)'"
    )
    assert background() == "rgb(92, 23, 69)"
    primary = page.get_by_label("Primary (optional)", exact=True)
    primary.fill("#00693e")
    frame.locator(".button").get_by_text("Register").wait_for()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#preview-pane').contentDocument"
        ".querySelector('.parent-bar')).backgroundColor === 'rgb(0, 79, 46)'"
    )
    # A colour white text cannot be read on: the build's message, with the shade it suggests.
    primary.fill("#f0a0c0")
    frame.get_by_text("The build will stop here until this is fixed:").wait_for()
    assert (
        'such as primary: "#9a667b" (4.6:1)'
        in frame.locator(".echo-preview-note").first.inner_text()
    )
    assert frame.locator(".site-footer").get_by_text("echo@example.org").count() == 1


# -- the previews of a jointly accredited provider's course and recording -----------------------


@pytest.fixture
def accredited(preview: CmsPreview) -> Iterator[CmsPreview]:
    """The hub as a jointly accredited provider: its settings, people with disclosures, and a
    course and a recording with two credit types; put back as the other tests expect it."""
    site = preview.site
    course = site.write("courses/pain-echo.md", JOINT_COURSE)
    recording = site.write("recordings/pain-tapering.md", JOINT_RECORDING)
    site.write("people.yaml", DISCLOSED_PEOPLE)
    site.write("site.yaml", SITE + ACCREDITED)
    try:
        for path in ("/courses/pain-echo/", "/recordings/pain-tapering/", "/admin/"):
            preview.wait_for(path, lambda status, body: status == 200 and "mitigated" in body)
        yield preview
    finally:
        site.write("site.yaml", SITE)
        site.write("people.yaml", PEOPLE)
        course.unlink()
        recording.unlink()
        preview.wait_for("/courses/pain-echo/", lambda status, _: status == 404)


def test_the_course_preview_shows_credit_types_disclosures_and_claim_links(admin, accredited):
    frame = open_entry(admin, accredited, "courses/entries/pain-echo")
    built = BeautifulSoup(accredited.get("/courses/pain-echo/")[1], "lxml")
    drawn = BeautifulSoup(frame.locator("html").evaluate("e => e.outerHTML"), "lxml")
    notes = [text_of(n) for n in drawn.select(".echo-preview-note")]
    for node in [*built.select(".local-time, .print-only"), *drawn.select(".echo-preview-note")]:
        node.decompose()
    for selector in (
        "aside.panel .panel-credit",
        ".main-col .facts",
        "#course-credit .credit-types",
        "#course-credit .statement",
        "#course-credit .claim-window",
        "#course-credit .claiming-credit",
        "#course-credit .disclosure-list li",
        "#course-credit",
        "li.session .session-title",
        "li.session .meta",
        "li.session .session-actions",
        ".people li",
    ):
        assert shown(drawn, selector) == shown(built, selector), selector
        assert built.select(selector), selector  # compared with something
    # The session held on November 5 can be claimed until 30 days after it, at the course's
    # evaluation; the one of October 8 no longer, the cancelled one never.
    claims = drawn.select("li.session .claim")
    assert [text_of(c) for c in claims] == [
        "Claim credit for this session : Tapering with consent until December 5, 2026"
    ]
    assert claims[0].a["href"] == "https://ce.example.org/evaluation/pain"
    assert shown(drawn, ".disclosure-list li") == [
        "Kim Planner, MSN, RN (planner) : no relevant financial relationships.",
        "Jane Doe, MD, MPH (hub team, presenter) : no relevant financial relationships.",
        "Richard Roe, PharmD (presenter) : Northfield Pharmaceuticals (advisory board).",
        "Maria Lopez, RN (guest presenter) : no relevant financial relationships.",
        "Hannah Okonkwo, DPT (guest presenter) : no disclosure on file yet.",
    ]
    # What today decides, and what the build will warn about, in the preview's own notes.
    assert "the sessions whose credit can be claimed as of today, Saturday, November 28, 2026" in (
        " ".join(notes)
    )
    warned = next(n for n in notes if n.startswith("As of today, the build warns"))
    assert "the guest presenter Hannah Okonkwo has no disclosure on file" in warned
    stale = "the disclosure of Kim Planner (kplan) is dated 2025-06-01, more than a year before"
    assert f"{stale} 2026-11-28" in warned


def test_the_recording_preview_shows_credit_types_guests_and_disclosures(admin, accredited):
    frame = open_entry(admin, accredited, "recordings/entries/pain-tapering")
    built = BeautifulSoup(accredited.get("/recordings/pain-tapering/")[1], "lxml")
    drawn = BeautifulSoup(frame.locator("html").evaluate("e => e.outerHTML"), "lxml")
    for node in drawn.select(".echo-preview-note"):
        node.decompose()
    for selector in (
        "aside.panel .credit-lines li",
        "#recording-credit",
        "aside.panel .disclosures",
        "aside.panel .more-credit",
        ".people li",
        "section[aria-labelledby=accreditation-heading]",
    ):
        assert shown(drawn, selector) == shown(built, selector), selector
        assert built.select(selector), selector
    assert [p["class"] for p in drawn.select("aside.panel")] == [["panel", "panel-full"]]
    assert shown(drawn, ".people li") == [
        "Richard Roe, PharmD",
        "Maria Lopez, RN Nurse care manager Valley Clinic",
    ]
    # The page's own links, in full: the credit page, the claim.
    credit_page = frame.get_by_role("link", name="More recordings with credit")
    assert credit_page.get_attribute("href") == accredited.url("/enduring-materials/credit/")
    claim = frame.get_by_role("link", name="Claim credit for this recording")
    assert claim.get_attribute("href") == "https://ce.example.org/claim/tapering"


def test_the_credit_preview_follows_the_form(admin, accredited):
    """A third credit type, and a shorter claim window, as they are typed."""
    page = admin
    frame = open_entry(page, accredited, "courses/entries/pain-echo")
    credit = page.get_by_text("Credit", exact=True)
    credit.scroll_into_view_if_needed()
    credit.get_by_role("button", name="Expand").click()
    page.get_by_label("Claim days (optional)", exact=True).fill("7")
    frame.get_by_text("until 7 days after it", exact=False).wait_for()
    # November 5 + 7 days: closed on the 12th, so nothing to claim on the 28th.
    assert frame.locator("li.session .claim").count() == 0
    page.get_by_role("button", name="Add course credit type").click()
    page.get_by_label("Type", exact=True).last.fill("ACPE Pharmacy Credit")
    lines = frame.locator("aside.panel .panel-credit .credit-lines li")
    lines.nth(2).wait_for()
    assert lines.all_inner_texts()[2] == "ACPE Pharmacy Credit"
    # site.yaml has no statement for it: the page shows none, and the preview says so.
    assert (
        "no credit statement for “ACPE Pharmacy Credit”"
        in frame.locator("#course-credit .credit-types dd").nth(2).inner_text()
    )
