"""Broken sites, one per mistake an editor makes: each must fail cleanly, at the right line.

Every folder in tests/broken_sites/ holds a minimal `content/` and an `expected.txt` (the format is
in tests/broken_sites/README.md). For each case this test builds a known-good site into output/,
swaps in the broken content, runs build.py as an editor would, and checks the exit status, the
exact problem lines, that no traceback was printed, and that output/ and the folder around it are
exactly as they were.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import PEOPLE_YAML

from echo_site.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "broken_sites"
AS_OF = "2026-01-01"

# Cases whose expected.txt says what the build SHOULD print, where it does not yet: what is wrong
# and where the fix belongs. Remove a case from here once the build prints its expected.txt.
XFAIL_CASES: dict[str, str] = {}

DEFAULT_FILES = {
    "site.yaml": """\
title: Project ECHO at Example Health
base_url: https://echo.example.org/
timezone: America/New_York
contact_email: echo@example.org
organization: Example Health
credit_statements:
  AMA PRA Category 1 Credit: "Example Health designates this activity for 1.0 credit."
""",
    "people.yaml": PEOPLE_YAML,
    "pages/index.md": "---\ntitle: Welcome\n---\nFree tele-mentoring.\n",
}

GOOD_COURSE = """\
---
title: Opioid Use Disorder ECHO
summary: Case-based learning.
time: "12:00-13:00"
sessions:
  - date: 2026-01-14
    title: The landscape in our region
    presenters: [jdoe]
  - date: 2026-01-28
    title: Buprenorphine basics
---
About the course.
"""

# What a build may keep beside output/ from one build to the next (not temporary folders).
PERSISTENT_BESIDE = {".output.echo-site-lock", ".echo-cache"}

_PROBLEM_LINE = re.compile(r"^\S[^:\n]*:\d+:\d+: ")
_SUMMARY_LINE = re.compile(r"^Build failed: ")


@dataclass
class Case:
    """One broken site: its folder, the problem lines it must print, and how to run it."""

    name: str
    folder: Path
    expected: list[str]
    mode: str = "error"  # "error", or "warning": passes without --strict, fails with it
    exit_code: int = 1
    omit: set[str] = field(default_factory=set)
    symlinks: list[tuple[str, str]] = field(default_factory=list)
    generated: list[tuple[str, int]] = field(default_factory=list)
    sparse: list[tuple[str, int]] = field(default_factory=list)
    encodings: list[tuple[str, str]] = field(default_factory=list)
    args: list[str] = field(default_factory=list)


def read_case(folder: Path) -> Case:
    """Read a case folder's expected.txt: `#` comments, `@` directives, then problem lines."""
    case = Case(folder.name, folder, [])
    for raw in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("@"):
            case.expected.append(line.replace("\\n", "\n"))
            continue
        directive, _, value = line[1:].partition(" ")
        value = value.strip()
        if directive == "mode":
            assert value in ("error", "warning"), f"{folder.name}: unknown mode {value!r}"
            case.mode = value
        elif directive == "exit":
            case.exit_code = int(value)
        elif directive == "omit":
            case.omit.add(value)
        elif directive == "symlink":
            link, _, target = value.partition(" -> ")
            case.symlinks.append((link.strip(), target.strip()))
        elif directive == "generate":
            path, _, size = value.rpartition(" ")
            case.generated.append((path.strip(), int(size)))
        elif directive == "sparse":
            path, _, size = value.rpartition(" ")
            case.sparse.append((path.strip(), int(size)))
        elif directive == "encode":
            path, _, codec = value.rpartition(" ")
            case.encodings.append((path.strip(), codec))
        elif directive == "args":
            case.args.extend(value.split())
        else:
            raise AssertionError(f"{folder.name}: unknown directive @{directive}")
    return case


def all_cases() -> list[Case]:
    return [read_case(p) for p in sorted(CASES_DIR.iterdir()) if (p / "expected.txt").is_file()]


def write_good_site(content: Path) -> None:
    for relative, text in DEFAULT_FILES.items():
        _write(content / relative, text)
    _write(content / "courses/oud-echo.md", GOOD_COURSE)
    _write(content / "pages/about.md", "---\ntitle: About\n---\nAbout the hub.\n")


def install_case(case: Case, content: Path) -> None:
    """Put the case's broken content in `content`, with the default files it does not give."""
    shutil.copytree(case.folder / "content", content, symlinks=True)
    for relative, text in DEFAULT_FILES.items():
        if relative not in case.omit and not (content / relative).exists():
            _write(content / relative, text)
    for relative, size in case.generated:
        _write(content.parent / relative, generated_markdown(size))
    for relative, codec in case.encodings:
        path = content.parent / relative
        path.write_bytes(path.read_text(encoding="utf-8").encode(codec))
    for relative, size in case.sparse:
        path = content.parent / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("r+b" if path.exists() else "wb") as file:
            file.truncate(size)  # a hole after what the case gives: takes no disk space
    for link, target in case.symlinks:
        path = content.parent / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)


