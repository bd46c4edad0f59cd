"""Load content/ into the site model: read, validate, and build frozen records.

This is the load phase. It reads every file, reports every problem it finds (all of them, at
their lines), and returns a complete `Site` only when there are no errors.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import BuildFailed, Problem, suggestion
from .markdown import render_markdown
from .model import (
    EMPTY_MARKDOWN,
    Alias,
    Course,
    CourseCredit,
    Markdown,
    NavLink,
    Page,
    Person,
    Recording,
    RecordingCredit,
    Registration,
    Resource,
    ScheduleRule,
    Session,
    Site,
    SiteConfig,
    Source,
    StaticFile,
)
from .schedule import ScheduleError, expand, parse_every, parse_on
from .sources import (
    ContentFiles,
    MarkdownSource,
    display_path_for,
    find_content,
    read_markdown,
    read_yaml_file,
)
from .timeline import latest_allowed_expiry
from .urls import output_file, page_url, slugify
from .validate import FieldReader, References, Values

# Site paths the generator writes itself; a page or alias may not take them.
RESERVED_URLS = {
    "/courses/": "the course list",
    "/enduring-materials/": "the enduring materials page",
    "/search/": "the search page",
    "/topics/": "the topics folder",
    "/audiences/": "the audiences folder",
    "/recordings/": "the recordings folder",
    "/files/": "the files folder",
    "/assets/": "the theme's files",
    "/pagefind/": "the search index",
}


@dataclass(frozen=True)
class LoadOptions:
    include_drafts: bool = False
    base_url: str | None = None


def load_site(
    content_dir: Path, options: LoadOptions = LoadOptions()
) -> tuple[Site, list[Problem]]:
    """Read content/ and return the site and its warnings; raise BuildFailed on any error."""
    problems: list[Problem] = []
    if not content_dir.is_dir():
        raise BuildFailed(
            [
                Problem(
                    content_dir.as_posix(),
                    1,
                    1,
                    "the content folder does not exist",
                    "check the --content folder, or create it",
                )
            ]
        )
    files = find_content(content_dir, problems)
    config = _load_config(content_dir, files, options, problems)
    people, person_ids = _load_people(content_dir, files, problems)
    statics = tuple(StaticFile(path, size, "") for path, _, size in files.assets)
    sources = [
        read_markdown(content_dir, folder, path, problems) for folder, path in files.markdown
    ]
    loaded = [s for s in sources if s is not None]
    references = References(
        files=frozenset(f.path for f in statics),
        people=person_ids,
        # Every course file counts, readable or not, so one broken file is reported once.
        courses=frozenset(path.stem for folder, path in files.markdown if folder == "courses"),
    )
    builder = _Builder(config, references, problems)
    pages = tuple(p for p in (builder.page(s) for s in loaded if s.folder == "pages") if p)
    courses = tuple(c for c in (builder.course(s) for s in loaded if s.folder == "courses") if c)
    recordings = tuple(
        r for r in (builder.recording(s) for s in loaded if s.folder == "recordings") if r
    )
    _check_credit_types(config, courses, recordings, problems)
    _check_recording_dates(courses, recordings, problems)
    if not options.include_drafts:
        pages = tuple(p for p in pages if not p.draft)
        courses = tuple(c for c in courses if not c.draft)
        recordings = tuple(r for r in recordings if not r.draft)
    _check_url_collisions(pages, courses, recordings, problems)
    if any(p.severity == "error" for p in problems):
        raise BuildFailed(problems)
    site = Site(
        config=config,
        people=people,
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        courses=tuple(sorted(courses, key=lambda c: c.slug)),
        recordings=tuple(sorted(recordings, key=lambda r: (r.date, r.slug))),
        files=statics,
        include_drafts=options.include_drafts,
    )
    return site, [p for p in problems if p.severity == "warning"]


# -- site.yaml and people.yaml ---------------------------------------------------------------


_FALLBACK_CONFIG = SiteConfig(
    title="",
    base_url="https://example.org/",
    timezone="UTC",
    contact_email="",
    organization="",
    language="en",
    proposal_url=None,
    donate_url=None,
    nav=(),
    credit_statements=(),
    description="",
    clock=12,
    raw_html=False,
    source=Source("content/site.yaml"),
)


def _load_config(
    content_dir: Path, files: ContentFiles, options: LoadOptions, problems: list[Problem]
) -> SiteConfig:
    if files.site_yaml is None:
        return _FALLBACK_CONFIG
    doc = read_yaml_file(content_dir, files.site_yaml, problems)
    if doc is None:
        return _FALLBACK_CONFIG
    display = display_path_for(content_dir, files.site_yaml)
    statics = frozenset(path for path, _, _ in files.assets)
    reader = FieldReader(doc, display, problems, References(files=statics), "site.yaml")
    values = reader.section(schema.SITE, doc.data, (), "site.yaml")
    if values is None or any(
        values[name] is None for name in ("title", "base_url", "timezone", "contact_email")
    ):
        return _FALLBACK_CONFIG
    base_url = options.base_url or values["base_url"]
    if not base_url.endswith("/"):
        base_url += "/"
    nav = tuple(
        NavLink(item["title"], item["url"], reader.source((*item.path, "url")))
        for item in values["nav"] or ()
        if item["title"] and item["url"]
    )
    return SiteConfig(
        title=values["title"],
        base_url=base_url,
        timezone=values["timezone"],
        contact_email=values["contact_email"],
        organization=values["organization"] or values["title"],
        language=values["language"] or "en",
        proposal_url=values["proposal_url"],
        donate_url=values["donate_url"],
        nav=nav,
        credit_statements=tuple(sorted((values["credit_statements"] or {}).items())),
        description=values["description"] or "",
        clock=int(values["clock"] or 12),
        raw_html=bool(values["raw_html"]),
        source=Source(display, 1, 1),
    )


def _load_people(
    content_dir: Path, files: ContentFiles, problems: list[Problem]
) -> tuple[dict[str, Person], frozenset[str] | None]:
    """Read people.yaml; also return every id it names (None when it cannot be read at all),
    so that one broken entry is reported once, not at every reference to it."""
    if files.people_yaml is None:
        return {}, frozenset()
    doc = read_yaml_file(content_dir, files.people_yaml, problems)
    if doc is None:
        return {}, None
    if doc.data is None:
        return {}, frozenset()
    display = display_path_for(content_dir, files.people_yaml)
    statics = frozenset(path for path, _, _ in files.assets)
    reader = FieldReader(doc, display, problems, References(files=statics), "person")
    if not isinstance(doc.data, dict):
        reader.problem(
            (),
            "people.yaml should list people by id",
            "write each person as an id on its own line (jdoe:), with their fields indented "
            "under it (name: Jane Doe)",
        )
        return {}, None
    people = {}
    for person_id, raw in sorted(doc.data.items()):
        if any(ch.isspace() for ch in person_id) or not person_id:
            reader.problem(
                (person_id,),
                f"the id {person_id!r} contains spaces",
                f"use an id without spaces, like {person_id.lower().replace(' ', '')}",
                key=True,
            )
            continue
        if isinstance(raw, str):
            raw = {"name": raw}
        values = reader.section(schema.PERSON, raw, (person_id,), "person")
        if values is None or values["name"] is None:
            continue
        if values["photo"] and not values["photo_alt"]:
            reader.problem(
                (person_id, "photo"),
                f"the photo of {values['name']} has no photo_alt",
                "add photo_alt: a few words on what the photo shows",
                severity="warning",
            )
        people[person_id] = Person(
            id=person_id,
            name=values["name"],
            credentials=values["credentials"],
            role=values["role"],
            organization=values["organization"],
            photo=values["photo"],
            photo_alt=values["photo_alt"],
            source=reader.source((person_id,), key=True),
        )
    return people, frozenset(doc.data)


# -- courses, recordings, pages --------------------------------------------------------------


class _Builder:
    """Build records from Markdown sources, one kind at a time."""

    def __init__(self, config: SiteConfig, references: References, problems: list[Problem]):
        self.config = config
        self.references = references
        self.problems = problems

    def _reader(self, source: MarkdownSource, noun: str) -> FieldReader:
        return FieldReader(
            source.fields, source.file.display_path, self.problems, self.references, noun
        )

    def _body(self, source: MarkdownSource, page: str) -> Markdown:
        return render_markdown(
            source.body,
            page=page,
            content_path=source.file.path,
            display_path=source.file.display_path,
            first_line=source.body_first_line,
            problems=self.problems,
            raw_html=self.config.raw_html,
        )

    def page(self, source: MarkdownSource) -> Page | None:
        reader = self._reader(source, "page")
        values = reader.section(schema.PAGE, source.fields.data)
        if values is None or values["title"] is None:
            return None
        url = page_url("pages", source.slug)
        return Page(
            slug=source.slug,
            title=values["title"],
            summary=values["summary"],
            draft=bool(values["draft"]),
            aliases=_aliases(reader, values),
            body=self._body(source, url),
            source=Source(source.file.display_path),
        )

    def recording(self, source: MarkdownSource) -> Recording | None:
        reader = self._reader(source, "recording")
        values = reader.section(schema.RECORDING, source.fields.data)
        if values is None or values["title"] is None or values["date"] is None:
            return None
        credit = self._recording_credit(reader, values["credit"])
        resources = tuple(
            Resource(r["title"], r["url"])
            for r in values["resources"] or ()
            if r["title"] and r["url"]
        )
        url = page_url("recordings", source.slug)
        return Recording(
            slug=source.slug,
            title=values["title"],
            date=values["date"],
            course=values["course"],
            presenters=values["presenters"] or (),
            video=values["video"],
            captions=values["captions"],
            duration_minutes=values["duration_minutes"],
            slides=values["slides"],
            resources=resources,
            credit=credit,
            draft=bool(values["draft"]),
            aliases=_aliases(reader, values),
            body=self._body(source, url),
            source=Source(source.file.display_path),
        )

    def _recording_credit(
        self, reader: FieldReader, values: Values | None
    ) -> RecordingCredit | None:
        if values is None or not values["type"] or not values["released"] or not values["expires"]:
            return None
        credit = RecordingCredit(
            type=values["type"],
            hours=values["hours"],
            released=values["released"],
            reviewed=values["reviewed"],
            expires=values["expires"],
            claim_url=values["claim_url"],
            statement=self.config.credit_statement(values["type"]),
        )
        path = values.path
        if credit.expires < credit.released:
            reader.problem(
                (*path, "expires"),
                f"credit expires ({credit.expires}) before it is released ({credit.released})",
                "check both dates",
            )
            return None
        if credit.reviewed and credit.reviewed < credit.released:
            reader.problem(
                (*path, "reviewed"),
                f"the review date ({credit.reviewed}) is before the "
                f"release date ({credit.released})",
                "check both dates",
            )
        latest = latest_allowed_expiry(credit)
        if credit.expires > latest:
            since = "review" if credit.reviewed and credit.reviewed > credit.released else "release"
            reader.problem(
                (*path, "expires"),
                f"credit expires more than 3 years after its {since}",
                f"enduring material may offer credit for at most 3 years: set expires: "
                f"{latest.isoformat()} or earlier, or add a later reviewed: date",
            )
            return None
        return credit

    def course(self, source: MarkdownSource) -> Course | None:
        reader = self._reader(source, "course")
        data = source.fields.data
        values = reader.section(_course_section(data), data)
        if values is None:
            return None
        # A zone that could not be read was reported; check the rest in the site's zone.
        zone_unreadable = values["timezone"] is None and data.get("timezone") is not None
        timezone = values["timezone"] or self.config.timezone
        url = page_url("courses", source.slug)
        schedule = self._schedule(reader, values["schedule"]) if values["schedule"] else None
        schedule_unreadable = data.get("schedule") is not None and schedule is None
        sessions = (
            ()
            if schedule_unreadable
            else self._sessions(reader, values, schedule, timezone, url, source.file.path)
        )
        registration = None
        if values["registration"]:
            reg = values["registration"]
            status_path = (*reg.path, "status") if reg["status"] else reg.path
            registration = Registration(
                reg["url"], reg["closes"], reg["status"], reader.source(status_path)
            )
            if reg["closes"] and sessions and reg["closes"] > max(s.date for s in sessions):
                reader.problem(
                    (*reg.path, "closes"),
                    "registration closes after the last session",
                    "check the date: registration usually closes before the first session",
                    severity="warning",
                )
        if values["image"] and not values["image_alt"]:
            reader.problem(
                ("image",),
                "the course image has no image_alt",
                "add image_alt: a few words on what the picture shows",
                severity="warning",
            )
        body = self._body(source, url)
        if not sessions or zone_unreadable or values["title"] is None or values["summary"] is None:
            return None
        credit = None
        if values["credit"] and values["credit"]["type"]:
            credit = CourseCredit(
                values["credit"]["type"],
                values["credit"]["hours_per_session"],
                self.config.credit_statement(values["credit"]["type"]),
            )
        return Course(
            slug=source.slug,
            title=values["title"],
            summary=values["summary"],
            topics=values["topics"] or (),
            audience=values["audience"] or (),
            format=values["format"] or "cohort",
            timezone=timezone,
            sessions=sessions,
            schedule=schedule,
            faculty=values["faculty"] or (),
            credit=credit,
            registration=registration,
            flyer=values["flyer"],
            image=values["image"],
            image_alt=values["image_alt"],
            contact=values["contact"],
            draft=bool(values["draft"]),
            aliases=_aliases(reader, values),
            body=body,
            source=Source(source.file.display_path),
        )

    def _schedule(self, reader: FieldReader, values: Values) -> ScheduleRule | None:
        path = values.path
        if not values["starts"] or not values["every"] or not values["on"]:
            return None
        try:
            every, unit = parse_every(values["every"])
        except ScheduleError as error:
            reader.problem((*path, "every"), error.message, error.hint)
            return None
        try:
            parse_on(values["on"], unit)
        except ScheduleError as error:
            reader.problem((*path, "on"), error.message, error.hint)
            return None
        if values["count"] is None and values["ends"] is None:
            written = reader.doc.key_positions.keys() & {(*path, "count"), (*path, "ends")}
            if written:
                return None  # written but unreadable: already reported
            reader.problem(
                path,
                "the schedule needs count or ends",
                "add count: with the number of sessions, or ends: with the last date",
            )
            return None
        if values["count"] is not None and values["ends"] is not None:
            reader.problem(
                (*path, "ends"), "the schedule gives both count and ends", "keep one of them"
            )
            return None
        if values["ends"] and values["ends"] < values["starts"]:
            reader.problem(
                (*path, "ends"),
                f"the schedule ends ({values['ends']}) before it starts ({values['starts']})",
                "check both dates",
            )
            return None
        return ScheduleRule(
            values["starts"],
            every,
            unit,
            values["on"],
            values["count"],
            values["ends"],
            values["except"] or (),
        )

    def _sessions(
        self,
        reader: FieldReader,
        values: Values,
        rule: ScheduleRule | None,
        timezone: str,
        url: str,
        content_path: str,
    ) -> tuple[Session, ...]:
        """Date and time every session, from its own date or the schedule rule's."""
        listed: list[Values] = values["sessions"] or []
        dates: list[dt.date | None] = [s["date"] for s in listed]
        if rule is not None:
            rule_dates, unmatched = expand(rule)
            for day in unmatched:
                index = rule.except_dates.index(day)
                except_path = (*values["schedule"].path, "except")
                item_path = (
                    (*except_path, index)
                    if isinstance(reader.doc.data.get("schedule", {}).get("except"), list)
                    else except_path
                )
                nearby = ", ".join(d.isoformat() for d in _nearest(rule_dates, day))
                reader.problem(
                    item_path,
                    f"{day} is not one of this schedule's dates",
                    f"skip a date the schedule gives (near it: {nearby}), or remove it",
                )
            if not rule_dates:
                reader.problem(
                    values["schedule"].path,
                    "the schedule gives no dates",
                    "check starts, ends and except",
                )
                return ()
            if "sessions" not in reader.doc.data:
                listed = [Values(values.path) for _ in rule_dates]
                dates = [None] * len(rule_dates)
            elif len(listed) != len(rule_dates):
                reader.problem(
                    ("sessions",),
                    f"the schedule gives {len(rule_dates)} dates but "
                    f"{len(listed)} sessions are listed",
                    f"list {len(rule_dates)} sessions, or change the schedule "
                    f"(last date it gives: {rule_dates[-1]})",
                    key=True,
                )
                return ()
            for index, (session, rule_date) in enumerate(zip(listed, rule_dates, strict=True)):
                if session["date"] and session["date"] != rule_date:
                    reader.problem(
                        (*session.path, "date"),
                        f"session {index + 1} is dated "
                        f"{session['date']} but the schedule's date for it is {rule_date}",
                        "remove the date to use the schedule's, or correct the schedule",
                    )
                    return ()
                dates[index] = rule_date
        elif not listed:
            if reader.doc.data.get("sessions") is not None:
                return ()  # written but unreadable: already reported
            reader.problem(
                (),
                "a course needs 'sessions'",
                "list the sessions, each with a date, or give a schedule rule",
            )
            return ()
        built = []
        course_time = values["time"]
        for index, (session, when) in enumerate(zip(listed, dates, strict=True)):
            if when is None:
                if (*session.path, "date") in reader.doc.key_positions:
                    continue  # written but unreadable: already reported
                reader.problem(
                    session.path,
                    f"session {index + 1} has no date",
                    "add date: YYYY-MM-DD, or give the course a schedule rule",
                )
                continue
            day = when
            times = session["time"] or course_time
            if times is None:
                written = (
                    "time" in reader.doc.data or (*session.path, "time") in reader.doc.key_positions
                )
                if not written:  # a time that was written but unreadable is already reported
                    reader.problem(
                        session.path,
                        f"session {index + 1} has no time",
                        'give the course a time, like time: "12:00-13:00"',
                    )
                continue
            zone = zoneinfo.ZoneInfo(timezone)
            description = EMPTY_MARKDOWN
            if session["description"]:
                description = render_markdown(
                    session["description"],
                    page=url,
                    content_path=content_path,
                    display_path=reader.display_path,
                    first_line=reader.source((*session.path, "description")).line,
                    problems=self.problems,
                    raw_html=self.config.raw_html,
                )
            built.append(
                Session(
                    number=0,
                    date=day,
                    start=dt.datetime.combine(day, times[0], tzinfo=zone),
                    end=dt.datetime.combine(day, times[1], tzinfo=zone),
                    title=session["title"] or "",
                    presenters=session["presenters"] or (),
                    cancelled=bool(session["cancelled"]),
                    description=description,
                    source=reader.source(session.path),
                )
            )
        if len(built) != len(listed):
            return ()
        built.sort(key=lambda s: s.start)
        return tuple(
            Session(
                number=n,
                date=s.date,
                start=s.start,
                end=s.end,
                title=s.title or f"Session {n}",
                presenters=s.presenters,
                cancelled=s.cancelled,
                description=s.description,
                source=s.source,
            )
            for n, s in enumerate(built, 1)
        )


