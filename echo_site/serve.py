"""The live preview: a thin loop around `build()`.

Watch content/ and the templates (watchdog), wait for a save to settle, rebuild, and tell open
browsers to reload (livereload's WebSocket protocol). A failed rebuild keeps the last good site
on disk, and every page then shows the problems instead, until the next good build.
"""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, web
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .cache import BuildCache
from .cms import DECAP_CMS_VERSION, DECAP_SERVER_VERSION, LOCAL_SCRIPT_FOLDER, LocalCms
from .errors import BuildCancelled, BuildFailed, Problem, summarize
from .output import OutputError
from .pipeline import (
    BuildOptions,
    BuildResult,
    BuiltModel,
    build,
    cache_folder,
    page_of_edit,
    theme_for,
)
from .sources import CONTENT_FOLDERS, is_editor_leftover

DEBOUNCE_SECONDS = 0.05
# The search index waits for a pause in editing: each saved edit is shown first, in the time
# the whole search index would otherwise take, and the index catches up a moment later.
SEARCH_AFTER_PAUSE_SECONDS = 1.0
mimetypes.add_type("text/yaml", ".yml")  # admin/config.yml, which Decap CMS checks
# Files that pages link to (the feed, the sitemap, calendars) but never show.
_LINKED_NOT_SHOWN = (".xml", ".ics")
_RELOAD_SCRIPT = b'<script src="/livereload.js?port=%d"></script>'


@dataclass
class PreviewState:
    """What the server shows: the last build's problems (none when it succeeded)."""

    problems: tuple[Problem, ...] = ()
    failed: bool = False
    page: bytes = b""  # what every address shows while the build fails
    builds: int = 0
    last_result: BuildResult | None = None
    # Pages of edits shown before the build that follows them is done, by output path, with
    # the generation of the edit (Preview.edits_shown).
    edited: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Changes(FileSystemEventHandler):
    """Collect file events; a burst of events from one save becomes one rebuild."""

    def __init__(
        self,
        on_settled: Callable[[], None],
        ignored: tuple[Path, ...],
        on_path: Callable[[Path], None] = lambda _: None,
    ) -> None:
        self.on_settled = on_settled
        self.on_path = on_path  # each file a change is about
        self.ignored = tuple(p.resolve() for p in ignored)
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        relevant = [Path(str(p)) for p in paths if p]
        relevant = [p for p in relevant if not self._ignore(p)]
        if not relevant:
            return
        if not event.is_directory:  # a folder changes with its files, which say how
            for path in relevant:
                self.on_path(path)
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.on_settled)
            self.timer.daemon = True
            self.timer.start()

    def _ignore(self, path: Path) -> bool:
        if is_editor_leftover(path.name) or path.name.startswith(".#"):
            return True
        resolved = path.resolve()
        return any(resolved == i or resolved.is_relative_to(i) for i in self.ignored)


