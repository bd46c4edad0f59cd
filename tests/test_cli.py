"""The command line as editors and CI use it: exit codes, summaries, starter files, templates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, course_md

from echo_site.errors import BuildFailed
from echo_site.pipeline import BuildOptions, build


def test_a_good_build_exits_0_with_a_one_line_summary(site):
    site.write("courses/oud-echo.md", course_md())
    result = site.cli("--as-of", "2026-01-01", "--no-search")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Built \d+ pages \(\d+ files: \d+ written, \d+ unchanged\) as of 2026-01-01 in "
        r"\d+\.\d\d s\.\n",
        result.stdout,
    )
    again = site.cli("--as-of", "2026-01-01", "--no-search")
    assert again.stdout.startswith("Nothing changed: ")
    assert result.stderr == ""  # no progress bar outside a terminal


def test_content_errors_exit_1_and_usage_errors_exit_2(site):
    site.write("courses/oud-echo.md", course_md(extra="regsitration: {}\n"))
    assert site.cli("--no-search").returncode == 1
    for arguments in (
        ["--as-of", "28/11/2026"],
        ["--jobs", "many"],
        ["--base-url", "example.org"],
        ["--no-such-option"],
    ):
        result = site.cli(*arguments)
        assert result.returncode == 2, arguments
        assert "Traceback" not in result.stderr
    missing = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(site.root / "nowhere")],
        capture_output=True,
        text=True,
        cwd=site.root,
    )
    assert missing.returncode == 2
    assert "the content folder" in missing.stderr and "does not exist" in missing.stderr


def test_timings_list_every_stage(site):
    result = site.cli("--as-of", "2026-01-01", "--no-search", "--no-cache", "--timings")
    stages = re.findall(r"^  ([a-z ]+): \d+\.\d\d s$", result.stderr, re.M)
    assert stages == [
        "starting",
        "reading content",
        "rendering pages",
        "writing files",
        "saving the cache",
    ]  # no search index was asked for


@pytest.mark.parametrize("kind", ["course", "recording", "page"])
def test_new_writes_a_starter_file_that_builds_as_a_draft(site, kind):
    result = site.cli("new", kind, f"my-new-{kind}", "--content", str(site.content))
    assert result.returncode == 0, result.stderr
    folder = {"course": "courses", "recording": "recordings", "page": "pages"}[kind]
    path = site.content / folder / f"my-new-{kind}.md"
    text = path.read_text()
    assert text.startswith("---\n")
    assert text.count("\n# ") > 5  # every field is explained
    front_matter = yaml.safe_load(text.split("---\n")[1])
    assert front_matter["draft"] is True
    url = f"/my-new-{kind}/" if kind == "page" else f"/{folder}/my-new-{kind}/"
    published = site.build("2026-01-01")
    assert not (site.output / url.strip("/")).exists()
    assert published.warnings == ()
    site.build("2026-01-01", include_drafts=True)
    assert site.html(url).find("h1")


def test_new_refuses_bad_names_and_existing_files(site):
    result = site.cli("new", "course", "Opioid_ECHO", "--content", str(site.content))
    assert result.returncode == 2 and "try opioid-echo" in result.stderr
    site.write("courses/oud-echo.md", course_md())
    before = (site.content / "courses/oud-echo.md").read_text()
    result = site.cli("new", "course", "oud-echo", "--content", str(site.content))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (site.content / "courses/oud-echo.md").read_text() == before


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        # Jinja notices the unclosed "if" where the enclosing block ends, on line 8.
        ("{% if page.title %}<h1>{{ page.title }}</h1>", 8, "unknown tag 'endblock'"),
        ("<h1>{{ page.tilte }}</h1>", 4, "has no attribute 'tilte'"),
    ],
)
def test_template_errors_name_the_template_file_and_line(site, broken, line, message):
    templates = site.root / "templates"
    templates.mkdir()
    original = (ROOT / "templates" / "page.html").read_text()
    assert original.splitlines()[3].strip() == "<h1>{{ page.title }}</h1>"
    (templates / "page.html").write_text(original.replace("<h1>{{ page.title }}</h1>", broken))
    site.write("pages/about.md", "---\ntitle: About\n---\nHi.\n")
    result = site.cli("--no-search")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"templates/page.html:{line}:1: template error: "), first
    assert message in first


def tree_digest(folder):  # type: ignore[no-untyped-def]
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_the_number_of_processes_never_changes_the_output(tmp_path):
    outputs = []
    for jobs in (1, 2, 3):
        output = tmp_path / f"jobs-{jobs}" / "output"
        build(
            BuildOptions(
                content_dir=ROOT / "content",
                output_dir=output,
                as_of=dt.date(2026, 11, 28),
                jobs=jobs,
                use_cache=False,
            )
        )
        outputs.append(tree_digest(output))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_missing_search_program_is_an_error_with_a_way_out(site, monkeypatch):
    from echo_site import search

    monkeypatch.setattr(search, "get_executable", lambda: None)
    with pytest.raises(BuildFailed) as failure:
        site.build(search=True)
    (problem,) = failure.value.problems
    assert "Pagefind program is not installed" in problem.message
    assert "--no-search" in problem.hint


class FakeTerminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_terminal_gets_a_progress_bar_and_ci_gets_plain_lines(site, monkeypatch):
    from echo_site.progress import Progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = FakeTerminal()
    progress = Progress.for_terminal(terminal)  # type: ignore[arg-type]
    progress.delay = 0  # a real build shows it only after its first second
    build(
        BuildOptions(
            content_dir=site.content,
            output_dir=site.output,
            search=False,
            as_of=dt.date(2026, 1, 1),
        ),
        progress=progress,
    )
    assert "[######" in terminal.text and "rendering pages" in terminal.text
    assert terminal.text.endswith("\r\x1b[K")  # the bar is cleared before the summary
    monkeypatch.setenv("CI", "true")
    assert Progress.for_terminal(FakeTerminal()).stream is None  # type: ignore[arg-type]
