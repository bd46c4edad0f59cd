"""The build cache never changes what a build produces: incremental output equals a cold build."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from echo_site import incremental
from echo_site.cache import BuildCache
from echo_site.output import OutputTable
from echo_site.pipeline import BuildOptions, build


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Hub:
    """A copy of the sample site, built incrementally and cold side by side."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(ROOT / "content", root / "content")
        self.as_of = dt.date(2026, 11, 28)
        self.incremental = root / "site" / "output"
        self.cache = root / "site" / ".echo-cache"
        self.cold_count = 0

    @property
    def content(self) -> Path:
        return self.root / "content"

    def options(self, **changes: object) -> BuildOptions:
        values: dict[str, object] = {
            "content_dir": self.content,
            "output_dir": self.incremental,
            "as_of": self.as_of,
            "cache_dir": self.cache,
            "jobs": 2,
        }
        values.update(changes)
        return BuildOptions(**values)  # type: ignore[arg-type]

    def build(self, **changes: object):  # type: ignore[no-untyped-def]
        return build(self.options(**changes))

    def cold(self) -> dict[str, str]:
        self.cold_count += 1
        output = self.root / f"cold-{self.cold_count}" / "output"
        build(self.options(output_dir=output, use_cache=False, cache_dir=None, jobs=1))
        return tree(output)

    def edit(self, relative: str, change: Callable[[str], str]) -> None:
        path = self.content / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Hub:
    hub = Hub(tmp_path_factory.mktemp("incremental"))
    first = hub.build()
    assert first.reused == 0
    return hub


EDITS: list[tuple[str, Callable[[Hub], None]]] = [
    # First, right after the cold build: pieces planning shares between pages (a course's
    # card on the home page and in the lists) count for every page that shows them.
    (
        "course summary",  # on its cards in the lists and in every calendar's events
        lambda h: h.edit(
            "courses/school-mental-health-echo.md",
            lambda t: t.replace("summary: A community ECHO for", "summary: A community ECHO of"),
        ),
    ),
    (
        "recording body",
        lambda h: h.edit(
            "recordings/alcohol-use-disorder-medications.md", lambda t: t + "\nOne more point.\n"
        ),
    ),
    (
        "recording title",
        lambda h: h.edit(
            "recordings/moud-in-pregnancy.md",
            lambda t: (
                t.replace("title: ", "title: Revised: ", 1)
                .replace("Revised: ", "'Revised ", 1)
                .replace("\ndate:", "'\ndate:", 1)
            ),
        ),
    ),
    # Fields the planner passes on whole, for the templates to read: the page holds its
    # record, its presenters and what links to it show of its course (reads.py).
    (
        "recording resources",
        lambda h: h.edit(
            "recordings/buprenorphine-for-chronic-pain.md",
            lambda t: t.replace("Prescribing Opioids for Pain, 2022", "Prescribing Opioids, 2022"),
        ),
    ),
    (
        "course picture's description",
        lambda h: h.edit(
            "courses/chronic-pain-echo.md",
            lambda t: t.replace("image_alt: Illustration of", "image_alt: A drawing of"),
        ),
    ),
    (
        "presenter's name",
        lambda h: h.edit("people.yaml", lambda t: t.replace("Pierre Duval", "Pierre-Luc Duval")),
    ),
    (
        "course session",
        lambda h: h.edit(
            "courses/chronic-pain-echo.md",
            lambda t: t.replace("Pain in older adults", "Pain in older adults at home"),
        ),
    ),
    (
        "new recording",
        lambda h: (h.content / "recordings" / "brand-new-session.md").write_text(
            "---\ntitle: A brand new session\ndate: 2026-10-15\ncourse: chronic-pain-echo\n---\n"
            "New.\n"
        ),
    ),
    ("deleted recording", lambda h: (h.content / "recordings" / "brand-new-session.md").unlink()),
    (
        "draft published",
        lambda h: h.edit(
            "courses/suicide-prevention-echo.md", lambda t: t.replace("draft: true", "draft: false")
        ),
    ),
    (
        "people.yaml",
        lambda h: h.edit("people.yaml", lambda t: t.replace("MD, MPH", "MD, MPH, FACP", 1)),
    ),
    (
        "a disclosure",
        lambda h: h.edit(
            "people.yaml",
            lambda t: t.replace(
                "    disclosures: none\n    disclosed: 2026-02-09\n",
                "    disclosures:\n      - {company: Ridgeline Therapeutics, relationship: consultant}"
                "\n    disclosed: 2026-11-02\n",
            ),
        ),
    ),
    (
        "credit types",
        lambda h: h.edit(
            "recordings/deprescribing-in-dementia.md",
            lambda t: t.replace(
                "  type: ACPE Pharmacy Credit\n  hours: 0.75\n",
                "  types:\n    - {type: ACPE Pharmacy Credit, hours: 0.75}\n"
                "    - {type: ANCC Nursing Contact Hours, hours: 0.75}\n",
            ),
        ),
    ),
    (
        "site.yaml",
        lambda h: h.edit(
            "site.yaml",
            lambda t: t.replace(
                "title: Project ECHO at Dartmouth Health", "title: Dartmouth Health Project ECHO"
            ),
        ),
    ),
    (
        "new file",
        lambda h: (h.content / "files" / "handouts" / "extra.pdf").write_bytes(b"%PDF-1.4\n"),
    ),
    (
        "course picture replaced",
        lambda h: (h.content / "files" / "images" / "chronic-pain.jpg").write_bytes(
            (h.content / "files" / "images" / "dementia-care.jpg").read_bytes()
        ),
    ),
    (
        "program page",
        lambda h: h.edit("pages/contact.md", lambda t: t + "\nWe answer within a day.\n"),
    ),
    (
        "template override",
        lambda h: (
            (h.root / "templates").mkdir(exist_ok=True),
            (h.root / "templates" / "page.html").write_text(
                (ROOT / "templates" / "page.html")
                .read_text()
                .replace("<h1>{{ page.title }}</h1>", '<h1 class="custom">{{ page.title }}</h1>')
            ),
        ),
    ),
    ("next day", lambda h: setattr(h, "as_of", h.as_of + dt.timedelta(days=1))),
    ("a month later", lambda h: setattr(h, "as_of", h.as_of + dt.timedelta(days=30))),
]


