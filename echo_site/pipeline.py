"""One build, in one direction: load, validate, model, views, render, check, write.

`_build` is the list of steps. Which of them can be skipped, because the last build already
did the same work, is the incremental layer's business (incremental.py): with the cache (the
default) sources are read again only when their bytes change, outputs are made again only when
their render key changes, search parts are indexed again only when one of their pages changed,
and only changed files are written; when nothing at all changed, the build stops after
comparing file stats. Every other step reads as if each build were cold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import BuildCache
from .errors import BuildCancelled, BuildFailed, Problem
from .incremental import BuildMemory, SearchPlan
from .output import SiteWriter, build_lock, check_output_folder
from .progress import Progress
from .theme import DEFAULT_TEMPLATES, Theme
from .workers import Workers, collector_paused, default_jobs, one_heap, release_frozen

if TYPE_CHECKING:
    from .cms import LocalCms
    from .model import Site
    from .render import Renderer
    from .search import SearchIndexer
    from .views import Output, SearchSettings

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
    jobs: int = 0  # 0: every core
    use_cache: bool = True
    cache_dir: Path | None = None  # default: .echo-cache beside the output folder
    defer_search: bool = False  # keep the previous search index; the next build updates it
    search_shard_pages: int = 250  # pages per search index before the index is split
    local_cms: LocalCms | None = None  # the editing page edits this computer's files


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
    # What the pages were made from (none when nothing changed): the preview keeps it.
    model: BuiltModel | None = field(default=None, compare=False, repr=False)
    # The paths written or removed.
    changed: tuple[str, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class BuiltModel:
    """The site a build read, its date, and what rendered its pages."""

    site: Site
    as_of: dt.date
    content_dir: Path
    renderer: Renderer


def page_of_edit(model: BuiltModel, path: Path) -> tuple[BuiltModel, str, bytes] | None:
    """The page of an edited Markdown file, made from the model of the last build with that
    file read again, and the model with it; None when the edit may change more than its page
    (content.with_source_read_again says when). The preview shows it while it builds again."""
    from .cards import card_style
    from .content import with_source_read_again
    from .planner import own_page

    swapped = with_source_read_again(model.site, model.content_dir, path)
    if swapped is None:
        return None
    site, item = swapped
    style = card_style(site.config.primary_color)
    output = own_page(site, model.as_of, style, item)
    data = model.renderer.render(output)
    return replace(model, site=site), output.path, data


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
    want_model: bool = False,
    kept: list[object] | None = None,
) -> BuildResult:
    """Build the site; on BuildFailed (content) or OutputError (folder) nothing is written.

    `cancelled` is asked between the steps, while pages are rendered and while the search
    index is made: when it says yes, the build stops with BuildCancelled and writes nothing
    (the preview gives way to a newer edit). With `want_model`, a build that finds nothing
    changed still reads and plans the site, for `BuildResult.model` (it writes nothing).
    A finished build appends what it made to `kept`, if given, instead of freeing it: for a
    caller that ends the process right after.
    """
    started = time.perf_counter()
    one_heap()
    theme = theme_for(options)
    protected = {"content": options.content_dir}
    protected.update({f"templates ({folder})": folder for folder in theme.dirs})
    check_output_folder(options.output_dir, protected)
    if options.use_cache and cache is None:
        cache = BuildCache(cache_folder(options))
    # One build at a time per output folder; a build that was killed is rolled back first.
    try:
        with build_lock(options.output_dir), Workers(options.jobs or default_jobs()) as workers:
            return _build(
                options,
                theme,
                clock,
                progress or Progress.quiet(),
                started,
                cache if options.use_cache else None,
                cancelled or _never,
                workers,
                want_model,
                kept,
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
    cancelled: Callable[[], bool],
    workers: Workers,
    want_model: bool,
    kept: list[object] | None,
) -> BuildResult:
    as_of = options.as_of or build_date(_site_timezone(options.content_dir), clock)
    asked = (options, as_of, theme.dirs, options.content_dir.resolve())
    memory = BuildMemory(cache, asked, (options.content_dir, *theme.dirs), options.output_dir)
    summary = memory.unchanged()
    if summary is not None and not want_model:
        return _nothing_changed(as_of, summary, started)
    _import_stages()
    with collector_paused():
        memory.recall(beside=workers.jobs > 1)
        progress.phase("reading content")
        site, warnings = _load(options, memory, workers)
        _stop_if(cancelled)
        # Every output's view and key, and which of them the cache does not have: work that
        # grows with the site even when one file changed.
        progress.phase("planning pages")
        plan = _plan(site, as_of, theme, options, memory)
        todo, keep = memory.to_make(plan.paths, plan.keys)
        if plan.unplanned(todo):  # its file was changed or removed since: plan it all
            plan = _plan(site, as_of, theme, options, memory, keep_units=False)
            todo, keep = memory.to_make(plan.paths, plan.keys)
    _stop_if(cancelled)
    # Files go to a staging folder as they are made, so the site is never all in memory;
    # leaving this block without commit() leaves output/ as it was.
    with SiteWriter(options.output_dir, memory.on_disk(), keep) as writer:
        search = _plan_search(options, memory, site, plan)
        # The pages of the search parts to index again come first: each part is indexed (in
        # Pagefind's own processes) as soon as its pages are made, while the rest renders.
        todo = search.render_first(plan.outputs, todo)
        with _indexing(search, plan, writer, todo, workers.jobs, cancelled) as indexer:
            progress.phase("rendering pages", len(todo))
            took = partial(search.took, indexer)
            stored = _render(plan, todo, workers, writer, memory, took, cancelled)
            workers.stop()  # their memory goes back before the search index is finished
            _copy_files(site, options.content_dir, writer)
            warnings = [*warnings, *_check_content(site, as_of, plan, writer)]
            if options.strict and warnings:
                raise BuildFailed([w.as_error() for w in warnings])
            if options.search and not options.defer_search:
                progress.phase("indexing search")
            search.finish(indexer, writer)
        parts, search_plan = search.parts, search.plan
        progress.phase("writing files")
        writer.keep_also(search_plan.kept_files)
        write_stats, entries = writer.commit()
    result = BuildResult(
        as_of=as_of,
        pages=len(plan.pages),
        files=len(entries),
        written=write_stats.written,
        unchanged=write_stats.unchanged,
        seconds=time.perf_counter() - started,
        warnings=tuple(sorted(warnings)),
        reused=len(keep) + stored + len(search_plan.kept_files),
        removed=write_stats.removed,
        model=BuiltModel(site, as_of, options.content_dir, plan.renderer),
        changed=write_stats.changed,
    )
    progress.phase("saving the cache")
    summary = {"pages": result.pages, "files": result.files, "warnings": result.warnings}
    memory.save(
        entries,
        dict(zip(plan.paths, plan.keys, strict=True)),
        search_plan.state,
        parts,
        summary,
        plan.costly,
    )
    progress.done()
    if kept is not None:
        kept.append(locals())  # the site, its plan, what the cache held: all this build made
    return replace(result, seconds=time.perf_counter() - started, timings=progress.timings())


@dataclass(frozen=True)
class _Plan:
    """Every output of the site with its key, and what renders them."""

    renderer: Renderer
    outputs: list[Output]
    keys: list[str]

    @property
    def paths(self) -> list[str]:
        return [output.path for output in self.outputs]

    def unplanned(self, indexes: list[int]) -> bool:
        """Whether any of these outputs was kept from the last build's plan, without a view."""
        from .views import NOT_PLANNED

        return any(self.outputs[i].view is NOT_PLANNED for i in indexes)

    @property
    def pages(self) -> dict[str, str]:
        """The site path of every page, and its file."""
        return {o.url: o.path for o in self.outputs if o.url}

    @property
    def costly(self) -> dict[str, str]:
        """The outputs that take long to make, by path, with their keys (the cache stores them)."""
        from .render import COSTLY_MAKERS

        return {
            o.path: key
            for o, key in zip(self.outputs, self.keys, strict=True)
            if o.maker in COSTLY_MAKERS
        }


