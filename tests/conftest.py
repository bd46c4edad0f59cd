"""Shared fixtures: write tiny real sites into tmp_path, build them, and parse what they produce."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from echo_site.pipeline import BuildOptions, BuildResult, build

ROOT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Project ECHO at Example Health
base_url: https://echo.example.org/
timezone: America/New_York
contact_email: echo@example.org
organization: Example Health
credit_statements:
  AMA PRA Category 1 Credit: "Example Health designates this live activity for a maximum of 1.0 AMA PRA Category 1 Credit."
  ANCC Nursing Contact Hours: "Nurses who attend a session in full receive the contact hours shown."
"""

PEOPLE_YAML = """\
jdoe:
  name: Jane Doe
  credentials: MD, MPH
  role: Addiction medicine, hub lead
rroe:
  name: Richard Roe
  credentials: PharmD
"""


def course_md(
    *,
    title: str = "Opioid Use Disorder ECHO",
    sessions: str = "",
    extra: str = "",
    body: str = "About the course.",
) -> str:
    """A course file; `sessions` and `extra` are YAML lines added to the front matter."""
    sessions = (
        sessions
        or """\
sessions:
  - date: 2026-01-14
    title: The landscape in our region
    presenters: [jdoe]
  - date: 2026-01-28
    title: Buprenorphine basics
"""
    )
    front = f'title: {title}\nsummary: Case-based learning.\ntime: "12:00-13:00"\n'
    return f"---\n{front}{textwrap.dedent(sessions)}{textwrap.dedent(extra)}---\n{body}\n"


@dataclass
class SiteDir:
    """A content folder under construction in tmp_path."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self, as_of: str | dt.date = "2026-01-01", **options: object) -> BuildResult:
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        values: dict[str, object] = {"search": False}
        values.update(options)
        return build(
            BuildOptions(content_dir=self.content, output_dir=self.output, as_of=day, **values)  # type: ignore[arg-type]
        )

    def html(self, url: str) -> BeautifulSoup:
        """Parse the page published at site path `url`."""
        path = url.strip("/")
        file = (
            self.output / path / "index.html" if not path.endswith(".html") else self.output / path
        )
        return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")

    def cli(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run build.py as an editor would, with this site's folders."""
        command = [sys.executable, str(ROOT / "build.py"), *args]
        if not args or args[0] not in ("serve", "new", "init", "theme"):
            command += ["--content", str(self.content), "--output", str(self.output)]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=self.root,
            env={**os.environ, **(env or {})},
            timeout=120,
        )


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    """A minimal valid site: site.yaml, people.yaml and a home page."""
    site = SiteDir(tmp_path)
    site.write("site.yaml", SITE_YAML)
    site.write("people.yaml", PEOPLE_YAML)
    site.write("pages/index.md", "---\ntitle: Welcome\n---\nFree tele-mentoring.\n")
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[str], SiteDir]:
    """Several independent sites in one test."""

    def make(name: str) -> SiteDir:
        site = SiteDir(tmp_path / name)
        site.write("site.yaml", SITE_YAML)
        site.write("people.yaml", PEOPLE_YAML)
        site.write("pages/index.md", "---\ntitle: Welcome\n---\nFree tele-mentoring.\n")
        return site

    return make


def text_of(node) -> str:  # type: ignore[no-untyped-def]
    """Visible text with whitespace collapsed, for comparing against what a reader sees."""
    return " ".join(node.get_text(" ").split())


def require(tool: str, available: bool) -> None:
    """Skip a test whose tool is missing on a workstation; under CI=true, fail instead."""
    if available:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{tool} is required under CI but is not installed")
    pytest.skip(f"{tool} is not installed")


def run_in_node(tmp_path: Path, harness: str, script: Path, payload: object, timeout: int) -> Any:
    """Run a JavaScript harness with Node (given js-yaml's folder and `script`), `payload` as
    JSON on its input; return what it prints, read as JSON."""
    node = shutil.which("node")
    js_yaml = ROOT / "node_modules" / "js-yaml"
    require("node and js-yaml (npm install)", node is not None and js_yaml.is_dir())
    file = tmp_path / f"{script.stem}-harness.js"
    file.write_text(harness)
    result = subprocess.run(
        [str(node), str(file), str(js_yaml), str(script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(result.stdout)
