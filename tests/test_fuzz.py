"""Random front matter, Markdown and bytes never crash a build.

A build either succeeds or raises BuildFailed whose problems each name a file and a line and column
inside it. Anything else (a traceback) is a failure. The front matter comes from a grammar built
on the content model's field names and value kinds, rendered as YAML with random styles, then
damaged at random (tabs, stray colons and quotes, anchors, aliases, control characters, ...).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from echo_site import render, schema
from echo_site.errors import BuildFailed
from echo_site.pipeline import BuildOptions, build

# ECHO_FUZZ_EXAMPLES=2000 runs a longer search; the default keeps the suite quick.
FUZZ = settings(
    max_examples=int(os.environ.get("ECHO_FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SITE_YAML = """\
title: Project ECHO at Example Health
base_url: https://echo.example.org/echo/
timezone: America/New_York
contact_email: echo@example.org
credit_statements:
  AMA PRA Category 1 Credit: "Example Health designates this activity for 1.0 credit."
"""
PEOPLE_YAML = "jdoe:\n  name: Jane Doe\n  credentials: MD\nrroe:\n  name: Richard Roe\n"
INDEX_MD = "---\ntitle: Welcome\n---\nFree tele-mentoring. See [courses](/courses/).\n"
COURSE_MD = """\
---
title: Opioid Use Disorder ECHO
summary: Case-based learning.
time: "12:00-13:00"
sessions:
  - date: 2026-01-14
    presenters: [jdoe]
  - date: 2026-01-28
