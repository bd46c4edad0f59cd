"""Link checks: links written in content, against the pages and files a build produces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from .errors import Problem, did_you_mean
from .model import LinkRef, Site
from .urls import output_file

_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def content_links(site: Site) -> Iterable[LinkRef]:
    """Every internal link editors wrote (Markdown and the menu), with the line it is on."""
    for item in site.config.nav:
        if item.url.startswith("/"):
            yield LinkRef(item.url, item.source)
    for page in site.pages:
        yield from page.body.links
    for course in site.courses:
        yield from course.body.links
        for session in course.sessions:
            yield from session.description.links
    for recording in site.recordings:
        yield from recording.body.links


def check_content_links(
    site: Site, outputs: Iterable[str], page_html: Callable[[str], str]
) -> list[Problem]:
    """Report links in content that lead to no page, file or heading of the built site.

    `outputs` are the paths the build writes; `page_html` gives a page's HTML by site path.
    """
    existing = frozenset(outputs)
    ids = _IdIndex(page_html)
    verdicts: dict[str, tuple[str, str] | None] = {}

    def check(target: str) -> tuple[str, str] | None:
        if target not in verdicts:
            verdicts[target] = _check(target, existing, ids)
        return verdicts[target]

    problems = []
    for link in content_links(site):
        problem = check(link.target)
        if problem:
            message, hint = problem
            problems.append(
                Problem(
                    link.source.path, link.source.line, link.source.column, message, hint, "warning"
                )
            )
    return problems


class _IdIndex:
    """Element ids of each page that a link points into, read once."""

    def __init__(self, page_html: Callable[[str], str]) -> None:
        self.page_html = page_html
        self.seen: dict[str, frozenset[str]] = {}

    def of(self, url: str) -> frozenset[str]:
        if url not in self.seen:
            try:
                html = self.page_html(url)
            except (KeyError, OSError):
                html = ""
            self.seen[url] = frozenset(_ID.findall(html))
        return self.seen[url]


def _check(target: str, existing: frozenset[str], ids: _IdIndex) -> tuple[str, str] | None:
    address, _, fragment = target.partition("#")
    path = unquote(address.partition("?")[0]) if "%" in address else address.partition("?")[0]
    file = output_file(path)
    if file not in existing:
        if not path.endswith("/") and output_file(path + "/") in existing:
            return None
        pages = sorted("/" + p.removesuffix("index.html") for p in existing if p.endswith(".html"))
        close = did_you_mean(path, pages, cutoff=0.75)
        return (
            f"the link to {target} leads to no page or file of this site",
            f"did you mean {close}?" if close else "check the address, or remove the link",
        )
    if fragment and path.endswith("/"):
        page_ids = ids.of(path)
        if unquote(fragment) not in page_ids:
            close = did_you_mean(fragment, page_ids, cutoff=0.6)
            hint = (
                f"did you mean #{close}?" if close else "link to a heading that exists on that page"
            )
            return (f"the page {path} has no heading or section #{fragment}", hint)
    return None