def _import_stages() -> None:
    """Import the stages before the workers fork, so that workers share their modules.

    Not at the top of this module: a build that changes nothing never needs them.
    """
    from . import content, planner, render, search  # noqa: F401


def _load(
    options: BuildOptions, memory: BuildMemory, workers: Workers
) -> tuple[Site, list[Problem]]:
    """Read content/ into the site model (sources not read again if the memory has them)."""
    # The stages are imported here, not above: a build that changes nothing never needs them.
    from .content import LoadOptions, image_inspector, load_site, source_reader

    load = LoadOptions(options.include_drafts, options.base_url)
    read = memory.reader(source_reader(workers))
    inspect = memory.inspector(image_inspector(workers))
    return load_site(options.content_dir, load, read, inspect, memory.decoder())


def _plan(
    site: Site,
    as_of: dt.date,
    theme: Theme,
    options: BuildOptions,
    memory: BuildMemory,
    keep_units: bool = True,
) -> _Plan:
    """Every output's view, and its render key; nothing rendered yet. The units of the last
    build's plan that read nothing that changed since are kept as they were, with their keys
    (reads.py); `keep_units` False plans them all again."""
    from .cards import card_style
    from .keys import fingerprint
    from .planner import plan_site
    from .reads import site_state
    from .render import Renderer, collect_assets
    from .views import NOT_PLANNED, SiteSettings

    assets = collect_assets(theme)
    names = tuple(
        (name, fingerprinted, hashlib.sha256(data).hexdigest())
        for name, (fingerprinted, data) in assets.items()
    )
    settings = SiteSettings(site.config, site.include_drafts, names)
    texts = {name: data for name, (_, data) in assets.items()}
    renderer = Renderer(theme, settings, texts, memory.compiled_templates)
    style = card_style(site.config.primary_color)
    search = _search_settings(site, options)
    # Everything planning reads besides the site.
    planning = fingerprint((as_of, search, style, options.local_cms, renderer.made_with()))
    before = memory.state.plan if keep_units and memory.remembers else None
    now = site_state(site) if memory.remembers else None
    kept = None
    if before is not None and now is not None:
        kept = before.still_planned(planning, now, site, memory.replaced_records)
    planned = plan_site(
        site,
        as_of,
        assets,
        search,
        style,
        options.local_cms,
        note=memory.remembers,
        kept=kept,
    )
    outputs = planned.outputs
    renders = memory.state.renders
    if kept is not None and any(o.view is NOT_PLANNED and o.path not in renders for o in outputs):
        return _plan(site, as_of, theme, options, memory, keep_units=False)  # keys lost
    fresh = iter(renderer.keys(o for o in outputs if o.view is not NOT_PLANNED))
    keys = [renders[o.path] if o.view is NOT_PLANNED else next(fresh) for o in outputs]
    if now is not None and planned.recorder is not None:
        memory.plan = planned.recorder.memory(
            planning,
            now,
            planned.start,
            planned.made,
            before if kept is not None else None,
        )
    return _Plan(renderer, outputs, keys)


