"""Render the site model into files: pages from Jinja templates, calendars, feeds and assets.

This stage only reads the model and returns bytes for output paths; it never writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from . import feeds, formats, hosting, structured_data, timeline
from .cache import code_version
from .calendars import Calendars
from .errors import BuildFailed, Problem
from .model import Course, Markdown, Page, Person, Recording, Session, Site
from .theme import Theme
from .urls import absolute_url, base_path_url, output_file, relative_url, slugify
from .workers import SMALL_BATCH, stream_indexed

HOME_SESSIONS = 6
RECORDINGS_PER_COURSE = 5  # on enduring-materials pages; the course page lists them all
LISTING_RECORDINGS = 12  # the newest, on topic and audience pages
COURSES_PER_PAGE = 20
RECORDINGS_PER_PAGE = 30


@dataclass(frozen=True)
class PageMeta:
    """What the page head says about a page: title, description, canonical URL, previews."""

    url: str
    title: str
    description: str
    kind: str = "website"
    image: str | None = None
    image_alt: str | None = None
    json_ld: tuple[dict, ...] = ()
    indexed: bool = True
    draft: bool = False


@dataclass
class RenderedSite:
    """Bytes for every output path, plus files to copy as they are."""

    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # site path -> HTML, for search and checks


@dataclass(frozen=True)
class Listing:
    """A topic or audience: the name, its site path, and what carries it."""

    kind: str
    name: str
    url: str
    courses: tuple[Course, ...]
    recordings: tuple[Recording, ...]


def make_environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescaping, strict undefined, our filters.

    `compiled` is a folder that keeps compiled templates between builds (keyed by their source).
    """
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.dirs]),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=formats.long_date,
        medium_date=formats.medium_date,
        short_date=formats.short_date,
        hours=formats.hours,
        duration=formats.duration,
        zone_label=formats.zone_label,
        slugify=slugify,
        markdown=_markdown_html,
        cadence=formats.cadence,
    )
    env.globals.update(url=_url, absolute=_absolute, asset=_asset)
    return env


def _markdown_html(markdown: Markdown) -> Markup:
    """Markdown HTML becomes markup here and only here: it was escaped when it was rendered."""
    return Markup(markdown.html)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    if context.get("link_mode") == "base-path":
        return base_path_url(context["site"].base_path, target)
    return relative_url(context["current_url"], target)


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, target: str) -> str:
    return absolute_url(context["site"].base_url, target)


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    return _url(context, "/assets/" + context["assets"][name])


def collect_assets(theme: Theme) -> dict[str, tuple[str, bytes]]:
    """Theme files under assets/, by name, with fingerprinted output names (style.1a2b3c4d.css)."""
    found: dict[str, Path] = {}
    for folder in reversed(theme.dirs):
        assets = folder / "assets"
        if assets.is_dir():
            for path in sorted(assets.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(assets).as_posix()] = path
    result = {}
    for name, path in sorted(found.items()):
        data = path.read_bytes()
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        result[name] = (f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}", data)
    return result


