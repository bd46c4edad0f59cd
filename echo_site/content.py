"""Load content/ into the site model: read, validate, and build frozen records.

This is the load phase. It reads every file, reports every problem it finds (all of them, at
their lines), and returns a complete `Site` only when there are no errors.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import schema
from .colors import AA, INK, WHITE, contrast, nearest_passing
from .documents import ReadSettings, disclosure, read_document
from .errors import BuildFailed, Problem, suggestion
from .images import inspect_image
from .markdown import PICTURE_SUFFIXES
from .model import (
    DEFAULT_ACCENT,
    DEFAULT_PRIMARY,
    ClaimingCredit,
    CmsSettings,
    Course,
    Footer,
    ImageInfo,
    NavLink,
    Page,
    Person,
    Recording,
    Reference,
    Site,
    SiteConfig,
    Source,
    StaticFile,
)
from .sources import (
    CONTENT_FOLDERS,
    ContentFiles,
    display_path_for,
    find_content,
    is_editor_leftover,
    read_yaml_file,
)
from .urls import output_file, slugify
from .validate import FieldReader, Values
from .workers import Workers

# Site paths the generator writes itself; a page or alias may not take them.
RESERVED_URLS = {
    "/courses/": "the course list",
    "/enduring-materials/": "the enduring materials page",
    "/enduring-materials/credit/": "the page of recordings with credit",
    "/search/": "the search page",
    "/topics/": "the topics folder",
    "/audiences/": "the audiences folder",
    "/recordings/": "the recordings folder",
    "/files/": "the files folder",
    "/assets/": "the theme's files",
    "/pagefind/": "the search index",
}


by_slug = attrgetter("slug")
by_date = attrgetter("date", "slug")


@dataclass(frozen=True)
class LoadOptions:
    include_drafts: bool = False
    base_url: str | None = None


# Reads Markdown sources: (folder, path) pairs, with the settings they are read with, into what
# read_document returns, pickled. The build's incremental layer gives one that remembers.
ReadSources = Callable[[Path, Sequence[tuple[str, str]], ReadSettings], list[bytes]]


# Reads pictures under files/: (path inside content/, file) pairs into what their headers say,
# None for a file that is not a picture. The build's incremental layer gives one that remembers.
InspectImages = Callable[[Sequence[tuple[str, Path]]], list[ImageInfo | None]]


def image_inspector(workers: Workers) -> InspectImages:
    """Read every picture's header and digest afresh, spread over the workers."""

    def inspect(pictures: Sequence[tuple[str, Path]]) -> list[ImageInfo | None]:
        return workers.map(_inspect, pictures)

    return inspect


def _inspect(picture: tuple[str, Path]) -> ImageInfo | None:
    return inspect_image(*picture)


def source_reader(workers: Workers) -> ReadSources:
    """Read every source afresh, spread over the workers."""

    def read(
        content_dir: Path, sources: Sequence[tuple[str, str]], settings: ReadSettings
    ) -> list[bytes]:
        return workers.map(partial(read_pickled, content_dir, settings), sources)

    return read


def read_pickled(content_dir: Path, settings: ReadSettings, source: tuple[str, str]) -> bytes:
    """read_document's result, pickled: workers send it back so, and caches keep it so."""
    folder, path = source
    item, problems, references = read_document(content_dir, folder, Path(path), settings)
    return pickle.dumps((item, tuple(problems), references), protocol=pickle.HIGHEST_PROTOCOL)


