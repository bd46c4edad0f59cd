"""What each output shows: one frozen view per file, made from the site and the build date.

A view holds exactly what its page or file shows, as plain values: the course page its course,
its sessions with their presenters and recordings, its hub team; a listing its cards; the
enduring materials page its courses with every count it prints; the search page its index
parts; a calendar its events. What the build date decides (statuses, registration, credit,
which sessions are still ahead) is decided here, so a view depends on the date only through
what it shows. Templates get a view and the site settings, nothing site-wide to look things up
in, and render keys (keys.py) are digests of views: a page cannot show what its key does not
cover.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup

from . import cms, timeline
from .model import Course, Page, Person, Recording, Session, Site, SiteConfig
from .urls import absolute_url, output_file, slugify

HOME_SESSIONS = 6
RECORDINGS_PER_COURSE = 5  # on enduring-materials pages; the course page lists them all
LISTING_RECORDINGS = 12  # the newest, on topic and audience pages
COURSES_PER_PAGE = 20
RECORDINGS_PER_PAGE = 30
FEED_RECORDINGS = 50


@dataclass(frozen=True)
class SiteSettings:
    """What every page may show besides its view: site.yaml, the build's mode, theme files."""

    config: SiteConfig
    drafts: bool
    assets: tuple[tuple[str, str], ...]  # theme file -> its fingerprinted name under assets/


@dataclass(frozen=True)
class PageMeta:
    """What the page head says about a page: title, description, canonical URL, previews."""

    url: str
    title: str
    description: str
    kind: str = "website"
    image: str | None = None
    image_alt: str | None = None
    indexed: bool = True
    draft: bool = False
    link_mode: str = "relative"  # "base-path" for a page served at any depth (404)


# -- what pages show of other things ---------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class CourseCard:
    """A course as lists show it."""

    url: str
    title: str
    summary: str
    format: str
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    status: timeline.CourseStatus
    registration: timeline.RegistrationStatus | None
    next_session: Session | None


@dataclass(frozen=True)
class PastCourse:
    url: str
    title: str
    last_day: dt.date


@dataclass(frozen=True)
class CreditBadge:
    status: timeline.CreditStatus
    released: dt.date


@dataclass(frozen=True)
class RecordingItem:
    """A recording as lists show it; `course_title` only where the list names the course."""

    url: str
    title: str
    date: dt.date
    duration_minutes: int | None
    credit: CreditBadge | None
    course_title: str | None = None


@dataclass(frozen=True)
class SessionEntry:
    """A session on its course's page."""

    session: Session
    presenters: tuple[Person, ...]
    recording: Link | None
    past: bool  # held before the build date


@dataclass(frozen=True)
class UpcomingSession:
    session: Session
    course: Link
    presenters: tuple[Person, ...]


@dataclass(frozen=True)
class EnduringCourse:
    """A course on the enduring materials page, with its newest recordings and their count."""

    url: str
    title: str
    first_day: dt.date
    last_day: dt.date
    sessions_held: int
    summary: str
    newest: tuple[RecordingItem, ...]
    recordings: int


# -- page views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeView:
    meta: PageMeta
    page: Page | None
    next_sessions: tuple[UpcomingSession, ...]
    courses: tuple[CourseCard, ...]


@dataclass(frozen=True)
class PageView:
    meta: PageMeta
    page: Page


@dataclass(frozen=True)
class CoursesView:
    meta: PageMeta
    courses: tuple[CourseCard, ...]
    topics: tuple[Link, ...]
    audiences: tuple[Link, ...]


@dataclass(frozen=True)
class CourseView:
    meta: PageMeta
    course: Course
    status: timeline.CourseStatus
    registration: timeline.RegistrationStatus | None
    sessions: tuple[SessionEntry, ...]
    faculty: tuple[Person, ...]
    recordings: tuple[RecordingItem, ...]  # oldest first, as sessions are listed


@dataclass(frozen=True)
class EnduringView:
    """One page of enduring materials: past courses, then recordings of no course."""

    meta: PageMeta
    number: int
    count: int
    ended: tuple[EnduringCourse, ...]
    current: tuple[EnduringCourse, ...]  # courses still running that have recordings (page 1)
    standalone: tuple[RecordingItem, ...]

    @property
    def previous_url(self) -> str | None:
        return enduring_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return enduring_url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str]]:
        return [(n, enduring_url(n)) for n in range(1, self.count + 1)]


