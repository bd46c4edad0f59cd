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
import json
import re
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
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

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            output = await self._backend.stdout.readuntil(b",")
            response = json.loads(base64.b64decode(output[:-1]))
            if response is None:
                continue
            future = self._responses.get(response.get("message_id"))
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
        f"{title.group(0) if title else ''}</head><body>{html[open_at:end]}</body></html>"
    )


def _matching_close(html: str, start: int, tag: str) -> int:
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return start + match.end()
    return len(html)


def search_shards(
    shards: Mapping[str, Callable[[], Mapping[str, str]]],
    deliver: Callable[[str, dict[str, bytes]], None],
    language: str,
    lanes: int,
    cancelled: Callable[[], bool],
) -> None:
    """Index each shard into its own bundle, `lanes` at a time.

    `shards` maps a bundle folder to a function giving its pages (site path -> HTML), called
    when the shard's turn comes; `deliver(folder, files)` receives the bundle's files (site
    path -> bytes) as soon as it is made, so only a few bundles are ever in memory.
    `cancelled` is asked every few milliseconds while Pagefind works: when it says yes,
    Pagefind is stopped and BuildCancelled raised.
    """
    if get_executable() is None:
        raise SearchUnavailable(
            "the Pagefind program is not installed; run pip install 'pagefind[bin]'"
        )
    asyncio.run(_index_all(shards, deliver, language, max(1, lanes), cancelled))


async def _index_all(
    shards: Mapping[str, Callable[[], Mapping[str, str]]],
    deliver: Callable[[str, dict[str, bytes]], None],
    language: str,
    lanes: int,
    cancelled: Callable[[], bool],
) -> None:
    """One Pagefind process per lane, each indexing its share of the shards in turn."""
    order = sorted(shards)

    async def lane(folders: list[str]) -> None:
        service = await _PromptService().launch()
        try:
            for folder in folders:
                bundle = await _index_one(service, shards[folder](), language, cancelled)
                keep = _FIRST_BUNDLE if folder == SEARCH_FOLDER else _OTHER_BUNDLES
                deliver(
                    folder,
                    {f"{folder}/{path}": data for path, data in bundle.items() if keep.match(path)},
                )
        except BaseException:
            await service.abort()
            raise
        await service.close()

    await asyncio.gather(*(lane(order[n::lanes]) for n in range(min(lanes, len(order)))))


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