class _ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, accepting only pages this server served."""

    allowed_hosts: frozenset[str] = frozenset()

    def check_origin(self, origin: str) -> bool:
        host = urlsplit(origin).netloc.lower()
        return not self.allowed_hosts or host in self.allowed_hosts


class _SiteHandler(web.RequestHandler):
    """Serve the last good build, or the problems of the last failed one."""

    showing_problems = False  # this response is the page of problems, on purpose

    def initialize(
        self, output_dir: Path, state: PreviewState, port: int, allowed_hosts: frozenset[str]
    ) -> None:
        self.output_dir = output_dir
        self.state = state
        self.port = port
        self.allowed_hosts = allowed_hosts

    def prepare(self) -> None:
        if self.allowed_hosts and self.request.host.lower() not in self.allowed_hosts:
            raise web.HTTPError(403, "unexpected Host header")

    def compute_etag(self) -> None:
        return None

    def log_exception(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Refusals are said in words by log_request; only real faults keep their traceback."""
        if not isinstance(value, web.HTTPError):
            super().log_exception(kind, value, trace)

    def get(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")
        with self.state.lock:
            failed, page, edited = self.state.failed, self.state.page, self.state.edited
        # The editing page stays usable while the content has errors: it is where they are
        # fixed, and it shows them itself.
        editing = path == "admin" or path.startswith("admin/")
        if failed and not editing:
            self.showing_problems = True  # not a fault of the preview: see log_request
            self.set_status(500)
            self._send_html(page)
            return
        file, is_folder = self._resolve(unquote(path))
        if file is None:
            self.set_status(404)
            not_found = self.output_dir / "404.html"
            self._send_html(not_found.read_bytes() if not_found.is_file() else b"Not found")
            return
        if is_folder and not self.request.path.endswith("/"):
            self.redirect(self.request.path + "/", permanent=False)
            return
        # An edited page shown before the build that follows it is done.
        shown_first = edited.get(file.relative_to(self.output_dir.resolve()).as_posix())
        data = file.read_bytes() if shown_first is None else shown_first[1]
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type == "text/html" and not editing:
            self._send_html(data)
            return
        if content_type.startswith("text/") or file.suffix in (".js", ".json", ".xml", ".svg"):
            content_type += "; charset=utf-8"
        self.set_header("Content-Type", content_type)
        self.finish(data)

    def _resolve(self, path: str) -> tuple[Path | None, bool]:
        """Return the file for a request path (a folder means its index.html), inside output/."""
        root = self.output_dir.resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if candidate != root and not candidate.is_relative_to(root):
            return None, False
        is_folder = candidate.is_dir()
        if is_folder:
            candidate = candidate / "index.html"
        return (candidate if candidate.is_file() else None), is_folder

    def _send_html(self, data: bytes) -> None:
        script = _RELOAD_SCRIPT % self.port
        if b"</body>" in data:
            data = data.replace(b"</body>", script + b"</body>", 1)
        else:
            data += script
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(data)


class _StatusHandler(web.RequestHandler):
    """The last build's problems as JSON, for the editing page (serve --cms)."""

    def initialize(self, state: PreviewState, allowed_hosts: frozenset[str]) -> None:
        self.state = state
        self.allowed_hosts = allowed_hosts

    def prepare(self) -> None:
        if self.allowed_hosts and self.request.host.lower() not in self.allowed_hosts:
            raise web.HTTPError(403, "unexpected Host header")

    def get(self) -> None:
        with self.state.lock:
            failed, problems, builds = self.state.failed, self.state.problems, self.state.builds
        status = {
            "failed": failed,
            "builds": builds,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "column": p.column,
                    "message": p.message,
                    "hint": p.hint,
                    "severity": p.severity,
                }
                for p in problems
            ],
        }
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(status))


@dataclass(frozen=True)
class ShownFolders:
    """The folders whose files the error page may quote: content/ and the template folders.

    Problems name files as messages show them: content files relative to the content folder's
    parent (content/courses/oud-echo.md), templates by their folder's name (templates/page.html).
    """

    content: Path
    templates: tuple[Path, ...] = ()

    def file_for(self, shown: str) -> Path | None:
        """The file a problem names, if it is inside one of the folders (links followed)."""
        if "\0" in shown:
            return None
        candidates = [(self.content, self.content.parent / shown)]
        name, _, rest = shown.partition("/")
        candidates += [(folder, folder / rest) for folder in self.templates if folder.name == name]
        for folder, candidate in candidates:
            try:
                root, path = folder.resolve(), candidate.resolve()
            except (OSError, RuntimeError):
                continue
            if path.is_relative_to(root) and path != root and path.is_file():
                return path
        return None


# Files the error page quotes: text an editor writes, never pictures or other binary files.
_QUOTED_SUFFIXES = {".md", ".yaml", ".yml", ".html", ".htm", ".xml", ".css", ".js", ".txt", ".vtt"}
_QUOTED_MAX_BYTES = 4 * 1024 * 1024
_QUOTED_LINE_CHARS = 300


