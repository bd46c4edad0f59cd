"""The search index: Pagefind is given only what it reads, and makes the index it would anyway."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, text_of

from echo_site.pipeline import BuildOptions, build
from echo_site.search import search_shards, strip_for_search


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


def index_of(pages: dict[str, str]) -> dict[str, bytes]:
    """The files Pagefind makes of these pages, as one bundle."""
    files: dict[str, bytes] = {}
    search_shards({"pagefind": lambda: pages}, lambda _, made: files.update(made), "en", 1, bool)
    return files


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
