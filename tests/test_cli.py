"""The command line as editors and CI use it: exit codes, summaries, starter files, new hubs,
templates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shlex
import subprocess
import sys

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, course_md

from echo_site import cli, scaffold
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
        "planning pages",
        "rendering pages",
        "writing files",
        "saving the cache",
    ]  # no search index was asked for


def test_summary_json_says_how_long_the_build_took_and_what_it_reused(site, tmp_path):
    site.write("courses/oud-echo.md", course_md())
    built: list[dict] = []
    printed = []
    for n in range(3):
        if n == 1:  # an edit: most of the site is taken from the cache
            site.write("pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
        summary = tmp_path / f"build-{n}.json"
        result = site.cli("--as-of", "2026-01-01", "--no-search", "--summary-json", str(summary))
        assert result.returncode == 0, result.stderr
        built.append(json.loads(summary.read_text(encoding="utf-8")))
        printed.append(result.stdout)
    cold, edit, same = built
    on_disk = [p for p in site.output.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert cold["files"] == cold["written"] == len(on_disk) - 1  # the about page came later
    assert (cold["reused"], cold["nothing_changed"], cold["warnings"]) == (0, False, 0)
    assert list(cold["timings"]) == [
        "starting",
        "reading content",
        "planning pages",
        "rendering pages",
        "writing files",
        "saving the cache",
    ]
    assert 0 < sum(cold["timings"].values()) <= cold["seconds"] + 0.01
    # The line the build prints says the same as the file.
    assert f"({cold['files']} files: {cold['written']} written, 0 unchanged)" in printed[0]
    assert f"; {edit['reused']} reused from the cache)" in printed[1]
    assert edit["files"] == len(on_disk) and edit["pages"] == cold["pages"] + 1
    assert 0 < edit["written"] < edit["files"] and 0 < edit["reused"] < edit["files"]
    assert same["nothing_changed"] and same["reused"] == same["files"] == len(on_disk)
    assert same["as_of"] == "2026-01-01"


def test_the_summary_table_shows_the_build_time_and_the_share_reused(site, tmp_path):
    from build_summary import summary_table

    site.write("courses/oud-echo.md", course_md())
    summary = tmp_path / "build.json"
    assert site.cli("--no-search", "--summary-json", str(summary)).returncode == 0
    site.write("pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
    assert site.cli("--no-search", "--summary-json", str(summary)).returncode == 0
    figures = json.loads(summary.read_text(encoding="utf-8"))
    # As the workflow runs it, into the run's summary page.
    shown = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_summary.py"), str(summary)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown == summary_table(figures)
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", shown, re.M))
    reused, files = figures["reused"], figures["files"]
    assert (
        rows["Reused from the build cache"] == f"{reused} of {files} files ({reused / files:.0%})"
    )
    assert rows["Build time"] == f"{figures['seconds']:.1f} s"
    assert rows["Pages"] == str(figures["pages"])
    assert rows["… rendering pages"] == f"{figures['timings']['rendering pages']:.1f} s"
    assert shown.startswith(f"### Site build, as of {figures['as_of']}\n")


def test_a_summary_file_that_cannot_be_written_is_a_usage_error(site, tmp_path):
    result = site.cli("--no-search", "--summary-json", str(tmp_path / "no" / "such" / "x.json"))
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "x.json" in result.stderr


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


def test_new_says_how_to_preview_the_folder_it_wrote_into(site):
    """The hint is a command to copy: it must preview the content folder the file went into."""
    other = site.root / "my hub" / "content"
    other.mkdir(parents=True)
    for folder, given in ((site.content, []), (other, ["--content", "my hub/content"])):
        result = site.cli("new", "course", "my-echo", *given)
        assert result.returncode == 0, result.stderr
        assert (folder / "courses" / "my-echo.md").is_file()
        command = shlex.split(re.search(r"preview it with (.+)\.$", result.stdout).group(1))
        assert command[:3] == ["python", "build.py", "serve"]
        args = cli.make_parser("serve").parse_args(command[3:])
        assert args.drafts and (site.root / args.content).resolve() == folder.resolve()


def test_new_refuses_bad_names_and_existing_files(site):
    result = site.cli("new", "course", "Opioid_ECHO", "--content", str(site.content))
    assert result.returncode == 2 and "try opioid-echo" in result.stderr
    site.write("courses/oud-echo.md", course_md())
    before = (site.content / "courses/oud-echo.md").read_text()
    result = site.cli("new", "course", "oud-echo", "--content", str(site.content))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (site.content / "courses/oud-echo.md").read_text() == before


@pytest.mark.parametrize(
    ("broken", "where", "message"),
    [
        # Jinja notices the unclosed "if" where the enclosing block ends.
        (
            "{% if page.title %}<h1>{{ page.title }}</h1>",
            "{% endblock %}",
            "unknown tag 'endblock'",
        ),
        ("<h1>{{ page.tilte }}</h1>", "<h1>", "has no attribute 'tilte'"),
    ],
)
def test_template_errors_name_the_template_file_and_line(site, broken, where, message):
    templates = site.root / "templates"
    templates.mkdir()
    original = (ROOT / "templates" / "page.html").read_text()
    lines = [text.strip() for text in original.splitlines()]
    assert "<h1>{{ page.title }}</h1>" in lines
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(where))
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


# -- init: a new hub ---------------------------------------------------------------------------

HUB_FILES = [
    ".gitignore",
    "README.md",
    "content/courses/opioid-use-disorder-echo.md",
    "content/pages/index.md",
    "content/pages/participate.md",
    "content/people.yaml",
    "content/recordings/the-landscape-in-our-region.md",
    "content/site.yaml",
]


def files_under(folder):  # type: ignore[no-untyped-def]
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_starts_a_hub_that_builds_strictly_with_sessions_to_come(site):
    result = site.cli("init", "my-hub")
    assert result.returncode == 0, result.stderr
    hub = site.root / "my-hub"
    assert files_under(hub) == HUB_FILES
    assert "  python build.py serve --content my-hub/content --output my-hub/output\n" in (
        result.stdout
    )
    built = build(
        BuildOptions(
            content_dir=hub / "content", output_dir=hub / "output", strict=True, search=False
        )
    )
    assert built.warnings == ()
    today = dt.date.today()
    first = today - dt.timedelta(days=14)
    course = "/courses/opioid-use-disorder-echo/"
    calendar = icalendar.Calendar.from_ical(
        (hub / "output" / course.strip("/") / "calendar.ics").read_bytes()
    )
    days = sorted(event.decoded("dtstart").date() for event in calendar.walk("VEVENT"))
    assert days == [first + dt.timedelta(days=14 * n) for n in range(8)]  # seven still to come
    recording = hub / "content" / "recordings" / "the-landscape-in-our-region.md"
    assert f"\ndate: {first.isoformat()}\n" in recording.read_text()

    def links(url: str) -> set[str]:
        page = BeautifulSoup((hub / "output" / url.strip("/") / "index.html").read_text(), "lxml")
        return {a["href"] for a in page.select("main a[href]")}

    assert {"courses/opioid-use-disorder-echo/", "participate/"} <= links("/")
    assert "../../recordings/the-landscape-in-our-region/" in links(course)
    ignored = (hub / ".gitignore").read_text().splitlines()
    assert {"/output/", "/.echo-cache/"} <= set(ignored)


@pytest.mark.parametrize("today", ["2026-01-04", "2026-03-08", "2028-02-29", "2026-11-01"])
def test_the_new_hub_builds_strictly_whatever_the_day(tmp_path, today):
    """Sundays, daylight-saving changes and a leap day: the schedule rule fits each."""
    day = dt.date.fromisoformat(today)
    for relative, text in scaffold.hub_files(day).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    options = BuildOptions(
        content_dir=tmp_path / "content",
        output_dir=tmp_path / "output",
        as_of=day,
        strict=True,
        search=False,
    )
    assert build(options).warnings == ()


def test_every_command_in_the_new_hubs_readme_is_one_echo_site_takes():
    readme = scaffold.hub_files(dt.date(2026, 1, 1))["README.md"]
    commands = [
        line.split("  #")[0].split()[1:]
        for block in re.findall(r"```sh\n(.*?)```", readme, re.S)
        for line in block.splitlines()
        if line.startswith("echo-site ")
    ]
    assert len(commands) >= 9
    for arguments in commands:
        command = arguments[0] if arguments and arguments[0] in cli.COMMANDS else "build"
        rest = arguments[1:] if command == arguments[0] else arguments
        try:
            cli.make_parser(command).parse_args(rest)
        except SystemExit as exit:  # 0 after --help; 2 for anything the command does not take
            assert exit.code == 0, arguments
    said = {" ".join(a[:1]) for a in commands}
    assert {"serve", "--strict", "new", "theme"} <= said


def test_init_refuses_a_folder_that_is_not_empty_or_a_file(site):
    hub = site.root / "hub"
    hub.mkdir()
    (hub / "notes.txt").write_text("mine")
    result = site.cli("init", "hub")
    assert result.returncode == 2
    assert result.stderr == (
        "build.py init: error: hub is not empty; init starts a hub in a new or empty folder and "
        "never overwrites files\n"
    )
    assert files_under(hub) == ["notes.txt"]
    assert (hub / "notes.txt").read_text() == "mine"
    result = site.cli("init", "hub/notes.txt")
    assert result.returncode == 2
    assert "hub/notes.txt is a file" in result.stderr
    (site.root / "empty").mkdir()
    assert site.cli("init", "empty").returncode == 0
    assert files_under(site.root / "empty") == HUB_FILES


# -- theme: copying default templates ----------------------------------------------------------


def test_theme_lists_every_file_of_the_default_theme(site):
    result = site.cli("theme")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"The default theme is in {ROOT / 'templates'}:"
    listed = [line.strip() for line in lines[1:] if line.startswith("  ")]
    assert listed == files_under(ROOT / "templates")
    assert "python build.py theme page.html" in lines[-1]


def test_theme_copies_files_into_templates_and_never_over_one(site):
    templates = site.root / "templates"
    result = site.cli("theme", "page.html", "assets/style.css")
    assert result.returncode == 0, result.stderr
    for name in ("page.html", "assets/style.css"):
        assert (templates / name).read_bytes() == (ROOT / "templates" / name).read_bytes()
    (templates / "page.html").write_text(
        (templates / "page.html").read_text().replace("<h1>", '<h1 class="own">')
    )
    site.write("pages/about.md", "---\ntitle: About\n---\nHi.\n")
    site.build()
    assert site.html("/about/").select_one("h1.own")  # the build uses the copy
    again = site.cli("theme", "page.html")
    assert again.returncode == 2
    assert "templates/page.html already exists; edit it there" in again.stderr
    assert 'class="own"' in (templates / "page.html").read_text()
    wrong = site.cli("theme", "base.html", "pages.html", "--templates", "elsewhere")
    assert wrong.returncode == 2
    assert wrong.stderr == (
        "build.py theme: error: the theme has no file pages.html; did you mean page.html?\n"
    )
    assert not (site.root / "elsewhere").exists()  # nothing copied when one name is wrong