@dataclass(frozen=True)
class RecordingView:
    meta: PageMeta
    recording: Recording
    course: Link | None
    presenters: tuple[Person, ...]
    credit_status: timeline.CreditStatus | None


@dataclass(frozen=True)
class ListingView:
    """A topic or audience page."""

    meta: PageMeta
    kind: str  # "topic" | "audience"
    name: str
    courses: tuple[CourseCard, ...]  # current and upcoming
    past_courses: tuple[PastCourse, ...]
    recordings: tuple[RecordingItem, ...]  # the newest
    recordings_total: int


@dataclass(frozen=True)
class SearchView:
    meta: PageMeta
    enabled: bool
    indexes: tuple[str, ...]  # index parts besides the first, merged by the search page


@dataclass(frozen=True)
class NotFoundView:
    meta: PageMeta


@dataclass(frozen=True)
class RedirectView:
    meta: PageMeta
    target: str


# -- file views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    stamp: dt.datetime
    start: dt.datetime
    end: dt.datetime
    summary: str
    description: str
    url: str
    cancelled: bool
    timezone: str


@dataclass(frozen=True)
class CalendarView:
    name: str
    events: tuple[CalendarEvent, ...]
    years: tuple[int, int]  # time zone rules are written for these years and one either side


@dataclass(frozen=True)
class FeedEntry:
    day: dt.date
    url: str  # absolute
    title: str
    summary: str
    category: str


@dataclass(frozen=True)
class FeedView:
    language: str
    title: str
    subtitle: str
    url: str  # of the feed itself
    home: str
    updated: dt.date
    author: str
    email: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True)
class SitemapView:
    urls: tuple[str, ...]  # absolute


@dataclass(frozen=True)
class RobotsView:
    allow: bool
    sitemap: str


@dataclass(frozen=True)
class HeadersView:
    base_path: str


@dataclass(frozen=True)
class RedirectsView:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AssetView:
    data: bytes


@dataclass(frozen=True)
class AdminView:
    """The editing page, /admin/: Decap CMS, its previews' data, and where it runs."""

    meta: PageMeta
    script_url: str
    script_integrity: str
    preview_data: Markup  # JSON for the previews: names, titles, statements
    local: bool  # editing this computer's files through serve --cms


@dataclass(frozen=True)
class CmsConfigView:
    """admin/config.yml: Decap CMS's configuration, made from the schema and the site."""

    config: cms.Mapping


View = (
    HomeView
    | PageView
    | CoursesView
    | CourseView
    | EnduringView
    | RecordingView
    | ListingView
    | SearchView
    | NotFoundView
    | RedirectView
    | CalendarView
    | FeedView
    | SitemapView
    | RobotsView
    | HeadersView
    | RedirectsView
    | AssetView
    | AdminView
    | CmsConfigView
)


class Output(NamedTuple):
    """One file of the site: made by `maker` (a template, or a name in render.MAKERS) from
    `view`. A named tuple, not a dataclass: a large site has 26,000 of them per build."""

    path: str
    maker: str
    view: View
    url: str | None = None  # the site path, for HTML pages
    searchable: bool = False  # carries data-pagefind-body
    group: str = ""  # pages searched together (a course and its recordings)


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool
    indexes: tuple[str, ...]


# -- the site, as outputs ---------------------------------------------------------------------


def site_outputs(
    site: Site,
    as_of: dt.date,
    assets: dict[str, tuple[str, bytes]],
    search: SearchSettings,
    local_cms: cms.LocalCms | None = None,
) -> list[Output]:
    """Every file the site is made of, each with its view; nothing rendered yet.

    `local_cms` makes the editing page edit this computer's files (serve --cms).
    """
    return list(_Planner(site, as_of).outputs(assets, search, local_cms))


