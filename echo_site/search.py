"""The search index: rendered pages fed to Pagefind in memory; its files come back as bytes.

Pagefind's Python client waits 100 ms before reading each reply, which makes indexing crawl at
ten pages a second, and reads replies through a 2 MiB buffer, too small for a large index.
`_PromptService` reads replies as they arrive, through a buffer sized for the whole index, and
pages are sent without waiting for each answer. The files are returned to the build instead of
being written by Pagefind, so the write stage stays the only writer (and swaps them in
atomically with the rest of the site).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import queue
import re
import threading
import zlib
from collections.abc import (
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pagefind.service import PagefindService, get_executable

from .errors import BuildCancelled
from .search_filters import canonical_filters

if TYPE_CHECKING:
    from .views import Output

SEARCH_FOLDER = "pagefind"
_REPLY_LIMIT = 1 << 30
_CANCEL_POLL_SECONDS = 0.01  # how often indexing asks whether the build is still wanted
T = TypeVar("T")


class SearchUnavailable(RuntimeError):
    """Pagefind could not run; the message says why and what to install."""


class _PromptService(PagefindService):
    async def launch(self) -> _PromptService:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            cwd=Path.cwd(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            limit=_REPLY_LIMIT,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def send(self, payload: Any) -> Any:
        """Send one request (the upstream method formats every request into debug text)."""
        self._message_id += 1
        future = self._loop.create_future()
        self._responses[self._message_id] = future
        request = {"message_id": self._message_id, "payload": payload}
        assert self._backend.stdin is not None
        self._backend.stdin.write(base64.b64encode(json.dumps(request).encode()) + b",")
        await self._backend.stdin.drain()
        return await future

    async def abort(self) -> None:
        """Stop Pagefind at once, without waiting for the answers still due."""
        for future in self._responses.values():
            future.cancel()
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.kill()
        await self._backend.wait()
        # Its pipes would be closed a few turns of the event loop later, which may never come
        # when a build stops: closed now, they give no "unclosed transport" warning afterwards.
        transport = getattr(self._backend, "_transport", None)
        if transport is not None:
            transport.close()

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            output = await self._backend.stdout.readuntil(b",")
            response = json.loads(base64.b64decode(output[:-1]))
            if response is None:
                continue
            # Taken out as answered: a build sends tens of thousands of requests.
            future = self._responses.pop(response.get("message_id"), None)
            if future is None or future.done():
                continue
            payload = response["payload"]
            if payload.get("type") == "Error":
                future.set_exception(SearchUnavailable(payload.get("message", "Pagefind failed")))
            else:
                future.set_result(payload)


SHARD_PAGES = 250
# What the browser loads: the first bundle brings the code; the others only their index.
_FIRST_BUNDLE = re.compile(
    r"^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z-]+\.pagefind"
    r"|pagefind\.[^/]+\.pf_meta|(fragment|index|filter)/.+)$"
)
_OTHER_BUNDLES = re.compile(
    r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(fragment|index|filter)/.+)$"
)


def shard_count(searchable_pages: int, shard_pages: int = SHARD_PAGES) -> int:
    """Several smaller indexes for a big site, so an edit re-indexes one of them.

    The count doubles as the site grows (1, 2, 4, 8, ...), so adding a page rarely moves the
    others to another shard.
    """
    count = 1
    while count * shard_pages < searchable_pages:
        count *= 2
    return count


def shard_folders(count: int) -> list[str]:
    """pagefind/ holds the first index (and the search code); others are merged in by the page."""
    return [SEARCH_FOLDER] + [f"{SEARCH_FOLDER}-{n}" for n in range(2, count + 1)]


def search_parts(outputs: Iterable[Output], count: int) -> dict[str, tuple[str, ...]]:
    """The searchable pages of each part of the index, by its folder.

    A page goes to a part by its group, so a course and its recordings share a part.
    """
    folders = shard_folders(count)
    parts: dict[str, list[str]] = {folder: [] for folder in folders}
    for output in outputs:
        if output.searchable and output.url:
            parts[folders[zlib.crc32(output.group.encode()) % count]].append(output.url)
    return {folder: tuple(sorted(urls)) for folder, urls in parts.items()}


def strip_for_search(html: str) -> str:
    """Keep only what Pagefind reads: the language, the title and the data-pagefind-body element.

    Pagefind parses every byte it is given; the menu and footer it would skip cost half its time.
    Inside the body, what is marked data-pagefind-ignore goes too, but for what Pagefind still
    takes from it: its pictures (the first one is a result's image), headings and marked meta.
    """
    start = html.find("data-pagefind-body")
    if start < 0:
        return html
    open_at = html.rfind("<", 0, start)
    tag = re.match(r"<([a-zA-Z0-9]+)", html[open_at:])
    if tag is None:
        return html
    end = _matching_close(html, open_at, tag.group(1))
    title = re.search(r"<title>.*?</title>", html, re.S)
    lang = re.search(r'<html lang="([^"]+)"', html)
    return (
        f'<html lang="{lang.group(1) if lang else "en"}"><head>'
        f"{title.group(0) if title else ''}</head><body>{_without_ignored(html[open_at:end])}"
        "</body></html>"
    )


_IGNORE = "data-pagefind-ignore"
_TAG_NAME = re.compile(r"<([a-zA-Z0-9]+)\b")
_STILL_READ = re.compile(r"data-pagefind-|<h1\b")  # meta, filters, sort keys; the title
_PICTURE = re.compile(r"<img\b[^>]*>")


def _without_ignored(html: str) -> str:
    """The elements marked data-pagefind-ignore emptied, but for their pictures."""
    parts = []
    done = 0
    for start, end_of_tag, tag in _ignored_tags(html):
        if start < done:
            continue  # inside an element already emptied
        end = _matching_close(html, start, tag)
        close = html.rfind("<", end_of_tag, end)
        inner = html[end_of_tag:close]
        if not html.startswith(f"</{tag}", close) or _STILL_READ.search(inner):
            continue  # a void element, one left open, or one Pagefind still reads from
        parts += [html[done:end_of_tag], *_PICTURE.findall(inner), html[close:end]]
        done = end
    parts.append(html[done:])
    return "".join(parts)


def _ignored_tags(html: str) -> Iterator[tuple[int, int, str]]:
    """The start tags that carry data-pagefind-ignore: where each begins and ends, its name.

    The tags the pattern `<([a-zA-Z0-9]+)\\b[^>]*\\sdata-pagefind-ignore\\b[^>]*>` finds, one
    after another, but found from the attribute back to its tag instead of trying the pattern
    at every "<" of the page.
    """
    position = 0
    at = html.find(_IGNORE)
    while at >= 0:
        after = at + len(_IGNORE)
        word_ends = after == len(html) or not (html[after].isalnum() or html[after] == "_")
        closing = html.find(">", after)
        if at > 0 and html[at - 1].isspace() and word_ends and closing >= 0:
            # The tag starts after the last ">" before the attribute (and so after the last tag
            # found, which ended with one).
            start = html.find("<", html.rfind(">", 0, at) + 1, at)
            while start >= 0:
                name = _TAG_NAME.match(html, start)
                if name is not None:  # it ends before the space that precedes the attribute
                    position = closing + 1
                    yield start, position, name.group(1)
                    break
                start = html.find("<", start + 1, at)
        at = html.find(_IGNORE, max(after, position))


def _matching_close(html: str, start: int, tag: str) -> int:
    depth = 0
    for match in _tag_pattern(tag).finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


@functools.lru_cache(maxsize=64)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    """The start and end tags of an element named `tag`."""
    return re.compile(rf"<(/?){tag}\b[^>]*>")


def _check_installed() -> None:
    if get_executable() is None:
        raise SearchUnavailable(
            "the Pagefind program is not installed; run pip install 'pagefind[bin]'"
        )


def render_order(
    outputs: Sequence[Output], todo: Iterable[int], parts: Mapping[str, Iterable[str]]
) -> list[int]:
    """`todo` (indexes into `outputs`) in the order that lets SearchIndexer start soonest.

    The pages of the parts to index come first, one part after another in the order Pagefind
    takes them, then every other output; within each, the order stays as it was.
    """
    rank = {url: n for n, folder in enumerate(sorted(parts)) for url in parts[folder]}
    last = len(rank)
    return sorted(todo, key=lambda index: rank.get(outputs[index].url or "", last))


class SearchIndexer:
    """Index search parts in a thread while the build renders, each once its pages are made.

    Pagefind runs in processes of its own, so the index of the first parts is made while the
    pages of later ones, and the other files, are still being rendered:

        with SearchIndexer(parts, rendered_later, read_page, "en", jobs, cancelled) as indexer:
            for index in render_order(outputs, todo, parts):
                ...                                  # render and put the file, then:
                indexer.rendered(url, html)          # for every page
                for folder, files in indexer.made(): ...   # bundles ready so far
            for folder, files in indexer.finish(): ...     # the rest, once all are made

    `parts` are the parts to index (folder -> site paths of their pages); `rendered_later`
    the pages this build renders, which `rendered` hands over: a part is indexed once none of
    its pages is still due. Its other pages are unchanged since the last build, and are read
    with `read_page` (site path -> HTML). Bundles come back from `made` and `finish` on the
    caller's thread, so the caller stays the only writer. Leaving the block without `finish`
    (an error, a strict build that failed) stops Pagefind.
    """

    def __init__(
        self,
        parts: Mapping[str, Iterable[str]],
        rendered_later: Collection[str],
        read_page: Callable[[str], str],
        language: str,
        lanes: int,
        cancelled: Callable[[], bool],
    ) -> None:
        self.parts = {folder: tuple(urls) for folder, urls in parts.items()}
        self.read_page = read_page
        self.language = language
        self.lanes = lanes
        self.cancelled = cancelled
        self._part_of = {
            url: folder
            for folder, urls in self.parts.items()
            for url in urls
            if url in rendered_later
        }
        self._due: dict[str, set[str]] = {folder: set() for folder in self.parts}
        for url, folder in self._part_of.items():
            self._due[folder].add(url)
        self._pages: dict[str, dict[str, str]] = {folder: {} for folder in self.parts}
        self._ready = {folder: threading.Event() for folder in self.parts}
        for folder, due in self._due.items():
            if not due:
                self._ready[folder].set()
        self._made: queue.SimpleQueue[tuple[str, dict[str, bytes]]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="search index", daemon=True)

    def __enter__(self) -> SearchIndexer:
        _check_installed()
        return self

    def __exit__(self, *error: object) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()

    def _start(self) -> None:
        """Start indexing on the first page handed over, not before: render workers are forked
        by then, and a process must never fork while this thread runs."""
        if self.parts and not self._thread.is_alive() and self._thread.ident is None:
            self._thread.start()

    def rendered(self, url: str, html: str | bytes) -> None:
        """A page of the new site is made: its part is indexed once its other pages are too.

        The part's pages that were not made again are read here, in the caller's thread, as
        soon as its last page is made: the indexing thread, which would read them otherwise,
        gets the interpreter only between the caller's steps, and Pagefind would wait for it
        (at 10,000 pages, 50 ms of a one-edit build instead of 13).
        """
        self._start()
        folder = self._part_of.pop(url, None)
        if folder is None:
            return
        text = html.decode() if isinstance(html, bytes) else html
        pages = self._pages[folder]
        pages[url] = strip_for_search(text)
        due = self._due[folder]
        due.discard(url)
        if not due:
            self._read_unchanged(pages, folder)
            self._ready[folder].set()

    def made(self) -> list[tuple[str, dict[str, bytes]]]:
        """The bundles made since the last call: (folder, site path -> bytes)."""
        bundles = []
        while True:
            try:
                bundles.append(self._made.get_nowait())
            except queue.Empty:
                return bundles

    def finish(self) -> list[tuple[str, dict[str, bytes]]]:
        """Wait for every part (pages never handed over are read as they are), then return the
        bundles not yet taken; raise what stopped the indexing (SearchUnavailable,
        BuildCancelled)."""
        for ready in self._ready.values():
            ready.set()
        self._start()
        if self._thread.is_alive():
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self.made()

    def _run(self) -> None:
        def stopped() -> bool:
            return self._stop.is_set() or self.cancelled()

        try:
            asyncio.run(
                _index_all(
                    sorted(self.parts),
                    self._pages_when_ready,
                    lambda folder, files: self._made.put((folder, files)),
                    self.language,
                    self.lanes,
                    stopped,
                )
            )
        except BaseException as error:  # handed to the caller's thread by finish()
            self._error = error

    async def _pages_when_ready(self, folder: str) -> Mapping[str, str]:
        while not self._ready[folder].is_set():
            if self._stop.is_set() or self.cancelled():
                raise BuildCancelled
            await asyncio.sleep(_CANCEL_POLL_SECONDS)
        pages = self._pages.pop(folder)
        self._read_unchanged(pages, folder)  # a part none of whose pages was handed over
        return pages

    def _read_unchanged(self, pages: dict[str, str], folder: str) -> None:
        for url in self.parts[folder]:
            if url not in pages:
                pages[url] = strip_for_search(self.read_page(url))


async def _index_all(
    folders: Sequence[str],
    pages_of: Callable[[str], Awaitable[Mapping[str, str]]],
    deliver: Callable[[str, dict[str, bytes]], None],
    language: str,
    lanes: int,
    cancelled: Callable[[], bool],
) -> None:
    """One Pagefind process per lane; each lane takes the next part in `folders`, in turn.

    When a lane fails, the others stop too; every lane has stopped its Pagefind before this
    returns or raises (the first error, rather than the stops it caused).
    """
    waiting = list(reversed(folders))
    failed = False

    def stop() -> bool:
        return failed or cancelled()

    async def lane() -> None:
        nonlocal failed
        service = await _PromptService().launch()
        try:
            while waiting:
                folder = waiting.pop()
                pages = await pages_of(folder)
                bundle = await _index_one(service, pages, language, stop)
                keep = _FIRST_BUNDLE if folder == SEARCH_FOLDER else _OTHER_BUNDLES
                deliver(
                    folder,
                    {f"{folder}/{path}": data for path, data in bundle.items() if keep.match(path)},
                )
        except BaseException:
            failed = True
            await service.abort()
            raise
        await service.close()

    count = min(max(1, lanes), len(folders))
    ended = await asyncio.gather(*(lane() for _ in range(count)), return_exceptions=True)
    errors = [error for error in ended if isinstance(error, BaseException)]
    if errors:
        raise next((e for e in errors if not isinstance(e, BuildCancelled)), errors[0])


async def _index_one(
    service: _PromptService,
    pages: Mapping[str, str],
    language: str,
    cancelled: Callable[[], bool],
) -> dict[str, bytes]:
    index = await service.create_index({"force_language": language.split("-")[0]})
    adds = (index.add_html_file(content=html, url=url) for url, html in sorted(pages.items()))
    await _unless_cancelled(asyncio.gather(*adds), cancelled)
    files = {
        file["path"]: file["content"]
        for file in await _unless_cancelled(index.get_files(), cancelled)
    }
    await index.delete_index()
    return canonical_filters(files)  # Pagefind lists filters in a different order every run


async def _unless_cancelled(awaitable: Awaitable[T], cancelled: Callable[[], bool]) -> T:
    """Await, asking `cancelled` every few milliseconds; raise BuildCancelled when it says yes."""
    task = asyncio.ensure_future(awaitable)
    while not task.done():
        if cancelled():
            task.cancel()
            task.add_done_callback(_collect)
            raise BuildCancelled
        await asyncio.wait({task}, timeout=_CANCEL_POLL_SECONDS)
    return task.result()


def _collect(future: asyncio.Future[Any]) -> None:
    """Take the outcome of abandoned work, so asyncio does not print it as unhandled."""
    if not future.cancelled():
        future.exception()
