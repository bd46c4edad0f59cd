"""One build, in one direction: load, validate, model, render, check, write.

With the cache (the default), a build repeats only what its inputs changed: sources are read
again only when their bytes change, outputs are made again only when their render key changes,
search shards are indexed again only when one of their pages changed, and only changed files
are written. When nothing at all changed, the build stops after comparing file stats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .cache import BuildCache, BuildState, ParseCache, QuickState, code_version
from .errors import BuildFailed, Problem
from .output import OutputEntry, OutputTable, SiteWriter, build_lock, check_output_folder
from .progress import Progress
from .theme import DEFAULT_TEMPLATES, Theme
from .workers import SMALL_BATCH, collector_paused, default_jobs, release_frozen

if TYPE_CHECKING:
    from .render import Plan, Renderer
    from .search import SpeculativeIndex

Clock = Callable[[], dt.datetime]
T = TypeVar("T")


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
    jobs: int = 0  # 0: every core
    use_cache: bool = True
    cache_dir: Path | None = None  # default: .echo-cache beside the output folder
    defer_search: bool = False  # keep the previous search index; the next build updates it
    search_shard_pages: int = 250  # pages per search index before the index is split


@dataclass(frozen=True)
class BuildResult:
    as_of: dt.date
    pages: int
    files: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default=())
    reused: int = 0  # outputs kept from the previous build without being made again
    removed: int = 0
    nothing_changed: bool = False
    timings: tuple[tuple[str, float], ...] = ()


def theme_for(options: BuildOptions) -> Theme:
    """The site's own templates (given, or templates/ beside content/) before the defaults."""
    dirs = [DEFAULT_TEMPLATES]
    own = options.templates_dir or options.content_dir.parent / "templates"
    if own.is_dir() and own.resolve() != DEFAULT_TEMPLATES.resolve():
        dirs.insert(0, own)
    return Theme(tuple(dirs))


def cache_folder(options: BuildOptions) -> Path:
    return options.cache_dir or options.output_dir.parent / ".echo-cache"


def build_date(timezone: str, clock: Clock) -> dt.date:
    """Today in the site's time zone."""
    return clock().astimezone(zoneinfo.ZoneInfo(timezone)).date()


