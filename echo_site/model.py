"""The content model: frozen records built once from content/, complete and typed.

Relations are keys (slugs and person ids), not object references, so every record can be
pickled, cached and compared on its own. Every record keeps where it was written (`Source`).
Pages, courses and recordings also keep the digest of everything they were read from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Source:
    """Where an editor wrote something: a display path and a 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Reference:
    """A person, course, file, topic or audience that content names, checked once everything
    is loaded."""

    kind: str  # "person" | "course" | "file" | "topic" | "audience"
    value: str  # the id, slug, path inside content/, or name
    written: str  # as the editor wrote it
    source: Source


@dataclass(frozen=True)
class LinkRef:
    """A link written in Markdown, kept so it can be checked once every URL is known."""

    target: str
    source: Source


@dataclass(frozen=True)
class Markdown:
    """Markdown rendered to HTML, with what link checks and templates need to know about it."""

    html: str
    links: tuple[LinkRef, ...] = ()
    heading_ids: tuple[str, ...] = ()
    text: str = ""
    # Pictures under files/ that the HTML shows, each as an <img data-picture="files/...">
    # that pages replace by its sizes and formats; and whether the first block shows one.
    images: tuple[str, ...] = ()
    opens_with_image: bool = False


EMPTY_MARKDOWN = Markdown("")


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    source: Source = Source("content/site.yaml")


@dataclass(frozen=True)
class Alias:
    """An old address of a page, written as a redirect to it."""

    path: str
    source: Source


@dataclass(frozen=True)
class Footer:
    """What the footer of every page shows besides the contact address."""

    address: str | None = None
    phone: str | None = None
    privacy_url: str | None = None
    accessibility_url: str | None = None
    nondiscrimination_url: str | None = None
    funding: str | None = None
    social: tuple[NavLink, ...] = ()
    links: tuple[NavLink, ...] = ()


DEFAULT_PRIMARY = "#0b5f78"  # a deep teal: 7:1 against white
DEFAULT_ACCENT = "#f3c969"  # a warm gold: 11:1 against the text


@dataclass(frozen=True)
class CmsSettings:
    """site.yaml's cms: where the repository is, and how editors' changes are published."""

    backend: str  # github | gitlab | gitea
    repo: str  # OWNER/NAME
    branch: str
    base_url: str | None
    auth_endpoint: str | None
    api_root: str | None
    app_id: str | None
    review: bool  # Decap's editorial workflow: draft, in review, ready
    admin: bool  # publish /admin/
    content_folder: str  # the content folder's path in the repository
    script_url: str | None  # where the admin page loads Decap CMS from (None: the pinned CDN)


@dataclass(frozen=True)
class ClaimingCredit:
    """site.yaml's claiming_credit: how learners claim credit for live sessions."""

    instructions: str
    url: str | None  # the continuing education portal


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str
    timezone: str
    contact_email: str
    organization: str
    language: str
    proposal_url: str | None
    donate_url: str | None
    nav: tuple[NavLink, ...]
    credit_statements: tuple[tuple[str, str], ...]
    description: str
    clock: int
    raw_html: bool
    source: Source
    references: tuple[Reference, ...] = ()
    organization_url: str | None = None
    logo: str | None = None
    logo_alt: str | None = None
    primary_color: str = DEFAULT_PRIMARY
    accent_color: str = DEFAULT_ACCENT
    social_image: str | None = None
    social_image_alt: str | None = None
    footer: Footer = Footer()
    cms: CmsSettings | None = None
    joint_accreditation_statement: str | None = None
    # With it, pages with credit show disclosures, and the build checks them.
    mitigation_statement: str | None = None
    commercial_support_statement: str | None = None
    claiming_credit: ClaimingCredit | None = None

    def credit_statement(self, credit_type: str) -> str | None:
        return dict(self.credit_statements).get(credit_type)

    @property
    def base_path(self) -> str:
        """The path part of `base_url`, always ending in "/" ("/echo/" for a sub-path site)."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Relationship:
    """A relevant financial relationship with an ineligible company."""

    company: str
    relationship: str  # its nature: consultant, advisory board, research grant, ...


@dataclass(frozen=True)
class Disclosure:
    """What a person disclosed, and when: no relationships at all, or each of them."""

    relationships: tuple[Relationship, ...]  # empty: nothing to disclose
    date: dt.date
    source: Source  # where `disclosed` is written


@dataclass(frozen=True)
class Person:
    """Someone from people.yaml, or a guest presenter named on a session (whose id is "")."""

    id: str
    name: str
    credentials: str | None
    role: str | None
    organization: str | None
    photo: str | None
    photo_alt: str | None
    source: Source
    references: tuple[Reference, ...] = ()
    disclosure: Disclosure | None = None

    @property
    def display_name(self) -> str:
        """Name with credentials, as ECHO listings show faculty: "Jane Doe, MD, MPH"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class Session:
    number: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    title: str
    presenters: tuple[str, ...]
    cancelled: bool
    description: Markdown
    source: Source
    guests: tuple[Person, ...] = ()  # presenters named here, not in people.yaml


@dataclass(frozen=True)
class ScheduleRule:
    starts: dt.date
    every: int
    unit: str  # "week" or "month"
    on: str
    count: int | None
    ends: dt.date | None
    except_dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class CreditLine:
    """One type of credit: its hours (per session for a course) and its reviewed statement."""

    type: str
    hours: float | None
    statement: str | None


