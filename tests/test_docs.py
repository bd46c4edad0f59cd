"""Documentation tests: the editor's guide keeps up with the generator.

In the style of Datasette's documentation tests, these fail when the code grows something the
guide does not explain, and when the guide says something the code does not do:

- every field of every section in `echo_site.schema` has a row in the field table of the
  guide's chapter for that section, saying correctly whether it is required and listing its
  choices, and no chapter documents a field the schema does not have;
- every command-line option of every command is mentioned in the guide (or in README.md);
- every complete example file in the guide (a fenced block preceded by
  `<!-- example: PATH -->`, PATH inside content/) builds with the real pipeline, without a
  warning, on its own and together with the others;
- the worked schedule examples give exactly the dates the guide lists under
  `<!-- dates: PATH -->`, and the table under `<!-- statuses: PATH -->` gives the course and
  registration status the build decides on each of its dates.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import SiteDir, course_md, text_of
from markdown_it import MarkdownIt
from markdown_it.token import Token

from echo_site import cli, schema, timeline
from echo_site.content import load_site
from echo_site.errors import BuildFailed
from echo_site.pipeline import BuildResult

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "editor-guide.md"
README = ROOT / "README.md"

# The heading (its exact words) of the guide's chapter for each schema section, by section name.
# A chapter is the text under its heading, up to the next heading of any level.
SECTION_CHAPTERS = {
    "site.yaml": "2. Site settings: site.yaml",
    "nav item": "Menu items: nav",
    "colors": "Brand colours: colors",
    "footer": "Footer: footer",
    "footer link": "Footer links",
    "claiming credit": "Claiming credit: claiming_credit",
    "cms": "Editing in the browser: cms",
    "person": "3. People: people.yaml",
    "disclosure": "Disclosures: disclosures",
    "page": "4. Pages: pages/",
    "course": "Course fields",
    "session": "Sessions",
    "guest presenter": "Guest presenters",
    "schedule": "Schedule rules",
    "course credit": "Course credit",
    "course credit type": "Course credit types",
    "registration": "Registration",
    "recording": "Recording fields",
    "resource": "Resources",
    "recording credit": "Recording credit",
    "recording credit type": "Recording credit types",
}

_FIELD_CELL = re.compile(r"^`([a-z_]+)`$")
_EXAMPLE_MARKER = re.compile(r"^<!--\s*example:\s*(\S+)\s*-->$")
_DATES_MARKER = re.compile(r"^<!--\s*dates:\s*(\S+)\s*-->$")
_STATUSES_MARKER = re.compile(r"^<!--\s*statuses:\s*(\S+)\s*-->$")
_DATE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) \((\w+)\)\s+(.+?)(?:\s+\((cancelled)\))?$")
_FILE_REFERENCE = re.compile(r"(?<![\w/])/?(files/[\w./-]*\w)")
_FENCE_LANGUAGE = {".md": "markdown", ".yaml": "yaml"}
_EXAMPLE_FOLDERS = ("site.yaml", "people.yaml", "pages", "courses", "recordings")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


# -- chapters and field tables ---------------------------------------------------------------


def chapter(tokens: list[Token], heading: str) -> list[Token] | None:
    """The tokens under the one heading whose words are `heading`, up to the next heading."""
    starts = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and tokens[index + 1].content.strip() == heading
    ]
    if len(starts) != 1:
        return None
    start = starts[0] + 3  # heading_open, inline, heading_close
    end = next(
        (i for i in range(start, len(tokens)) if tokens[i].type == "heading_open"), len(tokens)
    )
    return tokens[start:end]


def table_rows(tokens: list[Token]) -> list[list[str]]:
    """The cells (as written in Markdown) of every table row in `tokens`."""
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content.strip())
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
    return rows


def field_documentation_problems(text: str) -> list[str]:
    """What the guide gets wrong or leaves out about `schema.ALL_SECTIONS`; empty when nothing."""
    tokens = parse(text)
    problems = []
    for section in schema.ALL_SECTIONS:
        heading = SECTION_CHAPTERS.get(section.name)
        if heading is None:
            problems.append(f"section {section.name!r} has no chapter in SECTION_CHAPTERS")
            continue
        tokens_of_chapter = chapter(tokens, heading)
        if tokens_of_chapter is None:
            problems.append(f"the guide needs exactly one heading {heading!r} ({section.name})")
            continue
        rows = {}
        for row in table_rows(tokens_of_chapter):
            match = _FIELD_CELL.match(row[0])
            if match:
                rows[match.group(1)] = row
        for field in section.fields:
            where = f"{section.name} field `{field.name}` (chapter {heading!r})"
            row = rows.get(field.name)
            if row is None:
                problems.append(f"{where} has no row in the chapter's field table")
                continue
            if len(row) != 4:
                problems.append(f"{where}: the row needs Field, Required?, What to write, Example")
                continue
            said = row[1].split(maxsplit=1)[0].strip(",;").lower() if row[1] else ""
            expected = "required" if field.required else "optional"
            if said != expected:
                problems.append(f"{where} is {expected} in schema.py, the guide says {row[1]!r}")
            for choice in field.choices:
                if not re.search(rf"\b{re.escape(choice)}\b", row[2]):
                    problems.append(f"{where} does not name the choice {choice!r}")
        for name in sorted(set(rows) - set(section.names)):
            problems.append(f"chapter {heading!r} documents `{name}`, not a {section.name} field")
    return problems


# -- command-line options --------------------------------------------------------------------


def documentation_text() -> str:
    """The guide, and README.md when the project has one."""
    text = guide_text()
    if README.is_file():
        text += "\n" + README.read_text(encoding="utf-8")
    return text


def option_documentation_problems(text: str) -> list[str]:
    """Options of `build.py` commands that the text never mentions."""
    problems = []
    for command in cli.COMMANDS:
        for action in cli.make_parser(command)._actions:
            for option in action.option_strings:
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
                    problems.append(f"build.py {command} {option}")
    return problems


# -- example files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced block of the guide that a marker comment names: its content path and text."""

    path: str
    text: str
    language: str
    line: int

    def __str__(self) -> str:
        return f"{self.path} (guide line {self.line})"


