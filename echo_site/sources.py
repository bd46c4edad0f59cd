"""Find and read the files in content/: encodings, line ends, front matter, names and sizes.

Nothing here interprets fields; it turns bytes into YAML documents and Markdown bodies with the
lines they came from, and reports files that cannot be read as problems.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .yamlsafe import YamlDocument, parse_yaml

CONTENT_FOLDERS = ("pages", "courses", "recordings")
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FRONT_MATTER_LINES = 5000
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Editors' temporary and backup files: .#x (Emacs locks), #x# and x~ (backups), .x.swp (Vim),
# .tmp; and the Finder's and Explorer's own files.
_LEFTOVER_ENDINGS = ("~", ".swx", ".tmp", *(f".sw{letter}" for letter in "abcdefghijklmnop"))
_LEFTOVER_NAMES = frozenset({".DS_Store", "Thumbs.db"})
SYMLINK = (
    "symbolic links are not allowed in content/",
    "replace the link with a copy of the file or folder",
)
_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class TextSource:
    """A text file read from content/, with its display path and content digest."""

    path: str  # inside content/, like "courses/oud-echo.md"
    display_path: str  # as shown in messages, like "content/courses/oud-echo.md"
    text: str
    digest: str


@dataclass
class MarkdownSource:
    """A Markdown file split into its front matter (as YAML) and body."""

    folder: str
    slug: str
    file: TextSource
    fields: YamlDocument
    body: str
    body_first_line: int


@dataclass(frozen=True)
class ContentFiles:
    """Every file content/ holds, by role, in a stable order."""

    site_yaml: Path | None
    people_yaml: Path | None
    markdown: tuple[tuple[str, str], ...]  # (folder, file): a path string, made into a Path
    # only when the file is read (10,000 Path objects cost more than the scan)
    assets: tuple[tuple[str, Path, int], ...]  # (path inside content/, file, size)


def is_editor_leftover(name: str) -> bool:
    """Tell whether a file name is an editor's temporary or backup file."""
    return (
        name.endswith(_LEFTOVER_ENDINGS)
        or name.startswith(".#")
        or (len(name) > 1 and name[0] == "#" and name[-1] == "#")
        or name in _LEFTOVER_NAMES
    )


def suggest_slug(name: str) -> str:
    """Turn a file name into a valid slug: "Opioid_Use ECHO" becomes "opioid-use-echo"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "page"


def display_path_for(content_dir: Path, path: Path) -> str:
    """Return `path` as messages show it: relative to the content folder's parent."""
    base = content_dir.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def find_content(content_dir: Path, problems: list[Problem]) -> ContentFiles:
    """Walk content/ in sorted order, reporting symlinks, odd names and absurd sizes."""
    site_yaml = content_dir / "site.yaml"
    people_yaml = content_dir / "people.yaml"
    markdown: list[tuple[str, str]] = []
    assets: list[tuple[str, Path, int]] = []

    def report(path: Path, message: str, hint: str, severity: str = "error") -> None:
        problems.append(Problem(display_path_for(content_dir, path), 1, 1, message, hint, severity))  # type: ignore[arg-type]

    for entry in _sorted_entries(content_dir):
        path = content_dir / entry.name
        if entry.is_symlink():
            report(path, *SYMLINK)
            continue
        if is_editor_leftover(entry.name) or entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in CONTENT_FOLDERS:
            markdown.extend((entry.name, p) for p in _markdown_files(content_dir, path, report))
        elif entry.is_dir() and entry.name == "files":
            assets.extend(_asset_files(content_dir, path, report))
        elif entry.name in ("site.yaml", "people.yaml"):
            continue
        elif entry.name in ("site.yml", "people.yml"):
            report(path, f"{entry.name} is not read", f"rename it to {entry.name[:-4]}.yaml")
        else:
            report(
                path,
                f"{entry.name} is not part of a site and is ignored",
                "content/ holds site.yaml, people.yaml, pages/, courses/, recordings/ and files/",
                "warning",
            )
    if not site_yaml.is_file() or site_yaml.is_symlink():
        if site_yaml.is_symlink():
            report(site_yaml, *SYMLINK)
        elif not (content_dir / "site.yml").exists():
            problems.append(
                Problem(
                    display_path_for(content_dir, site_yaml),
                    1,
                    1,
                    "the site has no site.yaml",
                    "create content/site.yaml with title, base_url, timezone and contact_email",
                )
            )
        site_yaml = None  # type: ignore[assignment]
    if people_yaml.is_symlink():
        report(people_yaml, *SYMLINK)
    return ContentFiles(
        site_yaml=site_yaml,
        people_yaml=people_yaml if people_yaml.is_file() and not people_yaml.is_symlink() else None,
        markdown=tuple(markdown),
        assets=tuple(assets),
    )


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


Report = Callable[..., None]


