"""An incremental build always equals a cold build, after any sequence of edits.

Hypothesis drives a state machine over a copy of each hub (the sample site in content/ and the
mountain hub in tests/hubs/): it adds, removes, retitles and re-dates recordings, courses and
program pages, moves and cancels sessions, edits people.yaml and site.yaml, overrides templates
and takes the override away, gives pages old addresses, moves the build date, toggles drafts,
search and the base URL, and grows the hub past the point where the search index is split.
After every step it builds the same output folder with the same cache again, and a second
folder as the preview does (its cache kept in memory between builds, with the records it
decoded), and compares both, path by path and byte by byte, and warning by warning, with a
cold build (`use_cache=False`) into a new folder.

CI runs a few short sequences, derandomized, so the same steps run every time (well under a
minute and a half on two cores). A longer, random search on a workstation:

    ECHO_DIFFERENTIAL_EXAMPLES=100 ECHO_DIFFERENTIAL_STEPS=40 \\
        .venv/bin/python -m pytest tests/test_differential.py -x

A long run keeps what it found in .hypothesis/ (git-ignored) and replays it first next time;
`--hypothesis-seed=N` repeats one search exactly. A failure prints the steps that lead to it,
what each step changed, the files that differ and a diff of the first of them.

The named tests at the end hold the stale outputs such a search found: the count of a course's
recordings on /enduring-materials/, the search page when the number of index parts or the
search option changes, and `_redirects` when an old address (`aliases:`) changes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import itertools
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, text_of
from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from echo_site.cache import BuildCache
from echo_site.errors import BuildFailed
from echo_site.pipeline import BuildOptions, BuildResult, BuiltModel, build, page_of_edit

SAMPLE_HUB = ROOT / "content"
MOUNTAIN_HUB = ROOT / "tests" / "hubs" / "mountain-hub" / "content"
# Small, so that a batch of recordings splits the index (or splits it further); two batches
# of recordings of no course fill more than one enduring materials page (30 recordings).
SHARD_PAGES = 20
BATCH = 15
BUSIEST = -1  # a course choice: the course with the most recordings

LONG_RUN = "ECHO_DIFFERENTIAL_EXAMPLES" in os.environ
settings.register_profile(
    "echo-differential",
    max_examples=int(os.environ.get("ECHO_DIFFERENTIAL_EXAMPLES", "2")),
    stateful_step_count=int(os.environ.get("ECHO_DIFFERENTIAL_STEPS", "40" if LONG_RUN else "9")),
    deadline=None,
    # CI repeats the same sequences; a long run explores and remembers what failed.
    derandomize=not LONG_RUN,
    database=settings().database if LONG_RUN else None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=LONG_RUN,
    # Each step builds twice: shrinking a failure can take many minutes, so only a long run
    # shrinks; CI prints the steps as they were generated.
    phases=list(Phase) if LONG_RUN else [p for p in Phase if p is not Phase.shrink],
)
DIFFERENTIAL = settings.get_profile("echo-differential")


# -- comparing two sites -------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def site_difference(incremental: Path, cold: Path) -> str:
    """What differs between two built sites, readably; empty when they are the same."""
    ours, theirs = tree(incremental), tree(cold)
    only_ours = sorted(ours.keys() - theirs.keys())
    only_theirs = sorted(theirs.keys() - ours.keys())
    changed = sorted(p for p in ours.keys() & theirs.keys() if ours[p] != theirs[p])
    if not (only_ours or only_theirs or changed):
        return ""
    lines = [
        *(f"only in the incremental build: {p}" for p in only_ours),
        *(f"only in the cold build: {p}" for p in only_theirs),
        *(f"differs: {p}" for p in changed),
    ]
    for path in changed:
        try:
            before, after = ours[path].decode(), theirs[path].decode()
        except UnicodeDecodeError:
            continue
        diff = difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            f"incremental/{path}",
            f"cold/{path}",
            lineterm="",
            n=1,
        )
        lines += ["", *itertools.islice(diff, 40)]
        break
    return "\n".join(lines)


def assert_same_site(incremental: Path, cold: Path) -> None:
    difference = site_difference(incremental, cold)
    assert not difference, "the incremental build differs from the cold build:\n" + difference


def built(options: BuildOptions, cache: BuildCache | None = None) -> BuildResult:
    """Build; a content problem fails the test with every problem listed."""
    try:
        return build(options, cache=cache)
    except BuildFailed as failed:
        listed = "\n".join(str(p) for p in failed.problems)
        raise AssertionError(f"the build failed ({options.output_dir}):\n{listed}") from None


# -- editing content as an editor would ------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
WORDS = ["Advanced", "Basics of", "Zoning in on", "Ánimo:", "Update on", "Cases in"]
TOPICS = ["Substance use", "Primary care", "Rural health", "Generated topic"]
AUDIENCES = ["Physicians", "Nurses", "Community health workers", "Generated audience"]


def front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a Markdown file, to learn facts from (edits are made as text)."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1)) or {}


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit left {path.name} as it was"
    path.write_text(changed, encoding="utf-8")


def replace_line(pattern: str, line: str) -> Callable[[str], str]:
    """Replace the first line that matches `pattern` (from the line's start) with `line`."""

    def change(text: str) -> str:
        result, count = re.subn(f"^{pattern}.*$", lambda _: line, text, count=1, flags=re.M)
        assert count == 1, f"no line matches {pattern!r}"
        return result

    return change


def session_items(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, line after the last) of each item in a course's `sessions:` list."""
    start = lines.index("sessions:") + 1
    items: list[tuple[int, int]] = []
    for number in range(start, len(lines)):
        line = lines[number]
        if line.startswith("  - "):
            items.append((number, number + 1))
        elif line.startswith("    ") and items:
            items[-1] = (items[-1][0], number + 1)
        else:
            break
    return items


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def course_sessions(output: Path) -> dict[str, list[tuple[dt.date, bool]]]:
    """Each published course's session days, cancelled or not, read from its calendar."""
    sessions: dict[str, list[tuple[dt.date, bool]]] = {}
    for file in sorted(output.glob("courses/*/calendar.ics")):
        events = icalendar.Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        sessions[file.parent.name] = sorted(
            (event.decoded("dtstart").date(), str(event.get("status")) == "CANCELLED")
            for event in events
        )
    return sessions


# -- the state machine -----------------------------------------------------------------------

which = st.integers(min_value=0, max_value=10_000)  # an index into what exists at that step


class IncrementalEqualsCold(RuleBasedStateMachine):
    """One hub, edited step by step; after each step incremental and cold builds must agree."""

    hub: Path = SAMPLE_HUB
    start: dt.date = dt.date(2026, 11, 28)

    def __init__(self, workspace: Path) -> None:
        super().__init__()
        self.root = workspace
        shutil.copytree(self.hub, self.content)
        self.as_of = self.start
        self.include_drafts = False
        self.search = True
        self.base_url: str | None = None
        self.templates_dir: Path | None = None  # None: templates/ beside the content folder
        self.counter = itertools.count(1)
        self.cold_builds = itertools.count(1)
        # The preview's cache, kept in memory between builds with the records it decoded.
        self.preview_cache = BuildCache(self.root / "preview" / ".echo-cache", in_memory=True)
        self.sessions: dict[str, list[tuple[dt.date, bool]]] = {}
        # What the preview held after its last build: the site it was made from, the files
        # and options it was made with (an edited page is shown first from it).
        self.held: tuple[BuiltModel | None, dict[str, bytes], BuildOptions] | None = None
        site = yaml.safe_load((self.content / "site.yaml").read_text(encoding="utf-8"))
        self.credit_types = sorted(site.get("credit_statements") or {})
        people = yaml.safe_load((self.content / "people.yaml").read_text())
        # By id (jdoe: {...}), or the list form the editing page writes (people: [{id: ...}])
        listed = people.pop("people", None) if isinstance(people.get("people"), list) else None
        self.people = sorted([*people, *(entry["id"] for entry in listed or ())])
        # Every date the hub mentions, and the days either side: course starts and ends,
        # registration deadlines, credit release and expiry.
        mentioned = {
            dt.date.fromisoformat(found)
            for path in self.content.rglob("*")
            if path.suffix in (".md", ".yaml")
            for found in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", path.read_text(encoding="utf-8"))
        }
        self.milestones = sorted(
            {day + dt.timedelta(days=shift) for day in mentioned for shift in (-1, 0, 1)}
        )

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "site" / "output"

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- what exists now

    def files(self, folder: str) -> list[Path]:
        return sorted((self.content / folder).glob("*.md"))

    def pick(self, folder: str, index: int, keep: Callable[[Path], bool] = bool) -> Path:
        choices = [p for p in self.files(folder) if keep(p)]
        return choices[index % len(choices)]

    def attachable(self) -> list[str]:
        """Published, non-draft courses a recording may name (drafts come and go)."""
        return [
            slug
            for slug in sorted(self.sessions)
            if (self.content / "courses" / f"{slug}.md").is_file()
            and not front_matter(self.content / "courses" / f"{slug}.md").get("draft")
        ]

    def course_for(self, choice: int | None) -> str | None:
        """A course a new recording may name: by index, the one with the most recordings
        (BUSIEST: past the five the enduring page shows), or None."""
        attachable = self.attachable()
        if choice is None or not attachable:
            return None
        if choice != BUSIEST:
            return attachable[choice % len(attachable)]
        named = [front_matter(p).get("course") for p in self.files("recordings")]
        return max(attachable, key=lambda slug: (named.count(slug), slug))

    def held_days(self, slug: str) -> list[dt.date]:
        return [day for day, cancelled in self.sessions.get(slug, []) if not cancelled]

    def person(self, index: int) -> str:
        return self.people[index % len(self.people)]

    def title(self, word: int, kind: str) -> str:
        return f"{WORDS[word % len(WORDS)]} {kind} {next(self.counter)}"

    # -- the check after every step

    def options(self, **changes: Any) -> BuildOptions:
        values: dict[str, Any] = {
            "content_dir": self.content,
            "output_dir": self.output,
            "as_of": self.as_of,
            "base_url": self.base_url,
            "include_drafts": self.include_drafts,
            "templates_dir": self.templates_dir,
            "search": self.search,
            "search_shard_pages": SHARD_PAGES,
            "jobs": 1,
            "cache_dir": self.root / "site" / ".echo-cache",
        }
        values.update(changes)
        return BuildOptions(**values)

    def read_files(self) -> dict[str, bytes]:
        """The content and theme files, by path inside the workspace."""
        folders = [self.content, self.templates_dir or self.root / "templates"]
        return {
            f"{folder.name}/{path}": data
            for folder in folders
            if folder.is_dir()
            for path, data in tree(folder).items()
        }

    def pages_shown_first(self) -> dict[str, bytes]:
        """The pages the preview shows at once for this step's edits, from the site it held
        (serve.Preview.show_edits_first), when the step only edited Markdown sources."""
        if self.held is None or self.held[0] is None or self.held[2] != self.options():
            return {}
        model, files = self.held[0], self.held[1]
        now = self.read_files()
        changed = sorted(p for p in now.keys() | files.keys() if now.get(p) != files.get(p))
        shown: dict[str, bytes] = {}
        for path in changed:
            if not path.startswith(f"{self.content.name}/") or not path.endswith(".md"):
                return {}
            made = page_of_edit(model, self.root / path)
            if made is None:
                return {}
            model, output_path, data = made
            shown[output_path] = data
        note(f"shown first: {sorted(shown)}")
        return shown

    @invariant()
    def incremental_build_equals_cold_build(self) -> None:
        number = next(self.cold_builds)
        cold_output = self.root / f"cold-{number}" / "output"
        shown_first = self.pages_shown_first()
        incremental = built(self.options())
        preview_output = self.root / "preview" / "output"
        previewed = built(self.options(output_dir=preview_output), self.preview_cache)
        self.held = (previewed.model, self.read_files(), self.options())
        cold = built(self.options(output_dir=cold_output, use_cache=False, cache_dir=None))
        assert_same_site(self.output, cold_output)
        assert_same_site(preview_output, cold_output)
        for output_path, data in shown_first.items():
            assert data == (cold_output / output_path).read_bytes(), (
                f"the page shown first differs from the cold build's: {output_path}"
            )
        assert [str(w) for w in incremental.warnings] == [str(w) for w in cold.warnings]
        assert [str(w) for w in previewed.warnings] == [str(w) for w in cold.warnings]
        self.sessions = course_sessions(cold_output)
        shutil.rmtree(cold_output.parent)

    # -- recordings

    def recording_text(self, slug: str, title: str, day: dt.date, course: str | None) -> str:
        presenter = self.person(len(slug))
        lines = [
            "---",
            f"title: {quoted(title)}",
            f"date: {day}",
            *([f"course: {course}"] if course else []),
            f"presenters: [{presenter}]",
            f"video: https://www.youtube.com/watch?v=gen{zlib.crc32(slug.encode()) % 10**8:08d}",
            "captions: true",
            "duration_minutes: 55",
            "---",
            f"What {slug} covered, with [the courses](/courses/).",
            "",
        ]
        return "\n".join(lines)

    @rule(
        word=which,
        course=st.none() | st.just(BUSIEST) | which,
        session=st.sampled_from([0, -1]) | which,
        days_ago=st.sampled_from([0, 10, 60, 400]),
        credit_days=st.none() | st.sampled_from([20, 200, 1000]),
        draft=st.booleans(),
    )
    def add_recording(
        self,
        word: int,
        course: int | None,
        session: int,
        days_ago: int,
        credit_days: int | None,
        draft: bool,
    ) -> None:
        """Of a course, on one of its sessions (often its first or last), or of no course."""
        slug = f"gen-recording-{next(self.counter)}"
        parent = self.course_for(course)
        held = self.held_days(parent) if parent else []
        day = held[session % len(held)] if held else self.as_of - dt.timedelta(days=days_ago)
        text = self.recording_text(
            slug, self.title(word, "recording"), day, parent if held else None
        )
        extra = []
        if credit_days is not None and self.credit_types:
            released = day + dt.timedelta(days=7)
            extra += [
                "credit:",
                f"  type: {quoted(self.credit_types[session % len(self.credit_types)])}",
                "  hours: 1.0",
                f"  released: {released}",
                f"  expires: {released + dt.timedelta(days=credit_days)}",
                f"  claim_url: https://cme.example.org/claim/{slug}",
            ]
        if draft:
            extra.append("draft: true")
        text = text.replace("\n---\n", "\n" + "".join(f"{x}\n" for x in extra) + "---\n", 1)
        (self.content / "recordings" / f"{slug}.md").write_text(text, encoding="utf-8")
        note(f"added recordings/{slug}.md dated {day}, course {parent if held else None}")

    @precondition(lambda self: bool(self.files("recordings")))
    @rule(index=which)
    def remove_recording(self, index: int) -> None:
        path = self.pick("recordings", index)
        path.unlink()
        note(f"removed recordings/{path.name}")

    @precondition(lambda self: bool(self.files("recordings")))
    @rule(index=which, word=which)
    def retitle_recording(self, index: int, word: int) -> None:
        path = self.pick("recordings", index)
        title = self.title(word, "recording")
        edit(path, replace_line("title: ", f"title: {quoted(title)}"))
        note(f"retitled recordings/{path.name}: {title}")

    @precondition(lambda self: bool(self.files("recordings")))
    @rule(index=which, session=which, shift=st.sampled_from([-400, -30, -1, 1, 30]))
    def redate_recording(self, index: int, session: int, shift: int) -> None:
        """Within its course's sessions, or anywhere for a recording of no course."""
        path = self.pick("recordings", index)
        facts = front_matter(path)
        held = self.held_days(facts.get("course") or "")
        if facts.get("course") and len(held) > 1:
            others = [d for d in held if d != facts["date"]]
            day = others[session % len(others)]
        elif facts.get("course"):
            return  # a course with one session has no other day to move to
        else:
            day = facts["date"] + dt.timedelta(days=shift)
        edit(path, replace_line("date: ", f"date: {day}"))
        note(f"re-dated recordings/{path.name} to {day}")

    # -- batches that move the hub across the search split (and the enduring pages), and back

    def batches(self) -> list[str]:
        return sorted(
            {
                p.name.rsplit("-", 1)[0]
                for p in self.files("recordings")
                if p.name.startswith("batch-")
            }
        )

    @precondition(lambda self: len(self.batches()) < 2)
    @rule(course=st.none() | st.just(BUSIEST) | which)
    def add_batch(self, course: int | None) -> None:
        """A season of recordings: all of one course, on its first session, or of no course."""
        batch = f"batch-{next(self.counter)}"
        parent = self.course_for(course)
        held = self.held_days(parent) if parent else []
        for number in range(BATCH):
            day = held[0] if held else self.as_of - dt.timedelta(days=7 * number + 1)
            text = self.recording_text(
                f"{batch}-{number}", f"Batch recording {number}", day, parent if held else None
            )
            (self.content / "recordings" / f"{batch}-{number}.md").write_text(
                text, encoding="utf-8"
            )
        note(f"added {BATCH} recordings {batch}-*, course {parent if held else None}")

    @precondition(lambda self: bool(self.batches()))
    @rule(index=which)
    def remove_batch(self, index: int) -> None:
        batch = self.batches()[index % len(self.batches())]
        for path in (self.content / "recordings").glob(f"{batch}-*.md"):
            path.unlink()
        note(f"removed the recordings {batch}-*")

    # -- courses

    @rule(
        word=which,
        starts=st.sampled_from([-200, -60, -14, -1, 0, 1, 14, 60]),
        count=st.integers(min_value=1, max_value=6),
        rule_every=st.none() | st.sampled_from(["1 week", "2 weeks", "1 month"]),
        topic=which,
        credit=st.booleans(),
        closes=st.none() | st.sampled_from([-3, 0]),
    )
    def add_course(
        self,
        word: int,
        starts: int,
        count: int,
        rule_every: str | None,
        topic: int,
        credit: bool,
        closes: int | None,
    ) -> None:
        """A course with dated sessions, or with a schedule rule and sessions without dates."""
        slug = f"gen-course-{next(self.counter)}"
        first = self.as_of + dt.timedelta(days=starts)
        lines = [
            "---",
            f"title: {quoted(self.title(word, 'ECHO'))}",
            "summary: A course the differential test wrote.",
            f"topics: [{', '.join(sorted({TOPICS[topic % len(TOPICS)], 'Primary care'}))}]",
            f"audience: [{AUDIENCES[topic % len(AUDIENCES)]}]",
            "format: cohort",
            'time: "12:00-13:00"',
        ]
        if rule_every:
            weekday = first.strftime("%A").lower()
            on = weekday if "week" in rule_every else f"first {weekday}"
            lines += [
                "schedule:",
                f"  starts: {first}",
                f"  every: {rule_every}",
                f"  on: {on}",
                f"  count: {count}",
                "sessions:",
            ]
            for number in range(count):
                lines += [f"  - title: Session topic {number + 1}"]
        else:
            lines.append("sessions:")
            for number in range(count):
                lines += [
                    f"  - date: {first + dt.timedelta(days=7 * number)}",
                    f"    title: Session topic {number + 1}",
                    f"    presenters: [{self.person(topic + number)}]",
                ]
        lines.append(f"faculty: [{self.person(topic)}]")
        if credit and self.credit_types:
            kind = self.credit_types[topic % len(self.credit_types)]
            lines += ["credit:", f"  type: {quoted(kind)}", "  hours_per_session: 1.0"]
        if closes is not None:
            lines += [
                "registration:",
                f"  url: https://forms.example.org/{slug}",
                f"  closes: {first + dt.timedelta(days=closes)}",
            ]
        lines += ["---", "What this course is about. See [all courses](/courses/).", ""]
        (self.content / "courses" / f"{slug}.md").write_text("\n".join(lines), encoding="utf-8")
        note(f"added courses/{slug}.md from {first}, {count} sessions, rule {rule_every}")

    @precondition(lambda self: bool(self.files("courses")))
    @rule(index=which)
    def remove_course(self, index: int) -> None:
        """Its recordings stay, as recordings of no course."""
        path = self.pick("courses", index)
        path.unlink()
        for recording in self.files("recordings"):
            if front_matter(recording).get("course") == path.stem:
                edit(recording, lambda t: re.sub(r"^course: .*\n", "", t, count=1, flags=re.M))
        note(f"removed courses/{path.name} and detached its recordings")

    @precondition(lambda self: bool(self.files("courses")))
    @rule(index=which, word=which)
    def retitle_course(self, index: int, word: int) -> None:
        path = self.pick("courses", index)
        title = self.title(word, "ECHO")
        edit(path, replace_line("title: ", f"title: {quoted(title)}"))
        note(f"retitled courses/{path.name}: {title}")

    @precondition(lambda self: bool(self.files("courses")))
    @rule(index=which)
    def toggle_course_language(self, index: int) -> None:
        """A course taught in Spanish, or no longer: its page, cards, calendars and recordings."""
        path = self.pick("courses", index)
        text = path.read_text(encoding="utf-8")
        if re.search(r"^language: es\n", text, flags=re.M):
            text = re.sub(r"^language: es\n", "", text, count=1, flags=re.M)
        else:
            text = re.sub(r"^(title: .*\n)", r"\1language: es\n", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        note(f"toggled courses/{path.name}'s language")

    @precondition(lambda self: bool(self.files("courses")))
    @rule(index=which, session=which, shift=st.sampled_from([-14, -7, -2, 2, 7, 14]))
    def move_session(self, index: int, session: int, shift: int) -> None:
        """A dated session to another day; a schedule rule with a count starts later or earlier."""
        path = self.pick("courses", index)
        lines = path.read_text(encoding="utf-8").split("\n")
        dated = [first for first, _ in session_items(lines) if lines[first].startswith("  - date:")]
        if dated:
            taken = {lines[n].removeprefix("  - date: ") for n in dated}
            number = dated[session % len(dated)]
            day = dt.date.fromisoformat(lines[number].removeprefix("  - date: "))
            moved = day + dt.timedelta(days=shift)
            if str(moved) in taken:
                return
            lines[number] = f"  - date: {moved}"
        elif "  count: " in "\n".join(lines) and "  starts: " in "\n".join(lines):
            if "  except: " in "\n".join(lines):  # whole periods, so skipped days stay on it
                shift = 14 if shift > 0 else -14
            number = next(n for n, line in enumerate(lines) if line.startswith("  starts: "))
            moved = dt.date.fromisoformat(lines[number].removeprefix("  starts: ")) + dt.timedelta(
                days=shift
            )
            lines[number] = f"  starts: {moved}"
        else:
            return  # a rule with an end date: moving it could change the number of sessions
        path.write_text("\n".join(lines), encoding="utf-8")
        note(f"moved a session of courses/{path.name}: {lines[number].strip()}")

    @precondition(lambda self: bool(self.files("courses")))
    @rule(index=which, session=which)
    def toggle_cancelled_session(self, index: int, session: int) -> None:
        """Cancel a session, or hold a cancelled one after all; one is always held."""
        path = self.pick("courses", index)
        lines = path.read_text(encoding="utf-8").split("\n")
        items = session_items(lines)
        cancelled = [
            (start, end)
            for start, end in items
            if any(lines[n].strip() == "cancelled: true" for n in range(start, end))
        ]
        start, end = items[session % len(items)]
        if (start, end) in cancelled:
            line = next(n for n in range(start, end) if lines[n].strip() == "cancelled: true")
            del lines[line]
            what = "held"
        elif len(items) - len(cancelled) > 1:
            lines.insert(start + 1, "    cancelled: true")
            what = "cancelled"
        else:
            return
        path.write_text("\n".join(lines), encoding="utf-8")
        note(f"{what} session {items.index((start, end)) + 1} of courses/{path.name}")

    # -- program pages

    @rule(word=which, link=which)
    def add_page(self, word: int, link: int) -> None:
        """A page that links to a course or recording, which may later go (a warning then)."""
        slug = f"gen-page-{next(self.counter)}"
        targets = [f"/courses/{p.stem}/" for p in self.files("courses")] + [
            f"/recordings/{p.stem}/" for p in self.files("recordings")
        ]
        target = targets[link % len(targets)] if targets else "/courses/"
        title = self.title(word, "page")
        text = f"---\ntitle: {quoted(title)}\nsummary: A page.\n---\nSee [this]({target}).\n"
        (self.content / "pages" / f"{slug}.md").write_text(text, encoding="utf-8")
        note(f"added pages/{slug}.md linking to {target}")

    @precondition(lambda self: len(self.files("pages")) > 1)
    @rule(index=which)
    def remove_page(self, index: int) -> None:
        """Any page but the home page."""
        path = self.pick("pages", index, lambda p: p.stem != "index")
        path.unlink()
        note(f"removed pages/{path.name}")

    @rule(index=which, word=which)
    def retitle_page(self, index: int, word: int) -> None:
        path = self.pick("pages", index)
        title = self.title(word, "page")
        edit(path, replace_line("title: ", f"title: {quoted(title)}"))
        note(f"retitled pages/{path.name}: {title}")

    # -- old addresses

    @rule(index=which, remove=st.booleans())
    def change_alias(self, index: int, remove: bool) -> None:
        """A page, course or recording gets an old address, moves it, or loses it."""
        files = self.files("pages") + self.files("courses") + self.files("recordings")
        path = files[index % len(files)]
        old = f"/old-address-{next(self.counter)}/"
        if "\naliases: " not in path.read_text(encoding="utf-8"):
            aliased = rf"\1aliases: [{old}]\n"
            edit(path, lambda t: re.sub(r"^(title: .*\n)", aliased, t, count=1, flags=re.M))
            note(f"{path.parent.name}/{path.name} has the old address {old}")
        elif remove:
            edit(path, lambda t: re.sub(r"^aliases: .*\n", "", t, count=1, flags=re.M))
            note(f"{path.parent.name}/{path.name} has no old address")
        else:
            edit(path, replace_line("aliases: ", f"aliases: [{old}]"))
            note(f"{path.parent.name}/{path.name} moved its old address to {old}")

    # -- people.yaml and site.yaml

    @rule(index=which, field=st.sampled_from(["name", "credentials"]), word=which)
    def edit_person(self, index: int, field: str, word: int) -> None:
        person = self.person(index)
        value = f"{WORDS[word % len(WORDS)]} {next(self.counter)}"
        value = value if field == "name" else f"MD, PhD {next(self.counter)}"
        path = self.content / "people.yaml"
        lines = path.read_text(encoding="utf-8").split("\n")
        if f"{person}:" in lines:  # the form by id: fields two spaces in
            start, indent = lines.index(f"{person}:"), "  "
        else:  # the list form: "  - id: jdoe", fields four spaces in
            start, indent = lines.index(f"  - id: {person}"), "    "
        end = next(
            (n for n in range(start + 1, len(lines)) if not lines[n].startswith(indent)),
            len(lines),
        )
        entry = {line.split(":")[0].strip(): n for n, line in enumerate(lines) if start < n < end}
        new = f"{indent}{field}: {quoted(value)}"
        if field in entry:
            lines[entry[field]] = new
        else:
            lines.insert(entry["name"] + 1, new)
        path.write_text("\n".join(lines), encoding="utf-8")
        note(f"people.yaml: {person}'s {field} is now {value}")

    @rule(
        field=st.sampled_from(
            ["title", "contact_email", "nav", "nav title", "credit statement", "language"]
        ),
        word=which,
    )
    def edit_site(self, field: str, word: int) -> None:
        path = self.content / "site.yaml"
        number = next(self.counter)
        if field == "title":
            edit(path, replace_line("title: ", f"title: {quoted(self.title(word, 'hub'))}"))
        elif field == "contact_email":
            edit(path, replace_line("contact_email: ", f"contact_email: echo-{number}@example.org"))
        elif field == "nav":  # an entry comes, or goes again
            entry = "  - {title: Search, url: /search/}\n"
            text = path.read_text(encoding="utf-8")
            added = text.replace("nav:\n", "nav:\n" + entry, 1)
            path.write_text(text.replace(entry, "") if entry in text else added, encoding="utf-8")
        elif field == "language":  # the whole site in Spanish, or back in English
            text = path.read_text(encoding="utf-8")
            spanish = re.search(r"^language: es$", text, flags=re.M)
            text = re.sub(r"^language: .*\n", "", text, flags=re.M)
            path.write_text(text + ("" if spanish else "language: es\n"), encoding="utf-8")
        elif field == "nav title":
            edit(path, lambda t: re.sub(r"\{title: [^,]+,", f"{{title: Menu {number},", t, count=1))
        else:  # the first statement's wording: a line at its start, in the folded scalar
            edit(
                path,
                lambda t: re.sub(
                    r"^(credit_statements:\n  [^\n]+: >-\n)",
                    lambda m: f"{m.group(1)}    Reviewed wording {number}.\n",
                    t,
                    count=1,
                    flags=re.M,
                ),
            )
        note(f"site.yaml: changed {field}")

    # -- template overrides

    @rule(
        name=st.sampled_from(
            ["page.html", "macros.html", "base.html", "enduring.html", "assets/style.css"]
        ),
        explicit=st.booleans(),
    )
    def override_template(self, name: str, explicit: bool) -> None:
        """A small visible change, in templates/ beside content/ or in a folder given by name."""
        self.templates_dir = self.root / "theme" if explicit else None
        folder = self.templates_dir or self.root / "templates"
        number = next(self.counter)
        default = (ROOT / "templates" / name).read_text(encoding="utf-8")
        if name.endswith(".css"):
            changed = default + f"\n.override-{number} {{ color: inherit; }}\n"
        else:
            changed = default.replace('class="', f'class="override-{number} ', 1)
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(changed, encoding="utf-8")
        note(f"override {folder.name}/{name} ({number})")

    @precondition(lambda self: (self.root / "templates").exists() or (self.root / "theme").exists())
    @rule(whole_folder=st.booleans())
    def remove_overrides(self, whole_folder: bool) -> None:
        """The overrides go: the folder stays empty, or goes too."""
        for folder in (self.root / "templates", self.root / "theme"):
            if whole_folder:
                shutil.rmtree(folder, ignore_errors=True)
            elif folder.exists():
                for file in [p for p in folder.rglob("*") if p.is_file()]:
                    file.unlink()
        note(f"removed the overrides (whole folder: {whole_folder})")

    # -- the build date and options

    @rule(days=st.sampled_from([1, 2, 7, 30, -1, -7, -30]))
    def move_days(self, days: int) -> None:
        self.as_of += dt.timedelta(days=days)
        note(f"as_of {self.as_of}")

    @rule(months=st.sampled_from([1, 3, 6, 12, -1, -3, -6, -12]))
    def move_months(self, months: int) -> None:
        self.as_of = add_months(self.as_of, months)
        note(f"as_of {self.as_of}")

    @rule(index=which)
    def move_to_milestone(self, index: int) -> None:
        """A day on or beside a date the hub names (a start, an end, a deadline, an expiry)."""
        self.as_of = self.milestones[index % len(self.milestones)]
        note(f"as_of {self.as_of}")

    @rule()
    def toggle_drafts(self) -> None:
        self.include_drafts = not self.include_drafts
        note(f"include_drafts {self.include_drafts}")

    @rule()
    def toggle_search(self) -> None:
        self.search = not self.search
        note(f"search {self.search}")

    @rule(
        base_url=st.sampled_from([None, "https://example.org/echo/", "https://echo.example.net/"])
    )
    def set_base_url(self, base_url: str | None) -> None:
        self.base_url = base_url
        note(f"base_url {base_url}")


class SampleHub(IncrementalEqualsCold):
    hub = SAMPLE_HUB
    start = dt.date(2026, 11, 28)


class MountainHub(IncrementalEqualsCold):
    hub = MOUNTAIN_HUB
    start = dt.date(2026, 11, 28)


def run_machine(machine: type[IncrementalEqualsCold], tmp_path: Path) -> None:
    runs = itertools.count(1)

    def fresh() -> IncrementalEqualsCold:
        return machine(tmp_path / f"run-{next(runs)}")

    # A factory is documented; the annotation names only a class.
    run_state_machine_as_test(fresh, settings=DIFFERENTIAL)  # type: ignore[arg-type]


def test_the_sample_hub_builds_incrementally_as_it_builds_cold(tmp_path: Path) -> None:
    run_machine(SampleHub, tmp_path)


def test_the_mountain_hub_builds_incrementally_as_it_builds_cold(tmp_path: Path) -> None:
    run_machine(MountainHub, tmp_path)


# -- stale pages found by the state machine ------------------------------------------------


class Hub:
    """A copy of a hub, built incrementally into one folder and cold into new ones."""

    def __init__(self, root: Path, content: Path, as_of: dt.date) -> None:
        self.root = root
        shutil.copytree(content, root / "content")
        self.as_of = as_of
        self.colds = itertools.count(1)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def options(self, **changes: Any) -> BuildOptions:
        values: dict[str, Any] = {
            "content_dir": self.content,
            "output_dir": self.root / "site" / "output",
            "as_of": self.as_of,
            "search_shard_pages": SHARD_PAGES,
            "jobs": 1,
        }
        values.update(changes)
        return BuildOptions(**values)

    def build(self, **changes: Any) -> Path:
        """Build incrementally, then cold with the same options; return the cold folder."""
        built(self.options(**changes))
        cold = self.root / f"cold-{next(self.colds)}" / "output"
        built(self.options(output_dir=cold, use_cache=False, **changes))
        return cold

    @property
    def output(self) -> Path:
        return self.root / "site" / "output"

    def page(self, folder: Path, url: str) -> BeautifulSoup:
        return BeautifulSoup((folder / url / "index.html").read_text(encoding="utf-8"), "lxml")

    def add_recording(self, slug: str, day: dt.date, course: str | None = None) -> None:
        link = f"course: {course}\n" if course else ""
        (self.content / "recordings" / f"{slug}.md").write_text(
            f"---\ntitle: {quoted(slug)}\ndate: {day}\n{link}---\nWhat was said.\n",
            encoding="utf-8",
        )


def recordings_count_line(page: BeautifulSoup, course_title: str) -> str:
    """The "All N recordings of ..." line under a course on /enduring-materials/."""
    for article in page.select("article.past-course"):
        if text_of(article.h3) == course_title:
            line = article.select_one("p.meta a[href*='#recordings-heading']")
            return text_of(line) if line else ""
    raise AssertionError(f"{course_title} is not on the page")


def test_an_older_recording_of_a_long_course_updates_its_count_on_enduring_materials(
    tmp_path: Path,
) -> None:
    """The enduring page shows a course's five newest recordings and the count of all: a sixth
    or seventh that is older changes only the count, which must not be left stale."""
    hub = Hub(tmp_path, SAMPLE_HUB, dt.date(2026, 11, 28))
    course, title = "opioid-use-disorder-echo", "Opioid Use Disorder in Primary Care ECHO"
    hub.add_recording("the-rescheduled-session", dt.date(2026, 4, 22), course)  # the newest
    cold = hub.build()
    assert recordings_count_line(hub.page(hub.output, "enduring-materials"), title) == (
        f"All 6 recordings of {title}"
    )
    assert_same_site(hub.output, cold)
    # The course ended in April; its first session's recording comes out in November.
    hub.add_recording("the-first-session", dt.date(2026, 1, 14), course)
    cold = hub.build()
    expected = f"All 7 recordings of {title}"
    assert recordings_count_line(hub.page(cold, "enduring-materials"), title) == expected
    shown = recordings_count_line(hub.page(hub.output, "enduring-materials"), title)
    assert shown == expected, "the incremental build kept the enduring page's old count"
    assert_same_site(hub.output, cold)


def search_form(page: BeautifulSoup) -> list[str] | None:
    """The index parts the search form merges (beyond pagefind/), or None without a form."""
    form = page.select_one("form.search-form")
    return None if form is None else str(form.get("data-indexes", "")).split()


def test_the_search_page_names_every_index_part_when_the_number_of_parts_changes(
    tmp_path: Path,
) -> None:
    """Past `search_shard_pages` searchable pages the index is split; the search page lists
    the parts to merge, and must list them again when their number changes either way."""
    hub = Hub(tmp_path, MOUNTAIN_HUB, dt.date(2026, 11, 28))
    cold = hub.build()
    assert search_form(hub.page(hub.output, "search")) == []  # 12 pages: one part
    for number in range(BATCH):
        hub.add_recording(f"grown-{number}", dt.date(2026, 1, 1) + dt.timedelta(days=number))
    cold = hub.build()
    assert (cold / "pagefind-2").is_dir() and (hub.output / "pagefind-2").is_dir()
    assert search_form(hub.page(cold, "search")) == ["pagefind-2"]
    shown = search_form(hub.page(hub.output, "search"))
    assert shown == ["pagefind-2"], "the incremental search page misses the second part"
    assert_same_site(hub.output, cold)
    for number in range(BATCH):
        (hub.content / "recordings" / f"grown-{number}.md").unlink()
    cold = hub.build()
    assert not (hub.output / "pagefind-2").exists()
    shown = search_form(hub.page(hub.output, "search"))
    assert shown == [], "the incremental search page names a part that is gone"
    assert_same_site(hub.output, cold)


def test_the_search_page_has_its_form_once_search_is_turned_on(tmp_path: Path) -> None:
    """A build without search writes a search page that says so; the next build with search
    must write the form, as a cold build does, and turning search off again removes it."""
    hub = Hub(tmp_path, SAMPLE_HUB, dt.date(2026, 11, 28))
    cold = hub.build(search=False)
    assert search_form(hub.page(hub.output, "search")) is None
    assert_same_site(hub.output, cold)
    cold = hub.build(search=True)
    assert search_form(hub.page(cold, "search")) == ["pagefind-2"]  # 33 pages: two parts
    shown = search_form(hub.page(hub.output, "search"))
    assert shown == ["pagefind-2"], "the incremental build kept the page without search"
    assert_same_site(hub.output, cold)
    cold = hub.build(search=False)
    shown = search_form(hub.page(hub.output, "search"))
    assert shown is None, "the incremental build kept the search form without an index"
    assert_same_site(hub.output, cold)


def test_the_redirects_file_follows_an_old_address_that_moves(tmp_path: Path) -> None:
    """`_redirects` lists every alias (the mountain hub lives under /echo/); changing one, with
    no page added or removed, must write it again."""
    hub = Hub(tmp_path, MOUNTAIN_HUB, dt.date(2026, 11, 28))
    page = hub.content / "pages" / "about.md"
    edit(page, lambda t: t.replace("---\n", "---\naliases: [/about-us/]\n", 1))
    cold = hub.build(search=False)
    assert (hub.output / "_redirects").read_text() == "/echo/about-us/ /echo/about/ 301\n"
    edit(page, replace_line("aliases: ", "aliases: [/about-the-hub/]"))
    cold = hub.build(search=False)
    assert (cold / "_redirects").read_text() == "/echo/about-the-hub/ /echo/about/ 301\n"
    shown = (hub.output / "_redirects").read_text()
    assert shown == "/echo/about-the-hub/ /echo/about/ 301\n", (
        "the incremental build kept the old alias"
    )
    assert_same_site(hub.output, cold)