---
About the course.
"""
ASSETS = {"files/a.pdf": b"%PDF-1.4\n%%EOF\n", "files/c.vtt": b"WEBVTT\n", "files/i.jpg": b"\xff"}

# Where a fuzzed document goes, and which schema section its fields come from.
TARGETS: dict[str, schema.Section] = {
    "courses/fuzz.md": schema.COURSE,
    "recordings/fuzz.md": schema.RECORDING,
    "pages/fuzz.md": schema.PAGE,
    "site.yaml": schema.SITE,
    "people.yaml": schema.PERSON,
}

# Every year a date can be written with, including the ends of Python's range.
YEARS = st.integers(0, 9999)
FIELD_NAMES = sorted({f.name for section in schema.ALL_SECTIONS for f in section.fields})
# fmt: off
TRAPS = [
    "yes", "no", "on", "off", "~", "null", "NULL", "true", "False", "01234", "0x1F", "1e400",
    ".nan", "-.inf", "12:30", "1230", "2026-02-30", "2026-13-01", "0.5", "-1", "''", '""',
    "'it's'", '"unclosed', "'unclosed", "a: b", "Session #5", "#", "&a x", "*a", "!!str x",
    "!!python/object:os.system", "!custom x", "|", ">-", "[", "{", "]", "}", "- x", "? x",
    "@x", "`x`", "%x", "\t", "é", "日本語", "\u200b", "\ufeff", "\x07", "\x1b[31m", "😀",
    "\u2028", "javascript:alert(1)", "https://zoom.us/j/123456789?pwd=abc",
]
# fmt: on


def _quote(text: str, style: str) -> str:
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return text


@st.composite
def dates(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["valid", "valid", "invalid", "words", "trap"]))
    if kind == "valid":
        return draw(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))).isoformat()
    if kind == "invalid":
        year, month, day = draw(YEARS), draw(st.integers(0, 14)), draw(st.integers(0, 33))
        return f"{year:04d}-{month:02d}-{day:02d}"
    if kind == "words":
        return draw(st.sampled_from(["10/08/2025", "January 14, 2026", "tomorrow", "2026-1-4"]))
    return draw(st.sampled_from(TRAPS))


@st.composite
def times(draw: st.DrawFn) -> str:
    h1, h2 = draw(st.integers(0, 30)), draw(st.integers(0, 30))
    m1, m2 = draw(st.integers(0, 75)), draw(st.integers(0, 75))
    sep = draw(st.sampled_from(["-", " - ", "–", " to ", "/"]))
    text = draw(
        st.sampled_from(
            [f"{h1}:{m1:02d}{sep}{h2}:{m2:02d}", f"{h1:02d}:{m1:02d}", f"{h1}{m1:02d}", "12pm-1pm"]
        )
    )
    return _quote(text, draw(st.sampled_from(["double", "plain"])))


# fmt: off
LINKS = [
    "https://forms.example.org/x", "http://", "javascript:alert(1)", "JaVaScRiPt:x",
    "//evil.org", "mailto:echo@example.org", "tel:+15555550100", "/courses/",
    "/courses/oud-echo/", "/nope/", "files/a.pdf", "/files/a.pdf", "files/missing.pdf",
    "../../etc/passwd", "/etc/passwd", "files/../../x", "files\\a.pdf", "ftp://x.org/",
    "https://www.youtube.com/watch?v=abcdefghijk", "https://youtu.be/abcdefghijk",
    "https://vimeo.com/123456/abcdef1", "https://zoom.us/j/1", "files/c.vtt", "files/i.jpg",
    "echo.example.org", "echo@example.org", "not an address", "https://[::1",
    "https://example.org/%zz", "/old/", "/courses/oud-echo/calendar.ics", "/feed.xml", "/", "",
]
# fmt: on
WORDS = st.sampled_from(
    ["Opioid", "ECHO", "care", "in", "primary", "session", "the", "Jane", "#5", "a:", "b", "–"]
)


@st.composite
def free_text(draw: st.DrawFn) -> str:
    """Text that looks like a value: words, traps and random characters."""
    parts = draw(
        st.lists(
            st.one_of(
                WORDS,
                st.sampled_from(TRAPS),
                st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
            ),
            max_size=5,
        )
    )
    return " ".join(parts)


def scalar_for(kind: str) -> st.SearchStrategy[str]:
    """Text for a value of the given schema kind, mostly plausible, sometimes not."""
    plausible: dict[str, st.SearchStrategy[str]] = {
        "date": dates(),
        "time_range": times(),
        "timezone": st.sampled_from(
            ["America/New_York", "America/Chicago", "UTC", "EST", "Eastern", "Mars/Base", "5"]
        ),
        "bool": st.sampled_from(["true", "false", "yes", "maybe", "on", "1"]),
        "number": st.sampled_from(["1", "1.5", "0", "-2", "1e400", ".nan", "one", "99999"]),
        "count": st.sampled_from(["1", "8", "0", "-1", "2.5", "10001", "eight", "9" * 30]),
        "choice": st.sampled_from(["open", "closed", "waitlist", "full", "cohort", "opne", "12"]),
        "course": st.sampled_from(["oud-echo", "courses/oud-echo.md", "nope", "fuzz"]),
        "email": st.sampled_from(["echo@example.org", "mailto:a@b.co", "echo at example.org"]),
        "language": st.sampled_from(["en", "es", "fr-CA", "English", "e"]),
    }
    if kind in plausible:
        return st.one_of(plausible[kind], plausible[kind], free_text())
    if kind in ("url", "link", "file", "video", "captions", "contact"):
        return st.one_of(st.sampled_from(LINKS), free_text())
    if kind == "people":
        return st.sampled_from(["jdoe", "rroe", "jdeo", "nobody", "Jane Doe"])
    return free_text()


def node_for(spec: schema.Field, depth: int) -> st.SearchStrategy[Any]:
    """A value tree for one field: ("map", pairs), ("seq", items) or ("scalar", text)."""
    if spec.section is not None and depth < 3:
        mapping = section_node(spec.section, depth + 1)
        if spec.kind == "sections":
            return st.one_of(
                st.builds(lambda items: ("seq", items), st.lists(mapping, max_size=4)),
                scalar_node(free_text()),
            )
        return st.one_of(mapping, mapping, scalar_node(free_text()))
    if spec.kind in ("people", "text_list", "path_list", "date_list"):
        item_kind = {"date_list": "date", "path_list": "link"}.get(spec.kind, spec.kind)
        items = st.lists(scalar_node(scalar_for(item_kind)), max_size=4)
        return st.one_of(st.builds(lambda i: ("seq", i), items), scalar_node(scalar_for(item_kind)))
    if spec.kind == "text_map":
        pairs = st.lists(st.tuples(free_text(), scalar_node(free_text())), max_size=3)
        return st.builds(lambda p: ("map", p), pairs)
    return scalar_node(scalar_for(spec.kind))


def scalar_node(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.builds(
        lambda t, style: ("scalar", _quote(t, style)),
        text,
        st.sampled_from(["plain", "plain", "double", "single"]),
    )


@st.composite
def section_node(draw: st.DrawFn, section: schema.Section, depth: int = 0) -> Any:
    """A mapping with some of the section's fields (required ones usually) and a few others."""
    pairs = []
    for spec in section.fields:
        if draw(st.floats(0, 1)) < (0.85 if spec.required else 0.3):
            pairs.append((spec.name, draw(node_for(spec, depth))))
    extras = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(FIELD_NAMES), free_text()), scalar_node(free_text())
            ),
            max_size=2,
        )
    )
    pairs.extend(extras)
    return ("map", draw(st.permutations(pairs)))