def load_site(
    content_dir: Path,
    options: LoadOptions = LoadOptions(),
    read: ReadSources | None = None,
    inspect: InspectImages | None = None,
    decode: Callable[[bytes], Any] = pickle.loads,
) -> tuple[Site, list[Problem]]:
    """Read content/ and return the site and its warnings; raise BuildFailed on any error.

    `decode` turns what `read` gives for a source back into its record, problems and references
    (the incremental layer gives one that remembers).
    """
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
    settings = ReadSettings.of(config, site_readable=config is not _FALLBACK_CONFIG)
    pages: list[Page] = []
    courses: list[Course] = []
    recordings: list[Recording] = []
    references = [*config.references, *(r for p in people.values() for r in p.references)]
    for blob in (read or source_reader(Workers()))(content_dir, files.markdown, settings):
        item, item_problems, item_references = decode(blob)
        problems.extend(item_problems)
        references.extend(item_references)
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Course):
            courses.append(item)
        elif isinstance(item, Recording):
            recordings.append(item)
    known = _Known(
        people=person_ids,
        # Every course file counts, readable or not, so one broken file is reported once.
        courses=frozenset(
            os.path.basename(path)[:-3]  # noqa: PTH119 - the sources are strings, not Paths
            for folder, path in files.markdown
            if folder == "courses"
        ),
        files=frozenset(f.path for f in statics),
    )
    _check_references([r for r in references if r.kind not in NAMES], known, problems)
    _check_name_spellings([r for r in references if r.kind in NAMES], problems)
    _check_recording_dates(tuple(courses), tuple(recordings), problems)
    _check_images(content_dir, files.assets, problems)
    if not options.include_drafts:
        pages = [p for p in pages if not p.draft]
        courses = [c for c in courses if not c.draft]
        recordings = [r for r in recordings if not r.draft]
    editing_page = config.cms is not None and config.cms.admin
    _check_url_collisions(
        tuple(pages), tuple(courses), tuple(recordings), problems, editing_page=editing_page
    )
    if any(p.severity == "error" for p in problems):
        raise BuildFailed(problems)
    shown = _pictures_shown(pages, courses, recordings, people, known.files)
    found = (inspect or image_inspector(Workers()))([(path, content_dir / path) for path in shown])
    # A file that is not a picture Pillow reads (or an SVG) is shown as it is, as before.
    images = {path: info for path, info in zip(shown, found, strict=True) if info is not None}
    site = Site(
        config=config,
        people=people,
        pages=tuple(sorted(pages, key=by_slug)),
        courses=tuple(sorted(courses, key=by_slug)),
        recordings=tuple(sorted(recordings, key=by_date)),
        files=statics,
        include_drafts=options.include_drafts,
        images=images,
    )
    return site, [p for p in problems if p.severity == "warning"]


def with_source_read_again(
    site: Site, content_dir: Path, path: Path
) -> tuple[Site, Page | Course | Recording] | None:
    """`site` with one edited Markdown source read again, and its new record; None unless the
    edit can change no more than what the record's own page shows.

    The preview shows such an edit before it builds the whole site again, which then decides
    (and reports any mistake). So the record must be read without an error and keep what other
    pages and the build's checks know it by: its kind, address, course, date and draft flag,
    and no person, course, file, topic or audience, or picture, that it did not name before.
    """
    folder, name = path.parent.name, path.name
    if folder not in CONTENT_FOLDERS or not name.endswith(".md"):
        return None
    source = content_dir / folder / name  # as the build names it: records hold the name
    if path.parent.resolve() != source.parent.resolve():
        return None  # a file of that name elsewhere (in the templates, say)
    if is_editor_leftover(name) or name.startswith(".") or not _plain_file(source):
        return None
    settings = ReadSettings.of(site.config, site_readable=True)
    item, problems, references = read_document(content_dir, folder, source, settings)
    if item is None or any(p.severity == "error" for p in problems):
        return None
    kind = _SITE_FIELD[type(item)]
    records: tuple[Page | Course | Recording, ...] = getattr(site, kind)
    old = next((o for o in records if o.slug == item.slug), None)
    if old is None or (item.url, item.draft, item.aliases) != (old.url, old.draft, old.aliases):
        return None
    named_before = {(r.kind, r.value) for r in old.references}
    if any((r.kind, r.value) not in named_before for r in references):
        return None
    shown_before = _shown_by(old)
    if any(p not in shown_before and p not in site.images for p in _shown_by(item)):
        return None
    # A recording's course and date: where it is listed, and whether a session was held that day.
    moved = (
        isinstance(item, Recording)
        and isinstance(old, Recording)
        and (item.course, item.date) != (old.course, old.date)
    )
    if moved:
        return None
    swapped: dict[str, Any] = {kind: tuple(item if r is old else r for r in records)}
    return replace(site, **swapped), item


# The field of the site that holds each kind of record read from Markdown.
_SITE_FIELD: dict[type, str] = {Page: "pages", Course: "courses", Recording: "recordings"}


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _shown_by(item: Page | Course | Recording) -> set[str | None]:
    """The files a record's page may show as pictures: its own picture, and those of its
    Markdown (a course's sessions' descriptions too)."""
    shown: set[str | None] = {getattr(item, "image", None), *item.body.images}
    if isinstance(item, Course):
        for session in item.sessions:
            shown.update(session.description.images)
    return shown