def _course_section(data: dict) -> schema.Section:
    """With a schedule rule, sessions may be left out (they take the rule's dates)."""
    if "schedule" not in data:
        return schema.COURSE
    fields = tuple(
        schema.Field(f.name, f.kind, f.help, False, f.example, f.choices, f.section)
        if f.name == "sessions"
        else f
        for f in schema.COURSE.fields
    )
    return schema.Section(schema.COURSE.name, fields)


def _nearest(dates: tuple[dt.date, ...], day: dt.date) -> list[dt.date]:
    return sorted(sorted(dates, key=lambda d: abs((d - day).days))[:2])


# -- checks across files ---------------------------------------------------------------------


def _check_credit_types(
    config: SiteConfig,
    courses: tuple[Course, ...],
    recordings: tuple[Recording, ...],
    problems: list[Problem],
) -> None:
    if config is _FALLBACK_CONFIG:
        return  # site.yaml could not be read; its statements are unknown, not missing
    known = [name for name, _ in config.credit_statements]
    credited: tuple[Course | Recording, ...] = (*courses, *recordings)
    for item in credited:
        credit = item.credit
        if credit and credit.statement is None:
            problems.append(
                Problem(
                    item.source.path,
                    item.source.line,
                    1,
                    f"there is no statement for the credit type '{credit.type}' in site.yaml",
                    suggestion(credit.type, known, "add it under credit_statements in site.yaml"),
                    "warning",
                )
            )