def generated_markdown(size: int) -> str:
    """A well-formed page of about `size` bytes: front matter, then many ordinary paragraphs."""
    head = "---\ntitle: A very long page\n---\n"
    paragraph = "Case-based learning for primary care teams, one session at a time.\n\n"
    return head + paragraph * (max(size - len(head), 0) // len(paragraph) + 1)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder` with a hash of its bytes and its modification time."""
    result = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[relative] = (f"link:{path.readlink()}", 0)
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[relative] = (digest, path.stat().st_mtime_ns)
        else:
            result[relative] = ("dir", 0)
    return result


# Compiled modules are cached outside the repository, so the many short runs do not each
# recompile echo_site, and the working tree stays clean.
_CLI_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "echo-site-test-pycache"),
}


# Every case gets this long, far more than any build needs even on a loaded machine: a case that
# takes longer hangs (an alias bomb expanding, a huge file read whole). How fast a build fails is
# for the benchmarks to measure, not for a test to assert.
HANG_SECONDS = 60


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "build.py"), "--content", "content", "--output"]
    command += ["output", "--as-of", AS_OF, "--no-search", *args]
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=root,
            env=_CLI_ENV,
            timeout=HANG_SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build hung: no result after {HANG_SECONDS} s")


def problem_lines(stderr: str) -> tuple[list[str], list[str]]:
    """Split stderr into problem lines (with their continuation lines) and the other lines."""
    problems: list[str] = []
    other: list[str] = []
    for line in stderr.splitlines():
        if _PROBLEM_LINE.match(line):
            problems.append(line)
        elif _SUMMARY_LINE.match(line):
            other.append(line)
        elif problems and not other:
            problems[-1] += "\n" + line
        else:
            other.append(line)
    return problems, other


def build_good_site(root: Path) -> Path:
    """Build a known-good site into root/output and return that folder."""
    write_good_site(root / "content")
    build(
        BuildOptions(
            content_dir=root / "content",
            output_dir=root / "output",
            as_of=dt.date.fromisoformat(AS_OF),
            search=False,
        )
    )
    return root / "output"


def prepare(case: Case, root: Path, good_output: Path) -> None:
    """Give root/ a previous output/ (a copy of a good build) and the case's broken content/."""
    shutil.copytree(good_output, root / "output", symlinks=True)
    install_case(case, root / "content")


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_good_site(tmp_path_factory.mktemp("good"))


def _params() -> list[object]:
    params = []
    for case in all_cases():
        marks = []
        if case.name in XFAIL_CASES:
            marks.append(pytest.mark.xfail(reason=XFAIL_CASES[case.name], strict=True))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _assert_failed_cleanly(
    case: Case, result: subprocess.CompletedProcess[str], expected: list[str]
) -> None:
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed, printed
    problems, other = problem_lines(result.stderr)
    assert sorted(problems) == sorted(expected), result.stderr
    if case.exit_code == 1:
        assert [line for line in other if not _SUMMARY_LINE.match(line)] == [], result.stderr
        assert len(other) == 1, result.stderr
    assert result.returncode == case.exit_code, result.stderr


@pytest.mark.parametrize("case", _params())
def test_broken_site_fails_cleanly_at_the_right_line(
    case: Case, tmp_path: Path, good_output: Path
) -> None:
    prepare(case, tmp_path, good_output)
    before = snapshot(tmp_path / "output")
    beside = sorted(p.name for p in tmp_path.iterdir())
    if case.mode == "warning":
        strict = run_cli(tmp_path, "--strict", *case.args)
        as_errors = [line.replace(": warning: ", ": ", 1) for line in case.expected]
        _assert_failed_cleanly(case, strict, as_errors)
    else:
        result = run_cli(tmp_path, *case.args)
        _assert_failed_cleanly(case, result, case.expected)
    assert snapshot(tmp_path / "output") == before, "a failed build changed output/"
    left = sorted({p.name for p in tmp_path.iterdir()} - set(beside) - PERSISTENT_BESIDE)
    assert left == [], "a failed build left files beside output/"

    if case.mode == "warning":
        lenient = run_cli(tmp_path, *case.args)
        printed = lenient.stdout + lenient.stderr
        assert "Traceback" not in printed, printed
        assert lenient.returncode == 0, printed
        problems, other = problem_lines(lenient.stderr)
        assert sorted(problems) == sorted(case.expected), lenient.stderr
        assert other == [], lenient.stderr
        assert lenient.stdout.startswith("Built "), lenient.stdout


def test_every_case_is_well_formed() -> None:
    """Each case has content, at least one problem line, and problem lines in the house style."""
    cases = all_cases()
    assert len(cases) >= 40
    for case in cases:
        assert (case.folder / "content").is_dir(), case.name
        assert case.expected, f"{case.name}: expected.txt lists no problem"
        for line in case.expected:
            assert re.match(r"^content/[^:]+:\d+:\d+: .+ — .+", line, re.S), (case.name, line)
    assert set(XFAIL_CASES) <= {case.name for case in cases}


def test_no_yaml_load_anywhere() -> None:
    """Content is read through yamlsafe's event builder only: no yaml.load, full_load or Loader."""
    unsafe = {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all"}
    unsafe |= {"safe_load", "safe_load_all", "Loader", "FullLoader", "UnsafeLoader"}
    found = []
    for path in sorted((ROOT / "echo_site").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
                and node.attr in unsafe
            ):
                found.append(f"{path.name}:{node.lineno}: yaml.{node.attr}")
    assert found == []