def _pictures_shown(
    pages: list[Page],
    courses: list[Course],
    recordings: list[Recording],
    people: dict[str, Person],
    files: frozenset[str],
) -> list[str]:
    """The pictures under files/ that pages show, each once, sorted: only they are read."""
    shown: set[str | None] = {p.photo for p in people.values()}
    items: tuple[Page | Course | Recording, ...] = (*pages, *courses, *recordings)
    for item in items:
        shown |= _shown_by(item)
    return sorted(p for p in shown if p and p in files and p.lower().endswith(PICTURE_SUFFIXES))


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
    reader = FieldReader(doc, display, problems, "site.yaml")
    values = reader.section(schema.SITE, doc.data, (), "site.yaml")
    if values is None or any(
        values[name] is None for name in ("title", "base_url", "timezone", "contact_email")
    ):
        return _FALLBACK_CONFIG
    base_url = options.base_url or values["base_url"]
    if not base_url.endswith("/"):
        base_url += "/"
    nav = _links(reader, values["nav"])
    footer = values["footer"]
    colors = values["colors"]
    primary = (colors and colors["primary"]) or DEFAULT_PRIMARY
    accent = (colors and colors["accent"]) or DEFAULT_ACCENT
    _check_contrast(reader, ("colors", "primary"), primary, WHITE, "white text on it")
    _check_contrast(reader, ("colors", "accent"), accent, INK, "the text on it")
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
        references=tuple(reader.references),
        organization_url=values["organization_url"],
        logo=values["logo"],
        logo_alt=values["logo_alt"],
        primary_color=primary,
        accent_color=accent,
        social_image=values["social_image"],
        social_image_alt=values["social_image_alt"],
        footer=Footer(
            address=footer["address"],
            phone=footer["phone"],
            privacy_url=footer["privacy_url"],
            accessibility_url=footer["accessibility_url"],
            nondiscrimination_url=footer["nondiscrimination_url"],
            funding=footer["funding"],
            social=_links(reader, footer["social"]),
            links=_links(reader, footer["links"]),
        )
        if footer
        else Footer(),
        cms=_cms_settings(values["cms"]),
        joint_accreditation_statement=values["joint_accreditation_statement"],
        mitigation_statement=values["mitigation_statement"],
        commercial_support_statement=values["commercial_support_statement"],
        claiming_credit=_claiming_credit(values["claiming_credit"]),
    )


def _claiming_credit(values: Values | None) -> ClaimingCredit | None:
    if values is None or not values["instructions"]:
        return None
    return ClaimingCredit(values["instructions"], values["url"])


def _links(reader: FieldReader, items: list[Values] | None) -> tuple[NavLink, ...]:
    """Menu or footer links, each with where its address was written."""
    return tuple(
        NavLink(item["title"], item["url"], reader.source((*item.path, "url")))
        for item in items or ()
        if item["title"] and item["url"]
    )


def _check_contrast(
    reader: FieldReader, path: tuple[str, ...], color: str, against: str, what: str
) -> None:
    """A brand colour must keep text readable: WCAG AA, 4.5:1, with a shade that passes."""
    ratio = contrast(color, against)
    if ratio >= AA:
        return
    fixed = nearest_passing(color, against)
    reader.problem(
        path,
        f"the colour {color} is too light or too dark for its use: {what} has a contrast of "
        f"{ratio:.1f}:1, and the site needs at least 4.5:1 so everyone can read it",
        f'use a shade that passes, such as {path[-1]}: "{fixed}" '
        f"({contrast(fixed, against):.1f}:1)",
    )


def _cms_settings(values: Values | None) -> CmsSettings | None:
    """site.yaml's cms section, with its defaults; None when there is none or it is unusable."""
    if values is None or values["backend"] is None or values["repo"] is None:
        return None

    def value(name: str) -> Any:
        given = values[name]
        return schema.CMS.field(name).default if given is None else given

    return CmsSettings(
        backend=values["backend"],
        repo=values["repo"],
        branch=value("branch"),
        base_url=values["base_url"],
        auth_endpoint=values["auth_endpoint"],
        api_root=values["api_root"],
        app_id=values["app_id"],
        review=bool(value("review")),
        admin=bool(value("admin")),
        content_folder=str(value("content_folder")).strip("/") or "content",
        script_url=values["script_url"],
    )