def _check_recording_dates(
    courses: tuple[Course, ...], recordings: tuple[Recording, ...], problems: list[Problem]
) -> None:
    by_slug = {c.slug: c for c in courses}
    for recording in recordings:
        course = by_slug.get(recording.course or "")
        if course and recording.date not in {s.date for s in course.sessions}:
            problems.append(
                Problem(
                    recording.source.path,
                    1,
                    1,
                    f"{course.title} has no session on {recording.date}",
                    "check the recording's date against the course's sessions",
                    "warning",
                )
            )


def _aliases(reader: FieldReader, values: Values) -> tuple[Alias, ...]:
    written = reader.doc.data.get("aliases")
    paths = values["aliases"] or ()
    return tuple(
        Alias(
            path, reader.source(("aliases", index) if isinstance(written, list) else ("aliases",))
        )
        for index, path in enumerate(paths)
    )


# Files the generator writes at fixed addresses, and folders that are entirely its own.
FIXED_FILES = (
    "/404.html",
    "/feed.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/calendar.ics",
    "/favicon.ico",
    "/_headers",
    "/_redirects",
)
OWN_FOLDERS = ("/assets/", "/pagefind/", "/files/")


def _check_url_collisions(
    pages: tuple[Page, ...],
    courses: tuple[Course, ...],
    recordings: tuple[Recording, ...],
    problems: list[Problem],
) -> None:
    """Each address has one source: two files, or an alias and a page, may not share one."""
    owners: dict[str, str] = {output_file(url): what for url, what in RESERVED_URLS.items()}
    owners.update({output_file(url): "a file the site generates" for url in FIXED_FILES})
    for kind, attribute, folder in (
        ("topic", "topics", "topics"),
        ("audience", "audience", "audiences"),
    ):
        for course in courses:
            for name in getattr(course, attribute):
                owners.setdefault(
                    output_file(f"/{folder}/{slugify(name)}/"), f"the {kind} page for {name}"
                )
    items: tuple[Page | Course | Recording, ...] = (*pages, *courses, *recordings)
    for item in items:
        file = output_file(item.url)
        if file in owners:
            problems.append(
                Problem(
                    item.source.path,
                    1,
                    1,
                    f"this would be published at {item.url}, which {owners[file]} already uses",
                    "rename the file so each address has one source",
                )
            )
        else:
            owners[file] = item.source.path
    folders = {c.url: c.source.path for c in courses} | {r.url: r.source.path for r in recordings}
    for item in items:
        for alias in item.aliases:
            file = output_file(alias.path)
            inside = next((f for f in (*OWN_FOLDERS, *folders) if alias.path.startswith(f)), None)
            if file in owners:
                where = owners[file]
                what = "the page from " + where if where.startswith("content/") else where
                message = f"the alias {alias.path} would replace {what}"
            elif inside:
                owner = folders.get(inside, "the site's own files")
                message = f"the alias {alias.path} is inside the folder of {owner}"
            else:
                owners[file] = f"an alias in {item.source.path}"
                continue
            problems.append(
                Problem(
                    alias.source.path,
                    alias.source.line,
                    alias.source.column,
                    message,
                    "remove this alias or choose another old address",
                )
            )