def marked_blocks(tokens: list[Token], marker: re.Pattern[str]) -> Iterator[Block | str]:
    """Each fenced block preceded by a `marker` comment, or a problem where a marker is misused."""
    for index, token in enumerate(tokens):
        match = marker.match(token.content.strip()) if token.type == "html_block" else None
        if not match:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        line = (token.map[0] if token.map else 0) + 1
        if following is None or following.type != "fence" or following.map is None:
            yield f"guide line {line}: {token.content.strip()} is not followed by a fenced block"
            continue
        yield Block(match.group(1), following.content, following.info.strip(), following.map[0] + 1)


def examples() -> list[Block]:
    return [b for b in marked_blocks(parse(guide_text()), _EXAMPLE_MARKER) if isinstance(b, Block)]


def date_listings() -> list[Block]:
    return [b for b in marked_blocks(parse(guide_text()), _DATES_MARKER) if isinstance(b, Block)]


@dataclass(frozen=True)
class StatusTable:
    """A table of build dates with the course and registration status the guide promises."""

    path: str
    rows: tuple[tuple[str, ...], ...]
    line: int


def status_tables(tokens: list[Token]) -> Iterator[StatusTable | str]:
    """Each table after a `<!-- statuses: PATH -->` marker, or a problem where one is misused."""
    for index, token in enumerate(tokens):
        match = (
            _STATUSES_MARKER.match(token.content.strip()) if token.type == "html_block" else None
        )
        if not match:
            continue
        line = (token.map[0] if token.map else 0) + 1
        if index + 1 == len(tokens) or tokens[index + 1].type != "table_open":
            yield f"guide line {line}: {token.content.strip()} is not followed by a table"
            continue
        end = next(i for i in range(index + 1, len(tokens)) if tokens[i].type == "table_close")
        rows = tuple(tuple(row) for row in table_rows(tokens[index + 1 : end])[1:])
        yield StatusTable(match.group(1), rows, line)