def render_yaml(node: Any, indent: int, step: int, flow: bool) -> list[str]:
    """Render a value tree as YAML lines (block style, or flow style for the innermost parts)."""
    kind, value = node
    pad = " " * indent
    lines: list[str] = []
    if kind == "map":
        for key, child in value:
            key_text = key if key and "\n" not in key else f"{key!r}"
            if child[0] == "scalar":
                lines.append(f"{pad}{key_text}: {child[1]}")
            elif flow:
                lines.append(f"{pad}{key_text}: {flow_yaml(child)}")
            else:
                lines.append(f"{pad}{key_text}:")
                lines.extend(render_yaml(child, indent + step, step, flow))
    elif kind == "seq":
        for child in value:
            if child[0] == "scalar":
                lines.append(f"{pad}- {child[1]}")
            elif child[0] == "map" and child[1] and not flow:
                inner = render_yaml(child, indent + 2, step, flow)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {flow_yaml(child)}")
    else:
        lines.append(f"{pad}{value}")
    return lines


def flow_yaml(node: Any) -> str:
    kind, value = node
    if kind == "map":
        return "{" + ", ".join(f"{k}: {flow_yaml(v)}" for k, v in value) + "}"
    if kind == "seq":
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    return value


DAMAGE = [
    "tab",
    "drop-colon",
    "second-colon",
    "dedent",
    "indent",
    "duplicate",
    "anchor",
    "alias",
    "quote",
    "comment",
    "control",
    "unicode",
    "bom",
    "crlf",
    "cr",
    "fence",
    "empty",
    "alias-bomb",
    "deep",
]


@st.composite
def damaged(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Apply a few random editor mistakes to YAML lines."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(DAMAGE))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[at] if lines else ""
        if how == "tab":
            line = "\t" + line.lstrip(" ")
        elif how == "drop-colon":
            line = line.replace(":", "", 1)
        elif how == "second-colon":
            line += ": extra"
        elif how == "dedent":
            line = line[2:] if line.startswith("  ") else line
        elif how == "indent":
            line = " " * draw(st.integers(1, 5)) + line
        elif how == "duplicate":
            lines.insert(at, line)
        elif how == "anchor":
            line = line.replace(": ", ": &a ", 1) if ": " in line else "x: &a [1, 2]"
        elif how == "alias":
            line = line.split(":")[0] + ": *a" if ":" in line else "- *a"
        elif how == "quote":
            line += draw(st.sampled_from(['"', "'", '"x', "'it's'"]))
        elif how == "comment":
            line += draw(st.sampled_from([" #5", "#x", " # note", " &a #b"]))
        elif how == "control":
            line += draw(st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"]))
        elif how == "unicode":
            line += draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=3))
        elif how == "bom":
            line = "\ufeff" + line
        elif how == "crlf":
            line += "\r"
        elif how == "cr":
            line = line.replace(" ", "\r", 1)
        elif how == "fence":
            lines.insert(at, draw(st.sampled_from(["---", "...", "--- x", "- - -"])))
        elif how == "empty":
            line = ""
        elif how == "alias-bomb":
            lines.append("a0: &a0 [x, x, x, x, x, x, x, x, x]")
            lines.extend(
                f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 8)
            )
        elif how == "deep":
            depth = draw(st.integers(30, 120))
            line = "deep: " + "[" * depth + "]" * depth
        if lines:
            lines[at] = line
        else:
            lines.append(line)
    return lines


