"""The theme in a real browser: headless Chromium over HTTP, on the sample site and a second hub.

Both sites are built once per test process (with search) and served from threads on 127.0.0.1:
the sample site at the root, the mountain hub (tests/hubs/mountain-hub, written only from the
content model) under /echo/, as a university web server would host it. Unknown addresses get
the site's 404.html with status 404, like GitHub Pages and Netlify. Every request that is not to
127.0.0.1 is refused, so YouTube and Vimeo frames fail at once instead of hanging.

This module holds the shared machinery (test_accessibility.py imports it) and the behaviour
tests: keyboard focus, reduced motion, print, search, course filters and local times.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import importlib.util
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, require, text_of
from static_host import CHROMIUM_ARGS, WIDTHS, serve

from echo_site.pipeline import BuildOptions, build

AS_OF = dt.date(2026, 11, 28)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MOUNTAIN_CONTENT = ROOT / "tests" / "hubs" / "mountain-hub" / "content"
SPANISH_CONTENT = ROOT / "tests" / "hubs" / "spanish-hub" / "content"
SPANISH_COURSE = ROOT / "tests" / "hubs" / "spanish-course" / "courses" / "salud-rural-echo.md"
DESKTOP, PHONE = WIDTHS

pytestmark = pytest.mark.browser


# -- building and serving ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hub:
    """A built site served over HTTP: `url("/courses/")` is its address in the browser."""

    name: str
    output: Path
    origin: str
    prefix: str

    def url(self, path: str) -> str:
        return self.origin + self.prefix + path.lstrip("/")


def _serve(root: Path, prefix: str) -> str:
    server, origin = serve(root, prefix)

    def stop() -> None:
        server.shutdown()
        server.server_close()

    atexit.register(stop)
    return origin


@functools.cache
def hubs() -> dict[str, Hub]:
    """Build the sample site and the mountain hub (with search) once per process; serve both."""
    base = Path(tempfile.mkdtemp(prefix="echo-browser-"))
    atexit.register(shutil.rmtree, base, True)
    result = {}
    # The mountain hub's search index is split in several parts, as a large hub's is.
    # Languages: the mountain hub with a course taught in Spanish, and a hub all in Spanish.
    bilingual = base / "bilingual-content"
    shutil.copytree(MOUNTAIN_CONTENT, bilingual)
    shutil.copy(SPANISH_COURSE, bilingual / "courses" / SPANISH_COURSE.name)
    for name, content, prefix, shard_pages in (
        ("sample", ROOT / "content", "/", 250),
        ("mountain", MOUNTAIN_CONTENT, "/echo/", 5),
        ("bilingual", bilingual, "/echo/", 250),
        ("spanish", SPANISH_CONTENT, "/valle/", 250),
    ):
        output = base / name
        build(
            BuildOptions(
                content_dir=content,
                output_dir=output,
                as_of=AS_OF,
                strict=True,
                search_shard_pages=shard_pages,
            )
        )
        result[name] = Hub(name, output, _serve(output, prefix), prefix)
    return result


# -- the browser -----------------------------------------------------------------------------------


def require_browser() -> None:
    require("chromium", shutil.which("chromium") is not None)
    require("playwright (Python)", importlib.util.find_spec("playwright") is not None)
    require("axe-core (npm install)", AXE.is_file())


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's). Playwright's sync API holds an event loop while it runs,
    so callers start it after the sites are built and stop it at the end of their module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _local(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:"))


class Pages:
    """New pages in fresh contexts (one per call), closed at the end of the test."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []
        self.errors: list[str] = []

    def open(
        self, url: str | None = None, width: int = DESKTOP, height: int = 900, **options: Any
    ) -> Any:
        context = self.browser.new_context(viewport={"width": width, "height": height}, **options)
        self.contexts.append(context)
        context.route(lambda address: not _local(address), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        if url is not None:
            page.goto(url, wait_until="load")
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture(scope="module")
def sites() -> dict[str, Hub]:
    return hubs()


@pytest.fixture(scope="module")
def browser(sites: dict[str, Hub]) -> Iterator[Any]:
    require_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any) -> Iterator[Pages]:
    opened = Pages(browser)
    yield opened
    opened.close()
    assert not opened.errors, "JavaScript errors:\n" + "\n".join(opened.errors)