def statuses() -> list[StatusTable]:
    return [t for t in status_tables(parse(guide_text())) if isinstance(t, StatusTable)]


def example_problems(text: str) -> list[str]:
    """Markers that lead nowhere, examples in the wrong language or place, untested examples."""
    tokens = parse(text)
    problems = [
        p
        for marker in (_EXAMPLE_MARKER, _DATES_MARKER)
        for p in marked_blocks(tokens, marker)
        if isinstance(p, str)
    ]
    problems += [p for p in status_tables(tokens) if isinstance(p, str)]
    marked = {b.line for b in marked_blocks(tokens, _EXAMPLE_MARKER) if isinstance(b, Block)}
    for block in marked_blocks(tokens, _EXAMPLE_MARKER):
        if not isinstance(block, Block):
            continue
        if not block.path.startswith(_EXAMPLE_FOLDERS) or ".." in block.path:
            problems.append(f"{block}: examples go in site.yaml, people.yaml or a content folder")
        language = _FENCE_LANGUAGE.get(Path(block.path).suffix)
        if language != block.language:
            problems.append(f"{block}: fence it as ```{language}, not ```{block.language}")
    for token in tokens:
        is_front_matter = token.type == "fence" and token.content.startswith("---\n")
        if is_front_matter and token.map and token.map[0] + 1 not in marked:
            problems.append(f"guide line {token.map[0] + 1}: a front-matter example is unmarked")
    return problems


def front_matter(text: str) -> dict:
    """The fields of a Markdown example (for setting up its neighbours, not for checking it)."""
    _, fields, _ = text.split("---\n", 2)
    return yaml.safe_load(fields)


def write_example(site: SiteDir, block: Block) -> None:
    """Write the example, and a placeholder for every file under files/ it names."""
    site.write(block.path, block.text)
    for reference in _FILE_REFERENCE.findall(block.text):
        if not (site.content / reference).exists():
            site.write(reference, b"WEBVTT\n\n" if reference.endswith(".vtt") else b"placeholder")


# The examples read as of the day the example recording's credit is released: a build before the
# recording's session would rightly warn that it is dated in the future.
EXAMPLES_AS_OF = "2026-03-02"


def build_or_fail(site: SiteDir, **options: object) -> BuildResult:
    try:
        return site.build(EXAMPLES_AS_OF, **options)
    except BuildFailed as failure:
        pytest.fail("the example does not build:\n" + "\n".join(map(str, failure.problems)))


def url_of(path: str) -> str:
    folder, _, name = path.partition("/")
    slug = name.removesuffix(".md")
    if folder == "pages":
        return "/" if slug == "index" else f"/{slug}/"
    if folder in ("courses", "recordings"):
        return f"/{folder}/{slug}/"
    return "/"


# -- the tests -------------------------------------------------------------------------------


def test_the_guide_documents_every_field_of_every_section():
    assert field_documentation_problems(guide_text()) == []


def test_a_field_added_to_the_schema_without_documentation_is_reported(monkeypatch):
    fake = schema.Field("webinar_platform", "text", "A field nobody documented.")
    course = dataclasses.replace(schema.COURSE, fields=(*schema.COURSE.fields, fake))
    sections = tuple(course if s is schema.COURSE else s for s in schema.ALL_SECTIONS)
    monkeypatch.setattr(schema, "ALL_SECTIONS", sections)
    assert field_documentation_problems(guide_text()) == [
        "course field `webinar_platform` (chapter 'Course fields') has no row in the chapter's "
        "field table"
    ]