@st.composite
def markdown_bodies(draw: st.DrawFn) -> str:
    """Markdown with links, anchors, images, tables, footnotes, raw HTML and odd characters."""
    link = st.one_of(st.sampled_from(LINKS), st.sampled_from(["#who", "#fn1", "?q=1", "#", "%"]))
    blocks = st.one_of(
        st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), free_text()),
        st.builds(lambda t, h: f"See [{t}]({h}).", free_text(), link),
        st.builds(lambda t, h: f"![{t}]({h})", st.sampled_from(["", "A photo", " "]), link),
        st.builds(lambda h: f"<{h}>", link),
        st.builds(lambda t: f"Text[^1] {t}\n\n[^1]: A note {t}", free_text()),
        st.just("| a | b |\n|---|---|\n| [x](/nope/) | ![](files/i.jpg) |"),
        st.just("```python\nprint('unclosed')"),
        st.just("<script>alert(1)</script>\n<a href='javascript:x'>x</a>"),
        st.just("- one\n  - two\n    - [three](#three)\n\n1. a\n2. b"),
        st.just("> quote\n> [ref][r]\n\n[r]: /courses/oud-echo/#session-1"),
        st.just("Line one  \nline two\\\nline three"),
        st.just("---\ntitle: not front matter\n---"),
        st.just("Join at https://zoom.us/j/123456789, passcode: 4242"),
        free_text(),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    )
    return "\n\n".join(draw(st.lists(blocks, max_size=6)))


def write_site(content: Path, files: dict[str, bytes]) -> None:
    base = {
        "site.yaml": SITE_YAML.encode(),
        "people.yaml": PEOPLE_YAML.encode(),
        "pages/index.md": INDEX_MD.encode(),
        "courses/oud-echo.md": COURSE_MD.encode(),
        **ASSETS,
    }
    for relative, data in {**base, **files}.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture(autouse=True, scope="module")
def _compile_templates_once() -> Iterator[None]:
    """Reuse one Jinja environment: compiling the templates is most of a tiny build's time.

    The fuzz is about content, and the environment is not changed by a build, so sharing it
    changes nothing a test can see but the time.
    """
    with pytest.MonkeyPatch.context() as patch:
        if hasattr(render, "make_environment"):
            patch.setattr(render, "make_environment", functools.cache(render.make_environment))
        yield


