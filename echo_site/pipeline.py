"""One build, in one direction: load, validate, model, render, check, write."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .content import LoadOptions, load_site
from .errors import BuildFailed, Problem
from .links import check_content_links
from .output import build_lock, check_output_folder, write_site
from .render import DEFAULT_TEMPLATES, Theme, render_site
from .search import SearchUnavailable, search_files
from .timeline import stale_overrides

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    as_of: dt.date | None = None
    base_url: str | None = None
    include_drafts: bool = False
    strict: bool = False
    templates_dir: Path | None = None
    search: bool = True


@dataclass(frozen=True)
class BuildResult:
    as_of: dt.date
    pages: int
    files: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default=())


def theme_for(options: BuildOptions) -> Theme:
    """The site's own templates (given, or templates/ beside content/) before the defaults."""
    dirs = [DEFAULT_TEMPLATES]
    own = options.templates_dir or options.content_dir.parent / "templates"
    if own.is_dir() and own.resolve() != DEFAULT_TEMPLATES.resolve():
        dirs.insert(0, own)
    return Theme(tuple(dirs))


def build_date(timezone: str, clock: Clock) -> dt.date:
    """Today in the site's time zone."""
    return clock().astimezone(zoneinfo.ZoneInfo(timezone)).date()


def build(options: BuildOptions, clock: Clock = system_clock) -> BuildResult:
    """Build the site; on BuildFailed (content) or OutputError (folder) nothing is written."""
    started = time.perf_counter()
    theme = theme_for(options)
    protected = {"content": options.content_dir}
    protected.update({f"templates ({folder})": folder for folder in theme.dirs})
    check_output_folder(options.output_dir, protected)
    site, warnings = load_site(
        options.content_dir, LoadOptions(options.include_drafts, options.base_url)
    )
    as_of = options.as_of or build_date(site.config.timezone, clock)
    rendered = render_site(site, as_of, theme, options.content_dir, search=options.search)
    outputs = set(rendered.files) | set(rendered.copies)
    warnings = [
        *warnings,
        *stale_overrides(site, as_of),
        *check_content_links(site, outputs, rendered.pages),
    ]
    if options.strict and warnings:
        raise BuildFailed([w.as_error() for w in warnings])

    files = dict(rendered.files)
    if options.search:
        try:
            files.update(search_files(rendered.pages, site.config.language))
        except SearchUnavailable as error:
            raise BuildFailed(
                [Problem("search", 1, 1, str(error), "or build with --no-search")]
            ) from None
    with build_lock(options.output_dir):
        stats, _ = write_site(options.output_dir, files, rendered.copies)
    return BuildResult(
        as_of=as_of,
        pages=len(rendered.pages),
        files=len(files) + len(rendered.copies),
        written=stats.written,
        unchanged=stats.unchanged,
        seconds=time.perf_counter() - started,
        warnings=tuple(sorted(warnings)),
    )