def test_a_wrong_required_flag_and_a_missing_choice_are_reported(monkeypatch):
    draft = dataclasses.replace(schema.PAGE.field("draft"), required=True)
    page = dataclasses.replace(
        schema.PAGE, fields=tuple(draft if f.name == "draft" else f for f in schema.PAGE.fields)
    )
    status = schema.REGISTRATION.field("status")
    status = dataclasses.replace(status, choices=(*status.choices, "invitation-only"))
    registration = dataclasses.replace(
        schema.REGISTRATION,
        fields=tuple(status if f.name == "status" else f for f in schema.REGISTRATION.fields),
    )
    replaced = {schema.PAGE.name: page, schema.REGISTRATION.name: registration}
    sections = tuple(replaced.get(s.name, s) for s in schema.ALL_SECTIONS)
    monkeypatch.setattr(schema, "ALL_SECTIONS", sections)
    assert field_documentation_problems(guide_text()) == [
        "registration field `status` (chapter 'Registration') does not name the choice "
        "'invitation-only'",
        "page field `draft` (chapter '4. Pages: pages/') is required in schema.py, the guide "
        "says 'Optional'",
    ]


def test_a_new_section_or_a_removed_field_is_reported(monkeypatch):
    widget = schema.Section("widget", (schema.Field("size", "text", "How big."),))
    person = dataclasses.replace(
        schema.PERSON, fields=tuple(f for f in schema.PERSON.fields if f.name != "role")
    )
    sections = (*(person if s is schema.PERSON else s for s in schema.ALL_SECTIONS), widget)
    monkeypatch.setattr(schema, "ALL_SECTIONS", sections)
    assert field_documentation_problems(guide_text()) == [
        "chapter '3. People: people.yaml' documents `role`, not a person field",
        "section 'widget' has no chapter in SECTION_CHAPTERS",
    ]


def test_every_command_line_option_is_documented():
    assert option_documentation_problems(documentation_text()) == []


def test_an_undocumented_option_is_reported(monkeypatch):
    real = cli.make_parser

    def with_extra_option(command: str) -> argparse.ArgumentParser:
        parser = real(command)
        if command == "serve":
            parser.add_argument("--open-browser", action="store_true")
        return parser

    monkeypatch.setattr(cli, "make_parser", with_extra_option)
    assert option_documentation_problems(documentation_text()) == ["build.py serve --open-browser"]


def test_every_command_and_every_kind_of_new_file_is_shown():
    text = documentation_text()
    for command in cli.COMMANDS:
        assert re.search(rf"python build\.py {command}\b", text), command
    kind = next(a for a in cli.make_parser("new")._actions if a.dest == "kind")
    for choice in kind.choices:
        assert f"python build.py new {choice} " in text, choice


def test_examples_are_marked_placed_and_fenced_correctly():
    assert example_problems(guide_text()) == []


def test_the_guide_has_a_complete_example_of_every_kind_of_file():
    covered = {block.path.split("/")[0] for block in examples()}
    assert covered == set(_EXAMPLE_FOLDERS)
    assert date_listings()
    assert statuses()


def test_an_unmarked_front_matter_example_is_reported():
    text = "# Guide\n\n```markdown\n---\ntitle: Untested\n---\nBody\n```\n"
    assert example_problems(text) == ["guide line 3: a front-matter example is unmarked"]


@pytest.mark.parametrize("example", examples(), ids=lambda block: block.path)
def test_each_example_builds_on_its_own(site: SiteDir, example: Block):
    """Each example, alone on a minimal site, builds without a warning and is published."""
    write_example(site, example)
    if example.path == "people.yaml":
        ids = ", ".join(yaml.safe_load(example.text))
        faculty = course_md(
            sessions="sessions:\n  - date: 2026-01-14\n", extra=f"faculty: [{ids}]\n"
        )
        site.write("courses/faculty-echo.md", faculty)
    if example.path.startswith("recordings/"):
        fields = front_matter(example.text)
        if fields.get("course"):
            session = f"sessions:\n  - date: {fields['date']}\n"
            site.write(f"courses/{fields['course']}.md", course_md(sessions=session))
    if example.path == "site.yaml":
        # The menu points at program pages; give them pages so the menu's links lead somewhere.
        for item in yaml.safe_load(example.text).get("nav", []):
            slug = item["url"].strip("/")
            if slug and "/" not in slug and slug not in ("courses", "enduring-materials"):
                site.write(f"pages/{slug}.md", f"---\ntitle: {item['title']}\n---\nText.\n")
    result = build_or_fail(site)
    assert result.warnings == ()
    if example.path == "site.yaml":
        config = yaml.safe_load(example.text)
        home = site.html("/")
        assert text_of(home.title) == config["title"]
        menu = [text_of(a) for a in home.select("nav.site-nav a")]
        assert menu[: len(config["nav"])] == [item["title"] for item in config["nav"]]
    elif example.path == "people.yaml":
        people = yaml.safe_load(example.text)
        shown = [text_of(n) for n in site.html("/courses/faculty-echo/").select(".person-name")]
        assert shown == [
            f"{p['name']}, {p['credentials']}" if p.get("credentials") else p["name"]
            for p in people.values()
        ]
    else:
        page = site.html(url_of(example.path))
        assert text_of(page.find("h1")) == front_matter(example.text)["title"]