# Failures the fuzzer found, kept as regression tests: each must now build or fail cleanly.
FOUND_BY_FUZZING = {
    "unbalanced-bracket-in-url-host": (
        {"recordings/fuzz.md": b"---\ntitle: T\ndate: 2025-10-08\nslides: https://[::1\n---\n"},
        "urllib's urlsplit raises ValueError('Invalid IPv6 URL'), uncaught in validate.py "
        "_read_file, _read_url, _read_link, _read_path_list, parse_video_url and safety.py "
        "is_safe_link",
    ),
    "bracketed-placeholder-url-host": (
        {
            "site.yaml": SITE_YAML.replace(
                "https://echo.example.org/echo/", "https://[TBD]/"
            ).encode()
        },
        "urlsplit raises ValueError(\"'TBD' does not appear to be an IPv4 or IPv6 address\") "
        "(see tests/broken_sites/url-placeholder-in-brackets)",
    ),
    "error-past-the-end-of-the-file": (
        {"people.yaml": b"["},
        "a YAML error at the end of a file without a final newline is reported on the line after "
        "the last (yamlsafe.py _syntax_problem uses libyaml's end-of-stream mark as it is)",
    ),
    "line-separator-shifts-lines": (
        {"site.yaml": (SITE_YAML + 'description: "a\u2028b\u2029c\x85d"\ntitel: x\n').encode()},
        "not a crash but a wrong line: YAML counts U+2028, U+2029 and U+0085 as line breaks, so "
        "problems after one point past the end of the file (yamlsafe.py _Builder._position; see "
        "tests/broken_sites/yaml-line-separator-in-value)",
    ),
}
_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def yaml_part(relative: str, data: bytes) -> str:
    """The YAML a file holds, as the build will read it (front matter for .md files)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if relative.endswith(".yaml"):
        return text
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return ""
    end = next((i for i, line in enumerate(lines[1:], 1) if _END.match(line)), None)
    return "\n".join(lines[1:end]) if end else ""


# Memory-backed scratch space where there is one: thousands of tiny builds, no disk waits.
_SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def build_and_check(files: dict[str, bytes]) -> None:
    """Build the base site with `files` added: it succeeds, or each problem points into a file."""
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder:
        root = Path(folder)
        content = root / "content"
        write_site(content, files)
        options = BuildOptions(
            content_dir=content,
            output_dir=root / "output",
            as_of=dt.date(2026, 1, 1),
            search=False,
        )
        try:
            build(options)
        except BuildFailed as failure:
            assert failure.problems, "BuildFailed without problems"
            for problem in failure.problems:
                assert problem.path, problem
                assert problem.line >= 1, problem
                assert problem.column >= 1, problem
                assert problem.message, problem
                file = root / problem.path
                if file.is_file() and not file.is_symlink():
                    data = file.read_bytes()
                    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
                    assert problem.line <= lines, (problem, lines)


def front_matter_file(target: str, lines: list[str], body: str) -> bytes:
    yaml_text = "\n".join(lines) + "\n"
    if target.endswith(".yaml"):
        return yaml_text.encode("utf-8", "surrogatepass")
    return f"---\n{yaml_text}---\n{body}\n".encode("utf-8", "surrogatepass")


@st.composite
def fuzzed_documents(draw: st.DrawFn) -> dict[str, bytes]:
    target = draw(st.sampled_from(sorted(TARGETS)))
    section = TARGETS[target]
    if target == "people.yaml":
        people = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["jdoe", "rroe", "x", "jane doe", "1"]), section_node(section)
                ),
                max_size=3,
            )
        )
        tree: Any = ("map", people)
    else:
        tree = draw(section_node(section))
    lines = render_yaml(tree, 0, draw(st.sampled_from([2, 4])), draw(st.booleans()))
    if draw(st.booleans()):
        lines = draw(damaged(lines))
    return {target: front_matter_file(target, lines, draw(markdown_bodies()))}


@FUZZ
@given(fuzzed_documents())
@example({"pages/fuzz.md": b"---\ntitle: 'What's ECHO'\n---\n"})
@example({"courses/fuzz.md": b'---\ntitle: "Unclosed\nsummary: x\ntime: "12:00-13:00"\n---\n'})
@example({"site.yaml": b"a0: &a0 [x, x]\na1: &a1 [*a0, *a0]\n"})
def test_random_front_matter_never_crashes_the_build(files: dict[str, bytes]) -> None:
    build_and_check(files)


@FUZZ
@given(
    st.sampled_from(["courses/fuzz.md", "recordings/fuzz.md", "pages/fuzz.md"]), markdown_bodies()
)
def test_random_markdown_never_crashes_the_build(target: str, body: str) -> None:
    front = {
        "courses/fuzz.md": 'title: T\nsummary: S\ntime: "12:00-13:00"\nsessions:\n'
        f"  - date: 2026-02-04\n    description: {_quote(body[:200], 'double')}\n",
        "recordings/fuzz.md": "title: T\ndate: 2025-10-08\ncourse: oud-echo\n",
        "pages/fuzz.md": "title: T\n",
    }[target]
    files = {target: f"---\n{front}---\n{body}\n".encode("utf-8", "surrogatepass")}
    build_and_check(files)


PREFIXES = [
    b"",
    b"---\n",
    b"---\ntitle: x\n---\n",
    b"\xef\xbb\xbf---\n",
    b"---\r\ntitle: x\r\n---\r\n",
]
FILE_NAMES = st.text(
    st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=["Cs"]),
    min_size=1,
    max_size=20,
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)


@FUZZ
@given(
    st.sampled_from([*sorted(TARGETS), "files/blob.bin", "name"]),
    st.sampled_from(PREFIXES),
    st.binary(max_size=300),
    FILE_NAMES,
)
@example("pages/fuzz.md", b"---\ntitle: caf", b"\xe9\n---\n", "x")
@example("people.yaml", b"", b"\xff\xfe\x00\x00", "x")
def test_random_bytes_never_crash_the_build(
    target: str, prefix: bytes, data: bytes, name: str
) -> None:
    if target == "name":
        target = f"pages/{name}.md"
    files = {target: prefix + data}
    build_and_check(files)


@pytest.mark.parametrize(
    "files",
    [pytest.param(files, id=name) for name, (files, _) in FOUND_BY_FUZZING.items()],
)
def test_earlier_fuzz_failure_stays_fixed(files: dict[str, bytes]) -> None:
    build_and_check(files)