class _Planner:
    """The views of one build: its site and its date."""

    def __init__(self, site: Site, as_of: dt.date) -> None:
        self.site = site
        self.as_of = as_of
        self.people = site.people
        self.by_course: dict[str, list[Recording]] = {}
        for recording in site.recordings:  # oldest first, as sessions are listed
            if recording.course and site.course(recording.course):
                self.by_course.setdefault(recording.course, []).append(recording)
        self.current = timeline.courses_by_next_session(site.courses, as_of)
        self.cards: dict[str, CourseCard] = {}

    def outputs(
        self,
        assets: dict[str, tuple[str, bytes]],
        search: SearchSettings,
        local_cms: cms.LocalCms | None = None,
    ) -> Iterator[Output]:
        site = self.site
        pages = list(self.pages(search))
        yield from pages
        yield Output("404.html", "404.html", self.not_found())
        for item in site.published:
            for alias in item.aliases:
                yield Output(output_file(alias.path), "redirect.html", _redirect(alias.path, item))
        admin = list(self.admin(local_cms))
        for name, (fingerprinted, data) in assets.items():
            if admin or not name.startswith("admin/"):  # the editing page's own scripts
                yield Output("assets/" + fingerprinted, "asset", AssetView(data))
        if "favicon.ico" in assets:
            yield Output("favicon.ico", "asset", AssetView(assets["favicon.ico"][1]))
        yield from self.calendars()
        yield Output("feed.xml", "feed", self.feed())
        indexed = sorted({o.url for o in pages if o.url and o.url != "/search/"})
        base = site.config.base_url
        sitemap = SitemapView(tuple(absolute_url(base, url) for url in indexed))
        yield Output("sitemap.xml", "sitemap", sitemap)
        yield Output("robots.txt", "robots", self.robots())
        yield Output("_headers", "headers", HeadersView(site.config.base_path))
        if any(item.aliases for item in site.published):
            yield Output("_redirects", "redirects", self.redirects())
        yield from admin

    def pages(self, search: SearchSettings) -> Iterator[Output]:
        site = self.site
        home = next((p for p in site.pages if p.slug == "index"), None)
        yield _page("/", "home.html", self.home(home), searchable=True)
        for page in site.pages:
            if page.slug != "index":
                yield _page(page.url, "page.html", self.page(page), searchable=True)
        topics, audiences = self.listings()
        yield _page("/courses/", "courses.html", self.courses(topics, audiences))
        for course in site.courses:
            yield _page(course.url, "course.html", self.course(course), searchable=True)
        for part in self.enduring_pages():
            yield _page(part.meta.url, "enduring.html", part)
        for recording in site.recordings:
            parent = site.course(recording.course)
            group = parent.url if parent else recording.url
            view = self.recording(recording, parent)
            yield _page(recording.url, "recording.html", view, searchable=True, group=group)
        for listing in (*topics, *audiences):
            yield _page(listing.meta.url, "listing.html", listing)
        yield _page("/search/", "search.html", self.search(search))

    # -- pieces shared by pages ----------------------------------------------------------------

    def persons(self, ids: tuple[str, ...]) -> tuple[Person, ...]:
        return tuple(self.people[i] for i in ids if i in self.people)

    def card(self, course: Course) -> CourseCard:
        card = self.cards.get(course.slug)
        if card is None:
            as_of = self.as_of
            card = self.cards[course.slug] = CourseCard(
                course.url,
                course.title,
                course.summary,
                course.format,
                course.topics,
                course.audience,
                timeline.course_status(course, as_of),
                timeline.registration_status(course, as_of),
                timeline.next_session(course, as_of),
            )
        return card

    def item(self, recording: Recording, *, course_title: bool = False) -> RecordingItem:
        credit = recording.credit
        badge = (
            CreditBadge(timeline.credit_status(credit, self.as_of), credit.released)
            if credit
            else None
        )
        parent = self.site.course(recording.course) if course_title else None
        return RecordingItem(
            recording.url,
            recording.title,
            recording.date,
            recording.duration_minutes,
            badge,
            parent.title if parent else None,
        )

    # -- pages -----------------------------------------------------------------------------------

    def home(self, page: Page | None) -> HomeView:
        config = self.site.config
        upcoming = sorted(
            (
                (s, c)
                for c in self.current
                for s in timeline.upcoming_sessions(c, self.as_of)
                if not s.cancelled
            ),
            key=lambda pair: (pair[0].start.astimezone(dt.UTC), pair[1].slug),
        )[:HOME_SESSIONS]
        meta = PageMeta(
            "/",
            config.title,
            (page.summary if page and page.summary else None)
            or config.description
            or (page.body.text if page else config.title),
            draft=bool(page and page.draft),
        )
        return HomeView(
            meta,
            page,
            tuple(
                UpcomingSession(s, Link(c.url, c.title), self.persons(s.presenters))
                for s, c in upcoming
            ),
            tuple(self.card(c) for c in self.current),
        )

    def page(self, page: Page) -> PageView:
        meta = PageMeta(
            page.url,
            page.title,
            page.summary or page.body.text or page.title,
            kind="article",
            draft=page.draft,
        )
        return PageView(meta, page)

    def courses(self, topics: list[ListingView], audiences: list[ListingView]) -> CoursesView:
        meta = PageMeta(
            "/courses/",
            "Current and upcoming courses",
            f"Free ECHO courses from {self.site.config.title}: schedules, faculty, "
            "credit and registration.",
        )
        return CoursesView(
            meta,
            tuple(self.card(c) for c in self.current),
            tuple(Link(t.meta.url, t.name) for t in topics),
            tuple(Link(a.meta.url, a.name) for a in audiences),
        )

    def course(self, course: Course) -> CourseView:
        as_of = self.as_of
        recordings = self.by_course.get(course.slug, [])
        on_day = {r.date: r for r in reversed(recordings)}  # the first of a day, as listed
        sessions = tuple(
            SessionEntry(
                session,
                self.persons(session.presenters),
                Link(r.url, r.title) if (r := on_day.get(session.date)) else None,
                session.date < as_of,
            )
            for session in course.sessions
        )
        meta = PageMeta(
            course.url,
            course.title,
            course.summary,
            kind="article",
            image=course.image,
            image_alt=course.image_alt,
            draft=course.draft,
        )
        return CourseView(
            meta,
            course,
            timeline.course_status(course, as_of),
            timeline.registration_status(course, as_of),
            sessions,
            self.persons(course.faculty),
            tuple(self.item(r) for r in recordings),
        )

    def enduring_pages(self) -> list[EnduringView]:
        """Enduring materials in pages, so that a large archive stays light to load."""
        site, as_of = self.site, self.as_of
        ended, current = [], []
        for course in sorted(site.courses, key=lambda c: (c.last_day, c.slug), reverse=True):
            if timeline.course_status(course, as_of) == "ended":
                ended.append(self.enduring_course(course))
            elif self.by_course.get(course.slug):
                current.append(self.enduring_course(course))
        standalone = [
            self.item(r)
            for r in reversed(site.recordings)
            if not (r.course and site.course(r.course))
        ]
        count = max(
            1, -(-len(ended) // COURSES_PER_PAGE), -(-len(standalone) // RECORDINGS_PER_PAGE)
        )
        views = []
        for number in range(1, count + 1):
            title = "Enduring materials"
            if number > 1:
                title += f", page {number} of {count}"
            meta = PageMeta(
                enduring_url(number),
                title,
                "Recordings, slides and resources from past ECHO sessions, some with "
                "continuing education credit.",
            )
            views.append(
                EnduringView(
                    meta,
                    number,
                    count,
                    tuple(ended[(number - 1) * COURSES_PER_PAGE : number * COURSES_PER_PAGE]),
                    tuple(current) if number == 1 else (),
                    tuple(
                        standalone[
                            (number - 1) * RECORDINGS_PER_PAGE : number * RECORDINGS_PER_PAGE
                        ]
                    ),
                )
            )
        return views

    def enduring_course(self, course: Course) -> EnduringCourse:
        recordings = self.by_course.get(course.slug, [])
        newest = recordings[-RECORDINGS_PER_COURSE:][::-1]
        return EnduringCourse(
            course.url,
            course.title,
            course.first_day,
            course.last_day,
            len(course.held_sessions),
            course.summary,
            tuple(self.item(r) for r in newest),
            len(recordings),
        )

    def recording(self, recording: Recording, course: Course | None) -> RecordingView:
        meta = PageMeta(
            recording.url,
            recording.title,
            recording.body.text or recording.title,
            kind="video.other",
            draft=recording.draft,
        )
        credit = recording.credit
        return RecordingView(
            meta,
            recording,
            Link(course.url, course.title) if course else None,
            self.persons(recording.presenters),
            timeline.credit_status(credit, self.as_of) if credit else None,
        )

    def listings(self) -> tuple[list[ListingView], list[ListingView]]:
        """Topic and audience pages: every name a course uses (recordings share their course's)."""
        site = self.site
        # Newest first, once: each listing takes its recordings from this order.
        newest = [r for r in reversed(site.recordings) if r.course]
        current = {c.slug for c in self.current}
        result = []
        for kind, attribute in (("topic", "topics"), ("audience", "audience")):
            names: dict[str, str] = {}
            members: dict[str, list[Course]] = {}
            listed_in: dict[str, list[str]] = {}  # course slug -> the listings that show it
            for course in site.courses:
                for name in getattr(course, attribute):
                    slug = slugify(name)
                    names.setdefault(slug, name)
                    group = members.setdefault(slug, [])
                    if not group or group[-1].slug != course.slug:
                        group.append(course)
                        listed_in.setdefault(course.slug, []).append(slug)
            shown: dict[str, list[Recording]] = {slug: [] for slug in names}
            for recording in newest:
                for slug in listed_in.get(recording.course or "", ()):
                    shown[slug].append(recording)
            folder = "topics" if kind == "topic" else "audiences"
            label = "Topic" if kind == "topic" else "Audience"
            views = []
            for slug, name in sorted(names.items()):
                courses = members[slug]
                meta = PageMeta(
                    f"/{folder}/{slug}/",
                    f"{label}: {name}",
                    f"ECHO courses and recordings for {name}.",
                    indexed=False,
                )
                views.append(
                    ListingView(
                        meta,
                        kind,
                        name,
                        tuple(
                            self.card(c)
                            for c in timeline.courses_by_next_session(tuple(courses), self.as_of)
                        ),
                        tuple(
                            PastCourse(c.url, c.title, c.last_day)
                            for c in courses
                            if c.slug not in current
                        ),
                        tuple(
                            self.item(r, course_title=True)
                            for r in shown[slug][:LISTING_RECORDINGS]
                        ),
                        len(shown[slug]),
                    )
                )
            result.append(views)
        return result[0], result[1]

    def search(self, search: SearchSettings) -> SearchView:
        meta = PageMeta("/search/", "Search", f"Search {self.site.config.title}.", indexed=False)
        return SearchView(meta, search.enabled, search.indexes if search.enabled else ())

    def not_found(self) -> NotFoundView:
        return NotFoundView(
            PageMeta(
                "/404.html",
                "Page not found",
                "This page could not be found.",
                indexed=False,
                link_mode="base-path",
            )
        )

    def admin(self, local: cms.LocalCms | None) -> Iterator[Output]:
        """The editing page and its configuration, when site.yaml publishes them or the
        preview edits this computer's files."""
        settings = self.site.config.cms
        if local is None and not (settings and settings.admin):
            return
        if local is not None:
            script = f"/admin/{cms.LOCAL_SCRIPT_FOLDER}/decap-cms.js"
        else:
            script = (settings.script_url if settings else None) or cms.DECAP_CMS_CDN
        meta = PageMeta(
            "/admin/",
            f"Edit {self.site.config.title}",
            "Where the site's editors change its content.",
            indexed=False,
        )
        view = AdminView(
            meta,
            script,
            cms.DECAP_CMS_INTEGRITY,
            cms.preview_data(self.site),
            local is not None,
        )
        yield Output("admin/index.html", "admin.html", view)
        config = cms.freeze(cms.cms_config(self.site, local))
        yield Output("admin/config.yml", "cms_config", CmsConfigView(config))

    # -- files -------------------------------------------------------------------------------

    def calendars(self) -> Iterator[Output]:
        site, as_of = self.site, self.as_of
        stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
        events: dict[tuple[str, int], CalendarEvent] = {}

        def event(course: Course, session: Session) -> CalendarEvent:
            key = (course.slug, session.number)
            if key not in events:
                events[key] = _event(site, course, session, stamp)
            return events[key]

        for course in site.courses:
            every = tuple(event(course, s) for s in course.sessions)
            folder = f"courses/{course.slug}/"
            view = CalendarView(course.title, every, _years(course.sessions))
            yield Output(folder + "calendar.ics", "calendar", view)
            # A session's own file covers the years of its whole course.
            years = (course.sessions[0].date.year, course.sessions[-1].date.year)
            for session, one in zip(course.sessions, every, strict=True):
                view = CalendarView(f"{course.title}: {session.title}", (one,), years)
                yield Output(f"{folder}session-{session.number}.ics", "calendar", view)
        pairs = sorted(
            ((c, s) for c in site.courses for s in c.sessions if s.date >= as_of),
            key=lambda pair: (pair[1].start.astimezone(dt.UTC), pair[0].slug, pair[1].number),
        )
        upcoming = tuple(event(c, s) for c, s in pairs)
        view = CalendarView(site.config.title, upcoming, _years([s for _, s in pairs]))
        yield Output("calendar.ics", "calendar", view)

    def feed(self) -> FeedView:
        """New courses (current and upcoming) and the most recent recordings."""
        site, as_of = self.site, self.as_of
        base = site.config.base_url
        entries: list[FeedEntry] = []
        for course in site.courses:
            if timeline.course_status(course, as_of) != "ended":
                url = absolute_url(base, course.url)
                entries.append(
                    FeedEntry(course.first_day, url, course.title, course.summary, "Course")
                )
        for recording in recent_recordings(site, as_of):
            summary = recording.body.text or recording.title
            url = absolute_url(base, recording.url)
            entries.append(FeedEntry(recording.date, url, recording.title, summary, "Recording"))
        entries.sort(key=lambda e: (e.day, e.url), reverse=True)
        config = site.config
        return FeedView(
            config.language,
            config.title,
            config.description,
            absolute_url(base, "/feed.xml"),
            base,
            max((e.day for e in entries if e.day <= as_of), default=as_of),
            config.organization or config.title,
            config.contact_email,
            tuple(entries),
        )

    def robots(self) -> RobotsView:
        config = self.site.config
        return RobotsView(
            not self.site.include_drafts, absolute_url(config.base_url, "/sitemap.xml")
        )

    def redirects(self) -> RedirectsView:
        base = self.site.config.base_path.rstrip("/")
        lines = [
            f"{base}{alias.path} {base}{item.url} 301"
            for item in self.site.published
            for alias in item.aliases
        ]
        return RedirectsView(tuple(sorted(lines)))


def _page(
    url: str, template: str, view: View, *, searchable: bool = False, group: str = ""
) -> Output:
    return Output(output_file(url), template, view, url, searchable, group or url)


def _redirect(alias: str, item: Page | Course | Recording) -> RedirectView:
    meta = PageMeta(alias, "This page has moved", "This page has moved.", indexed=False)
    return RedirectView(meta, item.url)


def _event(site: Site, course: Course, session: Session, stamp: dt.datetime) -> CalendarEvent:
    url = absolute_url(site.config.base_url, course.url)
    title = f"{course.title}: {session.title}"
    presenters = [site.people[p].display_name for p in session.presenters if p in site.people]
    lines = [course.summary]
    if presenters:
        lines.append("Presenters: " + "; ".join(presenters))
    lines.append("The meeting link is sent to registered participants.")
    lines.append(f"Course page: {url}")
    return CalendarEvent(
        uid=session_uid(site.config.base_url, course, session),
        stamp=stamp,
        start=session.start,
        end=session.end,
        summary=f"Cancelled: {title}" if session.cancelled else title,
        description="\n\n".join(lines),
        url=url,
        cancelled=session.cancelled,
        timezone=course.timezone,
    )


def _years(sessions: Sequence[Session]) -> tuple[int, int]:
    if not sessions:
        return (0, 0)
    return (min(s.date.year for s in sessions), max(s.date.year for s in sessions))


def session_uid(base_url: str, course: Course, session: Session) -> str:
    host = urlsplit(base_url).hostname or "echo-site"
    return f"{course.slug}-session-{session.number}@{host}"


def recent_recordings(site: Site, as_of: dt.date) -> list[Recording]:
    """The newest recordings held by the build date, for the feed."""
    # The site's recordings are oldest first: those held by the date come first.
    held = bisect.bisect_right(site.recordings, as_of, key=attrgetter("date"))
    return list(site.recordings[max(0, held - FEED_RECORDINGS) : held][::-1])


def enduring_url(number: int) -> str:
    return "/enduring-materials/" if number == 1 else f"/enduring-materials/page/{number}/"
