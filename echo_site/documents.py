"""One Markdown source file into one record: a page, a course or a recording.

Each file is read on its own, with only site.yaml's settings for context, so files can be read
in parallel and their records kept in the build cache. References to people, courses and files
are collected here and checked once every file has been read (in content.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from . import schema
from .errors import Problem, suggestion
from .markdown import render_markdown
from .model import (
    EMPTY_MARKDOWN,
    Alias,
    Course,
    CourseCredit,
    CreditLine,
    Disclosure,
    Markdown,
    Page,
    Person,
    Recording,
    RecordingCredit,
    Reference,
    Registration,
    Relationship,
    Resource,
    ScheduleRule,
    Session,
    SiteConfig,
    Source,
)
from .schedule import ScheduleError, expand, parse_every, parse_on, stray_dates
from .sources import MarkdownSource, read_markdown
from .timeline import add_years, latest_allowed_expiry
from .urls import page_url
from .validate import FieldReader, Values
from .yamlsafe import YamlPath

Document = Page | Course | Recording
ReadResult = tuple[Document | None, list[Problem], tuple[Reference, ...]]

# Registration for an ECHO series usually closes in the days or weeks before the first session;
# hubs that choose participants from applications close them four to eight weeks ahead. A
# deadline more than about three months ahead would show a new course as closed for a whole
# season, and is far more often a year typo (which puts it ten months or more ahead).
REGISTRATION_LEAD_DAYS = 90


@dataclass(frozen=True)
class ReadSettings:
    """All a source is read with besides its own bytes: what site.yaml says about reading."""

    timezone: str
    raw_html: bool
    credit_statements: tuple[tuple[str, str], ...]
    site_readable: bool  # site.yaml could be read: credit types are checked against it
    claiming_credit: bool = False  # site.yaml says how to claim credit: pages may show it

    @classmethod
    def of(cls, config: SiteConfig, site_readable: bool) -> ReadSettings:
        return cls(
            config.timezone,
            config.raw_html,
            config.credit_statements,
            site_readable,
            config.claiming_credit is not None,
        )

    def credit_statement(self, credit_type: str) -> str | None:
        return dict(self.credit_statements).get(credit_type)


def read_document(content_dir: Path, folder: str, path: Path, settings: ReadSettings) -> ReadResult:
    """Read one Markdown file into its record, with the problems found in it.

    The people, courses and files it names are returned even when the record cannot be built,
    so that a misspelled name is reported with the file's other mistakes. The record's `digest`
    names everything it was read from: these arguments and the file's bytes.
    """
    problems: list[Problem] = []
    source = read_markdown(content_dir, folder, path, problems)
    if source is None:
        return None, problems, ()
    made_from = hashlib.sha256(
        repr((str(content_dir), folder, path.name, settings, source.file.digest)).encode()
    ).hexdigest()
    builder = DocumentBuilder(settings, problems, made_from)
    build = {"pages": builder.page, "courses": builder.course, "recordings": builder.recording}
    item = build[folder](source)
    return item, problems, tuple(builder.references)


class DocumentBuilder:
    """Build records from Markdown sources, one kind at a time."""

    def __init__(self, settings: ReadSettings, problems: list[Problem], made_from: str):
        self.settings = settings
        self.made_from = made_from
        self.problems = problems
        self.references: list[Reference] = []

    def _reader(self, source: MarkdownSource, noun: str) -> FieldReader:
        reader = FieldReader(source.fields, source.file.display_path, self.problems, noun)
        self.references = reader.references
        return reader

    def _body(self, source: MarkdownSource, page: str) -> Markdown:
        return render_markdown(
            source.body,
            page=page,
            content_path=source.file.path,
            display_path=source.file.display_path,
            first_line=source.body_first_line,
            problems=self.problems,
            raw_html=self.settings.raw_html,
        )

    def page(self, source: MarkdownSource) -> Page | None:
        reader = self._reader(source, "page")
        values = reader.section(schema.PAGE, source.fields.data)
        if values is None or values["title"] is None:
            return None
        url = page_url("pages", source.slug)
        if values["image"] and not values["image_alt"]:
            reader.problem(
                ("image",),
                "the page's image has no image_alt",
                "add image_alt: a few words on what the picture shows",
                severity="warning",
            )
        settings = self.settings
        if values["claiming_credit"] and settings.site_readable and not settings.claiming_credit:
            reader.problem(
                ("claiming_credit",),
                "this page shows how to claim credit, but site.yaml does not say how",
                "add claiming_credit: to site.yaml, with instructions: (and url: for the "
                "continuing education portal)",
                severity="warning",
            )
        return Page(
            slug=source.slug,
            title=values["title"],
            summary=values["summary"],
            image=values["image"],
            image_alt=values["image_alt"],
            draft=bool(values["draft"]),
            aliases=_aliases(reader, values),
            body=self._body(source, url),
            source=Source(source.file.display_path),
            references=tuple(reader.references),
            digest=self.made_from,
            claiming_credit=bool(values["claiming_credit"]),
            language=values["language"],
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
            references=tuple(reader.references),
            digest=self.made_from,
            date_source=reader.source(("date",)),
            planners=values["planners"] or (),
            guests=guests(reader, values["guests"]),
            language=values["language"],
        )

    def _recording_credit(
        self, reader: FieldReader, values: Values | None
    ) -> RecordingCredit | None:
        if values is None or not values["released"] or not values["expires"]:
            return None
        lines = self._credit_lines(reader, values, "hours")
        if not lines:
            return None
        credit = RecordingCredit(
            lines=lines,
            released=values["released"],
            reviewed=values["reviewed"],
            expires=values["expires"],
            claim_url=values["claim_url"],
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

    def _credit_lines(
        self, reader: FieldReader, credit: Values, hours: str
    ) -> tuple[CreditLine, ...]:
        """The credit's types: its `type` and `hours` (or `hours_per_session`), or each of
        its `types`; empty after reporting why there are none."""
        path = credit.path
        written = reader.doc.key_positions.keys()
        if (*path, "types") not in written:
            if not credit["type"]:
                return ()  # a missing type was reported with the section
            self._check_statement(reader, credit)
            return (
                CreditLine(
                    credit["type"],
                    credit[hours],
                    self.settings.credit_statement(credit["type"]),
                ),
            )
        for name in ("type", hours):
            if (*path, name) in written:
                reader.problem(
                    (*path, name),
                    f"this credit gives both {name} and types",
                    f"move the {name} into the list under types, so that each type has its "
                    "own hours",
                    key=True,
                )
                return ()
        items: list[Values] = credit["types"] or []
        if not items:
            if credit["types"] is not None:
                reader.problem(
                    (*path, "types"),
                    "the list of credit types is empty",
                    "list each type with its hours, or remove types",
                )
            return ()
        seen: dict[str, Values] = {}
        lines = []
        for item in items:
            if not item["type"]:
                return ()  # reported with the item
            if item["type"] in seen:
                reader.problem(
                    (*item.path, "type"),
                    f"the credit type '{item['type']}' is listed twice",
                    "list each type once, with its hours",
                )
                return ()
            seen[item["type"]] = item
            self._check_statement(reader, item)
            statement = self.settings.credit_statement(item["type"])
            lines.append(CreditLine(item["type"], item[hours], statement))
        return tuple(lines)

    def _check_statement(self, reader: FieldReader, credit: Values) -> None:
        """Credit needs its reviewed statement from site.yaml (unless site.yaml is unreadable)."""
        known = [name for name, _ in self.settings.credit_statements]
        if credit["type"] in known or not self.settings.site_readable:
            return
        reader.problem(
            (*credit.path, "type"),
            f"there is no statement for the credit type '{credit['type']}' in site.yaml",
            suggestion(credit["type"], known, "add it under credit_statements in site.yaml"),
            severity="warning",
        )

    def course(self, source: MarkdownSource) -> Course | None:
        reader = self._reader(source, "course")
        data = source.fields.data
        values = reader.section(_course_section(), data)
        if values is None:
            return None
        # A zone that could not be read was reported; check the rest in the site's zone.
        zone_unreadable = values["timezone"] is None and data.get("timezone") is not None
        timezone = values["timezone"] or self.settings.timezone
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
            if reg["closes"] and sessions:
                self._check_closes(reader, (*reg.path, "closes"), reg["closes"], sessions)
        for kind, name in (("topic", "topics"), ("audience", "audience")):
            self.references.extend(_name_references(reader, data.get(name), kind, name))
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
        if values["credit"]:
            written = values["credit"]
            lines = self._credit_lines(reader, written, "hours_per_session")
            if lines:
                credit = CourseCredit(lines, written["claim_url"], written["claim_days"] or 30)
            days, claim = (*written.path, "claim_days"), (*written.path, "claim_url")
            if days in reader.doc.key_positions and claim not in reader.doc.key_positions:
                reader.problem(
                    days,
                    "claim_days gives a claim window, but there is no claim_url",
                    "add claim_url: the address where learners claim credit for a session",
                    key=True,
                    severity="warning",
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
            planners=values["planners"] or (),
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
            references=tuple(reader.references),
            digest=self.made_from,
            language=values["language"],
        )

    def _check_closes(
        self, reader: FieldReader, path: YamlPath, closes: dt.date, sessions: tuple[Session, ...]
    ) -> None:
        """Warn about a registration deadline after the course, or long before it starts."""
        if closes > max(s.date for s in sessions):
            reader.problem(
                path,
                "registration closes after the last session",
                "check the date: registration usually closes before the first session",
                severity="warning",
            )
            return
        held = [s.date for s in sessions if not s.cancelled] or [s.date for s in sessions]
        first = min(held)
        early = (first - closes).days
        if early <= REGISTRATION_LEAD_DAYS:
            return
        next_year = add_years(closes, 1)
        hint = (
            f"check the year: did you mean closes: {next_year}?"
            if next_year <= first
            else "check the date: registration usually closes in the days or weeks before the "
            "first session"
        )
        reader.problem(
            path,
            f"registration closes {early} days before the first session ({first}), so the "
            "course page says registration is closed all that time",
            hint,
            severity="warning",
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
                listed = [Values(schema.SESSION, values.path) for _ in rule_dates]
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
                line, column = reader.doc.text_position((*session.path, "description"))
                description = render_markdown(
                    session["description"],
                    page=url,
                    content_path=content_path,
                    display_path=reader.display_path,
                    first_line=line,
                    first_column=column,
                    problems=self.problems,
                    raw_html=self.settings.raw_html,
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
                    guests=guests(reader, session["guests"]),
                )
            )
        if len(built) != len(listed):
            return ()
        self._check_stray_dates(reader, listed, built)
        built.sort(key=lambda s: s.start)
        for earlier, later in pairwise(built):
            if later.start < earlier.end:
                where = later.source
                self.problems.append(
                    Problem(
                        where.path,
                        where.line,
                        where.column,
                        f"this session overlaps the one on {earlier.date} at {earlier.start:%H:%M}",
                        "check its date and time, or remove the copy",
                        "warning",
                    )
                )
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
                guests=s.guests,
            )
            for n, s in enumerate(built, 1)
        )

    def _check_stray_dates(
        self, reader: FieldReader, listed: list[Values], sessions: list[Session]
    ) -> None:
        """Warn about a session far outside the others: a year typo, most often."""
        for stray in stray_dates([s.date for s in sessions]):
            session = listed[stray.index]
            where = (*session.path, "date") if session["date"] else session.path
            side = "after" if stray.after else "before"
            reader.problem(
                where,
                f"this session is on {sessions[stray.index].date}, {stray.days // 7} weeks "
                f"{side} the course's other sessions",
                f"check the year: did you mean {stray.likely}?"
                if stray.likely
                else "check the date, the year and the month especially",
                severity="warning",
            )


def guests(reader: FieldReader, items: list[Values] | None) -> tuple[Person, ...]:
    """Presenters named on a session or a recording, as people without an id."""
    return tuple(
        Person(
            id="",
            name=item["name"],
            credentials=item["credentials"],
            role=item["role"],
            organization=item["organization"],
            photo=None,
            photo_alt=None,
            source=reader.source(item.path),
            disclosure=disclosure(reader, item),
        )
        for item in items or ()
        if item["name"]
    )


def disclosure(reader: FieldReader, values: Values) -> Disclosure | None:
    """A person's `disclosures` with the day they were `disclosed`: both, or neither."""
    path = values.path
    relationships, day = values["disclosures"], values["disclosed"]
    written = reader.doc.key_positions.keys()
    if relationships is None or day is None:
        if relationships is not None and (*path, "disclosed") not in written:
            reader.problem(
                (*path, "disclosures"),
                "these disclosures have no date",
                "add disclosed: with the day they were made, such as disclosed: 2026-01-12",
                key=True,
            )
        elif day is not None and (*path, "disclosures") not in written:
            reader.problem(
                (*path, "disclosed"),
                "disclosed gives a date, but there are no disclosures",
                "add disclosures: none, or list each company and relationship",
                key=True,
            )
        return None
    return Disclosure(
        tuple(Relationship(company, nature) for company, nature in relationships),
        day,
        reader.source((*path, "disclosed")),
    )