class Renderer:
    """Render pages for one build: the site, its date, the environment and the theme's assets."""

    def __init__(
        self,
        site: Site,
        as_of: dt.date,
        env: jinja2.Environment,
        assets: dict[str, tuple[str, bytes]],
        search: bool,
    ) -> None:
        self.search_enabled = search
        self.site = site
        self.as_of = as_of
        self.env = env
        self.ahead: dict[str, str] = {}  # pages rendered before the plan asked (render_ahead)
        self.asset_files = assets
        self.assets = {name: out for name, (out, _) in assets.items()}
        self.recordings_by_course: dict[str, list[Recording]] = {}
        for recording in site.recordings:  # oldest first, as sessions are listed
            if recording.course and site.course(recording.course):
                self.recordings_by_course.setdefault(recording.course, []).append(recording)
        self.common = self._common_context()

    def _common_context(self) -> dict[str, Any]:
        # Nothing here refers back to the renderer: without a cycle, a build's objects are
        # freed as soon as it ends, not at the next sweep of the cycle collector.
        site, as_of = self.site, self.as_of
        clock = site.config.clock
        people = site.people
        recordings_by_course = self.recordings_by_course

        def session_time(session: Session) -> str:
            return formats.time_range(session.start, session.end, clock)

        def session_recording(course: Course, session: Session) -> Recording | None:
            return next(
                (r for r in recordings_by_course.get(course.slug, ()) if r.date == session.date),
                None,
            )

        return {
            "site": site.config,
            "as_of": as_of,
            "drafts": site.include_drafts,
            "search_enabled": self.search_enabled,
            "assets": self.assets,
            "status": lambda course: timeline.course_status(course, as_of),
            "registration": lambda course: timeline.registration_status(course, as_of),
            "next_session": lambda course: timeline.next_session(course, as_of),
            "credit_status": lambda credit: timeline.credit_status(credit, as_of),
            "person": people.get,
            "people": lambda ids: [people[i] for i in ids if i in people],
            "course_of": lambda recording: site.course(recording.course),
            "course_recordings": lambda course: tuple(recordings_by_course.get(course.slug, ())),
            "session_recording": session_recording,
            "session_time": session_time,
            "usual_time": lambda course: formats.usual_time(course.held_sessions, clock),
            "clock_time": lambda moment: formats.clock_time(moment, clock),
            "topic_url": lambda name: f"/topics/{slugify(name)}/",
            "audience_url": lambda name: f"/audiences/{slugify(name)}/",
            "json_ld": lambda data: Markup(_json_for_script(data)),
        }

    def render_ahead(self, url: str) -> str | None:
        """The HTML of the course or recording page at `url`, as the plan makes it; else None.

        The plan's output for the page then takes this HTML instead of rendering it again.
        """
        html = None
        if url.startswith("/courses/"):
            course = self.site.course(url.split("/")[2])
            html = self.course(course) if course and course.url == url else None
        elif url.startswith("/recordings/"):
            slug = url.split("/")[2]
            found = next((r for r in self.site.recordings if r.slug == slug), None)
            html = self.recording(found) if found and found.url == url else None
        if html is not None:
            self.ahead[url] = html
        return html

    def made_ahead(self, url: str, make: Callable[[], str]) -> bytes:
        """The page at `url`: rendered ahead, or now."""
        html = self.ahead.pop(url, None)
        return (make() if html is None else html).encode()

    def person(self, person_id: str) -> Person | None:
        return self.site.people.get(person_id)

    def render(self, template: str, meta: PageMeta, **context: Any) -> str:
        values = {
            **self.common,
            "meta": meta,
            "current_url": meta.url,
            "link_mode": "relative",
            **context,
        }
        return self.env.get_template(template).render(values)

    # -- pages -----------------------------------------------------------------------------

    def home(self, page: Page | None) -> str:
        config = self.site.config
        current = timeline.courses_by_next_session(self.site.courses, self.as_of)
        upcoming = sorted(
            (
                (s, c)
                for c in current
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
            json_ld=(structured_data.organization(self.site),),
            draft=bool(page and page.draft),
        )
        return self.render("home.html", meta, page=page, next_sessions=upcoming, courses=current)

    def page(self, page: Page) -> str:
        meta = PageMeta(
            page.url,
            page.title,
            page.summary or page.body.text or page.title,
            kind="article",
            draft=page.draft,
        )
        return self.render("page.html", meta, page=page)

    def courses(self, topics: list[Listing], audiences: list[Listing]) -> str:
        current = timeline.courses_by_next_session(self.site.courses, self.as_of)
        meta = PageMeta(
            "/courses/",
            "Current and upcoming courses",
            f"Free ECHO courses from {self.site.config.title}: schedules, faculty, "
            "credit and registration.",
        )
        return self.render(
            "courses.html", meta, courses=current, topics=topics, audiences=audiences
        )

    def course(self, course: Course) -> str:
        meta = PageMeta(
            course.url,
            course.title,
            course.summary,
            kind="article",
            image=course.image,
            image_alt=course.image_alt,
            json_ld=(structured_data.course(self.site, course),),
            draft=course.draft,
        )
        return self.render("course.html", meta, course=course)

    def enduring(self, page: EnduringPage) -> str:
        title = "Enduring materials"
        if page.number > 1:
            title += f", page {page.number} of {page.count}"
        meta = PageMeta(
            page.url,
            title,
            "Recordings, slides and resources from past ECHO sessions, some with "
            "continuing education credit.",
        )
        return self.render(
            "enduring.html",
            meta,
            ended_courses=page.ended,
            current_courses=page.current,
            standalone=page.standalone,
            pagination=page,
            shown_per_course=RECORDINGS_PER_COURSE,
        )

    def recording(self, recording: Recording) -> str:
        course = self.site.course(recording.course)
        json_ld = (structured_data.recording(self.site, recording),)
        meta = PageMeta(
            recording.url,
            recording.title,
            recording.body.text or recording.title,
            kind="video.other",
            json_ld=json_ld,
            draft=recording.draft,
        )
        return self.render("recording.html", meta, recording=recording, course=course)

    def listing(self, listing: Listing) -> str:
        label = "Topic" if listing.kind == "topic" else "Audience"
        meta = PageMeta(
            listing.url,
            f"{label}: {listing.name}",
            f"ECHO courses and recordings for {listing.name}.",
            indexed=False,
        )
        current = timeline.courses_by_next_session(listing.courses, self.as_of)
        showing = {c.slug for c in current}
        past = tuple(c for c in listing.courses if c.slug not in showing)
        return self.render(
            "listing.html",
            meta,
            listing=listing,
            courses=current,
            past_courses=past,
            recordings=listing.recordings[:LISTING_RECORDINGS],
            recordings_total=len(listing.recordings),
        )

    def search(self) -> str:
        meta = PageMeta("/search/", "Search", f"Search {self.site.config.title}.", indexed=False)
        return self.render("search.html", meta)

    def not_found(self) -> str:
        meta = PageMeta(
            "/404.html", "Page not found", "This page could not be found.", indexed=False
        )
        values = {**self.common, "meta": meta, "current_url": "/404.html", "link_mode": "base-path"}
        return self.env.get_template("404.html").render(values)

    def redirect(self, alias: str, target: str) -> str:
        meta = PageMeta(alias, "This page has moved", "This page has moved.", indexed=False)
        return self.render("redirect.html", meta, target=target)


@dataclass(frozen=True)
class EnduringPage:
    """One page of enduring materials: past courses, then recordings of no course."""

    number: int
    count: int
    ended: tuple[Course, ...]
    current: tuple[Course, ...]  # courses still running that have recordings (first page only)
    standalone: tuple[Recording, ...]

    @property
    def url(self) -> str:
        return enduring_url(self.number)

    @property
    def previous_url(self) -> str | None:
        return enduring_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return enduring_url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str]]:
        return [(n, enduring_url(n)) for n in range(1, self.count + 1)]