def _load_people(
    content_dir: Path, files: ContentFiles, problems: list[Problem]
) -> tuple[dict[str, Person], frozenset[str] | None]:
    """Read people.yaml; also return every id it names (None when it cannot be read at all),
    so that one broken entry is reported once, not at every reference to it.

    People are written by id (`jdoe:` with fields under it), or as a list under `people:`,
    each with an `id` (the form a form-based editor such as Decap CMS writes); a file may use
    both.
    """
    if files.people_yaml is None:
        return {}, frozenset()
    doc = read_yaml_file(content_dir, files.people_yaml, problems)
    if doc is None:
        return {}, None
    if doc.data is None:
        return {}, frozenset()
    display = display_path_for(content_dir, files.people_yaml)
    reader = FieldReader(doc, display, problems, "person")
    if not isinstance(doc.data, dict):
        reader.problem(
            (),
            "people.yaml should list people by id",
            "write each person as an id on its own line (jdoe:), with their fields indented "
            "under it (name: Jane Doe)",
        )
        return {}, None
    entries: list[tuple[str, Any, tuple[str | int, ...], Source]] = []
    listed = doc.data.get(PEOPLE_LIST)
    for person_id, raw in doc.data.items():
        if person_id == PEOPLE_LIST and isinstance(listed, list):
            entries.extend(_listed_people(reader, listed))
        else:
            where = reader.source((person_id,), key=True)
            entries.append((person_id, raw, (person_id,), where))
    people: dict[str, Person] = {}
    ids: set[str] = set()
    for person_id, raw, path, where in sorted(entries, key=lambda entry: entry[0]):
        key_path = path if len(path) == 1 else (*path, "id")
        if person_id in ids:
            reader.problem(
                key_path,
                f"the id {person_id!r} is used for two people",
                "give each person their own id",
                key=len(path) == 1,
            )
            continue
        ids.add(person_id)  # named, even if unreadable: references to it are not reported
        if any(ch.isspace() for ch in person_id) or not person_id:
            reader.problem(
                key_path,
                f"the id {person_id!r} contains spaces",
                f"use an id without spaces, like {person_id.lower().replace(' ', '')}",
                key=len(path) == 1,
            )
            continue
        if isinstance(raw, str):
            raw = {"name": raw}
        reader.references = []
        values = reader.section(schema.PERSON, raw, path, "person")
        if values is None or values["name"] is None:
            continue
        if values["photo"] and not values["photo_alt"]:
            reader.problem(
                (*path, "photo"),
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
            source=where,
            references=tuple(reader.references),
            disclosure=disclosure(reader, values),
        )
    return people, frozenset(ids)


# The key of people.yaml's list form: `people:`, then `- id: jdoe` with fields under it.
PEOPLE_LIST = "people"


def _listed_people(
    reader: FieldReader, listed: list[Any]
) -> Iterator[tuple[str, Any, tuple[str | int, ...], Source]]:
    """The people of the list form, each as (id, its fields without id, path, where)."""
    for index, item in enumerate(listed):
        path = (PEOPLE_LIST, index)
        if not isinstance(item, dict):
            reader.problem(
                path,
                "each person in the list should be fields (id: and name:)",
                "write each person as '- id: jdoe' with 'name: Jane Doe' under it",
            )
            continue
        person_id = item.get("id")
        if person_id is None or (isinstance(person_id, str) and not person_id.strip()):
            reader.problem(
                path,
                "this person has no id",
                "add a line such as id: jdoe (what courses and recordings name them by)",
            )
            continue
        if not isinstance(person_id, str):
            person_id = reader.doc.raw_text.get((*path, "id"), str(person_id))
        fields = {key: value for key, value in item.items() if key != "id"}
        yield person_id.strip(), fields, path, reader.source((*path, "id"))


# -- checks across files ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """The names a source may refer to; `people` is None when people.yaml cannot be read."""

    people: frozenset[str] | None
    courses: frozenset[str]
    files: frozenset[str]

    def has(self, kind: str, name: str) -> bool:
        """Whether a reference of this kind to this name is fine (not reported)."""
        if kind == "person":
            return self.people is None or name in self.people
        if kind == "course":
            return name in self.courses
        if kind == "file":
            return name in self.files
        return True


def _check_references(
    references: Iterable[Reference], known: _Known, problems: list[Problem]
) -> None:
    """Report names of people, courses and files that do not exist, with a close match."""
    for reference in references:
        if known.has(reference.kind, reference.value):
            continue
        where, name = reference.source, reference.value
        if reference.kind == "person":
            assert known.people is not None
            hint = suggestion(name, known.people, "add them to people.yaml, or check the spelling")
            if not known.people:
                hint = "add them to content/people.yaml (it does not exist yet)"
            message = f"there is no person '{name}' in people.yaml"
        elif reference.kind == "course":
            hint = suggestion(
                name,
                known.courses,
                "use the file name of a course in content/courses/, without .md",
            )
            message = f"there is no course '{reference.written}'"
        else:
            hint = suggestion(
                name, known.files, "check the name, or add the file under content/files/"
            )
            message = f"there is no file content/{name}"
        problems.append(Problem(where.path, where.line, where.column, message, hint))


