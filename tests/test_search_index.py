"""The search index: Pagefind is given only what it reads, and makes the index it would anyway."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, text_of
from hypothesis import given, settings
from hypothesis import strategies as st

from echo_site.errors import BuildCancelled
from echo_site.pipeline import BuildOptions, build
from echo_site.search import SearchIndexer, _ignored_tags, render_order, strip_for_search


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample hub's searchable pages, as built (site path -> HTML)."""
    output = tmp_path_factory.mktemp("sample") / "output"
    build(
        BuildOptions(
            content_dir=ROOT / "content",
            output_dir=output,
            as_of=dt.date(2026, 11, 28),
            search=False,
            use_cache=False,
        )
    )
    pages = {}
    for file in sorted(output.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            folder = file.parent.relative_to(output).as_posix()
            pages["/" if folder == "." else f"/{folder}/"] = html
    return pages


def indexed(parts: dict[str, dict[str, str]], lanes: int = 1) -> dict[str, dict[str, bytes]]:
    """The bundles Pagefind makes of these parts (folder -> site path -> HTML), all pages
    already made (none handed over while rendering)."""
    pages = {url: html for part in parts.values() for url, html in part.items()}
    folders = {folder: tuple(part) for folder, part in parts.items()}
    with SearchIndexer(folders, (), pages.__getitem__, "en", lanes, bool) as indexer:
        return dict(indexer.finish())


def index_of(pages: dict[str, str]) -> dict[str, bytes]:
    """The files Pagefind makes of these pages, as one bundle."""
    return indexed({"pagefind": pages})["pagefind"]


def test_stripped_pages_make_the_same_index_as_whole_pages(sample_pages):
    whole = index_of(sample_pages)
    stripped = {url: strip_for_search(html) for url, html in sample_pages.items()}
    assert sum(map(len, stripped.values())) < sum(map(len, sample_pages.values())) / 3
    assert index_of(stripped) == whole
    assert any(name.endswith(".pf_fragment") for name in whole)


def test_ignored_parts_are_emptied_but_for_their_pictures(sample_pages):
    course = next(html for url, html in sample_pages.items() if url.startswith("/courses/"))
    page = BeautifulSoup(course, "lxml")
    stripped = BeautifulSoup(strip_for_search(course), "lxml")
    ignored = page.select("[data-pagefind-body] [data-pagefind-ignore]")
    assert ignored and any(part.find("img") for part in ignored)
    left = stripped.select("[data-pagefind-ignore]")
    # Each ignored part is still there, empty of text, and keeps the pictures it had.
    assert [p.name for p in left] == [
        p.name for p in ignored if not p.find_parent(attrs={"data-pagefind-ignore": True})
    ]
    assert all(text_of(p) == "" for p in left)
    assert [i["src"] for p in left for i in p.find_all("img")] == [
        i["src"] for p in ignored for i in p.find_all("img")
    ]
    assert text_of(stripped.select_one("h1")) == text_of(page.select_one("h1"))


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ('<p data-pagefind-ignore>Menu <img src="a.png" alt="A"></p>', '<img src="a.png" alt="A">'),
        ("<div data-pagefind-ignore><h1>Title</h1></div>", "<h1>Title</h1>"),
        ('<div data-pagefind-ignore><b data-pagefind-meta="author">Jo</b></div>', "Jo"),
        ('<img data-pagefind-ignore src="b.png" alt="B"><p>Text</p>', "<p>Text</p>"),
        ("<div data-pagefind-ignore>left open <p>Text</p>", "<p>Text</p>"),
    ],
)
def test_what_pagefind_still_reads_in_ignored_parts_is_kept(body, kept):
    html = f'<html lang="en"><head><title>T</title></head><body><main data-pagefind-body>{body}</main></body></html>'
    assert kept in strip_for_search(html)


def test_separate_pieces_of_text_stay_apart_in_what_search_reads(sample_pages):
    """Pagefind runs the text of touching elements together: search results read "ForNurses",
    "ECHO facilitatorDartmouth Health" or "Credit availableAMA PRA" when nothing separates a
    term from its description, a role from an organisation, a badge from what it sums up."""
    courses = [url for url in sample_pages if url.startswith("/courses/")]
    assert courses
    for url, html in sample_pages.items():
        assert not re.search(r"</dt><dd|</dd><dt|</span><span", strip_for_search(html)), url


