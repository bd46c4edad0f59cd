"""What each output shows: one frozen view per file (planner.py makes them).

A view holds exactly what its page or file shows, as plain values: the course page its course,
its sessions with their presenters and recordings, its hub team; a listing its cards; the
enduring materials page its courses with every count it prints; the search page its index
parts; a calendar its events. What the build date decides (statuses, registration, credit,
which sessions are still ahead) is decided before a view is made, so a view depends on the
date only through what it shows. Templates get a view and the site settings, nothing
site-wide to look things up in, and render keys (keys.py) are digests of views: a page cannot
show what its key does not cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from markupsafe import Markup

from . import cms, timeline
from .model import Course, CreditLine, ImageInfo, Page, Person, Recording, Session, SiteConfig

HOME_SESSIONS = 6
HOME_HIGHLIGHTS = 3  # recordings from enduring materials on the home page
RECORDINGS_PER_COURSE = 5  # on enduring-materials pages; the course page lists them all
LISTING_RECORDINGS = 12  # the newest, on topic and audience pages
COURSES_PER_PAGE = 20
RECORDINGS_PER_PAGE = 30
FEED_RECORDINGS = 50
CARD_SIZE = (1200, 630)  # what Open Graph and X show at full width
SHOWN_WIDTH = 800  # the size browsers without srcset load
PORTRAIT_SHOWN = 192
PREVIEW_WIDTH = 1200  # the size of a page's own picture that links to it show


@dataclass(frozen=True)
class SiteSettings:
    """What every page may show besides its view: site.yaml, the build's mode, theme files."""

    config: SiteConfig
    drafts: bool
    # theme files: name, fingerprinted name under assets/, and the digest of their bytes
    assets: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class PageMeta:
    """What the page head says about a page: title, description, canonical URL, previews."""

    url: str
    title: str
    description: str
    kind: str = "website"
    image: PreviewImage | None = None  # what links to the page show (Open Graph, cards)
    indexed: bool = True
    draft: bool = False
    link_mode: str = "relative"  # "base-path" for a page served at any depth (404)
    # What the page is written in (its <html lang>, the words of its main content); the
    # header and footer are the site's, in site.yaml's language.
    language: str = field(kw_only=True)


# -- pictures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewImage:
    """The picture a link to the page shows: the page's own, or its social card."""

    path: str  # an output path
    width: int
    height: int
    type: str  # its MIME type
    alt: str


