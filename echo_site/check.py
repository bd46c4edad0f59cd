"""`build.py check`: build into a temporary folder and check what visitors would get.

Every internal link, anchor, image, script and stylesheet of every generated page must lead to
something the build wrote, and the HTML must pass a real validator (html-validate). output/ is
not touched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .errors import BuildFailed, Problem, summarize
from .output import OutputError
from .pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR_CONFIG = {
    "extends": ["html-validate:standard", "html-validate:a11y"],
    "rules": {"no-inline-style": "off"},
}
_LINK_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
}


@dataclass(frozen=True)
class Reference:
    """A link found in a generated page, with where in the page it was written."""

    page: str  # output path, like courses/x/index.html
    line: int
    column: int
    tag: str
    url: str


class _PageReader(HTMLParser):
    """Collect element ids and outgoing references of one page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.ids: set[str] = set()
        self.references: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        line, column = self.getpos()
        for attribute in _LINK_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                self.references.append(
                    Reference(self.page, line, column + 1, tag, values[attribute])
                )
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.references.append(Reference(self.page, line, column + 1, tag, url))


def check_links(site_dir: Path, base_url: str) -> list[Problem]:
    """Check every internal reference of every HTML page under `site_dir`."""
    base_path = urlsplit(base_url).path or "/"
    pages: dict[str, _PageReader] = {}
    for file in sorted(site_dir.rglob("*.html")):
        relative = file.relative_to(site_dir).as_posix()
        reader = _PageReader(relative)
        reader.feed(file.read_text(encoding="utf-8", errors="replace"))
        reader.close()
        pages[relative] = reader
    problems = []
    for relative, reader in pages.items():
        page_url = base_path + relative.removesuffix("index.html")
        if relative == "404.html":
            page_url = base_path + "404.html"
        for reference in reader.references:
            problem = _check_reference(reference, page_url, base_url, base_path, site_dir, pages)
            if problem:
                problems.append(
                    Problem(f"output/{reference.page}", reference.line, reference.column, *problem)
                )
    return problems


def _check_reference(
    reference: Reference,
    page_url: str,
    base_url: str,
    base_path: str,
    site_dir: Path,
    pages: dict[str, _PageReader],
) -> tuple[str, str] | None:
    url = reference.url.strip()
    if url.lower().startswith("javascript:"):
        return (f"<{reference.tag}> carries a javascript: link", "links must lead to pages")
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.scheme or parts.netloc:
        if not url.startswith(base_url):
            return None  # external: not checked offline
        url = base_path + url[len(base_url) :]
    target = urlsplit(urljoin(page_url, url))
    path = unquote(target.path)
    if not path.startswith(base_path):
        return (
            f"<{reference.tag}> leads outside the site: {reference.url}",
            "links inside the site must stay under its base path",
        )
    inside = path[len(base_path) :]
    file = site_dir / inside
    if inside == "" or inside.endswith("/") or file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return (
            f"<{reference.tag}> leads to a missing page or file: {reference.url}",
            "fix the template or content that writes this link",
        )
    if target.fragment and file.suffix == ".html":
        page = pages.get(file.relative_to(site_dir).as_posix())
        if page is not None and unquote(target.fragment) not in page.ids:
            return (
                f"<{reference.tag}> leads to a missing anchor: {reference.url}",
                "link to an id that exists on that page",
            )
    return None


def validator_command() -> list[str] | None:
    """html-validate from the project's node_modules, or on PATH."""
    local = ROOT / "node_modules" / ".bin" / "html-validate"
    if local.exists():
        return [str(local)]
    found = shutil.which("html-validate")
    return [found] if found else None


def validate_html(site_dir: Path) -> list[Problem]:
    """Run html-validate over every page; return its findings as problems."""
    command = validator_command()
    if command is None:
        return [
            Problem(
                "html-validate",
                1,
                1,
                "the HTML validator is not installed",
                "run npm install in echo-site's folder (or npm install --global html-validate), "
                "or use --no-html-validation",
            )
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
        json.dump(VALIDATOR_CONFIG, config)
    try:
        result = subprocess.run(
            [*command, "--config", config.name, "--formatter", "json", *_html_files(site_dir)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        Path(config.name).unlink()
    if not result.stdout.strip():
        if result.returncode == 0:
            return []
        return [
            Problem(
                "html-validate",
                1,
                1,
                "the HTML validator failed to run",
                result.stderr.strip()[:300] or "run it by hand to see why",
            )
        ]
    problems = []
    for report in json.loads(result.stdout):
        relative = Path(report["filePath"]).resolve().relative_to(site_dir.resolve()).as_posix()
        for message in report["messages"]:
            problems.append(
                Problem(
                    f"output/{relative}",
                    message.get("line", 1),
                    message.get("column", 1),
                    f"invalid HTML: {message['message']}",
                    f"rule {message.get('ruleId', '?')}; fix the template",
                )
            )
    return problems


def _html_files(site_dir: Path) -> Iterator[str]:
    for file in sorted(site_dir.rglob("*.html")):
        if "pagefind" not in file.relative_to(site_dir).parts:
            yield str(file)


def run_check(
    options: BuildOptions, *, validate_html_pages: bool = True, prog: str = "echo-site check"
) -> int:
    """Build into a temporary folder, check it, print what is wrong; 0 when all is well."""
    with tempfile.TemporaryDirectory(prefix="echo-site-check-") as temp:
        site_dir = Path(temp) / "site"
        try:
            result = build(replace(options, output_dir=site_dir))
        except BuildFailed as failure:
            _print(failure.problems)
            print(
                f"Check failed: the site does not build ({summarize(failure.problems)}).",
                file=sys.stderr,
            )
            return 1
        except OutputError as error:
            print(f"{prog}: error: {error}", file=sys.stderr)
            return 2
        base_url = options.base_url or _base_url_of(site_dir)
        problems = [*result.warnings] if options.strict else []
        problems += check_links(site_dir, base_url)
        if validate_html_pages:
            problems += validate_html(site_dir)
    for warning in result.warnings if not options.strict else ():
        print(warning, file=sys.stderr)
    if problems:
        _print(problems)
        print(f"Check failed: {summarize(problems)}.", file=sys.stderr)
        return 1
    print(
        f"Checked {result.pages} pages and {result.files} files: every link leads somewhere"
        f"{' and the HTML is valid' if validate_html_pages else ''}."
    )
    return 0


def _base_url_of(site_dir: Path) -> str:
    """Read the base URL back from the home page's canonical link."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    marker = '<link rel="canonical" href="'
    start = home.find(marker)
    if start < 0:
        return "/"
    start += len(marker)
    return home[start : home.index('"', start)]


def _print(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