# What Pagefind is told to skip: start tags that carry the attribute, as HTML allows them.
IGNORED_TAG = re.compile(r"<([a-zA-Z0-9]+)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
PIECES = [
    "<div data-pagefind-ignore>",
    '<p class="x" data-pagefind-ignore="all">',
    "<div\ndata-pagefind-ignore-all>",
    "<br data-pagefind-ignore>",
    "<x_y data-pagefind-ignore>",
    "<a <b data-pagefind-ignore>",
    "< data-pagefind-ignore>",
    "xdata-pagefind-ignore",
    " data-pagefind-ignore_x",
    "\u00a0data-pagefind-ignore>",
    "data-pagefind-ignore",
    "</div>",
    "<p>",
    "<p ",
    "x",
    "<",
    ">",
    " ",
    "é",
    "text",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_ignored_tags_are_those_the_pattern_finds(html):
    """Found from the attribute back to its tag (fast), they are what the pattern finds."""
    expected = [(m.start(), m.end(), m.group(1)) for m in IGNORED_TAG.finditer(html)]
    assert list(_ignored_tags(html)) == expected


# -- indexing while the build renders -------------------------------------------------------------


def two_parts(pages: dict[str, str]) -> dict[str, tuple[str, ...]]:
    urls = sorted(pages)
    return {"pagefind": tuple(urls[::2]), "pagefind-2": tuple(urls[1::2])}


def wait_for_bundles(indexer: SearchIndexer, count: int) -> list[tuple[str, dict[str, bytes]]]:
    made: list[tuple[str, dict[str, bytes]]] = []
    deadline = time.monotonic() + 120
    while len(made) < count and time.monotonic() < deadline:
        made += indexer.made()
        time.sleep(0.02)
    return made


def test_each_part_is_indexed_once_its_pages_are_rendered_and_equals_the_index_made_after(
    sample_pages,
):
    parts = two_parts(sample_pages)
    expected = indexed(
        {
            folder: {u: strip_for_search(sample_pages[u]) for u in urls}
            for folder, urls in parts.items()
        },
        lanes=2,
    )
    # The build renders all but three pages; those three it keeps from the last build.
    kept = set(parts["pagefind-2"][:3])
    read: list[str] = []

    def read_page(url: str) -> str:
        read.append(url)
        return sample_pages[url]

    rendered = [url for url in sorted(sample_pages) if url not in kept]
    with SearchIndexer(parts, rendered, read_page, "en", 2, bool) as indexer:
        for url in parts["pagefind"]:
            indexer.rendered(url, sample_pages[url].encode())
        # The first part is made while the second still waits for its pages.
        first = wait_for_bundles(indexer, 1)
        assert [folder for folder, _ in first] == ["pagefind"]
        for url in parts["pagefind-2"]:
            if url not in kept:
                indexer.rendered(url, sample_pages[url])
        made = dict(first + indexer.finish())
    assert made == expected
    assert sorted(read) == sorted(kept)
    assert any(name.endswith("pagefind.js") for name in made["pagefind"])
    assert not any(name.endswith("pagefind.js") for name in made["pagefind-2"])


def test_leaving_without_finishing_stops_pagefind_at_once(sample_pages):
    parts = two_parts(sample_pages)
    started = time.monotonic()
    indexer = SearchIndexer(parts, set(sample_pages), sample_pages.get, "en", 2, bool)
    with pytest.raises(RuntimeError, match="strict build failed"), indexer:
        raise RuntimeError("strict build failed")  # before any page was rendered
    assert not indexer._thread.is_alive()
    assert indexer.made() == []
    assert time.monotonic() - started < 30


def test_a_cancelled_build_gets_no_index(sample_pages):
    parts = two_parts(sample_pages)
    wanted = [True]
    with SearchIndexer(
        parts, set(sample_pages), sample_pages.get, "en", 1, lambda: not wanted[0]
    ) as indexer:
        wanted[0] = False  # a newer edit arrived in the preview
        with pytest.raises(BuildCancelled):
            indexer.finish()


def test_render_order_makes_the_parts_pages_first_part_by_part():
    urls = ["/a/", None, "/b/", "/c/", "/d/", None, "/e/"]
    outputs = [SimpleNamespace(url=url) for url in urls]
    parts = {"pagefind-2": ("/a/", "/e/"), "pagefind": ("/d/", "/b/")}
    order = render_order(outputs, range(len(urls)), parts)  # type: ignore[arg-type]
    assert [urls[i] for i in order] == ["/b/", "/d/", "/a/", "/e/", None, "/c/", None]
    assert render_order(outputs, [6, 3, 0], parts) == [6, 0, 3]  # type: ignore[arg-type]


def test_pagefind_answers_are_let_go_once_taken(sample_pages):
    """A build sends Pagefind a request per page: answers kept after use held 75 MB at 10,000
    pages (the index files themselves come back as answers)."""
    from echo_site.search import _PromptService

    async def index_some() -> tuple[int, int]:
        service = await _PromptService().launch()
        try:
            index = await service.create_index({"force_language": "en"})
            for url, html in sorted(sample_pages.items())[:5]:
                await index.add_html_file(content=strip_for_search(html), url=url)
            files = await index.get_files()
            return len(files), len(service._responses)
        finally:
            await service.close()

    files, answers_kept = asyncio.run(index_some())
    assert files > 5
    assert answers_kept == 0