@dataclass(frozen=True)
class CourseCredit:
    """Credit for attending a course's live sessions: one or several types."""

    lines: tuple[CreditLine, ...]
    claim_url: str | None = None  # the evaluation where learners claim a session's credit
    claim_days: int = 30  # how long after a session it can be claimed

    # What templates written for one credit type read: the first.
    @property
    def type(self) -> str:
        return self.lines[0].type

    @property
    def hours_per_session(self) -> float | None:
        return self.lines[0].hours

    @property
    def statement(self) -> str | None:
        return self.lines[0].statement


@dataclass(frozen=True)
class Registration:
    url: str | None
    closes: dt.date | None
    status: str | None  # editor's override: open | closed | waitlist | full
    source: Source = Source("content")


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    format: str
    timezone: str
    sessions: tuple[Session, ...]
    schedule: ScheduleRule | None
    faculty: tuple[str, ...]
    credit: CourseCredit | None
    registration: Registration | None
    flyer: str | None
    image: str | None
    image_alt: str | None
    contact: str | None
    draft: bool
    aliases: tuple[Alias, ...]
    body: Markdown
    source: Source
    references: tuple[Reference, ...] = ()
    digest: str = ""  # of everything the record was read from (see documents.read_document)
    planners: tuple[str, ...] = ()
    language: str | None = None  # when it is not the site's (a BCP 47 tag)

    # The record is a function of what it was read from: render keys count it by `digest`.
    identified_by_digest: ClassVar[bool] = True

    @property
    def url(self) -> str:
        return f"/courses/{self.slug}/"

    @property
    def held_sessions(self) -> tuple[Session, ...]:
        """Sessions that are not cancelled; all of them if every session is cancelled."""
        held = tuple(s for s in self.sessions if not s.cancelled)
        return held or self.sessions

    @property
    def first_day(self) -> dt.date:
        return min(s.date for s in self.held_sessions)

    @property
    def last_day(self) -> dt.date:
        return max(s.date for s in self.held_sessions)


@dataclass(frozen=True)
class Video:
    """A recording's video: a YouTube or Vimeo id, or a file under files/."""

    provider: str  # "youtube" | "vimeo" | "file"
    id: str
    url: str


@dataclass(frozen=True)
class Resource:
    title: str
    url: str


@dataclass(frozen=True)
class RecordingCredit:
    """Enduring-material credit: one or several types, released and expiring together."""

    lines: tuple[CreditLine, ...]
    released: dt.date
    reviewed: dt.date | None
    expires: dt.date
    claim_url: str | None

    # What templates written for one credit type read: the first.
    @property
    def type(self) -> str:
        return self.lines[0].type

    @property
    def hours(self) -> float | None:
        return self.lines[0].hours

    @property
    def statement(self) -> str | None:
        return self.lines[0].statement


@dataclass(frozen=True)
class Recording:
    slug: str
    title: str
    date: dt.date
    course: str | None
    presenters: tuple[str, ...]
    video: Video | None
    captions: bool | str | None  # True when the host captions it, or a .vtt path under files/
    duration_minutes: int | None
    slides: str | None
    resources: tuple[Resource, ...]
    credit: RecordingCredit | None
    draft: bool
    aliases: tuple[Alias, ...]
    body: Markdown
    source: Source
    references: tuple[Reference, ...] = ()
    digest: str = ""  # of everything the record was read from (see documents.read_document)

    # The record is a function of what it was read from: render keys count it by `digest`.
    identified_by_digest: ClassVar[bool] = True
    date_source: Source = Source("content")  # where `date` was written
    planners: tuple[str, ...] = ()
    guests: tuple[Person, ...] = ()  # presenters named here, not in people.yaml
    language: str | None = None  # when it is not its course's or the site's (a BCP 47 tag)

    @property
    def url(self) -> str:
        return f"/recordings/{self.slug}/"


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str | None
    image: str | None
    image_alt: str | None
    draft: bool
    aliases: tuple[Alias, ...]
    body: Markdown
    source: Source
    references: tuple[Reference, ...] = ()
    digest: str = ""  # of everything the record was read from (see documents.read_document)
    claiming_credit: bool = False  # shows site.yaml's claiming_credit at its end
    language: str | None = None  # when it is not the site's (a BCP 47 tag)

    # The record is a function of what it was read from: render keys count it by `digest`.
    identified_by_digest: ClassVar[bool] = True

    @property
    def url(self) -> str:
        return "/" if self.slug == "index" else f"/{self.slug}/"


@dataclass(frozen=True)
class StaticFile:
    """A file under content/files/, copied to output/files/ as it is."""

    path: str  # relative to content/, always "files/..."
    size: int
    digest: str


@dataclass(frozen=True)
class ImageInfo:
    """A picture under content/files/, as its header describes it (its pixels are not read)."""

    path: str  # relative to content/, always "files/..."
    file: str  # where its variants are made from
    width: int  # as it is shown: after its EXIF orientation
    height: int
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP"; others are published only as they are
    digest: str  # of its bytes: its variants are made again when it changes


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    people: dict[str, Person] = field(hash=False)
    pages: tuple[Page, ...]  # by slug
    courses: tuple[Course, ...]  # by slug
    recordings: tuple[Recording, ...]  # oldest first: by date, then slug
    files: tuple[StaticFile, ...]
    include_drafts: bool = False
    images: dict[str, ImageInfo] = field(default_factory=dict, hash=False)  # by path

    def course(self, slug: str | None) -> Course | None:
        return self._courses_by_slug.get(slug or "")

    @cached_property
    def _courses_by_slug(self) -> dict[str, Course]:
        return {course.slug: course for course in self.courses}

    @property
    def published(self) -> tuple[Page | Course | Recording, ...]:
        """Every page, course and recording: what has its own address."""
        return (*self.pages, *self.courses, *self.recordings)