def build(
    options: BuildOptions,
    clock: Clock = system_clock,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BuildResult:
    """Build the site; on BuildFailed (content) or OutputError (folder) nothing is written.

    `cancelled` is asked while the search index is made: when it says yes, the build stops
    with BuildCancelled and writes nothing (the preview gives way to a newer edit).
    """
    started = time.perf_counter()
    theme = theme_for(options)
    protected = {"content": options.content_dir}
    protected.update({f"templates ({folder})": folder for folder in theme.dirs})
    check_output_folder(options.output_dir, protected)
    # One build at a time per output folder; a build that was killed is rolled back first.
    try:
        with build_lock(options.output_dir), ExitStack() as cleanup:
            return _build(
                options,
                theme,
                clock,
                progress or Progress.quiet(),
                started,
                cache,
                cancelled,
                cleanup,
            )
    finally:
        release_frozen()


def _build(
    options: BuildOptions,
    theme: Theme,
    clock: Clock,
    progress: Progress,
    started: float,
    cache: BuildCache | None,
    cancelled: Callable[[], bool] | None,
    cleanup: ExitStack,
) -> BuildResult:
    jobs = options.jobs or default_jobs()
    if not options.use_cache:
        cache = None
    elif cache is None:
        cache = BuildCache(cache_folder(options))
    quick = cache.load_quick() if cache else QuickState()
    as_of = options.as_of or build_date(_site_timezone(options.content_dir), clock)

    fingerprint, stats = _fingerprint(options, theme, as_of) if cache else ("", {})
    if fingerprint and quick.fingerprint == fingerprint and quick.intact(options.output_dir):
        summary = quick.summary
        return BuildResult(
            as_of,
            summary["pages"],
            summary["files"],
            0,
            summary["files"],
            time.perf_counter() - started,
            tuple(summary["warnings"]),
            reused=summary["files"],
            nothing_changed=True,
        )

    # The stages are imported here, not above: a build that changes nothing never needs them.
    from .content import LoadOptions, load_site
    from .links import check_content_links
    from .render import plan_site, prepare_renderer, stream_outputs
    from .search import assign_shards, shard_count, shard_folders
    from .timeline import stale_overrides

    with collector_paused():
        state = cache.load(quick) if cache else BuildState()
        progress.phase("reading content")
        parse_cache = ParseCache(state.parsed, stats) if cache else None
        site, warnings = load_site(
            options.content_dir,
            LoadOptions(options.include_drafts, options.base_url),
            cache=parse_cache,
            jobs=jobs,
        )
        count = (
            shard_count(len(site.published), options.search_shard_pages) if options.search else 0
        )
        # Which files of the last build are still on disk as it left them: mostly waiting on
        # the disk, so it runs beside the plan (nothing forks before it is joined).
        verified = _in_background(
            partial(OutputTable.of(state.outputs).on_disk, options.output_dir)
        )
        renderer = prepare_renderer(
            site,
            as_of,
            theme,
            search=options.search,
            search_indexes=tuple(shard_folders(count)[1:]) if count else (),
            compiled_templates=cache.folder / "templates" if cache else None,
        )
        speculation = None
        if parse_cache and options.search and not options.defer_search and cancelled is None:
            speculation = _speculate(renderer, parse_cache.fresh, state, options.output_dir, count)
            if speculation:
                cleanup.callback(speculation.stop)
        plan = plan_site(site, as_of, theme, options.content_dir, renderer=renderer)
    groups = {o.url: o.group for o in plan.outputs if o.searchable and o.url}
    shards = assign_shards(groups, count) if count else {}
    members: dict[str, tuple[str, ...]] = {}
    if count:
        folders = shard_folders(count)
        by_shard: dict[int, list[str]] = {n: [] for n in range(count)}
        for url, shard in sorted(shards.items()):
            by_shard[shard].append(url)
        members = {folders[n]: tuple(urls) for n, urls in by_shard.items()}

    # Outputs whose key did not change, and whose file is still what was written, are kept.
    known = verified()
    renders, present = state.renders, known.rows()
    keep = {o.path for o in plan.outputs if renders.get(o.path) == o.key and o.path in present}
    todo = [i for i, o in enumerate(plan.outputs) if o.path not in keep]
    pages = {o.url: o.path for o in plan.outputs if o.url}
    search_keep: set[str] = set()
    search_state: dict[str, tuple[str, tuple[str, ...]]] = {}
    # Files go to a staging folder as they are made, so the site is never all in memory;
    # leaving this block without commit() leaves output/ as it was.
    with SiteWriter(options.output_dir, known if state.outputs else None, keep) as writer:
        progress.phase("rendering pages", len(todo))
        if speculation and jobs > 1 and len(todo) >= SMALL_BATCH:
            speculation.stop()  # workers are about to fork: no thread may run then
        for index, data in zip(todo, stream_outputs(plan, todo, jobs), strict=True):
            writer.put(plan.outputs[index].path, data)
        for path, source in sorted(plan.copies.items()):
            writer.put(path, source)

        def page_html(url: str) -> str:
            return writer.read(pages[url]).decode()

        written = {o.path for o in plan.outputs} | set(plan.copies)
        warnings = [
            *warnings,
            *stale_overrides(site, as_of),
            *check_content_links(site, written, page_html),
        ]
        if options.strict and warnings:
            raise BuildFailed([w.as_error() for w in warnings])

        if options.search and options.defer_search:
            # The preview shows an edit at once; the next build brings the search index up.
            search_state = state.search
            members = state.shards
            search_keep = {p for _, paths in state.search.values() for p in paths if p in known}
        elif options.search:
            progress.phase("indexing search")
            indexed, search_state = _index_search(
                plan,
                members,
                state,
                known,
                page_html,
                writer.put,
                site.config.language,
                jobs,
                cancelled or _never,
                speculation,
            )
            # Parts indexed again were written, even when they came out the same.
            search_keep = {
                p
                for folder, (_, paths) in search_state.items()
                if folder not in indexed
                for p in paths
            }
        progress.phase("writing files")
        writer.keep_also(search_keep)
        write_stats, entries = writer.commit()
    result = BuildResult(
        as_of=as_of,
        pages=len(pages),
        files=len(entries),
        written=write_stats.written,
        unchanged=write_stats.unchanged,
        seconds=time.perf_counter() - started,
        warnings=tuple(sorted(warnings)),
        reused=len(keep) + len(search_keep),
        removed=write_stats.removed,
    )
    progress.phase("saving the cache")
    if cache and parse_cache is not None:
        renders = {o.path: o.key for o in plan.outputs}
        summary = {"pages": result.pages, "files": result.files, "warnings": result.warnings}
        cache.save(
            BuildState(
                parsed=parse_cache.next_sources(),
                outputs=entries,
                renders=renders,
                search=search_state,
                shards=members,
                fingerprint=fingerprint,
                summary=summary,
            )
        )
    progress.done()
    return replace(result, seconds=time.perf_counter() - started, timings=progress.timings())


def _index_search(
    plan: Plan,
    members: dict[str, tuple[str, ...]],
    state: BuildState,
    known: Mapping[str, OutputEntry],
    page_html: Callable[[str], str],
    put: Callable[[str, bytes], None],
    language: str,
    lanes: int,
    cancelled: Callable[[], bool],
    speculation: SpeculativeIndex | None,
) -> tuple[set[str], dict[str, tuple[str, tuple[str, ...]]]]:
    """Index the shards whose pages changed, several at a time; keep the others on disk.

    `members` lists each shard's pages by folder. Returns the folders indexed again (their files
    given to `put`) and the state of every part.
    """
    from .search import SearchUnavailable, search_shards, strip_for_search

    keys = {o.url: o.key for o in plan.outputs if o.url}
    new_state: dict[str, tuple[str, tuple[str, ...]]] = {}
    todo: dict[str, Callable[[], dict[str, str]]] = {}
    again: set[str] = set()

    def deliver(folder: str, files: dict[str, bytes]) -> None:
        for path, data in sorted(files.items()):
            put(path, data)
        new_state[folder] = (new_state[folder][0], tuple(sorted(files)))

    for folder, urls in members.items():
        key = hashlib.sha256("".join(f"{u}\0{keys[u]}\n" for u in urls).encode()).hexdigest()
        previous = state.search.get(folder)
        if previous and previous[0] == key and all(p in known for p in previous[1]):
            new_state[folder] = previous
            continue
        new_state[folder] = (key, ())
        again.add(folder)
        if speculation and folder in speculation.parts:
            pages = _searchable(urls, page_html, strip_for_search)
            ahead = speculation.take(folder, pages)
            if ahead is not None:
                deliver(folder, ahead)
                continue
        # Each part's pages are read when its turn comes, so few are in memory at once.
        todo[folder] = partial(_searchable, urls, page_html, strip_for_search)
    if speculation:
        speculation.stop()
    try:
        if todo:
            search_shards(todo, deliver, language, lanes, cancelled)
    except SearchUnavailable as error:
        raise BuildFailed(
            [Problem("search", 1, 1, str(error), "or build with --no-search")]
        ) from None
    return again, new_state


def _in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a thread; return a call that waits for its result (or raises its error)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller, who raises it
            failure.append(error)

    thread = threading.Thread(target=run, name="echo-site-verify", daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if failure:
            raise failure[0]
        return outcome[0]

    return result


def _speculate(
    renderer: Renderer,
    fresh: list[str],
    state: BuildState,
    output_dir: Path,
    count: int,
) -> SpeculativeIndex | None:
    """Start indexing the search parts an edit to a few recordings touches, before the plan.

    Such an edit changes the recording's page and its course's page; their parts' other pages
    are what the last build wrote. The build checks the guess before it uses it.
    """
    from .search import SpeculativeIndex, shard_folders, strip_for_search
    from .urls import output_file

    if not fresh or len(fresh) > _GUESS_UP_TO or set(state.shards) != set(shard_folders(count)):
        return None
    site = renderer.site
    edited = {key.partition("/")[2].removesuffix(".md") for key in fresh}
    by_slug = {r.slug: r for r in site.recordings if r.slug in edited}
    changed: set[str] = set()
    for key in fresh:
        folder, _, name = key.partition("/")
        recording = by_slug.get(name.removesuffix(".md"))
        if folder != "recordings" or recording is None:
            return None  # a page, a course, a draft: the plan decides
        course = site.course(recording.course)
        changed.update((recording.url, course.url) if course else (recording.url,))
    owner = {url: folder for folder, urls in state.shards.items() for url in urls}
    if not changed <= owner.keys():
        return None
    parts: dict[str, dict[str, str]] = {}
    try:
        for folder in sorted({owner[url] for url in changed}):
            pages = parts[folder] = {}
            for url in state.shards[folder]:
                html = (
                    renderer.render_ahead(url)
                    if url in changed
                    else (output_dir / output_file(url)).read_text(encoding="utf-8")
                )
                if html is None:
                    return None
                pages[url] = strip_for_search(html)
    except Exception:  # a guess that cannot be made is not made
        return None
    return SpeculativeIndex(parts, site.config.language)


_GUESS_UP_TO = 3  # sources changed; more, and the build indexes after it plans


def _never() -> bool:
    return False


def _searchable(
    urls: Sequence[str], page_html: Callable[[str], str], strip: Callable[[str], str]
) -> dict[str, str]:
    return {url: strip(page_html(url)) for url in urls}


def _site_timezone(content_dir: Path) -> str:
    """site.yaml's time zone, for the default build date; UTC until site.yaml can be read."""
    from .sources import read_yaml_file

    problems: list[Problem] = []
    path = content_dir / "site.yaml"
    document = read_yaml_file(content_dir, path, problems) if path.is_file() else None
    zone = document.data.get("timezone") if document and isinstance(document.data, dict) else None
    try:
        return str(zoneinfo.ZoneInfo(str(zone)).key) if zone else "UTC"
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"


def _fingerprint(
    options: BuildOptions, theme: Theme, as_of: dt.date
) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """Everything a build reads, by name and stat: equal fingerprints build equal sites.

    Also returns the stats taken, by path, so reading the content need not take them again.
    """
    digest = hashlib.sha256()
    settings = (
        code_version(),
        as_of,
        options.base_url,
        options.include_drafts,
        options.strict,
        options.search,
        options.defer_search,
        options.search_shard_pages,
        options.content_dir.resolve(),
        theme.dirs,
    )
    digest.update(repr(settings).encode())
    stats: dict[str, tuple[int, int, int]] = {}
    for folder in (options.content_dir, *theme.dirs):
        pending = [str(folder)]
        while pending:
            current = pending.pop()
            try:
                entries = sorted(os.scandir(current), key=_by_name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
                stats[entry.path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    digest.update("".join(f"{path}\0{stat}\n" for path, stat in stats.items()).encode())
    return digest.hexdigest(), stats


_by_name = attrgetter("name")


__all__ = ["BuildOptions", "BuildResult", "build", "theme_for"]
