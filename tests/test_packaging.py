"""echo-site as an installed tool: the wheel, a fresh install, and `echo-site` against `build.py`.

The slow tests build a wheel from a clean copy of the sources, install it (not editable) into a
fresh virtual environment with its dependencies from the package registry, as a hub would, and
drive that environment's `echo-site`. The environment is made once for every test here, even
when pytest-xdist spreads them over several processes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from echo_site import cli
from echo_site.theme import DEFAULT_TEMPLATES

SOURCES = ("pyproject.toml", "README.md", "echo_site", "templates")


def theme_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def run(command: list[str | Path], cwd: Path, timeout: float = 600) -> str:
    """Run a command that must succeed; its output, or a failure that shows what it said."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        pytest.fail(f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass(frozen=True)
class Tool:
    """A wheel of this checkout, installed into a virtual environment of its own."""

    wheel: Path
    venv: Path

    @property
    def script(self) -> Path:
        return self.venv / "bin" / "echo-site"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def make_tool(folder: Path) -> Tool:
    """Build the wheel from a clean copy of the sources, and install it as a hub would."""
    source = folder / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    # A clean copy: a build/ folder left in the checkout could carry deleted templates along.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", folder / "dist", source], folder)
    (wheel,) = (folder / "dist").glob("echo_site-*.whl")
    venv = folder / "venv"
    # The venv's own pip would do the same as this one, seconds later (ensurepip installs it).
    run([sys.executable, "-m", "venv", "--without-pip", venv], folder)
    run(
        [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", wheel], folder
    )
    return Tool(wheel, venv)


@pytest.fixture(scope="session")
def tool(tmp_path_factory: pytest.TempPathFactory) -> Tool:
    """One installed tool for the whole run; xdist workers share it, the first one makes it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make_tool(tmp_path_factory.mktemp("tool"))
    # Each worker has its own folder in this run's temporary folder; they share its parent.
    shared = tmp_path_factory.getbasetemp().parent / "installed-tool"
    with (shared.parent / "installed-tool.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or its process ends
        ready = shared / "ready"
        if not ready.exists():
            shutil.rmtree(shared, ignore_errors=True)  # what a worker that failed left
            shared.mkdir()
            ready.write_text(make_tool(shared).wheel.name)
        wheel_name = ready.read_text()
    return Tool(shared / "dist" / wheel_name, shared / "venv")


# -- the wheel and the installed tool --------------------------------------------------------


@pytest.mark.slow
def test_the_wheel_carries_every_file_of_the_default_theme(tool: Tool):
    with zipfile.ZipFile(tool.wheel) as wheel:
        names = wheel.namelist()
    assert len(names) == len(set(names))
    packaged = {
        n.removeprefix("echo_site/templates/")
        for n in names
        if n.startswith("echo_site/templates/")
    }
    assert packaged == theme_files(ROOT / "templates")
    assert {"assets/style.css", "assets/site.js", "assets/favicon.svg", "base.html"} <= packaged


@pytest.mark.slow
def test_the_wheel_carries_every_message_catalogue_and_speaks_spanish(tool: Tool, tmp_path: Path):
    """The catalogues are package data: without them an installed echo-site would print every
    word in English, whatever a hub's language (and say nothing about it)."""
    package = ROOT / "echo_site"
    catalogues = {p.relative_to(package).as_posix() for p in package.glob("locale/**/*.po*")}
    assert {"locale/en/LC_MESSAGES/messages.po", "locale/es/LC_MESSAGES/messages.po"} <= catalogues
    with zipfile.ZipFile(tool.wheel) as wheel:
        packaged = {n.removeprefix("echo_site/") for n in wheel.namelist() if "/locale/" in f"/{n}"}
    assert packaged == catalogues
    words = run(
        [
            tool.python,
            "-c",
            "from echo_site.languages import messages; print(messages('es').gettext('Search'))",
        ],
        tmp_path,
    )
    assert words.strip() == "Buscar"


@pytest.mark.slow
def test_the_installed_tool_starts_a_hub_that_builds_strictly(tool: Tool, tmp_path: Path):
    where = run(
        [tool.python, "-c", "from echo_site.theme import *; print(DEFAULT_TEMPLATES)"], tmp_path
    )
    assert Path(where.strip()).is_relative_to(tool.venv)  # its own theme, not this checkout's
    run([tool.script, "init", "my-hub"], tmp_path)
    hub = tmp_path / "my-hub"
    assert not (hub / "templates").exists()
    built = subprocess.run(
        [tool.script, "--strict"], cwd=hub, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built ") and built.stderr == ""  # not even a warning
    output = hub / "output"
    style = (ROOT / "templates" / "assets" / "style.css").read_bytes()
    course = next((hub / "content" / "courses").glob("*.md")).stem
    for page in ("index.html", f"courses/{course}/index.html"):
        soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "lxml")
        (link,) = soup.select('link[rel="stylesheet"]')
        stylesheet = (output / page).parent / link["href"]
        assert stylesheet.is_file(), link["href"]
        assert stylesheet.read_bytes() == style
        assert soup.find("h1")
    assert (output / "pagefind").is_dir()  # the search program came with the dependencies


@pytest.mark.slow
def test_the_installed_tool_copies_a_theme_file_that_the_build_then_uses(
    tool: Tool, tmp_path: Path
):
    run([tool.script, "init", "hub"], tmp_path)
    hub = tmp_path / "hub"
    run([tool.script, "theme", "assets/style.css"], hub)
    own = hub / "templates" / "assets" / "style.css"
    assert own.read_bytes() == (ROOT / "templates" / "assets" / "style.css").read_bytes()
    own.write_text(own.read_text() + "\n.hub-own-rule { color: #123456; }\n")
    run([tool.script, "--strict", "--no-search"], hub)
    soup = BeautifulSoup((hub / "output" / "index.html").read_text(encoding="utf-8"), "lxml")
    (link,) = soup.select('link[rel="stylesheet"]')
    assert ".hub-own-rule" in (hub / "output" / link["href"]).read_text()


# -- this checkout ---------------------------------------------------------------------------


def test_a_checkout_reads_the_theme_from_templates_at_the_top():
    """An editable install and build.py read templates/ itself, so an edit there shows at once."""
    assert DEFAULT_TEMPLATES == ROOT / "templates"
    # theme.py looks inside the package first: a copy there would hide templates/.
    assert not (ROOT / "echo_site" / "templates").exists()


def normalized(text: str) -> str:
    """Output with the program's name and the seconds taken left out, whitespace collapsed."""
    text = text.replace("python build.py", "PROGRAM").replace("build.py", "PROGRAM")
    text = text.replace("echo-site", "PROGRAM")
    text = re.sub(r"\d+\.\d\d s\b", "N s", text)
    return " ".join(text.split())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, except the build cache and the lock beside the output."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".echo-cache" not in p.parts and not p.name.endswith("-lock")
    }


