"""What the site is made of: every output with its view, from the model and the build date.

This is where the build date is applied (statuses, registration, credit, which sessions are
still ahead) and where pages meet what they show of other things (a course's recordings, a
recording's course, people by id); the views it makes are plain values (views.py), so the
templates and render keys see nothing else.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from urllib.parse import urlsplit

from . import cms, formats, images, timeline
from .languages import Messages, messages
from .model import Course, ImageInfo, Markdown, Page, Person, Recording, Session, Site
from .reads import KeptUnits, PlanRecorder, Reads, held_whole, noting_reads, reads_of
from .urls import absolute_url, output_file, slugify
from .views import (
    CARD_SIZE,
    COURSES_PER_PAGE,
    CREDIT_URL,
    FEED_RECORDINGS,
    HOME_HIGHLIGHTS,
    HOME_SESSIONS,
    LISTING_RECORDINGS,
    NOT_PLANNED,
    PORTRAIT_SHOWN,
    PREVIEW_WIDTH,
    RECORDINGS_PER_COURSE,
    RECORDINGS_PER_PAGE,
    SHOWN_WIDTH,
    AdminView,
    AssetView,
    CalendarEvent,
    CalendarView,
    CardStyle,
    CardView,
    CmsConfigView,
    CourseCard,
    CoursesView,
    CourseView,
    CreditBadge,
    CreditGroup,
    CreditItem,
    CreditView,
    DisclosureEntry,
    EnduringCourse,
    EnduringView,
    FeedEntry,
    FeedView,
    HeadersView,
    HomeView,
    ImageView,
    Link,
    ListingView,
    NotFoundView,
    Output,
    PageMeta,
    PageView,
    PastCourse,
    Picture,
    PreviewImage,
    QrView,
    RecordingItem,
    RecordingView,
    RedirectsView,
    RedirectView,
    RobotsView,
    SearchSettings,
    SearchView,
    SessionEntry,
    SitemapView,
    UpcomingSession,
    Variant,
    View,
    enduring_url,
)


@dataclass(frozen=True)
class SitePlan:
    """Every output, and, when reads were noted, the units of the plan for the next build."""

    outputs: list[Output]
    start: Reads | None  # read before any unit (what all depend on); None: as last time
    recorder: PlanRecorder | None
    made: dict[str, str]  # pictures, cards and codes: what makes each, by path


def plan_site(
    site: Site,
    as_of: dt.date,
    assets: dict[str, tuple[str, bytes]],
    search: SearchSettings,
    style: CardStyle,
    local_cms: cms.LocalCms | None = None,
    *,
    note: bool = False,
    kept: KeptUnits | None = None,
) -> SitePlan:
    """Every file the site is made of, each with its view; nothing rendered yet. With
    `note`, the units of the plan and what each read (reads.py).
    The units `kept` (the last build's, whose reads did not change) are not planned again:
    their outputs come without views (NOT_PLANNED). `local_cms` makes the editing page edit
    this computer's files (serve --cms)."""
    # What is read before the units is noted unless units were kept: then none of it changed,
    # so it reads the same.
    noted = note and kept is None
    with noting_reads() if noted else nullcontext():  # planning it all: hooked throughout
        with reads_of() as start:
            planner = _Planner(site, as_of, style, note, kept)
        outputs = list(planner.outputs(assets, search, local_cms))
    made = {path: output.maker for path, output in planner.made.items()}
    return SitePlan(outputs, start if noted else None, planner.recorder, made)


def own_page(
    site: Site, as_of: dt.date, style: CardStyle, item: Page | Course | Recording
) -> Output:
    """The page of one page, course or recording, made as the whole site makes it (the preview
    shows an edit with it while the rest of the site is built again)."""
    return _Planner(site, as_of, style).own_page(item)


class _FirstPicture:
    """How each picture of one page loads, given in the order the page shows them: the first
    at once (with priority when it is above the fold), the others when they are scrolled to."""

    def __init__(self) -> None:
        self.given = False

    def loading(self, above_fold: bool) -> str:
        if self.given:
            return "lazy"
        self.given = True
        return "priority" if above_fold else "eager"


class _Planner:
    """The views of one build: its site and its date."""

    def __init__(
        self,
        site: Site,
        as_of: dt.date,
        style: CardStyle,
        note: bool = False,
        kept: KeptUnits | None = None,
    ) -> None:
        self.site = site
        self.as_of = as_of
        self.style = style
        # Units: what each read (when noted), and those of the last build kept as they were.
        self.kept = kept
        self.recorder = PlanRecorder() if note else None
        self.unit_reads: Reads | None = None  # of the unit being planned
        self.made_used: list[str] | None = None  # the made outputs it shows
        # Pictures' sizes, social cards and QR codes, by path, as the pages that show them ask.
        self.made: dict[str, Output] = {}
        # What links to each course show; its recordings' links show it too
        self.previews: dict[str, PreviewImage] = {}
        self.course_pictures: dict[str, PreviewImage] = {}  # of courses with a picture
        self.people = site.people
        self.by_course: dict[str, list[Recording]] = {}
        for recording in site.recordings:  # oldest first, as sessions are listed
            if recording.course and site.course(recording.course):
                self.by_course.setdefault(recording.course, []).append(recording)
        self.current = timeline.courses_by_next_session(site.courses, as_of)
        # Lists put first what a visitor can still join; soonest first within each group.
        self.joinable = tuple(
            sorted(
                self.current,
                key=lambda c: _JOIN_ORDER[timeline.registration_status(c, as_of)],
            )
        )
        self.cards: dict[tuple[str, str], CourseCard] = {}
        self._with_credit: list[Recording] | None = None
        self.language = site.config.language  # of the site's own pages, header and footer
        self.words = messages(self.language)

    def language_of(self, item: Page | Course | Recording) -> str:
        """What a page, course or recording is written in: its own language, a recording its
        course's, else the site's."""
        if item.language:
            return item.language
        if isinstance(item, Recording):
            parent = self.site.course(item.course)
            if parent is not None and parent.language:
                return parent.language
        return self.language

    def outputs(
        self,
        assets: dict[str, tuple[str, bytes]],
        search: SearchSettings,
        local_cms: cms.LocalCms | None = None,
    ) -> Iterator[Output]:
        site = self.site
        pages = list(self.pages(search))
        yield from self.made.values()  # the slowest files to make: begun first
        yield from pages
        yield Output("404.html", "404.html", self.not_found())
        for item in site.published:
            for alias in item.aliases:
                view = _redirect(alias.path, item, self.language_of(item))
                yield Output(output_file(alias.path), "redirect.html", view)
        admin = list(self.admin(local_cms))
        for name, (fingerprinted, data) in assets.items():
            if admin or not name.startswith("admin/"):  # the editing page's own scripts
                yield Output("assets/" + fingerprinted, "asset", AssetView(data))
        if "favicon.ico" in assets:
            yield Output("favicon.ico", "asset", AssetView(assets["favicon.ico"][1]))
        yield from self.calendars()
        yield from self.unit("feed", lambda: Output("feed.xml", "feed", self.feed()))
        indexed = sorted({o.url for o in pages if o.url and o.url != "/search/"})
        yield Output("sitemap.xml", "sitemap", SitemapView(site.config.base_url, tuple(indexed)))
        yield Output("robots.txt", "robots", self.robots())
        yield Output("_headers", "headers", HeadersView(site.config.base_path))
        if any(item.aliases for item in site.published):
            yield Output("_redirects", "redirects", self.redirects())
        yield from admin

    def pages(self, search: SearchSettings) -> Iterator[Output]:
        site = self.site
        home = next((p for p in site.pages if p.slug == "index"), None)
        yield from self.unit("home", lambda: self.own_page(home) if home else self.homepage())
        for page in site.pages:
            if page.slug != "index":
                yield from self.unit(f"page:{page.slug}", partial(self.own_page, page))
        courses, *listings = self.unit("lists", self.lists)
        yield courses
        for course in site.courses:
            yield from self.unit(f"course:{course.slug}", partial(self.own_page, course))
        yield from self.unit("enduring", self.enduring)
        yield from self.unit("credit", lambda: _page(CREDIT_URL, "credit.html", self.credit_page()))
        for recording in site.recordings:
            yield from self.unit(f"recording:{recording.slug}", partial(self.own_page, recording))
        yield from listings
        yield from self.unit(
            "search", lambda: _page("/search/", "search.html", self.search(search))
        )

    def homepage(self) -> Output:
        """The home page of a site without content/pages/index.md."""
        return _page("/", "home.html", self.home(None), searchable=True)

    def lists(self) -> list[Output]:
        """The list of courses, then the pages of its topics and audiences."""
        topics, audiences = self.listings()
        courses = _page("/courses/", "courses.html", self.courses(topics, audiences))
        listed = (*topics, *audiences)
        return [courses, *(_page(v.meta.url, "listing.html", v) for v in listed)]

    def enduring(self) -> list[Output]:
        return [_page(v.meta.url, "enduring.html", v) for v in self.enduring_pages()]

    def unit(self, name: str, plan: Callable[[], Output | list[Output]]) -> list[Output]:
        """The outputs of one unit of the plan: planned, noting what they read, or, when the
        last build's unit read nothing that changed since, the last build's without views."""
        kept = self.kept.get(name) if self.kept is not None else None
        if self.kept is not None and kept is not None:
            for path, output in self.kept.made(kept).items():
                self.made.setdefault(path, output)
            if self.recorder:
                self.recorder.kept_unit(name, self.kept, kept)
            return self.kept.outputs(kept)
        if self.recorder is None:
            made = plan()
            return made if isinstance(made, list) else [made]
        # Pieces kept for the unit's pages alone: another unit's reads would not count here.
        self.cards, self._with_credit = {}, None
        used: list[str] = []
        self.made_used = used
        with noting_reads(), reads_of() as found:
            self.unit_reads = found
            made = plan()
        outputs = made if isinstance(made, list) else [made]
        found.held(held_whole(output.view for output in outputs))
        self.recorder.planned_unit(name, found, outputs, used)
        self.unit_reads = self.made_used = None
        return outputs

    def own_page(self, item: Page | Course | Recording) -> Output:
        """The page of a page, course or recording of the site."""
        if isinstance(item, Page):
            if item.slug == "index":
                return _page("/", "home.html", self.home(item), searchable=True)
            return _page(item.url, "page.html", self.page(item), searchable=True)
        if isinstance(item, Course):
            return _page(item.url, "course.html", self.course_view(item), searchable=True)
        parent = self.site.course(item.course)
        if parent is not None:
            # What links to a course show, links to its recordings show too: what making the
            # course's view read counts for the recording.
            if parent.slug not in self.previews:
                self.course_view(parent)
            elif self.unit_reads is not None:
                self.unit_reads.share(f"course:{parent.slug}")
        group = parent.url if parent else item.url
        view = self.recording(item, parent)
        return _page(item.url, "recording.html", view, searchable=True, group=group)

    def course_view(self, course: Course) -> CourseView:
        """course(), remembering what it read for the recordings that show its picture."""
        with reads_of() as found:
            view = self.course(course)
        if self.recorder is not None:
            self.recorder.piece(f"course:{course.slug}", found)
        return view

    def make(self, path: str, output: Callable[[], Output], again: bool = False) -> None:
        """A picture, card or code the page being planned shows, made once (or `again`)."""
        if self.made_used is not None:
            self.made_used.append(path)
        known = self.made.get(path)
        if again or known is None or known.view is NOT_PLANNED:
            self.made[path] = output()

    # -- pieces shared by pages ----------------------------------------------------------------

    def persons(self, ids: tuple[str, ...], guests: tuple[Person, ...] = ()) -> tuple[Person, ...]:
        """People by id, then the guests named beside them."""
        return (*(self.people[i] for i in ids if i in self.people), *guests)

    def disclosures(self, item: Course | Recording) -> tuple[DisclosureEntry, ...]:
        """What a page with credit shows of everyone in control of its content, on a site that
        publishes disclosures (site.yaml has a mitigation_statement)."""
        if not (item.credit and self.site.config.mitigation_statement):
            return ()
        controllers = (
            timeline.course_controllers(item, self.people)
            if isinstance(item, Course)
            else timeline.recording_controllers(item, self.people)
        )
        return tuple(DisclosureEntry(person, roles) for person, roles, _ in controllers)

    def card(self, course: Course, language: str) -> CourseCard:
        """A course as a list in `language` shows it: how often and when it meets are the
        list's words, its title and summary the course's."""
        card = self.cards.get((course.slug, language))
        if card is None:
            as_of = self.as_of
            card = self.cards[course.slug, language] = CourseCard(
                course.url,
                course.title,
                course.summary,
                course.format,
                course.topics,
                course.audience,
                timeline.course_status(course, as_of),
                timeline.registration_status(course, as_of),
                timeline.next_session(course, as_of),
                formats.meeting_pattern(course.held_sessions, course.schedule, language),
                formats.usual_time(course.held_sessions, self.site.config.clock, language),
                len(course.held_sessions),
                course.credit.lines if course.credit else (),
                self.language_of(course),
            )
        return card

    def item(self, recording: Recording, *, course_title: bool = False) -> RecordingItem:
        credit = recording.credit
        badge = (
            CreditBadge(
                timeline.credit_status(credit, self.as_of),
                credit.released,
                credit.expires,
                credit.lines,
            )
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
            self.language_of(recording),
            self.language_of(parent) if parent else "",
        )

    # -- pictures ----------------------------------------------------------------------------------

    def picture(
        self,
        path: str | None,
        first: _FirstPicture,
        *,
        above_fold: bool = False,
        square: bool = False,
    ) -> Picture | None:
        """A picture under files/ in every size pages show it in (its files planned here); None
        for a file that is not a picture the build can read."""
        info = self.site.images.get(path) if path else None
        if info is None:
            return None
        loading = first.loading(above_fold)
        kind = info.format.partition(" ")[0]
        if info.format not in images.PROCESSED:  # shown as it is: a GIF, an animation
            whole = Variant(info.path, info.width, info.height)
            mime = images.MIME_TYPES.get(kind, "")
            return Picture(
                info.path, info.path, info.width, info.height, mime, (), (whole,), loading
            )
        webp: list[Variant] = []
        own: list[Variant] = []
        for width, height in images.variant_sizes(info, square):
            # Both formats of a size one after the other: they are made from one decoding.
            if kind != "WEBP":
                webp.append(self.variant(info, width, height, "WEBP", square))
            own.append(self.variant(info, width, height, kind, square))
        shown = PORTRAIT_SHOWN if square else SHOWN_WIDTH
        src = next((v for v in reversed(own) if v.width <= shown), own[0])
        largest = own[-1]
        return Picture(
            info.path,
            src.path,
            largest.width,
            largest.height,
            images.MIME_TYPES[kind],
            tuple(webp),
            tuple(own),
            loading,
        )

    def variant(self, info: ImageInfo, width: int, height: int, kind: str, square: bool) -> Variant:
        path = images.variant_name(info, width, height, kind, square)
        self.make(path, lambda: Output(path, "image", ImageView(info, width, height, kind, square)))
        return Variant(path, width, height)

    def markdown_pictures(
        self, bodies: Sequence[Markdown], first: _FirstPicture, top: bool
    ) -> tuple[Picture, ...]:
        """The pictures Markdown shows, in order; `top`: the first body opens the page."""
        found: dict[str, Picture] = {}
        for number, body in enumerate(bodies):
            for index, path in enumerate(body.images):
                if path in found:
                    continue
                above = top and number == 0 and index == 0 and body.opens_with_image
                picture = self.picture(path, first, above_fold=above)
                if picture:
                    found[path] = picture
        return tuple(found.values())

    def preview(self, picture: Picture, alt: str) -> PreviewImage:
        """A page's own picture as links to it show it: a size in its own format, for every
        site that reads Open Graph (not all read WebP)."""
        sizes = picture.fallback
        chosen = next((v for v in reversed(sizes) if v.width <= PREVIEW_WIDTH), sizes[0])
        return PreviewImage(chosen.path, chosen.width, chosen.height, picture.type, alt)

    def social_card(self, url: str, title: str, line: str) -> PreviewImage:
        """The card a link to a page without a picture shows: its title, what it is, the site."""
        site_title = self.site.config.title
        path = url.lstrip("/") + "card.png"
        view = CardView(title, line, site_title, self.style)
        self.make(path, lambda: Output(path, "card", view), again=True)
        width, height = CARD_SIZE
        return PreviewImage(path, width, height, "image/png", f"{title}. {line}. {site_title}")

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
        first = _FirstPicture()
        image = self.picture(page.image, first, above_fold=True) if page else None
        language = self.language_of(page) if page else self.language
        meta = PageMeta(
            "/",
            config.title,
            (page.summary if page and page.summary else None)
            or config.description
            or (page.body.text if page else config.title),
            image=self.preview(image, page.image_alt or page.title) if image and page else None,
            draft=bool(page and page.draft),
            language=language,
        )
        return HomeView(
            meta,
            page,
            tuple(
                UpcomingSession(
                    s,
                    Link(c.url, c.title, self.language_of(c)),
                    self.persons(s.presenters, s.guests),
                    timeline.registration_status(c, self.as_of),
                    c.format,
                )
                for s, c in upcoming
            ),
            tuple(self.card(c, language) for c in self.joinable),
            self.highlights(),
            image,
            self.markdown_pictures((page.body,) if page else (), first, image is None),
        )

    def highlights(self) -> tuple[RecordingItem, ...]:
        """The newest recordings held by the build date, those offering credit first."""
        held = recent_recordings(self.site, self.as_of)
        with_credit = [
            r
            for r in held
            if r.credit and timeline.credit_status(r.credit, self.as_of) == "available"
        ]
        # By identity: comparing records would read every field of each.
        first = {id(r) for r in with_credit}
        chosen = (with_credit + [r for r in held if id(r) not in first])[:HOME_HIGHLIGHTS]
        return tuple(self.item(r, course_title=True) for r in chosen)

    def page(self, page: Page) -> PageView:
        first = _FirstPicture()
        image = self.picture(page.image, first, above_fold=True)
        meta = PageMeta(
            page.url,
            page.title,
            page.summary or page.body.text or page.title,
            kind="article",
            image=self.preview(image, page.image_alt or page.title) if image else None,
            draft=page.draft,
            language=self.language_of(page),
        )
        pictures = self.markdown_pictures((page.body,), first, image is None)
        return PageView(meta, page, image, pictures)

    def courses(self, topics: list[ListingView], audiences: list[ListingView]) -> CoursesView:
        words = self.words
        meta = PageMeta(
            "/courses/",
            words.gettext("Current and upcoming courses"),
            words.gettext(
                "Free ECHO courses from %(site)s: schedules, faculty, credit and registration.",
                site=self.site.config.title,
            ),
            language=self.language,
        )
        return CoursesView(
            meta,
            tuple(self.card(c, self.language) for c in self.joinable),
            tuple(Link(t.meta.url, t.name, t.name_language) for t in topics),
            tuple(Link(a.meta.url, a.name, a.name_language) for a in audiences),
        )

    def course(self, course: Course) -> CourseView:
        as_of = self.as_of
        recordings = self.by_course.get(course.slug, [])
        on_day = {r.date: r for r in reversed(recordings)}  # the first of a day, as listed
        language = self.language_of(course)
        words = messages(language)
        sessions = tuple(
            SessionEntry(
                session,
                self.persons(session.presenters, session.guests),
                Link(r.url, r.title, self.language_of(r))
                if (r := on_day.get(session.date))
                else None,
                session.date < as_of,
                not (session.cancelled or session.date < as_of),
                timeline.claim_closes(course, session, as_of),
            )
            for session in course.sessions
        )
        ahead = _sessions_ahead(course, as_of)
        config = self.site.config
        contact = course.contact or config.contact_email
        first = _FirstPicture()
        image = self.picture(course.image, first, above_fold=True)
        bodies = (course.body, *(s.description for s in course.sessions))
        pictures = self.markdown_pictures(bodies, first, False)
        faculty = self.persons(course.faculty)
        portraits = tuple(self.picture(p.photo, first, square=True) for p in faculty)
        if image:
            preview = self.course_pictures[course.slug] = self.preview(
                image, course.image_alt or course.title
            )
        else:
            held = course.held_sessions
            first_day, last_day = held[0].date, held[-1].date
            days = formats.medium_date(first_day, language)
            if last_day != first_day:
                days = words.gettext(
                    "%(first)s to %(last)s",
                    first=days,
                    last=formats.medium_date(last_day, language),
                )
            line = words.gettext("ECHO course · %(days)s", days=days)
            preview = self.social_card(course.url, course.title, line)
        self.previews[course.slug] = preview
        meta = PageMeta(
            course.url,
            course.title,
            course.summary,
            kind="article",
            image=preview,
            draft=course.draft,
            language=language,
        )
        qr = course.url.lstrip("/") + "qr.svg"
        code = QrView(absolute_url(self.site.config.base_url, course.url))
        self.make(qr, lambda: Output(qr, "qr", code), again=True)
        return CourseView(
            meta,
            course,
            timeline.course_status(course, as_of),
            timeline.registration_status(course, as_of),
            sessions,
            faculty,
            tuple(self.item(r) for r in recordings),
            timeline.next_session(course, as_of),
            formats.meeting_pattern(course.held_sessions, course.schedule, language),
            formats.usual_time(course.held_sessions, config.clock, language),
            len(ahead),
            contact,
            image,
            portraits,
            pictures,
            qr,
            self.disclosures(course),
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
        words = self.words
        for number in range(1, count + 1):
            title = words.gettext("Enduring materials")
            if number > 1:
                title = words.gettext(
                    "Enduring materials, page %(number)d of %(count)d", number=number, count=count
                )
            meta = PageMeta(
                enduring_url(number),
                title,
                words.gettext(
                    "Recordings, slides and resources from past ECHO sessions, some with "
                    "continuing education credit."
                ),
                language=self.language,
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
                    len(self.with_credit()),
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
            self.language_of(course),
        )

    def recording(self, recording: Recording, course: Course | None) -> RecordingView:
        # A link to a recording shows its course's picture or card (its own title is the
        # link's text); recordings of no course share one card. Drawing a card for each of
        # ten thousand recordings would cost a large hub more than the rest of its build.
        preview = self.previews.get(course.slug) if course else None
        if preview is None:
            line = self.words.gettext("Recordings of past ECHO sessions")
            preview = self.social_card("/recordings/", self.site.config.title, line)
        meta = PageMeta(
            recording.url,
            recording.title,
            recording.body.text or recording.title,
            kind="video.other",
            image=preview,
            draft=recording.draft,
            language=self.language_of(recording),
        )
        credit = recording.credit
        # Above the video, the body's first picture would be; below it, it waits its turn.
        above_fold = recording.video is None
        return RecordingView(
            meta,
            recording,
            Link(course.url, course.title, self.language_of(course)) if course else None,
            self.persons(recording.presenters, recording.guests),
            timeline.credit_status(credit, self.as_of) if credit else None,
            self.markdown_pictures((recording.body,), _FirstPicture(), above_fold),
            self.disclosures(recording),
            self.course_pictures.get(course.slug) if course else None,
        )

    def with_credit(self) -> list[Recording]:
        """Recordings whose credit is available at the build date, newest first."""
        if self._with_credit is None:
            self._with_credit = [
                r
                for r in reversed(self.site.recordings)
                if r.credit and timeline.credit_status(r.credit, self.as_of) == "available"
            ]
        return self._with_credit

    def credit_page(self) -> CreditView:
        """Recordings to watch for credit now, by credit type (in alphabetical order)."""
        by_type: dict[str, list[CreditItem]] = {}
        for recording in self.with_credit():
            credit = recording.credit
            assert credit is not None
            parent = self.site.course(recording.course)
            for line in credit.lines:
                by_type.setdefault(line.type, []).append(
                    CreditItem(
                        recording.url,
                        recording.title,
                        recording.date,
                        line.hours,
                        credit.expires,
                        recording.duration_minutes,
                        parent.title if parent else None,
                        self.language_of(recording),
                        self.language_of(parent) if parent else "",
                    )
                )
        groups = tuple(
            CreditGroup(kind, "credit-" + (slugify(kind) or "type"), tuple(items))
            for kind, items in sorted(by_type.items(), key=lambda pair: pair[0].casefold())
        )
        words = self.words
        meta = PageMeta(
            CREDIT_URL,
            words.gettext("Recordings with credit"),
            words.gettext(
                "Recorded ECHO sessions that offer continuing education credit now, by credit "
                "type, with their hours and the last day to claim."
            ),
            language=self.language,
        )
        return CreditView(meta, groups)

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
            words = self.words
            views = []
            for slug, name in sorted(names.items()):
                courses = members[slug]
                title = (
                    words.gettext("Topic: %(name)s", name=name)
                    if kind == "topic"
                    else words.gettext("Audience: %(name)s", name=name)
                )
                meta = PageMeta(
                    f"/{folder}/{slug}/",
                    title,
                    words.gettext("ECHO courses and recordings for %(name)s.", name=name),
                    language=self.language,
                )
                spoken = {self.language_of(c) for c in courses}
                views.append(
                    ListingView(
                        meta,
                        kind,
                        name,
                        tuple(
                            self.card(c, self.language)
                            for c in timeline.courses_by_next_session(tuple(courses), self.as_of)
                        ),
                        tuple(
                            PastCourse(c.url, c.title, c.last_day, self.language_of(c))
                            for c in courses
                            if c.slug not in current
                        ),
                        tuple(
                            self.item(r, course_title=True)
                            for r in shown[slug][:LISTING_RECORDINGS]
                        ),
                        len(shown[slug]),
                        spoken.pop() if len(spoken) == 1 else self.language,
                    )
                )
            result.append(views)
        return result[0], result[1]

    def search(self, search: SearchSettings) -> SearchView:
        words = self.words
        meta = PageMeta(
            "/search/",
            words.gettext("Search"),
            words.gettext("Search %(site)s.", site=self.site.config.title),
            indexed=False,
            language=self.language,
        )
        if not search.enabled:
            return SearchView(meta, False, ())
        types = {line.type for r in self.with_credit() if r.credit for line in r.credit.lines}
        return SearchView(meta, True, search.indexes, tuple(sorted(types, key=str.casefold)))

    def not_found(self) -> NotFoundView:
        words = self.words
        return NotFoundView(
            PageMeta(
                "/404.html",
                words.gettext("Page not found"),
                words.gettext("This page could not be found."),
                indexed=False,
                link_mode="base-path",
                language=self.language,
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
        # The editing page is the editors' own, in English: not translated.
        meta = PageMeta(
            "/admin/",
            f"Edit {self.site.config.title}",
            "Where the site's editors change its content.",
            indexed=False,
            language=self.language,
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
        stamp = dt.datetime.combine(self.as_of, dt.time(0, 0), tzinfo=dt.UTC)
        event = self.events(stamp)
        for course in self.site.courses:
            plan = partial(self.course_calendars, course, event)
            yield from self.unit(f"calendars:{course.slug}", plan)
        # What a course's unit read for its events counts for it alone: noted, they are made
        # again for the site's calendar.
        everything = self.events(stamp) if self.recorder is not None else event
        yield from self.unit("calendar", partial(self.site_calendar, everything))

    def events(self, stamp: dt.datetime) -> Callable[[Course, Session], CalendarEvent]:
        """Sessions as calendars show them, each made once."""
        site = self.site
        events: dict[tuple[str, int], CalendarEvent] = {}

        def event(course: Course, session: Session) -> CalendarEvent:
            key = (course.slug, session.number)
            if key not in events:
                language = self.language_of(course)
                # English texts on an English site say nothing of their language, as before.
                english = messages(self.language).english and language == self.language
                marked = "" if english else language
                events[key] = _event(site, course, session, stamp, messages(language), marked)
            return events[key]

        return event

    def site_calendar(self, event: Callable[[Course, Session], CalendarEvent]) -> Output:
        """Every session still ahead, of every course."""
        site = self.site
        pairs = sorted(
            ((c, s) for c in site.courses for s in c.sessions if s.date >= self.as_of),
            key=lambda pair: (pair[1].start.astimezone(dt.UTC), pair[0].slug, pair[1].number),
        )
        upcoming = tuple(event(c, s) for c, s in pairs)
        view = CalendarView(site.config.title, upcoming, _years([s for _, s in pairs]))
        return Output("calendar.ics", "calendar", view)

    def course_calendars(
        self, course: Course, event: Callable[[Course, Session], CalendarEvent]
    ) -> list[Output]:
        """A course's calendar, of its sessions ahead, and of each session."""
        words = messages(self.language_of(course))
        every = tuple(event(course, s) for s in course.sessions)
        folder = f"courses/{course.slug}/"
        calendars = [
            Output(
                folder + "calendar.ics",
                "calendar",
                CalendarView(course.title, every, _years(course.sessions)),
            )
        ]
        ahead = _sessions_ahead(course, self.as_of)
        if ahead:
            events_ahead = tuple(event(course, s) for s in ahead)
            name = words.gettext("%(course)s: sessions ahead", course=course.title)
            view = CalendarView(name, events_ahead, _years(ahead))
            calendars.append(Output(folder + "upcoming.ics", "calendar", view))
        # A session's own file covers the years of its whole course.
        years = (course.sessions[0].date.year, course.sessions[-1].date.year)
        for session, one in zip(course.sessions, every, strict=True):
            name = words.gettext(
                "%(course)s: %(session)s", course=course.title, session=session.title
            )
            view = CalendarView(name, (one,), years)
            calendars.append(Output(f"{folder}session-{session.number}.ics", "calendar", view))
        return calendars

    def feed(self) -> FeedView:
        """New courses (current and upcoming) and the most recent recordings."""
        site, as_of = self.site, self.as_of
        base = site.config.base_url
        words = self.words

        def entry(item: Course | Recording, day: dt.date, summary: str, kind: str) -> FeedEntry:
            """An entry, marked with its language where it is not the feed's."""
            language = self.language_of(item)
            return FeedEntry(
                day,
                absolute_url(base, item.url),
                item.title,
                summary,
                kind,
                "" if language == self.language else language,
            )

        entries = [
            entry(course, course.first_day, course.summary, words.gettext("Course"))
            for course in site.courses
            if timeline.course_status(course, as_of) != "ended"
        ]
        recorded = words.gettext("Recording")
        entries += [
            entry(recording, recording.date, recording.body.text or recording.title, recorded)
            for recording in recent_recordings(site, as_of)
        ]
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


def _redirect(alias: str, item: Page | Course | Recording, language: str) -> RedirectView:
    """The old address of a page, in the language of the page it leads to."""
    words = messages(language)
    title = words.gettext("This page has moved")
    meta = PageMeta(
        alias, title, words.gettext("This page has moved."), indexed=False, language=language
    )
    return RedirectView(meta, item.url)


def _event(
    site: Site,
    course: Course,
    session: Session,
    stamp: dt.datetime,
    words: Messages,
    language: str,
) -> CalendarEvent:
    """A session as calendars show it, in its course's language (`words`); `language` is
    what its texts say they are written in ("" for nothing)."""
    url = absolute_url(site.config.base_url, course.url)
    title = words.gettext("%(course)s: %(session)s", course=course.title, session=session.title)
    presenters = [site.people[p].display_name for p in session.presenters if p in site.people]
    presenters += [guest.display_name for guest in session.guests]
    lines = [course.summary]
    if presenters:
        lines.append(words.gettext("Presenters: %(names)s", names="; ".join(presenters)))
    lines.append(words.gettext("The meeting link is sent to registered participants."))
    lines.append(words.gettext("Course page: %(url)s", url=url))
    return CalendarEvent(
        uid=session_uid(site.config.base_url, course, session),
        stamp=stamp,
        start=session.start,
        end=session.end,
        summary=words.gettext("Cancelled: %(title)s", title=title) if session.cancelled else title,
        description="\n\n".join(lines),
        url=url,
        cancelled=session.cancelled,
        timezone=course.timezone,
        location=words.gettext("Online (videoconference)"),
        language=language,
    )


_JOIN_ORDER: dict[timeline.RegistrationStatus | None, int] = {
    "open": 0,
    None: 1,  # no registration form: ask the contact
    "waitlist": 2,
    "full": 3,
    "closed": 4,
}


def _sessions_ahead(course: Course, as_of: dt.date) -> tuple[Session, ...]:
    """Sessions still to be held: what "add to calendar" offers."""
    return tuple(s for s in course.sessions if s.date >= as_of and not s.cancelled)


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