def test_all_examples_build_together_without_a_warning(site: SiteDir):
    """The examples agree with each other: ids, credit types, courses and dates line up."""
    for example in examples():
        write_example(site, example)
    build_or_fail(site, strict=True)
    for example in examples():
        if example.path.startswith("recordings/"):
            course = front_matter(example.text).get("course")
            if course and (site.content / "courses" / f"{course}.md").exists():
                links = [a.get("href", "") for a in site.html(f"/courses/{course}/").select("a")]
                slug = Path(example.path).stem
                assert any(f"recordings/{slug}/" in href for href in links), example


@pytest.mark.parametrize("listing", date_listings(), ids=lambda block: block.path)
def test_worked_schedule_examples_give_the_dates_the_guide_lists(site: SiteDir, listing: Block):
    course = next(block for block in examples() if block.path == listing.path)
    write_example(site, course)
    build_or_fail(site)
    calendar = icalendar.Calendar.from_ical(
        (site.output / url_of(course.path).strip("/") / "calendar.ics").read_bytes()
    )
    title = front_matter(course.text)["title"]
    built = []
    for event in sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart")):
        summary = str(event["summary"])
        cancelled = str(event["status"]) == "CANCELLED"
        session = summary.removeprefix("Cancelled: ").removeprefix(f"{title}: ")
        built.append((event.decoded("dtstart").date(), session, cancelled))
    listed = []
    for line in listing.text.strip().splitlines():
        match = _DATE_LINE.match(line.strip())
        assert match, f"{listing}: cannot read {line!r}"
        day = dt.date.fromisoformat(match.group(1))
        assert day.strftime("%A") == match.group(2), f"{listing}: {line!r}"
        listed.append((day, match.group(3), match.group(4) == "cancelled"))
    assert built == listed


@pytest.mark.parametrize("table", statuses(), ids=lambda table: table.path)
def test_the_build_date_decides_what_the_guide_says(site: SiteDir, table: StatusTable):
    write_example(site, next(block for block in examples() if block.path == table.path))
    loaded, _ = load_site(site.content)
    course = loaded.course(Path(table.path).stem)
    assert course is not None
    assert table.rows
    for day, course_status, registration in table.rows:
        as_of = dt.date.fromisoformat(day)
        assert timeline.course_status(course, as_of) == course_status.replace(" ", "-"), day
        assert timeline.registration_status(course, as_of) == registration.split()[0], day


@pytest.mark.parametrize(
    ("heading", "at_least"),
    [("Warnings about likely typos", 8), ("Disclosures: on file, and less than a year old", 2)],
)
def test_the_warnings_the_guide_quotes_are_the_ones_the_build_prints(heading, at_least):
    """Every message quoted under these headings is, word for word, a line a broken site in
    tests/broken_sites/ expects the build to print."""
    tokens = chapter(parse(guide_text()), heading)
    assert tokens is not None
    quoted = [line for t in tokens if t.type == "fence" for line in t.content.splitlines()]
    cases = (ROOT / "tests" / "broken_sites").glob("*/expected.txt")
    printed = {line for case in cases for line in case.read_text(encoding="utf-8").splitlines()}
    assert len(quoted) >= at_least
    assert [line for line in quoted if line not in printed] == []
