"""The search index: rendered pages fed to Pagefind in memory, written as a static bundle.

Pagefind's Python client waits 100 ms before reading each reply from the Pagefind process, which
makes indexing crawl at ten pages a second; `_PromptService` reads replies as they arrive, and
pages are sent without waiting for each answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Mapping
from pathlib import Path

from pagefind.service import PagefindService

SEARCH_FOLDER = "pagefind"


class SearchUnavailable(RuntimeError):
    """Pagefind could not run; the message says why and what to install."""


class _PromptService(PagefindService):
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


def write_search_index(pages: Mapping[str, str], folder: Path, language: str) -> None:
    """Index `pages` (site path -> HTML) and write the bundle into `folder`."""
    try:
        asyncio.run(_index(pages, folder, language))
    except FileNotFoundError as error:
        raise SearchUnavailable(
            "the Pagefind program is not installed; run pip install 'pagefind[bin]'"
        ) from error


async def _index(pages: Mapping[str, str], folder: Path, language: str) -> None:
    service = await _PromptService().launch()
    try:
        index = await service.create_index({"force_language": language.split("-")[0]})
        await asyncio.gather(
            *(index.add_html_file(content=html, url=url) for url, html in sorted(pages.items()))
        )
        await index.write_files(output_path=str(folder))
    finally:
        await service.close()