def _markdown_files(content_dir: Path, folder: Path, report: Report) -> list[str]:
    found = []
    for entry in _sorted_entries(folder):
        if is_editor_leftover(entry.name) or entry.name.startswith("."):
            continue
        if entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
            found.append(entry.path)
            continue
        path = folder / entry.name
        if entry.is_symlink():
            report(path, *SYMLINK)
        elif entry.is_dir():
            report(
                path,
                f"folders inside {folder.name}/ are not read",
                f"move the files into content/{folder.name}/ itself",
            )
        elif not entry.name.endswith(".md"):
            if entry.name.lower().endswith((".markdown", ".md.txt", ".txt", ".mdown")):
                stem = entry.name.split(".")[0]
                report(
                    path,
                    f"{entry.name} is not read: only .md files are",
                    f"rename it to {suggest_slug(stem)}.md",
                )
            else:
                report(
                    path,
                    f"{entry.name} is not a Markdown file and is ignored",
                    "put pictures, PDFs and captions in content/files/",
                    "warning",
                )
        else:
            found.append(entry.path)
    return found


def _asset_files(
    content_dir: Path, folder: Path, report: Report
) -> Iterator[tuple[str, Path, int]]:
    stack = [folder]
    while stack:
        current = stack.pop()
        for entry in _sorted_entries(current):
            path = current / entry.name
            if entry.is_symlink():
                report(path, *SYMLINK)
                continue
            if is_editor_leftover(entry.name) or entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(path)
                continue
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                report(path, "this is not a regular file", "remove it from content/files/")
                continue
            if info.st_size > MAX_FILE_BYTES:
                report(
                    path,
                    f"this file is {info.st_size // (1024 * 1024)} MB, too large to publish",
                    "host large videos on YouTube or Vimeo and link them; keep files under "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
                )
                continue
            yield path.relative_to(content_dir).as_posix(), path, info.st_size


def read_text(content_dir: Path, path: Path, problems: list[Problem]) -> TextSource | None:
    """Read a UTF-8 text file (BOM accepted, CRLF and CR made LF), or report why it cannot be."""
    display = display_path_for(content_dir, path)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                display,
                1,
                1,
                f"the file cannot be read ({error.strerror})",
                "check that it exists and that you may open it",
            )
        )
        return None
    if len(data) > MAX_TEXT_BYTES:
        problems.append(
            Problem(
                display,
                1,
                1,
                f"the file is {len(data) // 1024} KB, far larger than a page should be",
                f"split it into several pages; keep each under "
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MB",
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        problems.append(
            Problem(
                display,
                line,
                column,
                f"the file is not saved as UTF-8 (byte 0x{byte:02X} here)",
                "save the file as UTF-8: in most editors, Save As and choose the encoding UTF-8",
            )
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(
            Problem(
                display,
                line,
                1,
                "the file holds binary data, not text",
                "save it as plain text (UTF-8) or move it to content/files/",
            )
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    relative = path.relative_to(content_dir).as_posix()
    return TextSource(relative, display, text, hashlib.sha256(data).hexdigest())


def read_markdown(
    content_dir: Path, folder: str, path: Path, problems: list[Problem]
) -> MarkdownSource | None:
    """Read a Markdown file: check its name, split the front matter and parse it."""
    display = display_path_for(content_dir, path)
    slug = path.name[:-3]
    if not _SLUG.match(slug):
        fixed = suggest_slug(slug)
        problems.append(
            Problem(
                display,
                1,
                1,
                f"the file name {path.name!r} cannot be used in a web address",
                f"rename it to {fixed}.md (lowercase letters, digits and hyphens)",
            )
        )
        return None
    file = read_text(content_dir, path, problems)
    if file is None:
        return None
    lines = file.text.split("\n")
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        first = lines[0].strip() if lines else ""
        hint = (
            "start the file with a line of three dashes (---), then the fields such as "
            "title: ..., then another --- line"
        )
        if first.startswith("--") or first.startswith("—"):
            hint = "the first line must be exactly three hyphens: ---"
        problems.append(Problem(display, 1, 1, "the file does not start with front matter", hint))
        return None
    end = next(
        (
            i
            for i, line in enumerate(lines[1:MAX_FRONT_MATTER_LINES], 1)
            if _FRONT_MATTER_END.match(line)
        ),
        None,
    )
    if end is None:
        problems.append(
            Problem(
                display,
                1,
                1,
                "the front matter is never closed",
                "add a line of three dashes (---) after the last field, before the text",
            )
        )
        return None
    yaml_text = "\n".join(lines[1:end])
    fields = parse_yaml(yaml_text, display, problems, first_line=2)
    if fields is None:
        return None
    if fields.data is None:
        fields.data = {}
    if not isinstance(fields.data, dict):
        problems.append(
            Problem(
                display,
                2,
                1,
                "the front matter should be fields (name: value)",
                "write one field per line, such as title: Opioid Use Disorder ECHO",
            )
        )
        return None
    body = "\n".join(lines[end + 1 :]).removeprefix("\ufeff")  # a BOM left by joining files
    return MarkdownSource(folder, slug, file, fields, body, end + 2)


def read_yaml_file(content_dir: Path, path: Path, problems: list[Problem]) -> YamlDocument | None:
    """Read site.yaml or people.yaml into a YAML document."""
    file = read_text(content_dir, path, problems)
    if file is None:
        return None
    return parse_yaml(file.text, file.display_path, problems, first_line=1)