def _render(
    plan: _Plan,
    todo: list[int],
    workers: Workers,
    writer: SiteWriter,
    memory: BuildMemory,
    rendered: Callable[[str, bytes, SiteWriter], None],
    cancelled: Callable[[], bool],
) -> int:
    """Render the outputs at `todo` into the writer, over the workers; those the cache's
    store has (costly ones made by an earlier build) are taken from it. Each page made is
    handed to `rendered` too (the search index). Returns how many came from the store."""
    from .render import COSTLY_MAKERS, stream_outputs

    outputs, keys = plan.outputs, plan.keys
    costly = {i: keys[i] for i in todo if outputs[i].maker in COSTLY_MAKERS}
    stored = memory.stored_outputs(costly) if costly else {}
    for index, data in stored.items():
        writer.put(outputs[index].path, data)
    if stored:
        todo = [index for index in todo if index not in stored]
    made = stream_outputs(plan.renderer, outputs, todo, workers)
    for count, (index, data) in enumerate(zip(todo, made, strict=True)):
        if count % _ASK_EVERY == 0:
            _stop_if(cancelled)
        output = outputs[index]
        writer.put(output.path, data)
        if output.url:
            rendered(output.url, data, writer)
    return len(stored)


def _copy_files(site: Site, content_dir: Path, writer: SiteWriter) -> None:
    """content/files/ as it is."""
    for static in sorted(site.files, key=lambda f: f.path):
        writer.put(static.path, content_dir / static.path)


def _check_content(site: Site, as_of: dt.date, plan: _Plan, writer: SiteWriter) -> list[Problem]:
    """Warnings that need the built site or its date: links in content, statuses gone stale,
    recordings dated after the build, disclosures missing or out of date."""
    from .links import check_content_links
    from .timeline import disclosure_problems, future_recordings, stale_overrides

    written = {*plan.paths, *(static.path for static in site.files)}
    return [
        *stale_overrides(site, as_of),
        *future_recordings(site, as_of),
        *disclosure_problems(site, as_of),
        *check_content_links(site, written, _page_reader(plan, writer)),
    ]