def test_an_incremental_build_equals_a_cold_build_after_every_kind_of_edit(hub: Hub) -> None:
    # One test for the whole sequence: each edit builds on the ones before it.
    for name, edit in EDITS:
        edit(hub)
        result = hub.build()
        assert tree(hub.incremental) == hub.cold(), name
        if name not in ("site.yaml", "template override", "people.yaml"):
            assert result.reused > 0, f"{name}: the cache should have spared most outputs"


def test_nothing_changed_stops_early_and_keeps_every_file(hub: Hub) -> None:
    hub.build()
    before = {p: (hub.incremental / p).stat().st_mtime_ns for p in tree(hub.incremental)}
    result = hub.build()
    assert result.nothing_changed and result.written == 0
    assert {p: (hub.incremental / p).stat().st_mtime_ns for p in before} == before


def test_a_corrupted_cache_is_never_trusted(hub: Hub) -> None:
    state = BuildCache(hub.cache).file
    data = bytearray(state.read_bytes())
    data[len(data) // 2] ^= 0xFF
    state.write_bytes(bytes(data))
    hub.edit("pages/support.md", lambda t: t + "\nThank you.\n")
    result = hub.build()
    assert result.reused == 0  # a cold build, not a crash
    assert tree(hub.incremental) == hub.cold()
    state.write_bytes(b"garbage")
    hub.edit("pages/support.md", lambda t: t + "\nThank you again.\n")
    assert hub.build().reused == 0
    assert tree(hub.incremental) == hub.cold()
    BuildCache(hub.cache).quick_file.write_bytes(b"garbage")
    result = hub.build()
    assert not result.nothing_changed  # an unreadable summary is never taken for "no change"
    assert tree(hub.incremental) == hub.cold()
    parsed = BuildCache(hub.cache).parsed_file
    data = bytearray(parsed.read_bytes())
    data[len(data) // 3] ^= 0x01
    parsed.write_bytes(bytes(data))
    hub.edit("pages/support.md", lambda t: t + "\nAnd again.\n")
    assert hub.build().reused == 0
    assert tree(hub.incremental) == hub.cold()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_changed_in_the_output_by_hand_is_rebuilt(
    hub: Hub, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.build(jobs=jobs)
    page = hub.incremental / "contact" / "index.html"
    page.write_text("tampered")
    (hub.incremental / "about" / "index.html").unlink()
    if jobs > 1:  # threads other tests left in this process would keep the check in a thread
        monkeypatch.setattr(threading, "active_count", lambda: 1)
    checked_here: list[Path] = []
    on_disk = OutputTable.on_disk
    monkeypatch.setattr(
        OutputTable,
        "on_disk",
        lambda table, folder: checked_here.append(folder) or on_disk(table, folder),
    )
    hub.build(jobs=jobs)
    assert tree(hub.incremental) == hub.cold()
    # One job: the outputs are checked in a thread of the build's; more: in a process beside.
    assert checked_here == ([hub.incremental] if jobs == 1 else [])


def test_outputs_are_checked_here_when_the_process_checking_them_fails(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.build()
    (hub.incremental / "contact" / "index.html").write_text("tampered")
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in the command: no threads
    monkeypatch.setattr(incremental, "_send_as_written", lambda *_: os._exit(3))
    hub.build()
    assert tree(hub.incremental) == hub.cold()


def test_an_old_cache_from_other_code_is_ignored(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from echo_site import cache

    hub.build()
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert hub.build().reused == 0


def test_a_cache_whose_output_folder_was_deleted_rebuilds_it(hub: Hub) -> None:
    # The cache remembers a search index that no longer exists on disk; indexed again, it
    # comes out the same, and must be written, not taken for a file to keep.
    hub.build()
    shutil.rmtree(hub.incremental)
    hub.build()
    assert tree(hub.incremental) == hub.cold()
    other = hub.root / "elsewhere" / "output"
    hub.build(output_dir=other)  # another output folder sharing the same cache folder
    assert tree(other) == tree(hub.incremental)


def test_a_cancelled_build_writes_nothing_and_the_next_one_catches_up(hub: Hub) -> None:
    from echo_site.errors import BuildCancelled

    hub.build()
    before = tree(hub.incremental)
    hub.edit("pages/support.md", lambda t: t + "\nA newer edit arrived.\n")
    asked = []

    def cancelled() -> bool:  # the preview's "another edit was saved", while Pagefind works
        asked.append(True)
        return len(asked) > 1

    with pytest.raises(BuildCancelled):
        build(hub.options(), cancelled=cancelled)
    assert asked and tree(hub.incremental) == before
    assert not list(hub.incremental.parent.glob(".*staging*"))
    hub.build()
    assert tree(hub.incremental) == hub.cold()


def test_a_build_that_must_give_way_stops_between_steps_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview asks between steps too: an edit saved while a build loads or plans is
    shown without waiting for that build to reach its search index."""
    from echo_site.errors import BuildCancelled

    hub = Hub(tmp_path)
    hub.build(jobs=1)
    before = tree(hub.incremental)
    hub.edit("pages/support.md", lambda t: t.replace("\ntitle: ", "\ntitle: Newer, ", 1))
    made = rendered_paths(monkeypatch)
    for answers in ([True], [False, True]):  # after loading; after planning
        asked: list[bool] = []

        def cancelled(answers: list[bool] = answers, asked: list[bool] = asked) -> bool:
            asked.append(True)
            return answers[len(asked) - 1]

        with pytest.raises(BuildCancelled):
            build(hub.options(jobs=1), cancelled=cancelled)
        assert len(asked) == len(answers)
        assert made == [] and tree(hub.incremental) == before
    hub.build(jobs=1)
    assert made and tree(hub.incremental) == hub.cold()


def test_the_preview_cache_reaches_disk_only_when_flushed(hub: Hub) -> None:
    options = hub.options(cache_dir=hub.root / "preview-cache")
    cache = BuildCache(options.cache_dir, in_memory=True)  # type: ignore[arg-type]
    build(options, cache=cache)
    assert not cache.file.exists()  # nothing written before the edit is shown
    hub.edit("pages/support.md", lambda t: t + "\nShown from memory.\n")
    assert build(options, cache=cache).reused > 0
    cache.flush()
    assert cache.file.exists() and cache.quick_file.exists()
    assert build(options).nothing_changed  # a later build outside the preview uses it


def test_the_preview_decodes_again_only_the_sources_that_changed(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-lived process keeps the records it holds: an edit decodes one source, not all."""
    import pickle

    from echo_site import content

    options = hub.options(cache_dir=hub.root / "preview-cache", jobs=1)
    cache = BuildCache(options.cache_dir, in_memory=True)  # type: ignore[arg-type]
    build(options, cache=cache)
    records: list[object] = []
    decoded = {"count": 0}
    original_loads, original_load_site = pickle.loads, content.load_site

    def loads(data: bytes, /, **kwargs: object) -> object:
        decoded["count"] += 1
        return original_loads(data, **kwargs)  # type: ignore[arg-type]

    def load_site(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        site, warnings = original_load_site(*args, **kwargs)  # type: ignore[arg-type]
        records.append({r.slug: r for r in site.recordings})
        return site, warnings

    monkeypatch.setattr(pickle, "loads", loads)
    monkeypatch.setattr(content, "load_site", load_site)
    edited = sorted((hub.content / "recordings").glob("*.md"))[0]
    hub.edit(f"recordings/{edited.name}", lambda t: t + "\nA sentence added.\n")
    build(options, cache=cache)
    assert decoded["count"] == 1
    hub.edit(f"recordings/{edited.name}", lambda t: t + "\nAnother sentence.\n")
    build(options, cache=cache)
    before, after = records
    same = [slug for slug in after if after[slug] is before.get(slug)]
    assert sorted(set(after) - set(same)) == [edited.stem]
    # A build in another process decodes what it reads: the cache on disk holds bytes only.
    cache.flush()
    decoded["count"] = 0
    hub.edit(f"recordings/{edited.name}", lambda t: t + "\nA third one.\n")
    build(hub.options(cache_dir=hub.root / "preview-cache", jobs=1))
    assert decoded["count"] > len(after)
    assert tree(hub.incremental) == hub.cold()


def rendered_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the outputs made from now on (in this process: build with jobs=1)."""
    from echo_site.render import Renderer

    made: list[str] = []
    original = Renderer.render

    def render(self: Renderer, output):  # type: ignore[no-untyped-def]
        made.append(output.path)
        return original(self, output)

    monkeypatch.setattr(Renderer, "render", render)
    return made


def test_an_edit_renders_again_only_the_outputs_that_show_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys come from views, which hold what a page shows: a recording's body is shown on its
    own page only (the feed shows its first paragraph), its title wherever it is listed. And
    planning follows the same reads: the units of the plan (reads.py) that read nothing an
    edit changed are not planned again."""
    planned = planned_units(monkeypatch)
    hub = Hub(tmp_path)
    hub.build(jobs=1)
    everything = set(planned)
    assert {"home", "lists", "enduring", "credit", "feed", "calendar"} <= everything
    published = [
        p for p in (hub.content / "recordings").glob("*.md") if "draft: true" not in p.read_text()
    ]
    assert {f"recording:{p.stem}" for p in published} <= everything

    made = rendered_paths(monkeypatch)
    planned.clear()
    hub.edit("recordings/buprenorphine-starts-in-primary-care.md", lambda t: t + "\nOne more.\n")
    hub.build(jobs=1)
    assert made == ["recordings/buprenorphine-starts-in-primary-care/index.html"]
    assert sorted(planned) == ["feed", "recording:buprenorphine-starts-in-primary-care"]
    assert tree(hub.incremental) == hub.cold()

    made.clear()
    planned.clear()
    hub.edit(
        "recordings/buprenorphine-starts-in-primary-care.md",
        lambda t: t.replace("\ntitle: ", "\ntitle: Revised, ", 1),
    )
    hub.build(jobs=1)
    course = "courses/opioid-use-disorder-echo/index.html"
    assert "courses/opioid-use-disorder-echo/calendar.ics" not in made
    assert {
        course,
        "feed.xml",
        "recordings/buprenorphine-starts-in-primary-care/index.html",
    } <= set(made)
    assert not any(
        path.startswith("recordings/") for path in made if "buprenorphine-starts" not in path
    )
    assert {
        "recording:buprenorphine-starts-in-primary-care",
        "course:opioid-use-disorder-echo",
        "enduring",
        "feed",
    } <= set(planned)
    # A course's recordings show what making the course's page read (its recordings' titles
    # among it); recordings of another course read nothing of this one.
    assert "recording:cognitive-screening-in-primary-care" not in planned
    assert len(planned) < len(everything) // 2
    assert tree(hub.incremental) == hub.cold()

    planned.clear()
    hub.edit("people.yaml", lambda t: t.replace("Harold Whitcomb", "Harold B. Whitcomb"))
    hub.build(jobs=1)
    presenting = {f"recording:{p.stem}" for p in published if "hwhitcomb" in p.read_text()}
    assert presenting and presenting <= set(planned)
    assert tree(hub.incremental) == hub.cold()


def test_a_recording_edit_indexes_only_its_search_part_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from echo_site import search

    indexed: list[list[str]] = []
    original = search.SearchIndexer.__init__

    def recorded(self, parts, *args):  # type: ignore[no-untyped-def]
        indexed.append(sorted(parts))
        original(self, parts, *args)

    monkeypatch.setattr(search.SearchIndexer, "__init__", recorded)
    hub = Hub(tmp_path)
    hub.build(search_shard_pages=10)
    assert len(indexed[0]) == 4  # about 35 pages, in parts of at most 10: four parts
    hub.edit("recordings/buprenorphine-for-chronic-pain.md", lambda t: t + "\nA new point.\n")
    hub.build(search_shard_pages=10)
    assert len(indexed) == 2 and len(indexed[1]) == 1
    cold = hub.root / "cold-search" / "output"
    build(hub.options(output_dir=cold, use_cache=False, search_shard_pages=10))
    assert tree(hub.incremental) == tree(cold)


def test_unchanged_recordings_report_what_a_cold_build_reports(tmp_path: Path) -> None:
    """Recordings from the cache are checked by name; a problem in one is reported at its line."""
    from echo_site.errors import BuildFailed

    hub = Hub(tmp_path)
    hub.edit(
        "recordings/moud-in-pregnancy.md",
        lambda t: t + "\nSee [equipment](/participate/#equipment) and [support](/support/).\n",
    )
    assert not hub.build().warnings

    def cold_warnings() -> list[str]:
        result = build(hub.options(output_dir=tmp_path / "cold", use_cache=False))
        return [str(w) for w in result.warnings]

    # The page it links to loses the heading: its link now warns, though it did not change.
    hub.edit("pages/participate.md", lambda t: t.replace("## Equipment", "## What you need"))
    warnings = [str(w) for w in hub.build().warnings]
    assert any("moud-in-pregnancy.md" in w and "#equipment" in w for w in warnings)
    assert warnings == cold_warnings()
    # The page is gone.
    (hub.content / "pages" / "support.md").unlink()
    warnings = [str(w) for w in hub.build().warnings]
    assert any("moud-in-pregnancy.md" in w and "/support/" in w for w in warnings)
    assert warnings == cold_warnings()
    # A person it names leaves people.yaml: the same errors, at the same lines, as cold.
    assert "\n  - id: mokafor\n" in (hub.content / "people.yaml").read_text()
    hub.edit("people.yaml", lambda t: t.replace("\n  - id: mokafor\n", "\n  - id: mokafor-gone\n"))
    with pytest.raises(BuildFailed) as cached:
        hub.build()
    with pytest.raises(BuildFailed) as cold:
        build(hub.options(output_dir=tmp_path / "cold", use_cache=False))
    assert cached.value.problems == cold.value.problems
    assert any("recordings/" in p.path for p in cached.value.problems)


def planned_units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units of the plan planned from now on (the others were kept from the last build)."""
    from echo_site.reads import PlanRecorder

    planned: list[str] = []
    original = PlanRecorder.planned_unit

    def noted(self, name, *args):  # type: ignore[no-untyped-def]
        planned.append(name)
        return original(self, name, *args)

    monkeypatch.setattr(PlanRecorder, "planned_unit", noted)
    return planned


def test_reads_are_noted_only_while_a_build_plans(hub: Hub) -> None:
    from echo_site.model import Course, Person, Recording

    hub.edit("pages/contact.md", lambda t: t + "\nCall us on weekdays.\n")
    hub.build()
    for kind in (Course, Recording, Person):
        assert "__getattribute__" not in vars(kind)
