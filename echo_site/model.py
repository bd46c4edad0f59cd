"""The content model: frozen records built once from content/, complete and typed.

Relations are keys (slugs and person ids), not object references, so every record can be
pickled, cached and compared on its own. Every record keeps where it was written (`Source`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from typing import Any, SupportsIndex
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Source:
    """Where an editor wrote something: a display path and a 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Reference:
    """A person, course or file that content names, checked once everything is loaded."""

    kind: str  # "person" | "course" | "file"
    value: str  # the id, slug or path inside content/
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

    def credit_statement(self, credit_type: str) -> str | None:
        return dict(self.credit_statements).get(credit_type)

    @property
    def base_path(self) -> str:
        """The path part of `base_url`, always ending in "/" ("/echo/" for a sub-path site)."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    credentials: str | None
    role: str | None
    organization: str | None
    photo: str | None
    photo_alt: str | None
    source: Source
    references: tuple[Reference, ...] = ()

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
class CourseCredit:
    type: str
    hours_per_session: float | None
    statement: str | None


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
    digest: str = ""  # of the source file, for the build cache

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
    type: str
    hours: float | None
    released: dt.date
    reviewed: dt.date | None
    expires: dt.date
    claim_url: str | None
    statement: str | None


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
    digest: str = ""  # of the source file, for the build cache
    date_source: Source = Source("content")  # where `date` was written

    @property
    def url(self) -> str:
        return f"/recordings/{self.slug}/"


# What a build needs of every recording to list, link and check them; the rest of a
# recording is read only for the pages that show it.
LISTED_FIELDS = ("slug", "date", "course", "draft", "credit", "aliases", "source", "digest")


class DeferredRecording(Recording):
    """A recording from the build cache: its listed fields are set, the others are read the
    first time anything asks for them.

    A build after one edit needs, of 10,000 recordings, what listings sort, count and link by,
    and whole records only for the dozen pages it renders again. Reading each record whole
    would be most of such a build. It equals, hashes and pickles as the whole recording.
    """

    link_targets: tuple[str, ...]  # where its body links to, for the link check

    def __init__(
        self,
        listed: tuple[object, ...],
        read: Callable[[], tuple[object, ...]],
        links: tuple[str, ...],
    ) -> None:
        """`listed` are the values of LISTED_FIELDS; `read()` gives what was read, the whole
        recording first; `links` are where its body links to."""
        self.__dict__.update(
            zip(LISTED_FIELDS, listed, strict=True), _read=read, link_targets=links
        )

    @property
    def is_whole(self) -> bool:
        """Whether the whole recording has been read."""
        return "_whole" in self.__dict__

    def whole(self) -> Recording:
        """The recording as it was read, every field set."""
        loaded = self.__dict__.get("_whole")
        if loaded is None:
            loaded = self.__dict__["_read"]()[0]
            if not isinstance(loaded, Recording):
                raise TypeError(f"the cache holds no recording for {self.slug}")
            self.__dict__["_whole"] = loaded
            self.__dict__.update(
                (name, value) for name, value in vars(loaded).items() if name not in _DEFAULTED
            )
        return loaded

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") or name in ("_read", "_whole"):
            raise AttributeError(name)
        return getattr(self.whole(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredRecording):
            other = other.whole()
        return self.whole() == other

    def __hash__(self) -> int:
        return hash(self.whole())

    def __repr__(self) -> str:
        return repr(self.whole())

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        return (_as_is, (self.whole(),))  # unpickles as the whole recording


def _as_is(value: object) -> object:
    return value


def _read_whole(name: str) -> property:
    return property(lambda self: getattr(self.whole(), name))


# A field with a default is found on the class before __getattr__ is asked: each of those
# not listed is a property that reads the whole recording.
_DEFAULTED = tuple(
    f.name
    for f in fields(Recording)
    if f.name not in LISTED_FIELDS
    and (f.default is not MISSING or f.default_factory is not MISSING)
)
for _name in _DEFAULTED:
    setattr(DeferredRecording, _name, _read_whole(_name))


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str | None
    draft: bool
    aliases: tuple[Alias, ...]
    body: Markdown
    source: Source
    references: tuple[Reference, ...] = ()
    digest: str = ""  # of the source file, for the build cache

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
class Site:
    config: SiteConfig
    people: dict[str, Person] = field(hash=False)
    pages: tuple[Page, ...]  # by slug
    courses: tuple[Course, ...]  # by slug
    recordings: tuple[Recording, ...]  # oldest first: by date, then slug
    files: tuple[StaticFile, ...]
    include_drafts: bool = False

    def course(self, slug: str | None) -> Course | None:
        return self._courses_by_slug.get(slug or "")

    @cached_property
    def _courses_by_slug(self) -> dict[str, Course]:
        return {course.slug: course for course in self.courses}

    @property
    def published(self) -> tuple[Page | Course | Recording, ...]:
        """Every page, course and recording: what has its own address."""
        return (*self.pages, *self.courses, *self.recordings)