def _page_reader(plan: _Plan, writer: SiteWriter) -> Callable[[str], str]:
    """The HTML of a page of the new site, by its site path."""
    pages = plan.pages
    return lambda url: writer.read(pages[url]).decode()


def _nothing_changed(as_of: dt.date, summary: dict[str, Any], started: float) -> BuildResult:
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


def _search_settings(site: Site, options: BuildOptions) -> SearchSettings:
    """Whether the site is searchable, and the index parts the search page merges."""
    from .search import shard_count, shard_folders
    from .views import SearchSettings

    if not options.search:
        return SearchSettings(False, ())
    count = shard_count(len(site.published), options.search_shard_pages)
    return SearchSettings(True, tuple(shard_folders(count)[1:]))


@dataclass
class _Search:
    """What this build does with the search index: each part's pages, and the parts to index
    again (their pages changed) or to keep as they are."""

    parts: dict[str, tuple[str, ...]]
    plan: SearchPlan
    language: str = "en"

    @property
    def to_index(self) -> dict[str, tuple[str, ...]]:
        return {folder: self.parts[folder] for folder in self.plan.todo}

    def render_first(self, outputs: list[Output], todo: list[int]) -> list[int]:
        """`todo` with the pages of the parts to index first, part by part."""
        if not self.plan.todo:
            return todo
        from .search import render_order

        return render_order(outputs, todo, self.to_index)

    def took(
        self, indexer: SearchIndexer | None, url: str, html: bytes, writer: SiteWriter
    ) -> None:
        """A page is made: hand it to the indexer, and write the parts it has finished."""
        if indexer is not None:
            indexer.rendered(url, html)
            self._deliver(indexer.made(), writer)

    def finish(self, indexer: SearchIndexer | None, writer: SiteWriter) -> None:
        """Wait for the parts still being indexed and write them."""
        if indexer is None:
            return
        from .search import SearchUnavailable

        try:
            self._deliver(indexer.finish(), writer)
        except SearchUnavailable as error:
            raise _search_failed(error) from None

    def _deliver(self, bundles: list[tuple[str, dict[str, bytes]]], writer: SiteWriter) -> None:
        for folder, files in bundles:
            for path, data in sorted(files.items()):
                writer.put(path, data)
            self.plan.state[folder] = (self.plan.state[folder][0], tuple(sorted(files)))


def _plan_search(options: BuildOptions, memory: BuildMemory, site: Site, plan: _Plan) -> _Search:
    """Which parts of the search index this build makes again."""
    from .search import search_parts

    if not options.search:
        return _Search({}, SearchPlan((), frozenset(), {}))
    if options.defer_search:
        # The preview shows an edit at once; the next build brings the search index up.
        kept, parts = memory.previous_search()
        return _Search(parts, kept)
    outputs = plan.outputs
    parts = search_parts(outputs, len(_search_settings(site, options).indexes) + 1)
    page_keys = {o.url: key for o, key in zip(outputs, plan.keys, strict=True) if o.url}
    searched = memory.search_parts(parts, page_keys, site.config.language)
    planned = replace(searched, state=dict(searched.state))
    return _Search(parts, planned, site.config.language)


@contextmanager
def _indexing(
    search: _Search,
    plan: _Plan,
    writer: SiteWriter,
    todo: list[int],
    jobs: int,
    cancelled: Callable[[], bool],
) -> Iterator[SearchIndexer | None]:
    """The indexer of the parts to index again, or None when there are none."""
    if not search.plan.todo:
        yield None
        return
    from .search import SearchIndexer, SearchUnavailable

    rendered_now = {url for i in todo if (url := plan.outputs[i].url)}
    indexer = SearchIndexer(
        search.to_index, rendered_now, _page_reader(plan, writer), search.language, jobs, cancelled
    )
    try:
        entered = indexer.__enter__()
    except SearchUnavailable as error:
        raise _search_failed(error) from None
    try:
        yield entered
    finally:
        indexer.__exit__(None, None, None)


def _search_failed(error: Exception) -> BuildFailed:
    return BuildFailed([Problem("search", 1, 1, str(error), "or build with --no-search")])


def _never() -> bool:
    return False


_ASK_EVERY = 64  # outputs rendered between two questions to `cancelled`


def _stop_if(cancelled: Callable[[], bool]) -> None:
    """Give up the build (nothing is written) when a newer one is wanted."""
    if cancelled():
        raise BuildCancelled


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


__all__ = ["BuildOptions", "BuildResult", "BuiltModel", "build", "page_of_edit", "theme_for"]