def sample(path: str) -> str:
    return hubs()["sample"].url(path)


def mountain(path: str) -> str:
    return hubs()["mountain"].url(path)


# -- keyboard, motion, print ---------------------------------------------------------------------

COURSE = "/courses/school-mental-health-echo/"


FOCUS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  return {kind: (el.className || el.tagName).split(' ')[0], style: s.outlineStyle,
          width: parseFloat(s.outlineWidth)};
}"""


@pytest.mark.parametrize("address", [sample, mountain], ids=["sample", "mountain"])
def test_keyboard_focus_is_visible_on_every_link_button_and_field(
    pages: Pages, address: Callable[[str], str]
) -> None:
    """Tab through the course list and the search page: every stop shows a focus outline."""
    seen = set()
    for path in ("/courses/", "/search/"):
        page = pages.open(address(path))
        # The filters start folded; a visitor opens them to reach the chips.
        page.evaluate("document.querySelectorAll('details.filters').forEach(d => d.open = true)")
        for _ in range(80):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS)
            if focus["kind"] == "BODY":  # past the last link
                break
            assert focus["style"] != "none" and focus["width"] >= 2, (path, focus)
            seen.add(focus["kind"])
    assert {"skip-link", "site-title", "chip", "SUMMARY", "INPUT", "button"} <= seen, seen


def test_skip_link_is_shown_on_focus_and_moves_focus_to_main(pages: Pages) -> None:
    page = pages.open(sample(COURSE), width=PHONE)
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    box = link.bounding_box()
    assert box and box["y"] >= 0 and box["width"] > 50, box
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next Tab goes to the first link inside main, not back to the header.
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


MOTION = """() => {
  const moving = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('body *')]) {
    const s = getComputedStyle(el);
    const durations = (s.transitionDuration + ',' + s.animationDuration).split(',').map(parseFloat);
    if (durations.some(d => d > 0) || s.animationName !== 'none') {
      moving.push(el.tagName + '.' + el.className);
    }
  }
  return {moving, scroll: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def test_reduced_motion_turns_off_transitions_and_smooth_scrolling(pages: Pages) -> None:
    normal = pages.open(sample("/courses/")).evaluate(MOTION)
    # Without the preference there is gentle motion, so the check below is not vacuous.
    assert normal["moving"] and normal["scroll"] == "smooth", normal
    reduced = pages.open(sample("/courses/"), reduced_motion="reduce").evaluate(MOTION)
    assert reduced == {"moving": [], "scroll": "auto"}


@pytest.mark.parametrize("address", [sample, mountain], ids=["sample", "mountain"])
def test_course_pages_print_without_navigation(pages: Pages, address: Callable[[str], str]) -> None:
    path = COURSE if address is sample else "/courses/rural-behavioral-health-echo/"
    page = pages.open(address(path))
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => ['.site-header', '.site-nav', '.site-footer', '.skip-link', '.session-actions']
            .map(s => [s, [...document.querySelectorAll(s)].some(el => el.checkVisibility())])"""
    )
    assert not any(visible for _, visible in shown), shown
    assert page.locator("h1").is_visible()
    assert page.locator("#course-sessions").is_visible()
    assert page.locator("#course-registration").is_visible()
    # The printed registration link carries its address, since paper cannot be clicked.
    after = page.evaluate(
        """() => { const a = document.querySelector('#course-registration a[href^="http"]');
                   return a ? getComputedStyle(a, '::after').content : null; }"""
    )
    assert after and "http" in after, after
    # A flyer: the course's own address, for people to type or scan, on one sheet of paper.
    assert page.locator(".print-register").is_visible()
    assert "Course page:" in page.locator(".print-register").inner_text()
    pdf = page.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


# -- search ----------------------------------------------------------------------------------------

SEARCHES = [
    # (hub, a word from the course's body only, the course it must find)
    ("sample", "psychologist", "/courses/school-mental-health-echo/"),
    ("mountain", "psychiatrist", "/courses/rural-behavioral-health-echo/"),
]


@pytest.mark.parametrize(("hub", "word", "course"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds_a_course_by_a_word_of_its_body(
    pages: Pages, hub: str, word: str, course: str
) -> None:
    site = hubs()[hub]
    body = (site.output / course.strip("/") / "index.html").read_text(encoding="utf-8")
    assert word in body, f"pick a word that is in {course}"
    page = pages.open(site.url("/search/"), width=PHONE)
    page.get_by_label("Words to search for").press_sequentially(word, delay=20)
    results = page.locator("#search-results h2 a")
    results.first.wait_for()
    hrefs = [urlsplit(h).path for h in results.evaluate_all("els => els.map(a => a.href)")]
    assert site.prefix + course.lstrip("/") in hrefs, hrefs
    status = page.get_by_role("status").filter(has_text="result")
    assert f"for “{word}”" in status.inner_text()
    if results.count() < 10:
        assert page.locator("#search-more").is_hidden(), "no more results to show"
    assert page.url.endswith("?q=" + word), "the address keeps the query, to share or go back to"


def test_search_reads_the_query_from_the_address_and_shows_more_on_request(pages: Pages) -> None:
    page = pages.open(sample("/search/?q=echo"))
    results = page.locator("#search-results > li")
    results.first.wait_for()
    assert page.get_by_label("Words to search for").input_value() == "echo"
    assert results.count() == 10
    more = page.get_by_role("button", name="Show more results")
    more.click()
    page.wait_for_function("document.querySelectorAll('#search-results > li').length > 10")
    # Focus moves to the first new result, so keyboard users continue where the list grew.
    assert page.evaluate(
        "document.activeElement.closest('li') === "
        "document.querySelectorAll('#search-results > li')[10]"
    )


def test_search_says_when_nothing_is_found(pages: Pages) -> None:
    page = pages.open(mountain("/search/"))
    box = page.get_by_label("Words to search for")
    box.fill("zzyzx")
    box.press("Enter")
    page.get_by_role("status").filter(has_text="No results").wait_for()
    assert page.locator("#search-results > li").count() == 0


CREDIT_FILTERS = [
    # (hub, a credit type its recordings offer on the build date)
    ("sample", "ANCC Nursing Contact Hours"),
    ("mountain", "AMA PRA Category 1 Credit"),  # its index is in parts: the filter spans them
]


@pytest.mark.parametrize(("hub", "kind"), CREDIT_FILTERS, ids=[c[0] for c in CREDIT_FILTERS])
def test_search_shows_only_the_recordings_that_offer_a_type_of_credit(
    pages: Pages, hub: str, kind: str
) -> None:
    site = hubs()[hub]
    # What the page of recordings with credit lists under that type, built from the same views.
    listing = BeautifulSoup(
        (site.output / "enduring-materials" / "credit" / "index.html").read_bytes(), "lxml"
    )
    group = next(g for g in listing.select(".credit-group") if text_of(g.find("h2")) == kind)
    here = site.url("/enduring-materials/credit/")
    expected = {
        urlsplit(urljoin(here, a["href"])).path for a in group.select(".recording-item > a")
    }
    page = pages.open(site.url("/search/"), width=PHONE)
    page.get_by_label("Show").select_option(label=f"Recordings that offer {kind}")
    status = page.get_by_role("status").filter(has_text=kind)
    status.wait_for()
    results = page.locator("#search-results h2 a")
    hrefs = {urlsplit(h).path for h in results.evaluate_all("els => els.map(a => a.href)")}
    assert hrefs == expected
    count = len(expected)
    assert (
        status.inner_text() == f"{count} recording{'s offer' if count > 1 else ' offers'} {kind}."
    )
    assert "credit=" in page.url, "the address keeps the filter, to share or go back to"
    # The address brings the filter back, with its results.
    again = pages.open(page.url)
    assert again.get_by_label("Show").input_value() == kind
    again.locator("#search-results h2 a").first.wait_for()
    assert again.locator("#search-results > li").count() == count


# -- course filters --------------------------------------------------------------------------------


def test_course_filter_chips_filter_cards_in_place_with_javascript(pages: Pages) -> None:
    page = pages.open(sample("/courses/"))
    cards = page.locator(".course-card")
    total = cards.count()
    page.locator("details.filters summary").click()
    chip = page.locator('.chip[data-filter="topics"][data-value="schools"]')
    chip.click()
    assert page.url == sample("/courses/"), "a chip filters in place when JavaScript runs"
    assert chip.get_attribute("aria-pressed") == "true"
    visible = page.locator(".course-card:visible")
    shown = visible.count()
    assert 0 < shown < total
    for index in range(shown):
        assert "schools" in (visible.nth(index).get_attribute("data-topics") or "").split()
    assert "Schools" in page.locator(".filter-status").inner_text()
    chip.press("Enter")  # select it again: every card comes back
    assert page.locator(".course-card:visible").count() == total
    assert chip.get_attribute("aria-pressed") == "false"


def test_course_filters_start_folded_on_a_phone_so_the_courses_come_first(pages: Pages) -> None:
    page = pages.open(sample("/courses/"), width=PHONE)
    filters = page.locator("details.filters")
    assert filters.get_attribute("open") is None
    first_card = page.locator(".course-card").first.bounding_box()
    assert first_card and first_card["y"] < 900, "the first course is on the first screen"
    page.locator("details.filters summary").click()
    assert page.locator(".chip").first.is_visible()


@pytest.mark.parametrize("address", [sample, mountain], ids=["sample", "mountain"])
def test_course_filter_chips_are_links_to_topic_pages_without_javascript(
    pages: Pages, address: Callable[[str], str]
) -> None:
    page = pages.open(address("/courses/"), java_script_enabled=False)
    page.locator("details.filters summary").click()
    chip = page.locator(".chip").first
    assert chip.get_attribute("role") is None and chip.get_attribute("aria-pressed") is None
    name = chip.inner_text()
    chip.click()
    page.wait_for_url("**/topics/**")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".course-card, #listing-past ~ ul li").count() >= 1


@pytest.mark.parametrize("address", [sample, mountain], ids=["sample", "mountain"])
def test_reading_and_registering_need_no_javascript(
    pages: Pages, address: Callable[[str], str]
) -> None:
    path = COURSE if address is sample else "/courses/rural-behavioral-health-echo/"
    page = pages.open(address(path), width=PHONE, java_script_enabled=False)
    register = page.locator("#course-registration a.button")
    assert register.is_visible()
    assert (register.get_attribute("href") or "").startswith("https://")
    assert page.locator("#course-sessions li").count() >= 2


# -- local times -----------------------------------------------------------------------------------


def test_session_times_add_the_visitors_own_time_in_another_zone(pages: Pages) -> None:
    page = pages.open(sample(COURSE), timezone_id="Europe/Berlin", locale="en-GB")
    local = page.locator("#course-sessions .local-time")
    assert local.count() >= 1
    # 3:30 pm in New Hampshire in January is 9:30 pm in Berlin, written as the page writes
    # times, whatever the browser's own language.
    assert local.first.inner_text() == (
        "In your time zone: Tuesday, January 12, 9:30–10:30 pm GMT+1"
    )


def test_no_local_time_is_added_in_the_courses_own_zone(pages: Pages) -> None:
    page = pages.open(sample(COURSE), timezone_id="America/New_York")
    assert page.locator("time[datetime]").count() >= 1
    assert page.locator(".local-time").count() == 0


def test_local_times_on_the_mountain_hub_in_another_us_zone(pages: Pages) -> None:
    page = pages.open(
        mountain("/courses/heat-illness-outdoor-work-echo/"), timezone_id="America/Denver"
    )
    # An Arizona course seen from Denver in December: 07:30 MST (Phoenix) is 07:30 MST (Denver).
    assert page.locator("#course-sessions .local-time").count() == 0
    page = pages.open(mountain("/courses/rural-pharmacy-open-echo/"), timezone_id="America/Denver")
    assert "your time" in page.locator("#course-sessions .local-time").first.inner_text()