@dataclass(frozen=True)
class Variant:
    """One size of a picture, as published."""

    path: str  # an output path
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A picture as a page shows it: its sizes, in WebP and in its own format, and how it
    loads ("priority" above the fold, "eager" for a page's first picture, else "lazy")."""

    source: str  # the file under files/, published as it is
    src: str  # the size browsers without srcset load
    width: int  # of the largest size: the picture's shape before styles apply
    height: int
    type: str  # MIME type of `fallback`
    webp: tuple[Variant, ...]  # empty when the picture is WebP already, or not made in sizes
    fallback: tuple[Variant, ...]
    loading: str


@dataclass(frozen=True)
class CardStyle:
    """How social cards look: the brand's colours, and the fonts they are drawn with."""

    paper: str = "#ffffff"
    ink: str = "#1b1f23"
    muted: str = "#4b5563"
    accent: str = "#00693e"
    bold_font: str = ""  # a TrueType file; "" for the font that comes with Pillow
    regular_font: str = ""
    fonts_digest: str = ""  # of the font files' bytes, so that a new font makes new cards


# -- what pages show of other things ---------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    language: str = ""  # of the title, when it is a course's or a recording's


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
    pattern: str  # how often it meets: "Every other Thursday"
    time: str  # when: "12:00–1:00 pm Eastern Time"
    sessions: int  # how many are held
    credit: tuple[CreditLine, ...]  # each type with its hours per session
    language: str = ""  # of its title, summary and audience (the rest is the list's)


@dataclass(frozen=True)
class PastCourse:
    url: str
    title: str
    last_day: dt.date
    language: str = ""  # of its title


@dataclass(frozen=True)
class CreditBadge:
    """A recording's credit as lists show it: whether it is available, its types and hours."""

    status: timeline.CreditStatus
    released: dt.date
    expires: dt.date
    lines: tuple[CreditLine, ...]


@dataclass(frozen=True)
class RecordingItem:
    """A recording as lists show it; `course_title` only where the list names the course."""

    url: str
    title: str
    date: dt.date
    duration_minutes: int | None
    credit: CreditBadge | None
    course_title: str | None = None
    language: str = ""  # of its title
    course_language: str = ""  # of its course's title


@dataclass(frozen=True)
class SessionEntry:
    """A session on its course's page."""

    session: Session
    presenters: tuple[Person, ...]  # from people.yaml, then its guests
    recording: Link | None
    past: bool  # held before the build date
    add: bool  # offered for sessions still ahead (calendars.session_links)
    claim_until: dt.date | None = None  # its credit can be claimed (at the course's claim_url)


@dataclass(frozen=True)
class DisclosureEntry:
    """Someone in control of an activity's content, with what they disclosed (if on file)."""

    person: Person
    roles: tuple[timeline.Role, ...]


@dataclass(frozen=True)
class UpcomingSession:
    session: Session
    course: Link
    presenters: tuple[Person, ...]  # from people.yaml, then its guests
    registration: timeline.RegistrationStatus | None
    format: str


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
    language: str = ""  # of its title and summary


# -- page views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeView:
    meta: PageMeta
    page: Page | None
    next_sessions: tuple[UpcomingSession, ...]
    courses: tuple[CourseCard, ...]  # those open for registration first
    highlights: tuple[RecordingItem, ...]  # from enduring materials: with credit first
    image: Picture | None  # the home page's own picture, beside its headline
    pictures: tuple[Picture, ...]  # those its Markdown shows, by `source`


@dataclass(frozen=True)
class PageView:
    meta: PageMeta
    page: Page
    image: Picture | None  # its own, at the top
    pictures: tuple[Picture, ...]


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
    next_session: Session | None
    pattern: str
    time: str
    ahead: int  # sessions still to be held: what "add to calendar" offers
    contact: str  # the course's own address, else the site's: one address per page
    image: Picture | None
    portraits: tuple[Picture | None, ...]  # the faculty's photos, in the same order
    pictures: tuple[Picture, ...]  # those its Markdown shows (about, sessions), by `source`
    qr: str  # output path of the QR code of its address, for the printed page
    # With credit, on a site that publishes disclosures: everyone in control of its content.
    disclosures: tuple[DisclosureEntry, ...] = ()


@dataclass(frozen=True)
class EnduringView:
    """One page of enduring materials: past courses, then recordings of no course."""

    meta: PageMeta
    number: int
    count: int
    ended: tuple[EnduringCourse, ...]
    current: tuple[EnduringCourse, ...]  # courses still running that have recordings (page 1)
    standalone: tuple[RecordingItem, ...]
    with_credit: int = 0  # recordings whose credit is available: the credit page lists them

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
    presenters: tuple[Person, ...]  # from people.yaml, then its guests
    credit_status: timeline.CreditStatus | None
    pictures: tuple[Picture, ...]
    # With credit, on a site that publishes disclosures: everyone in control of its content.
    disclosures: tuple[DisclosureEntry, ...] = ()
    # What the video shows before it plays: its course's picture; none (a plain frame) when the
    # course has only a social card, whose words the play button would cover.
    poster: PreviewImage | None = None


@dataclass(frozen=True)
class CreditItem:
    """A recording on the credit page: its hours of one credit type, and when credit ends."""

    url: str
    title: str
    date: dt.date
    hours: float | None
    expires: dt.date
    duration_minutes: int | None
    course_title: str | None
    language: str = ""  # of its title
    course_language: str = ""  # of its course's title


@dataclass(frozen=True)
class CreditGroup:
    """The recordings that offer one type of credit."""

    type: str
    anchor: str  # the id of its heading
    items: tuple[CreditItem, ...]


@dataclass(frozen=True)
class CreditView:
    """/enduring-materials/credit/: recordings whose credit is available, by credit type."""

    meta: PageMeta
    groups: tuple[CreditGroup, ...]


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
    name_language: str = ""  # the language of the courses that use the name, when all share one


@dataclass(frozen=True)
class SearchView:
    meta: PageMeta
    enabled: bool
    indexes: tuple[str, ...]  # index parts besides the first, merged by the search page
    credit_types: tuple[str, ...] = ()  # those recordings offer now: the search filters by them


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
    location: str = "Online (videoconference)"
    language: str = ""  # of its texts, when they carry one (calendars.py)


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
    language: str = ""  # when it is not the feed's


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
    base_url: str
    urls: tuple[str, ...]  # site paths


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
class ImageView:
    """One size of a picture in one format ("JPEG", "PNG", "WEBP")."""

    source: ImageInfo  # its digest says when it changed
    width: int
    height: int
    format: str
    square: bool  # cut square from the middle (portraits)


@dataclass(frozen=True)
class CardView:
    """A social card: what a link to a page shows when the page has no picture of its own."""

    title: str
    line: str  # "ECHO course · January 14 to June 10, 2026", "Recording · March 4, 2026"
    site_title: str
    style: CardStyle


@dataclass(frozen=True)
class QrView:
    url: str  # absolute


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


@dataclass(frozen=True)
class NotPlanned:
    """The view of an output this build did not plan again: what it read is as it was, so its
    key is the last build's (reads.py). Never rendered: a build that must make it plans it."""

    def __reduce__(self) -> str:
        return "NOT_PLANNED"  # the one instance, also when the cache is read back


NOT_PLANNED = NotPlanned()


View = (
    HomeView
    | PageView
    | CoursesView
    | CourseView
    | EnduringView
    | RecordingView
    | CreditView
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
    | ImageView
    | CardView
    | QrView
    | AdminView
    | CmsConfigView
    | NotPlanned
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


CREDIT_URL = "/enduring-materials/credit/"
# Pagefind's filter on recording pages: the credit types they offer at the build date.
CREDIT_FILTER = "credit"


def enduring_url(number: int) -> str:
    return "/enduring-materials/" if number == 1 else f"/enduring-materials/page/{number}/"
