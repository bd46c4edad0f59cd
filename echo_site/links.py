"""Link checks: links written in content, against the pages and files a build produces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from urllib.parse import unquote, urlsplit

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
    site: Site, outputs: Iterable[str], pages: Mapping[str, str]
) -> list[Problem]:
    """Report links in content that lead to no page, file or heading of the built site."""
    existing = frozenset(outputs)
    ids = _IdIndex(pages)
    problems = []
    for link in content_links(site):
        problem = _check(link, existing, ids)
        if problem:
            message, hint = problem
            problems.append(
                Problem(
                    link.source.path, link.source.line, link.source.column, message, hint, "warning"
                )
            )
    return problems


class _IdIndex:
    """Element ids of each rendered page, read only for pages that links point into."""

    def __init__(self, pages: Mapping[str, str]) -> None:
        self.pages = pages

    @cache  # noqa: B019 - lives for one check
    def of(self, url: str) -> frozenset[str]:
        return frozenset(_ID.findall(self.pages.get(url, "")))


def _check(link: LinkRef, existing: frozenset[str], ids: _IdIndex) -> tuple[str, str] | None:
    parts = urlsplit(link.target)
    path = unquote(parts.path)
    file = output_file(path)
    if file not in existing:
        if not path.endswith("/") and output_file(path + "/") in existing:
            return None
        pages = sorted("/" + p.removesuffix("index.html") for p in existing if p.endswith(".html"))
        close = did_you_mean(path, pages, cutoff=0.75)
        return (
            f"the link to {link.target} leads to no page or file of this site",
            f"did you mean {close}?" if close else "check the address, or remove the link",
        )
    if parts.fragment and path.endswith("/"):
        page_ids = ids.of(path)
        if unquote(parts.fragment) not in page_ids:
            close = did_you_mean(parts.fragment, page_ids, cutoff=0.6)
            hint = (
                f"did you mean #{close}?" if close else "link to a heading that exists on that page"
            )
            return (f"the page {path} has no heading or section #{parts.fragment}", hint)
    return None