def source_lines(problem: Problem, folders: ShownFolders) -> list[tuple[int, str]]:
    """The problem's line of its file, with the line before and after, numbered; none when
    the file is not a text file inside content/ or the templates."""
    path = folders.file_for(problem.path)
    if path is None or path.suffix.lower() not in _QUOTED_SUFFIXES:
        return []
    try:
        with path.open("rb") as file:
            data = file.read(_QUOTED_MAX_BYTES + 1)
    except OSError:
        return []
    if len(data) > _QUOTED_MAX_BYTES or b"\0" in data:
        return []
    lines = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the end of the last line, not a line of its own
    line = max(problem.line, 1)
    if line > len(lines):
        return []
    return [
        (number, _shorten(lines[number - 1]))
        for number in range(max(line - 1, 1), min(line + 1, len(lines)) + 1)
    ]


def _shorten(text: str) -> str:
    text = text.replace("\r", "")
    return text if len(text) <= _QUOTED_LINE_CHARS else text[:_QUOTED_LINE_CHARS] + " …"


def _quoted(problem: Problem, folders: ShownFolders) -> str:
    lines = source_lines(problem, folders)
    if not lines:
        return ""
    width = len(str(lines[-1][0]))
    rows = []
    for number, text in lines:
        row = f'<span class="n">{number:>{width}}</span>  {html.escape(text)}'
        if number == problem.line or (number == 1 and problem.line < 1):
            column = max(problem.column, 1) - 1
            under = "".join("\t" if ch == "\t" else " " for ch in text[:column])
            caret = f'<span class="caret" aria-hidden="true">{under}^</span>'
            row = f"<mark>{row}</mark>\n{' ' * width}  {caret}"
        rows.append(row)
    label = html.escape(f"{problem.path}, lines {lines[0][0]} to {lines[-1][0]}")
    return f'\n<pre class="source" aria-label="{label}">' + "\n".join(rows) + "</pre>"