def _course_section() -> schema.Section:
    """Sessions are checked with the schedule rule (they may take its dates), not here."""
    fields = tuple(
        schema.Field(f.name, f.kind, f.help, False, f.example, f.choices, f.section)
        if f.name == "sessions"
        else f
        for f in schema.COURSE.fields
    )
    return schema.Section(schema.COURSE.name, fields)


def _nearest(dates: tuple[dt.date, ...], day: dt.date) -> list[dt.date]:
    return sorted(sorted(dates, key=lambda d: abs((d - day).days))[:2])


def _name_references(
    reader: FieldReader, written: object, kind: str, field: str
) -> list[Reference]:
    """The topics or audiences a course names, each where it is written, for the check that
    one name is spelt one way across the site."""
    items = written if isinstance(written, list) else [written]
    return [
        Reference(
            kind,
            item.strip(),
            item,
            reader.source((field, index) if isinstance(written, list) else (field,)),
        )
        for index, item in enumerate(items)
        if isinstance(item, str) and item.strip()
    ]


def _aliases(reader: FieldReader, values: Values) -> tuple[Alias, ...]:
    written = reader.doc.data.get("aliases")
    paths = values["aliases"] or ()
    return tuple(
        Alias(
            path, reader.source(("aliases", index) if isinstance(written, list) else ("aliases",))
        )
        for index, path in enumerate(paths)
    )