def enduring_url(number: int) -> str:
    return "/enduring-materials/" if number == 1 else f"/enduring-materials/page/{number}/"


def enduring_pages(
    site: Site, as_of: dt.date, by_course: dict[str, list[Recording]]
) -> list[EnduringPage]:
    """Split enduring materials into pages, so that a large archive stays light to load."""
    ended, current = [], []
    for course in sorted(site.courses, key=lambda c: (c.last_day, c.slug), reverse=True):
        if timeline.course_status(course, as_of) == "ended":
            ended.append(course)
        elif by_course.get(course.slug):
            current.append(course)
    standalone = [r for r in reversed(site.recordings) if not (r.course and site.course(r.course))]
    count = max(1, -(-len(ended) // COURSES_PER_PAGE), -(-len(standalone) // RECORDINGS_PER_PAGE))
    return [
        EnduringPage(
            number,
            count,
            tuple(ended[(number - 1) * COURSES_PER_PAGE : number * COURSES_PER_PAGE]),
            tuple(current) if number == 1 else (),
            tuple(standalone[(number - 1) * RECORDINGS_PER_PAGE : number * RECORDINGS_PER_PAGE]),
        )
        for number in range(1, count + 1)
    ]


def listings(site: Site) -> tuple[list[Listing], list[Listing]]:
    """Topic and audience pages: every name used by a course (recordings share their course's)."""
    # Newest first, once: each listing takes its recordings from this order.
    newest = [r for r in reversed(site.recordings) if r.course]
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
        items = []
        folder = "topics" if kind == "topic" else "audiences"
        for slug, name in sorted(names.items()):
            courses = tuple(members[slug])
            recordings = tuple(shown[slug])
            items.append(Listing(kind, name, f"/{folder}/{slug}/", courses, recordings))
        result.append(items)
    return result[0], result[1]


class Output(NamedTuple):
    """One file the build writes: the same key always makes the same bytes.

    A named tuple, not a dataclass: a large site plans 26,000 of them per build.
    """

    path: str
    key: str
    make: Callable[[], bytes]
    url: str | None = None  # the site path, for HTML pages
    searchable: bool = False  # carries data-pagefind-body
    group: str = ""  # pages searched together (a course and its recordings)


@dataclass
class Plan:
    """Every output of a build, with what can be copied as it is."""

    outputs: list[Output]
    copies: dict[str, Path]
    theme: Theme
    env: jinja2.Environment


def prepare_renderer(
    site: Site,
    as_of: dt.date,
    theme: Theme,
    *,
    search: bool = True,
    search_indexes: tuple[str, ...] = (),
    compiled_templates: Path | None = None,
) -> Renderer:
    """What renders the site's pages: the environment, the theme's assets and the site."""
    env = make_environment(theme, compiled_templates)
    assets = collect_assets(theme)
    if "style.css" not in assets:
        raise BuildFailed(
            [
                Problem(
                    "templates/assets/style.css",
                    1,
                    1,
                    "the theme has no style.css",
                    "restore it from the default templates",
                )
            ]
        )
    renderer = Renderer(site, as_of, env, assets, search)
    renderer.common["search_indexes"] = list(search_indexes)
    return renderer


def plan_site(
    site: Site,
    as_of: dt.date,
    theme: Theme,
    content_dir: Path,
    *,
    search: bool = True,
    search_indexes: tuple[str, ...] = (),
    compiled_templates: Path | None = None,
    renderer: Renderer | None = None,
) -> Plan:
    """List every output of the site with its render key; render nothing yet.

    `renderer`, when given, was prepared with the same site, date, theme and search settings.
    """
    if renderer is None:
        renderer = prepare_renderer(
            site,
            as_of,
            theme,
            search=search,
            search_indexes=search_indexes,
            compiled_templates=compiled_templates,
        )
    env, assets = renderer.env, renderer.asset_files
    base = _digest(
        code_version(),
        theme_digest(theme),
        repr(site.config),
        repr(sorted(site.people.items())),
        site.include_drafts,
        search,
        search_indexes,
    )
    day = as_of.isoformat()
    # What each listing shows decides its key, so an edit re-renders only what shows it.
    courses_key = _digest(base, day, *(c.digest for c in site.courses))
    addresses = _digest(base, *(item.url for item in site.published))
    outputs: list[Output] = []

    def page(
        url: str, key: str, make: Callable[[], str], *, searchable: bool = False, group: str = ""
    ) -> None:
        made = partial(renderer.made_ahead, url, make)
        outputs.append(Output(output_file(url), key, made, url, searchable, group or url))

    def file(path: str, key: str, make: Callable[[], bytes]) -> None:
        outputs.append(Output(path, key, make))

    home = next((p for p in site.pages if p.slug == "index"), None)
    page(
        "/",
        _digest(courses_key, home.digest if home else ""),
        lambda: renderer.home(home),
        searchable=True,
    )
    for item in site.pages:
        if item.slug != "index":
            key = _digest(base, item.digest)
            page(item.url, key, partial(renderer.page, item), searchable=True)
    topics, audiences = listings(site)
    listing_names = repr([(x.kind, x.name) for x in (*topics, *audiences)])
    page(
        "/courses/",
        _digest(courses_key, listing_names),
        lambda: renderer.courses(topics, audiences),
    )
    for course in site.courses:
        recordings = renderer.recordings_by_course.get(course.slug, [])
        key = _digest(base, day, course.digest, *(r.digest for r in recordings))
        page(course.url, key, partial(renderer.course, course), searchable=True, group=course.url)
    for part in enduring_pages(site, as_of, renderer.recordings_by_course):
        shown = [
            r.digest
            for c in (*part.ended, *part.current)
            for r in renderer.recordings_by_course.get(c.slug, [])[-RECORDINGS_PER_COURSE:]
        ]
        key = _digest(
            base,
            day,
            part.count,
            *(c.digest for c in (*part.ended, *part.current)),
            *shown,
            *(r.digest for r in part.standalone),
        )
        page(part.url, key, partial(renderer.enduring, part))
    for recording in site.recordings:
        parent = site.course(recording.course)
        credit = timeline.credit_status(recording.credit, as_of) if recording.credit else ""
        key = _digest(base, recording.digest, parent.digest if parent else "", credit)
        page(
            recording.url,
            key,
            partial(renderer.recording, recording),
            searchable=True,
            group=parent.url if parent else recording.url,
        )
    for listing in (*topics, *audiences):
        key = _digest(
            base,
            day,
            *(c.digest for c in listing.courses),
            len(listing.recordings),
            *(r.digest for r in listing.recordings[:LISTING_RECORDINGS]),
        )
        page(listing.url, key, partial(renderer.listing, listing))
    page("/search/", base, renderer.search)
    file("404.html", base, lambda: renderer.not_found().encode())
    for alias, target in _aliases(site):
        file(
            output_file(alias),
            _digest(base, alias, target),
            partial(lambda a, t: renderer.redirect(a, t).encode(), alias, target),
        )
    for fingerprinted, data in assets.values():
        file("assets/" + fingerprinted, fingerprinted, partial(bytes, data))
    if "favicon.ico" in assets:
        favicon = assets["favicon.ico"][1]
        file("favicon.ico", assets["favicon.ico"][0], partial(bytes, favicon))
    calendars = Calendars(site, as_of)
    for course in site.courses:
        key = _digest(base, day, course.digest)
        file(f"courses/{course.slug}/calendar.ics", key, partial(calendars.course, course))
        for session in course.sessions:
            file(
                f"courses/{course.slug}/session-{session.number}.ics",
                key,
                partial(calendars.session, course, session),
            )
    file("calendar.ics", courses_key, calendars.upcoming)
    recent = feeds.recent_recordings(site, as_of)
    file(
        "feed.xml",
        _digest(courses_key, *(r.digest for r in recent)),
        lambda: feeds.atom_feed(site, as_of),
    )
    sitemap_urls = [o.url for o in outputs if o.url and _indexed(o.url)]
    file("sitemap.xml", _digest(base, *sitemap_urls), lambda: feeds.sitemap(site, sitemap_urls))
    file("robots.txt", base, lambda: feeds.robots(site))
    file("_headers", base, lambda: hosting.headers_file(site))
    if any(item.aliases for item in site.published):
        file("_redirects", addresses, lambda: hosting.redirects_file(site))
    copies = {static.path: content_dir / static.path for static in site.files}
    return Plan(outputs, copies, theme, env)


def make_outputs(plan: Plan, which: list[int], jobs: int) -> list[bytes]:
    """Make the outputs at `which`, spread over `jobs` processes."""
    return list(stream_outputs(plan, which, jobs))


def stream_outputs(plan: Plan, which: list[int], jobs: int) -> Iterator[bytes]:
    """Yield the bytes of the outputs at `which`, in order, as `jobs` processes make them."""
    outputs = plan.outputs
    if jobs > 1 and len(which) >= SMALL_BATCH:
        _compile_all(plan.env, plan.theme)  # once, before the workers fork

    def make(index: int) -> bytes:
        try:
            return outputs[which[index]].make()
        except jinja2.TemplateError as error:  # where it happened is only known here
            raise BuildFailed([template_problem(error, plan.theme)]) from None

    yield from stream_indexed(make, len(which), jobs)


def render_site(
    site: Site, as_of: dt.date, theme: Theme, content_dir: Path, *, search: bool = True
) -> RenderedSite:
    """Render every output of the site at once (no cache, one process)."""
    plan = plan_site(site, as_of, theme, content_dir, search=search)
    made = make_outputs(plan, list(range(len(plan.outputs))), jobs=1)
    out = RenderedSite(copies=plan.copies)
    for output, data in zip(plan.outputs, made, strict=True):
        out.files[output.path] = data
        if output.url:
            out.pages[output.url] = data.decode()
    return out


def theme_digest(theme: Theme) -> str:
    """A digest of every template and asset, so that any change in them re-renders the site."""
    digest = hashlib.sha256()
    for folder in theme.dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _compile_all(env: jinja2.Environment, theme: Theme) -> None:
    """Compile every template now, once, so forked workers start with them compiled."""
    try:
        for name in env.list_templates(extensions=("html", "xml")):
            env.get_template(name)
    except jinja2.TemplateError as error:
        raise BuildFailed([template_problem(error, theme)]) from None


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def _indexed(url: str) -> bool:
    return not url.startswith(("/search/",))


def _aliases(site: Site) -> Iterator[tuple[str, str]]:
    for item in site.published:
        for alias in item.aliases:
            yield alias.path, item.url


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element: no "</script>" or "<!--" can close it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def template_problem(error: jinja2.TemplateError, theme: Theme) -> Problem:
    """Point a template error at its template file and line."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if not filename or not line:
        tb = error.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if any(name.startswith(str(d)) for d in theme.dirs):
                filename, line = name, tb.tb_lineno
            tb = tb.tb_next
    display = _template_display(filename, theme) if filename else "templates"
    message = getattr(error, "message", None) or str(error)
    return Problem(
        display,
        line or 1,
        1,
        f"template error: {message}",
        "fix the template at this line (content cannot cause this)",
    )


def _template_display(filename: str, theme: Theme) -> str:
    path = Path(filename)
    for folder in theme.dirs:
        try:
            return (Path(folder.name) / path.relative_to(folder)).as_posix()
        except ValueError:
            continue
    return path.as_posix()


Renderable = Callable[..., str]