@pytest.mark.slow
def test_the_console_script_and_build_py_behave_the_same(tmp_path: Path):
    script = Path(sys.executable).with_name("echo-site")
    assert script.is_file(), "the echo-site command is not installed: pip install -e ."
    starts = {
        "echo-site": [str(script)],
        "build.py": [sys.executable, str(ROOT / "build.py")],
    }
    busy = subprocess.Popen(  # a port that serve cannot listen on
        [
            sys.executable,
            "-c",
            "import socket,sys,time; s=socket.socket(); s.bind(('127.0.0.1',0));"
            "s.listen(); print(s.getsockname()[1], flush=True); time.sleep(300)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert busy.stdout is not None
        port = busy.stdout.readline().strip()
        # As of the day init dates the new hub from: its recording is from two weeks before.
        today = dt.date.today().isoformat()
        site = ["--content", "hub/content", "--no-search", "--as-of", today]
        steps = [
            (["init", "hub"], 0),
            (["init", "hub"], 2),
            (["new", "page", "extra", "--content", "hub/content"], 0),
            (["new", "page", "extra", "--content", "hub/content"], 2),
            (["theme"], 0),
            (["theme", "page.html", "--templates", "hub/templates"], 0),
            (["theme", "pages.html", "--templates", "hub/templates"], 2),
            ([*site, "--output", "hub/output", "--strict"], 0),
            (["build", *site, "--output", "hub/output", "--strict"], 0),
            (["check", *site, "--no-html-validation", "--strict"], 0),
            (["serve", *site, "--output", "hub/preview", "--port", port], 2),
            (["--as-of", "June 1"], 2),
            *(([command, "--help"], 0) for command in cli.COMMANDS),
        ]
        for name in starts:
            (tmp_path / name).mkdir()
        for arguments, expected in steps:
            running = {
                name: subprocess.Popen(
                    [*start, *arguments],
                    cwd=tmp_path / name,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for name, start in starts.items()
            }
            said = {}
            for name, process in running.items():
                stdout, stderr = process.communicate(timeout=120)
                assert process.returncode == expected, (name, arguments, stderr)
                said[name] = (normalized(stdout), normalized(stderr))
            assert said["echo-site"] == said["build.py"], arguments
    finally:
        busy.kill()
        busy.wait()
        if busy.stdout is not None:
            busy.stdout.close()
    assert tree(tmp_path / "echo-site") == tree(tmp_path / "build.py")
    ran = {arguments[0] for arguments, _ in steps if "--help" not in arguments}
    assert ran >= {*cli.COMMANDS} - {"build"}  # and build, the default, ran without its name