def error_page(problems: tuple[Problem, ...], folders: ShownFolders | None = None) -> bytes:
    """The page every URL shows while the content has errors, each problem with its line."""
    items = "\n".join(
        f'<li><p class="problem"><code>{html.escape(p.path)}:{p.line}:{p.column}</code> '
        f"{'<strong>warning</strong> ' if p.severity == 'warning' else ''}"
        f"{html.escape(p.message)}{' — ' + html.escape(p.hint) if p.hint else ''}</p>"
        f"{_quoted(p, folders) if folders else ''}</li>"
        for p in problems
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {html.escape(summarize(problems))}</title>
<style>
body{{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
body{{color:#1b1f23}}h1{{color:#8a1c1c}}li{{margin:.6rem 0}}
code{{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}}
.problem{{margin:0}}pre{{background:#f6f8fa;padding:.5rem .75rem;overflow-x:auto;margin:.4rem 0}}
mark{{background:#fff1b8;color:inherit}}.n{{color:#57606a;user-select:none}}
.n{{display:inline-block;position:sticky;left:-.75rem;padding-left:.75rem;margin-left:-.75rem;background:inherit}}
.caret{{color:#8a1c1c;font-weight:bold}}
</style>
</head><body><main>
<h1>The site could not be built</h1>
<p>Fix the {html.escape(summarize(problems))} below and save: this page reloads by itself.
The last good version of the site is kept until then.</p>
<ol class="problems">
{items}
</ol>
</main>
<script>
// A quoted line wider than the screen (a phone's) scrolls within its box: open each box where
// the caret points, not at the line's start.
for (const box of document.querySelectorAll("pre.source")) {{
  const caret = box.querySelector(".caret");
  if (!caret) continue;
  const right = caret.getBoundingClientRect().right - box.getBoundingClientRect().left;
  if (right > box.clientWidth) box.scrollLeft = right - box.clientWidth / 2;
}}
</script>
</body></html>
""".encode()


class Preview:
    """Rebuild on changes and remember what to show."""

    def __init__(self, options: BuildOptions, log: Callable[[str], None]) -> None:
        self.options = options
        self.log = log
        self.state = PreviewState()
        self.loop: ioloop.IOLoop | None = None
        self.build_lock = threading.Lock()
        self.cache = BuildCache(cache_folder(options), in_memory=True)
        self.pending = threading.Event()
        self.search_due = False  # pages rebuilt since the search index was last made
        self.folders = ShownFolders(options.content_dir, theme_for(options).dirs)
        # Edits shown before the build that follows them is done (show_edits_first).
        self.model: BuiltModel | None = None  # the last good build's, with edits shown since
        self.changed: set[Path] = set()  # files saved since the last edits were shown
        self.changed_lock = threading.Lock()
        self.showing_lock = threading.Lock()  # one at a time; the model changes with each
        self.edits_shown = 0  # how many times edited pages were shown: the generation of each
        self.shown_in_build: dict[str, bytes] = {}  # the pages shown first of the last build
        self.gave_way = False  # the last build stopped for a newer edit

    def note_change(self, path: Path) -> None:
        """A file was saved (a change to settle, with others, before anything is built)."""
        with self.changed_lock:
            self.changed.add(path)

    def saved(self) -> None:
        """The saves have settled: show the edited pages at once if they can be, and ask the
        build loop for the whole site (a build still running gives way to it)."""
        try:
            self.show_edits_first()
        finally:
            self.pending.set()

    def start(self) -> None:
        """The first build, as quick as the cache allows, so that the preview answers at once;
        when it found nothing to build, the build loop reads the site to show edits from next."""
        self.rebuild(model_wanted=False)
        if self.model is None and not self.state.failed:
            self.pending.set()

    def rebuild(self, model_wanted: bool = True) -> None:
        """Build (keeping the search index as it was) and tell browsers to reload, unless no
        page changed but those shown already; the search index is brought up to date once the
        editor pauses (watch_loop)."""
        with self.build_lock:
            with self.state.lock:
                failed_before = self.state.failed
            options = replace(self.options, defer_search=True)
            ok = self._build(options, time.perf_counter(), model_wanted=model_wanted)
            shown = self.shown_in_build
            seen = ok and not failed_before and self._showed_all(shown)
            # A build that gave way to a newer edit changed nothing: the next one reloads.
            if self.loop and not self.gave_way and not seen:
                self.loop.add_callback(broadcast_reload)
            self.search_due = ok and self.options.search
            if not self.search_due and not self.pending.is_set():
                self.cache.flush()  # for the next build outside the preview

    def show_edits_first(self) -> None:
        """When the files saved are Markdown sources whose edits change only their own pages,
        show those pages at once (made from the site the preview holds, while any build still
        runs) and reload the browsers; the build that follows makes the whole site."""
        with self.showing_lock:
            with self.changed_lock:
                changed, self.changed = self.changed, set()
            started = time.perf_counter()
            made = self._pages_of_edits(changed)
            if made is None:
                return
            self.model, pages = made
            took = time.perf_counter() - started
            # Said before it is served, so that the log never lags behind the browser.
            self.log(f"Showing the edited page ({took:.2f} s); building the rest of the site.")
            with self.state.lock:
                self.edits_shown += 1
                for output_path, data in pages.items():
                    self.state.edited[output_path] = (self.edits_shown, data)
        if self.loop:
            self.loop.add_callback(broadcast_reload)

    def _pages_of_edits(self, changed: set[Path]) -> tuple[BuiltModel, dict[str, bytes]] | None:
        """The pages of the edited files, by output path, and the model with the edits."""
        model, content = self.model, self.options.content_dir
        with self.state.lock:
            failed = self.state.failed
        if model is None or failed or not changed:
            return None
        pages: dict[str, bytes] = {}
        for path in sorted(changed):
            if not path.exists() and _passing_file(path, content):
                continue  # an editor's temporary file, gone once the save is done
            try:
                made = page_of_edit(model, path)
            except Exception:  # the build that follows reports any fault
                made = None
            if made is None:
                return None
            model, output_path, data = made
            pages[output_path] = data
        return (model, pages) if pages else None

    def _showed_all(self, shown: dict[str, bytes]) -> bool:
        """The site on disk has the pages shown first (if any) as they were shown, and the build
        changed no other page (only files that pages link to and never show, such as the
        feed): a browser need not reload."""
        result = self.state.last_result
        if result is None:
            return False
        others = (p for p in result.changed if p not in shown)
        if not all(path.endswith(_LINKED_NOT_SHOWN) for path in others):
            return False
        try:
            return all(
                (self.options.output_dir / path).read_bytes() == data
                for path, data in shown.items()
            )
        except OSError:
            return False

    def _show_problems(self, problems: tuple[Problem, ...], page: bytes) -> None:
        """Every address shows `page` until a build succeeds; pages of edits shown first go."""
        with self.state.lock:
            self.state.edited.clear()
            self.state.failed, self.state.problems = True, problems
            self.state.page = page
            self.state.builds += 1

    def catch_up_search(self) -> None:
        """Bring the search index up to date; given up as soon as another edit is saved."""
        with self.build_lock:
            self.search_due = False
            self._build(self.options, time.perf_counter(), quiet=True)
            if not self.pending.is_set():
                self.cache.flush()

    def _build(
        self,
        options: BuildOptions,
        started: float,
        quiet: bool = False,
        model_wanted: bool = True,
    ) -> bool:
        with self.state.lock:
            covered = self.edits_shown  # edits saved before the build reads the files
        self.shown_in_build, self.gave_way = {}, False
        try:
            result = build(
                options,
                cache=self.cache,
                cancelled=self.pending.is_set,
                want_model=model_wanted and self.model is None,  # to show edits from
            )
        except BuildCancelled:
            self.gave_way = True  # the pages of edits shown stay shown: the next build is coming
            return False
        except BuildFailed as failure:
            self._show_problems(failure.problems, error_page(failure.problems, self.folders))
            count = summarize(failure.problems)
            self.log(f"Build failed ({count}); showing the problems in the browser:")
            for problem in failure.problems:
                self.log(f"  {problem}")
            return False
        except OutputError as error:
            problem = Problem(str(self.options.output_dir), 1, 1, str(error))
            self._show_problems((problem,), error_page((problem,)))
            self.log(str(error))
            return False
        if result.model is not None:
            with self.showing_lock:
                self.model = result.model
        with self.state.lock:
            edited = self.state.edited
            # The site on disk has the edits shown before the build began; later ones wait.
            self.shown_in_build = {p: d for p, (g, d) in edited.items() if g <= covered}
            for output_path in self.shown_in_build:
                del edited[output_path]
            self.state.failed, self.state.problems = False, ()
            self.state.last_result = result
            if not quiet:
                self.state.builds += 1
        if quiet:
            self.log(f"Search index up to date ({time.perf_counter() - started:.2f} s).")
            return True
        for warning in result.warnings:
            self.log(f"  {warning}")
        self.log(f"Rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s.")
        return True

    def watch_loop(self) -> None:
        """Rebuild whenever a change has settled, one build at a time; when the editor has
        paused for a moment after a rebuild, bring the search index up to date."""
        while True:
            try:
                if self.search_due and not self.pending.wait(SEARCH_AFTER_PAUSE_SECONDS):
                    self.catch_up_search()
                    continue
                self.pending.wait()
                self.pending.clear()
                self.rebuild()
            except Exception as error:  # the preview must outlive any failure of one build
                self.log(f"Unexpected error during rebuild: {error!r}")


def _passing_file(path: Path, content_dir: Path) -> bool:
    """A file in a folder of Markdown sources that is not a source itself."""
    return (
        path.suffix != ".md"
        and path.parent.name in CONTENT_FOLDERS
        and (path.parent.parent.resolve() == content_dir.resolve())
    )


def broadcast_reload() -> None:
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:  # a browser that went away
            LiveReloadHandler.waiters.discard(waiter)


def allowed_hosts_for(host: str, port: int) -> frozenset[str]:
    """Host headers to accept: loopback names when serving on loopback (blocks DNS rebinding)."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        return frozenset()
    names = {"127.0.0.1", "localhost", "[::1]", host}
    return frozenset(f"{name}:{port}" for name in names)


def log_request(write: Callable[[str], None], handler: web.RequestHandler) -> None:
    """Say what an editor can act on about a request, in words; stay quiet otherwise.

    Tornado's access log would print "500 GET /courses/ (127.0.0.1)" for every page shown while
    the content has errors, which reads as a crash; the build has already listed the problems.
    """
    status, path = handler.get_status(), handler.request.path
    if status < 400 or getattr(handler, "showing_problems", False):
        return
    if status == 404:
        write(f"No page at {path}: the browser shows the page-not-found page.")
    elif status == 403:
        write(
            f"Refused a request for {path} addressed to {handler.request.host}: the preview "
            "answers only at the address it printed when it started."
        )
    elif status >= 500:
        write(f"The preview could not show {path} (error {status}); the reason is above.")
    else:
        write(f"The preview could not answer a request for {path} (error {status}).")


def make_app(
    preview: Preview, port: int, allowed: frozenset[str], decap_cms: Path | None = None
) -> web.Application:
    """The preview's routes; with `decap_cms` (its dist folder), the editing page's script."""
    _ReloadSocket.allowed_hosts = allowed
    editing: list[Any] = []
    if decap_cms is not None:
        editing = [
            (
                rf"/admin/{LOCAL_SCRIPT_FOLDER}/(.*)",
                web.StaticFileHandler,
                {"path": str(decap_cms)},
            ),
            (
                r"/__echo-site/status",
                _StatusHandler,
                {"state": preview.state, "allowed_hosts": allowed},
            ),
        ]
    return web.Application(
        [
            (r"/livereload", _ReloadSocket),
            (r"/livereload\.js", LiveReloadJSHandler),
            *editing,
            (
                r"/(.*)",
                _SiteHandler,
                {
                    "output_dir": preview.options.output_dir,
                    "state": preview.state,
                    "port": port,
                    "allowed_hosts": allowed,
                },
            ),
        ],
        log_function=partial(log_request, preview.log),
    )


def serve(
    options: BuildOptions,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log: Callable[[str], None] | None = None,
    prog: str = "echo-site serve",
    cms_port: int | None = None,
) -> int:
    """Build, serve and rebuild until interrupted; `prog` names the command in errors.

    With `cms_port`, Decap CMS's local server (decap-server, from node_modules) runs beside
    the preview on that port, and /admin/ edits this computer's files with no account.
    """
    write = log or (lambda line: print(line, file=sys.stderr, flush=True))
    decap: DecapServer | None = None
    decap_cms: Path | None = None
    if cms_port is not None:
        try:
            decap, decap_cms = start_decap_server(options.content_dir, cms_port)
        except CmsUnavailable as error:
            write(f"{prog}: error: {error}")
            return 2
        shown_host = "localhost" if host in ("127.0.0.1", "::1") else host
        options = replace(
            options,
            local_cms=LocalCms(
                proxy_url=f"http://127.0.0.1:{cms_port}/api/v1",
                site_url=f"http://{shown_host}:{port}/",
                content_folder=options.content_dir.resolve().name,
            ),
        )
    try:
        return _serve(options, host, port, write, prog, decap_cms)
    finally:
        if decap is not None:
            decap.stop()


def _serve(
    options: BuildOptions,
    host: str,
    port: int,
    write: Callable[[str], None],
    prog: str,
    decap_cms: Path | None,
) -> int:
    preview = Preview(options, write)
    preview.start()
    allowed = allowed_hosts_for(host, port)
    app = make_app(preview, port, allowed, decap_cms)
    server = httpserver.HTTPServer(app)
    try:
        server.listen(port, address=host)
    except OSError as error:
        write(f"{prog}: error: cannot listen on {host}:{port} ({error.strerror})")
        return 2
    preview.loop = ioloop.IOLoop.current()

    watched = [options.content_dir, *theme_for(options).dirs]
    handler = _Changes(preview.saved, (options.output_dir,), preview.note_change)
    observer = Observer()
    for folder in watched:
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=preview.watch_loop, daemon=True, name="rebuild").start()
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    write(
        f"Previewing at http://{shown}:{port}/ "
        f"(drafts {'shown' if options.include_drafts else 'hidden'}). Press Ctrl+C to stop."
    )
    if decap_cms is not None:
        write(f"Edit in the browser at http://{shown}:{port}/admin/ (saves go to your files).")
    try:
        preview.loop.start()
    except KeyboardInterrupt:
        write("Stopped.")
    finally:
        observer.stop()
        server.stop()
        if preview.build_lock.acquire(timeout=10):
            preview.cache.flush()
            preview.build_lock.release()
    return 0


# -- Decap CMS's local server (serve --cms) ---------------------------------------------------


class CmsUnavailable(Exception):
    """decap-server cannot be started: what is missing, and how to get it."""


@dataclass
class DecapServer:
    """decap-server running as a child of the preview, stopped with it."""

    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def node_package(name: str, near: Path) -> Path | None:
    """The folder of an npm package: in node_modules beside `near` or above it, else beside
    echo-site's own checkout."""
    starts = [near.resolve(), *near.resolve().parents, Path(__file__).resolve().parent.parent]
    for folder in starts:
        candidate = folder / "node_modules" / name
        if (candidate / "package.json").is_file():
            return candidate
    return None


def _version(package: Path) -> str:
    return str(json.loads((package / "package.json").read_text(encoding="utf-8"))["version"])


def start_decap_server(content_dir: Path, port: int) -> tuple[DecapServer, Path]:
    """Start decap-server on 127.0.0.1:`port`, editing the folder that holds `content_dir`;
    return it and the folder to serve Decap CMS's script from."""
    install = (
        f"npm install --no-save decap-cms@{DECAP_CMS_VERSION} decap-server@{DECAP_SERVER_VERSION}"
    )
    server = node_package("decap-server", content_dir)
    app = node_package("decap-cms", content_dir)
    if server is None or app is None:
        raise CmsUnavailable(
            f"--cms needs Decap CMS from npm: run `{install}` in the site's folder "
            "(or `npm install` in echo-site's)"
        )
    if _version(app) != DECAP_CMS_VERSION:
        raise CmsUnavailable(
            f"node_modules has decap-cms {_version(app)}, and this echo-site needs "
            f"{DECAP_CMS_VERSION}: run `{install}`"
        )
    node = shutil.which("node")
    if node is None:
        raise CmsUnavailable("--cms needs Node.js (the node command) to run decap-server")
    if not _port_free(port):
        raise CmsUnavailable(
            f"port {port} is in use (another serve --cms?); choose another with --cms-port"
        )
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(content_dir.resolve().parent),
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen(
        [node, str(server / "dist" / "index.js")],
        env=environment,
        cwd=str(content_dir.resolve().parent),
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    decap = DecapServer(process)
    deadline = time.monotonic() + 30
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            decap.stop()
            raise CmsUnavailable(f"decap-server did not start on port {port}")
        time.sleep(0.05)
    return decap, app / "dist"


def _die_with_parent() -> None:
    """In the child: end when the preview ends, even if it is killed."""
    import ctypes

    libc = ctypes.CDLL(None)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _port_free(port: int) -> bool:
    return not _listening(port)