def _check_recording_dates(
    courses: tuple[Course, ...], recordings: tuple[Recording, ...], problems: list[Problem]
) -> None:
    by_slug = {c.slug: c for c in courses}
    session_days = {c.slug: {s.date for s in c.sessions} for c in courses}
    for recording in recordings:
        course = by_slug.get(recording.course or "")
        if course and recording.date not in session_days[course.slug]:
            problems.append(
                Problem(
                    recording.date_source.path,
                    recording.date_source.line,
                    recording.date_source.column,
                    f"{course.title} has no session on {recording.date}",
                    "check the recording's date against the course's sessions",
                    "warning",
                )
            )


# Names that group courses on a page of their own, by the field they are written in.
NAMES = {"topic": "topics", "audience": "audience"}


def _check_name_spellings(references: Sequence[Reference], problems: list[Problem]) -> None:
    """Warn about a topic or audience that shares a page with another spelling of it.

    "Chronic Disease" and "Chronic disease" (or "Primary  care") share one topic page, but each
    course shows its own spelling. The spelling most courses use (the first file's, in a tie)
    is the one to keep.
    """
    groups: dict[tuple[str, str], list[Reference]] = {}
    for reference in references:
        groups.setdefault((reference.kind, slugify(reference.value)), []).append(reference)
    for (kind, _), group in sorted(groups.items()):
        by_spelling: dict[str, list[Reference]] = {}
        for reference in sorted(group, key=lambda r: (r.source.path, r.source.line)):
            by_spelling.setdefault(reference.value, []).append(reference)
        if len(by_spelling) < 2:
            continue
        kept = max(by_spelling, key=lambda name: len({r.source.path for r in by_spelling[name]}))
        where = by_spelling[kept][0].source
        for name, uses in sorted(by_spelling.items()):
            if name == kept:
                continue
            for reference in uses:
                at = reference.source
                problems.append(
                    Problem(
                        at.path,
                        at.line,
                        at.column,
                        f"the {kind} {name!r} is written {kept!r} in {where.path}:{where.line}",
                        f"write {kept} here too, so the courses share one {kind} page under one "
                        "name",
                        "warning",
                    )
                )


# Pictures in files/ that a web page should not carry as they are: the size of a photo straight
# from a phone (4032 × 3024 pixels, 3 to 8 MB) rather than one saved for the web.
IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 3000


def _check_images(
    content_dir: Path, assets: Sequence[tuple[str, Path, int]], problems: list[Problem]
) -> None:
    """Warn about pictures too large for a web page; Pillow reads only their headers."""
    images = [(path, size) for _, path, size in assets if path.suffix.lower() in IMAGE_SUFFIXES]
    if not images:
        return
    import warnings

    from PIL import Image

    every_format = tuple(sorted(set(IMAGE_SUFFIXES.values())))
    for path, size in images:
        display = display_path_for(content_dir, path)
        too_large = [f"{size / (1024 * 1024):.1f} MB"] if size > MAX_IMAGE_BYTES else []
        # The format its name says is tried first: asked for formats in turn, Pillow loads
        # every one of its forty readers (30 ms) as soon as one it tries is not loaded yet.
        named = IMAGE_SUFFIXES[path.suffix.lower()]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                width, height = _picture_size(path, named, every_format)
            if max(width, height) > MAX_IMAGE_SIDE:
                too_large.append(f"{width} × {height} pixels")
        except Image.DecompressionBombError:  # more pixels than Pillow agrees to count
            too_large.append(f"far more than {MAX_IMAGE_SIDE} pixels on a side")
        except OSError:  # not a picture Pillow reads: its size in bytes is all there is
            pass
        if too_large:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    f"this picture is {' and '.join(too_large)}, too large for a web page",
                    "replace it with a copy saved for the web: at most "
                    f"{MAX_IMAGE_SIDE} pixels on its longest side (1600 is plenty) and under "
                    f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB",
                    "warning",
                )
            )


def _picture_size(path: Path, named: str, every_format: tuple[str, ...]) -> tuple[int, int]:
    """A picture's size from its header, read as the format its name says, else as any."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path, formats=(named,)) as image:
            return image.size
    except UnidentifiedImageError:  # named for another format than it has
        with Image.open(path, formats=every_format) as image:
            return image.size


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
    *,
    editing_page: bool = False,
) -> None:
    """Each address has one source: two files, or an alias and a page, may not share one."""
    owners: dict[str, str] = {output_file(url): what for url, what in RESERVED_URLS.items()}
    if editing_page:  # site.yaml's cms publishes /admin/
        owners[output_file("/admin/")] = "the editing page (site.yaml's cms)"
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
