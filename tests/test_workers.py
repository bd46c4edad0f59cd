"""Work spread over processes: results in order, errors as raised, the renderer sent whole, and
memory kept in check (workers forked once per build, a few batches ahead of the caller at most).
That any number of processes makes the same site is tests/test_cli.py's."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
import time
from functools import partial
from pathlib import Path

import pytest
from conftest import ROOT

from echo_site.errors import BuildFailed, Problem
from echo_site.pipeline import BuildOptions, theme_for
from echo_site.render import Renderer, collect_assets
from echo_site.views import SiteSettings
from echo_site.workers import SMALL_BATCH, Workers


def _pid(_: int) -> int:
    return os.getpid()


def _started(log: Path, index: int) -> int:
    with log.open("a") as file:
        file.write(f"{index}\n")
    return index


def _fails_at_seven(index: int) -> int:
    if index == 7:
        raise BuildFailed([Problem("content/x.md", 3, 1, "seven is wrong", "write eight")])
    return index


def _children() -> set[int]:
    return {process.pid for process in multiprocessing.active_children() if process.pid}


def test_the_same_workers_serve_every_batch_of_a_build_until_stopped():
    before = _children()
    with Workers(2) as workers:
        first = set(workers.map(_pid, range(SMALL_BATCH * 2)))
        forked = _children() - before
        second = set(workers.map(_pid, range(SMALL_BATCH * 2)))
        assert os.getpid() not in first and len(forked) == 2
        # No process forked again. Which of the two takes a batch varies: on a busy machine one
        # of them may take every batch of a map.
        assert first | second <= forked and _children() - before == forked
        workers.stop()
        third = set(workers.map(_pid, range(SMALL_BATCH * 2)))
    assert not third & forked
    assert workers.map(_pid, range(SMALL_BATCH - 1)) == [os.getpid()] * (SMALL_BATCH - 1)


def test_results_come_in_order_and_workers_stay_a_few_batches_ahead_of_a_slow_caller(tmp_path):
    log = tmp_path / "started"
    log.touch()
    items = 2000
    farthest_ahead = 0
    with Workers(2) as workers:
        for taken, index in enumerate(workers.stream(partial(_started, log), range(items))):
            assert index == taken
            if taken % 100 == 0:
                time.sleep(0.05)  # the caller is slow: workers would otherwise finish all
                started = len(log.read_text().split())
                farthest_ahead = max(farthest_ahead, started - taken)
    batch = min(64, items // (2 * 8))
    assert farthest_ahead <= (3 * 2 + 2) * batch  # batches in flight, and the one being taken
    assert len(log.read_text().split()) == items


def test_a_content_error_in_a_worker_reaches_the_build_as_it_was_raised():
    with Workers(2) as workers, pytest.raises(BuildFailed) as failed:
        workers.map(_fails_at_seven, range(SMALL_BATCH * 2))
    assert list(failed.value.problems) == [
        Problem("content/x.md", 3, 1, "seven is wrong", "write eight")
    ]


def test_a_renderer_sent_to_a_worker_renders_the_same_bytes(tmp_path):
    """Workers get the renderer pickled (what it is made of) and make their own once."""
    from echo_site.cards import card_style
    from echo_site.content import load_site
    from echo_site.pipeline import _search_settings
    from echo_site.planner import plan_site

    site, _ = load_site(ROOT / "content")
    theme = theme_for(BuildOptions(content_dir=ROOT / "content"))
    assets = collect_assets(theme)
    names = tuple((n, f, "digest") for n, (f, _) in assets.items())
    renderer = Renderer(
        theme, SiteSettings(site.config, False, names), {n: d for n, (_, d) in assets.items()}
    )
    outputs = plan_site(
        site,
        dt.date(2026, 11, 28),
        assets,
        _search_settings(site, BuildOptions(content_dir=ROOT / "content")),
        card_style(site.config.primary_color),
    ).outputs
    pages = [o for o in outputs if o.maker.endswith(".html")][:20]
    copy = pickle.loads(pickle.dumps(renderer))
    assert copy is not renderer
    assert [copy.render(pickle.loads(pickle.dumps(o))) for o in pages] == [
        renderer.render(o) for o in pages
    ]
    assert pickle.loads(pickle.dumps(renderer)) is copy  # made once per process and build
