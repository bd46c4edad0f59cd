"""The live preview, driven as a browser would: real HTTP and the livereload WebSocket."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import websocket
from bs4 import BeautifulSoup
from conftest import ROOT, SiteDir, course_md, text_of

from echo_site import serve
from echo_site.errors import Problem
from echo_site.pipeline import BuildOptions, BuiltModel, page_of_edit
from echo_site.serve import ShownFolders, source_lines


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Preview:
    def __init__(self, process: subprocess.Popen[str], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_for(
        self, path: str, condition: Callable[[int, str], bool], timeout: float = 15
    ) -> str:
        deadline = time.monotonic() + timeout
        status, body = 0, ""
        while time.monotonic() < deadline:
            try:
                status, body = self.get(path)
                if condition(status, body):
                    return body
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"timed out on {path}: last status {status}\n{self.log.read_text()}")

    def reload_socket(self) -> websocket.WebSocket:
        """livereload's WebSocket, connected as a page's script connects it."""
        socket_ = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/livereload",
            timeout=10,
            origin=f"http://127.0.0.1:{self.port}",
        )
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        socket_.send(json.dumps(hello))
        assert json.loads(socket_.recv())["command"] == "hello"
        socket_.send(json.dumps({"command": "info", "url": f"http://127.0.0.1:{self.port}/"}))
        time.sleep(0.2)  # the server counts the page once it says where it is
        return socket_

    def rebuilds(self) -> int:
        text = self.log.read_text()
        return text.count("Rebuilt ") + text.count("Build failed")


@pytest.fixture
def preview(site: SiteDir, tmp_path: Path) -> Iterator[Callable[..., Preview]]:
    started: list[Preview] = []

    def start(*extra: str, search: bool = False) -> Preview:
        port = free_port()
        log = tmp_path / f"serve-{port}.log"
        command = [
            sys.executable,
            str(ROOT / "build.py"),
            "serve",
            "--content",
            str(site.content),
            "--output",
            str(site.output),
            "--port",
            str(port),
            *([] if search else ["--no-search"]),
            *extra,
        ]
        with log.open("w") as log_file:
            process = subprocess.Popen(
                command, stdout=log_file, stderr=subprocess.STDOUT, text=True, cwd=tmp_path
            )
        server = Preview(process, port, log)
        started.append(server)
        server.wait_for("/", lambda status, _: status in (200, 500))
        return server

    yield start
    for server in started:
        server.process.terminate()
        server.process.wait(timeout=10)


def h1(body: str) -> str:
    return text_of(BeautifulSoup(body, "lxml").find("h1"))


def test_edit_break_and_fix_a_file_while_previewing(site, preview):
    site.write("courses/oud-echo.md", course_md())
    server = preview()
    assert h1(server.get("/courses/oud-echo/")[1]) == "Opioid Use Disorder ECHO"

    site.write("courses/oud-echo.md", course_md(title="Perinatal Substance Use ECHO"))
    body = server.wait_for("/courses/oud-echo/", lambda _, b: "Perinatal" in b)
    assert h1(body) == "Perinatal Substance Use ECHO"
    # The page is shown before the site is built again; the site on disk follows.
    built = site.output / "courses/oud-echo/index.html"
    deadline = time.monotonic() + 15
    while "Perinatal" not in built.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)

    site.write("courses/oud-echo.md", course_md(title="Broken: title: here"))
    body = server.wait_for("/courses/", lambda status, _: status == 500)
    problems = [text_of(p) for p in BeautifulSoup(body, "lxml").select("ol.problems li .problem")]
    assert problems == [
        "content/courses/oud-echo.md:2:14 a second ':' on this line confuses YAML — "
        'put the value in quotes: title: "Broken: title: here"'
    ]
    # Every page shows the problem, not only the one that was edited, and it reloads itself.
    status, other = server.get("/enduring-materials/")
    assert status == 500 and "content/courses/oud-echo.md:2:14" in other
    assert "/livereload.js" in other
    # The last good site is still on disk, untouched.
    assert "Perinatal" in (site.output / "courses/oud-echo/index.html").read_text()

    site.write("courses/oud-echo.md", course_md(title="Fixed ECHO"))
    body = server.wait_for("/courses/oud-echo/", lambda status, b: status == 200 and "Fixed" in b)
    assert h1(body) == "Fixed ECHO"
    assert server.process.poll() is None


def test_a_template_saved_while_previewing_shows_on_the_next_page(site, preview):
    """Each build reads the theme afresh: a template saved twice shows the second version."""
    site.write("pages/about.md", "---\ntitle: About\n---\nAbout the hub.\n")
    own = site.root / "templates"
    own.mkdir()
    server = preview()
    assert h1(server.get("/about/")[1]) == "About"
    for word in ("First", "Second"):
        (own / "page.html").write_text(
            '{% extends "base.html" %}\n{% block main %}<h1>' + word + " {{ view.page.title }}"
            "</h1>{% endblock %}\n"
        )
        body = server.wait_for("/about/", lambda status, b, w=word: status == 200 and w in b)
        assert h1(body) == f"{word} About"


def test_the_search_index_catches_up_once_the_editor_pauses(site, preview, tmp_path):
    """Edits are shown first; the index follows, and the site is then a cold build's."""
    site.write("courses/oud-echo.md", course_md())
    server = preview(search=True)

    def searched() -> int:
        return server.log.read_text().count("Search index up to date")

    def settle(count: int) -> None:
        deadline = time.monotonic() + 60
        while searched() < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert searched() >= count, server.log.read_text()

    settle(1)
    assert (site.output / "pagefind" / "pagefind-entry.json").is_file()
    for word in ("Buprenorphine", "Naloxone"):
        site.write("courses/oud-echo.md", course_md(title=f"{word} ECHO"))
        server.wait_for("/courses/oud-echo/", lambda _, b, w=word: f"{w} ECHO" in b)
    settle(2)
    # Once caught up, the preview's folder is what a cold build of the same content makes.
    cold = tmp_path / "cold"
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(site.content)]
    subprocess.run([*command, "--output", str(cold), "--no-cache"], check=True, cwd=tmp_path)
    assert tree(site.output) == tree(cold)
    assert server.process.poll() is None


def test_edits_saved_in_a_row_are_each_shown_before_the_search_index_is_made(site, monkeypatch):
    """The search build waits for a pause: it never delays the next edit's page."""
    monkeypatch.setattr(serve, "SEARCH_AFTER_PAUSE_SECONDS", 0.4)
    previewer = serve.Preview(BuildOptions(site.content, site.output), lambda _: None)
    builds: list[str] = []

    def build(options: BuildOptions, started: float, quiet: bool = False, **_: bool) -> bool:
        builds.append("search" if not options.defer_search else "pages")
        return True

    monkeypatch.setattr(previewer, "_build", build)
    threading.Thread(target=previewer.watch_loop, daemon=True).start()
    for _ in range(3):  # saves 0.15 s apart: a pause shorter than the wait
        previewer.pending.set()
        time.sleep(0.15)
    deadline = time.monotonic() + 10
    while "search" not in builds and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.6)
    assert builds == ["pages", "pages", "pages", "search"]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_save_reloads_connected_browsers_once(site, preview):
    site.write("pages/about.md", "---\ntitle: About\n---\nFirst.\n")
    server = preview()
    socket_ = server.reload_socket()
    try:
        before = server.rebuilds()
        # An editor saving: a temp file, several writes in a burst, a backup file.
        (site.content / "pages" / ".about.md.swp").write_text("x")
        for text in ("Second.", "Third.", "Fourth."):
            site.write("pages/about.md", f"---\ntitle: About\n---\n{text}\n")
            time.sleep(0.01)
        (site.content / "pages" / "about.md~").write_text("backup")
        message = json.loads(socket_.recv())
        assert message["command"] == "reload"
        time.sleep(0.6)
        assert server.rebuilds() == before + 1
        assert "Fourth." in server.get("/about/")[1]
    finally:
        socket_.close()


def test_preview_listens_on_loopback_and_refuses_other_hosts(site, preview):
    server = preview()
    assert server.get("/", headers={"Host": "evil.example"})[0] == 403
    assert server.get("/", headers={"Host": f"localhost:{server.port}"})[0] == 200
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/livereload", timeout=5, origin="http://evil.example"
        )
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    lines = [line for line in listening.splitlines() if f":{server.port} " in line]
    assert lines and all("127.0.0.1:" in line for line in lines)


def test_drafts_preview_with_a_banner(site, preview):
    site.write("pages/plans.md", "---\ntitle: Plans\ndraft: true\n---\nNot yet.\n")
    server = preview("--drafts")
    status, body = server.get("/plans/")
    assert status == 200
    banner = BeautifulSoup(body, "lxml").select_one(".draft-banner")
    assert banner is not None and "not published" in text_of(banner)


def test_preview_starts_even_when_the_content_is_broken(site, preview):
    site.write("courses/bad.md", "---\ntitle: [unclosed\n---\n")
    server = preview()
    status, body = server.get("/")
    assert status == 500 and "content/courses/bad.md" in body
    site.write("courses/bad.md", course_md())
    server.wait_for("/courses/bad/", lambda status, _: status == 200)


def test_files_outside_the_output_folder_are_never_served(site, preview):
    server = preview()
    (site.root / "secret.txt").write_text("secret")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"):
        status, body = server.get(path)
        assert status in (400, 403, 404) and "secret" not in body.replace("secret.txt", "")


def quoted_lines(item) -> list[str]:  # type: ignore[no-untyped-def]
    """The numbered lines of a problem's file that the problem page quotes, as shown."""
    source = item.select_one("pre.source")
    return [] if source is None else source.get_text().split("\n")


def test_the_problem_page_quotes_the_line_with_the_lines_around_it(site, preview):
    site.write(
        "courses/oud-echo.md",
        course_md(title="<script>alert(1)</script>: part two", extra="topics: [Pain]\n"),
    )
    server = preview()
    status, body = server.get("/courses/")
    assert status == 500
    page = BeautifulSoup(body, "lxml")
    [item] = page.select("ol.problems li")
    assert text_of(item.select_one(".problem")).startswith("content/courses/oud-echo.md:2:")
    lines = quoted_lines(item)
    assert lines[:2] == ["1  ---", "2  title: <script>alert(1)</script>: part two"]
    assert lines[3:] == ["3  summary: Case-based learning."]
    # The caret points at the second ':', where the problem is.
    assert lines[2].strip() == "^"
    assert lines[2].index("^") == lines[1].index("</script>:") + len("</script>")
    assert (
        text_of(item.select_one("pre.source mark"))
        == "2 title: <script>alert(1)</script>: part two"
    )
    # The line is shown as text: the page runs no script of the content's.
    scripts = page.find_all("script")
    assert [s["src"] for s in scripts if s.get("src")] == [f"/livereload.js?port={server.port}"]
    assert not any("alert" in s.get_text() for s in scripts)


@pytest.mark.browser
def test_on_a_phone_the_quoted_line_opens_where_the_caret_points(site, preview):
    """In Chromium, 375 pixels wide: a line too wide for the screen scrolls within its box,
    and the box opens with the caret in view, not only the line's start."""
    from test_browser import chromium, require_browser

    require_browser()
    words = "a title long enough to run well past the right edge of a phone screen"
    site.write("courses/oud-echo.md", course_md(title=f"{words}: part two"))
    server = preview()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(f"http://127.0.0.1:{server.port}/")
        shown = page.evaluate(
            """() => {
                const box = document.querySelector("pre.source");
                const caret = box.querySelector(".caret").getBoundingClientRect();
                const seen = box.getBoundingClientRect();
                return {wider: box.scrollWidth > box.clientWidth,
                        inside: caret.right > seen.left && caret.right <= seen.right,
                        pageFits: document.documentElement.scrollWidth <= 375};
            }"""
        )
    assert shown == {"wider": True, "inside": True, "pageFits": True}


def test_the_problem_page_quotes_a_template_and_never_a_file_outside(site, preview):
    """A template's line is quoted from the site's own templates; a content file that is a
    link to a file outside content/ is reported, and what it points at is never shown."""
    own = site.root / "templates"
    own.mkdir()
    (own / "page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ view.no_such_thing.at_all }}\n'
        "{% endblock %}\n"
    )
    site.write("pages/about.md", "---\ntitle: About\n---\nAbout the hub.\n")
    secret = site.root / "secret.md"
    secret.write_text("---\ntitle: SECRET-TEXT\n---\nSECRET-TEXT\n")
    (site.content / "pages" / "leak.md").symlink_to(secret)
    server = preview()
    status, body = server.get("/")
    assert status == 500 and "SECRET-TEXT" not in body
    items = BeautifulSoup(body, "lxml").select("ol.problems li")
    quoted = {text_of(i.select_one(".problem code")): quoted_lines(i) for i in items}
    assert quoted["content/pages/leak.md:1:1"] == []
    (site.content / "pages" / "leak.md").unlink()
    body = server.wait_for("/", lambda status, b: status == 500 and "leak.md" not in b)
    [item] = BeautifulSoup(body, "lxml").select("ol.problems li")
    assert text_of(item.select_one(".problem code")) == "templates/page.html:3:1"
    assert quoted_lines(item)[1:] == [
        "3  {{ view.no_such_thing.at_all }}",
        "   ^",
        "4  {% endblock %}",
    ]


def test_the_preview_log_speaks_to_editors_not_in_status_codes(site, preview):
    site.write("courses/bad.md", "---\ntitle: [unclosed\n---\n")
    server = preview()
    for path in ("/", "/courses/", "/courses/bad/"):
        assert server.get(path)[0] == 500
    site.write("courses/bad.md", course_md())
    server.wait_for("/courses/bad/", lambda status, _: status == 200)
    assert server.get("/no/such/page/")[0] == 404
    assert server.get("/", headers={"Host": "evil.example"})[0] == 403
    time.sleep(0.2)
    log = server.log.read_text()
    assert "Build failed (1 error); showing the problems in the browser:" in log
    assert "No page at /no/such/page/: the browser shows the page-not-found page." in log
    assert "Refused a request for / addressed to evil.example" in log
    # No access-log lines: "500 GET /courses/ (127.0.0.1) 2.1ms" reads as a crash.
    assert not re.search(r"\b[1-5]\d\d (GET|HEAD|POST) ", log), log
    assert "Traceback" not in log


def test_only_text_files_inside_content_and_the_templates_are_quoted(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    (content / "pages").mkdir(parents=True)
    (content / "files").mkdir()
    templates.mkdir()
    (content / "pages" / "a.md").write_text("---\r\ntitle: A\r\n---\r\nText.\r\n")
    (content / "files" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00title: A\n")
    (templates / "page.html").write_text("<main>\n{{ oops }}\n")
    (tmp_path / "secret.md").write_text("SECRET\n")
    (content / "pages" / "link.md").symlink_to(tmp_path / "secret.md")
    folders = ShownFolders(content, (templates,))

    def quoted(path: str, line: int = 1) -> list[tuple[int, str]]:
        return source_lines(Problem(path, line, 1, "what is wrong"), folders)

    assert quoted("content/pages/a.md", 2) == [(1, "---"), (2, "title: A"), (3, "---")]
    assert quoted("content/pages/a.md", 1) == [(1, "---"), (2, "title: A")]
    assert quoted("templates/page.html", 2) == [(1, "<main>"), (2, "{{ oops }}")]
    assert quoted("templates/page.html", 3) == []
    assert quoted("content/pages/a.md", 99) == []
    for outside in (
        "content/../secret.md",
        "templates/../secret.md",
        "content/pages/link.md",
        str(tmp_path / "secret.md"),
        "secret.md",
        "content/files/x.png",
        "content",
        "output",
    ):
        assert quoted(outside) == [], outside


# -- an edited page shown first, from the site the preview holds ----------------------------


def recording_md(
    title: str = "The landscape", body: str = "What we covered.", extra: str = ""
) -> str:
    front = f"title: {title}\ndate: 2026-01-14\ncourse: oud-echo\npresenters: [jdoe]\n{extra}"
    return f"---\n{front}---\n{body}\n"


def held_site(site: SiteDir) -> BuiltModel:
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    site.write("pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
    model = site.build().model
    assert model is not None
    return model


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("recordings/landscape.md", recording_md(body="What we covered, and what comes next.")),
        ("recordings/landscape.md", recording_md(title="The landscape in 2026")),
        ("courses/oud-echo.md", course_md(title="Buprenorphine ECHO", body="New summary.")),
        # A session moved off its recording's day: a warning, and the same page.
        ("courses/oud-echo.md", course_md().replace("2026-01-14", "2026-01-21")),
        ("pages/about.md", "---\ntitle: About us\n---\nWho we are, and where.\n"),
        ("pages/index.md", "---\ntitle: Welcome\n---\nFree tele-mentoring for clinicians.\n"),
    ],
)
def test_an_edited_page_made_from_the_held_site_is_the_page_the_build_makes(site, path, text):
    """What the preview shows first is byte for byte the page the whole build then makes."""
    model = held_site(site)
    edited = site.write(path, text)
    made = page_of_edit(model, edited)
    assert made is not None
    _, output_path, data = made
    site.build()
    assert data == (site.output / output_path).read_bytes()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # What other pages or the build's checks know a recording by.
        ("recordings/landscape.md", recording_md().replace("2026-01-14", "2026-01-28")),
        ("recordings/landscape.md", recording_md(extra="draft: true\n")),
        ("recordings/landscape.md", recording_md().replace("[jdoe]", "[rroe]")),
        ("recordings/landscape.md", recording_md(body="![Map](/files/map.png)")),
        ("recordings/landscape.md", recording_md(extra="aliases: [/old-landscape/]\n")),
        # A mistake: the build that follows shows it.
        ("recordings/landscape.md", recording_md().replace("date: 2026-01-14", "date: soon")),
        ("recordings/landscape.md", "---\ntitle: [unclosed\n---\nx\n"),
        # Not one edited page: a new file, an editor's file, a file that is not Markdown.
        ("recordings/new-one.md", recording_md()),
        ("recordings/landscape.md~", recording_md()),
        ("files/notes.txt", "notes"),
    ],
)
def test_an_edit_that_may_change_more_than_its_page_waits_for_the_build(site, path, text):
    model = held_site(site)
    site.write("files/map.png", b"")  # present, so only the new mention of it counts
    assert page_of_edit(model, site.write(path, text)) is None


def test_a_file_named_like_a_source_outside_content_waits_for_the_build(site):
    model = held_site(site)
    elsewhere = site.root / "templates" / "recordings" / "landscape.md"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(recording_md(body="Not content."), encoding="utf-8")
    assert page_of_edit(model, elsewhere) is None


def reload_messages(socket_: websocket.WebSocket, seconds: float) -> int:
    """The reload messages a browser receives in the next `seconds`."""
    count, deadline = 0, time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        socket_.settimeout(left)
        try:
            count += json.loads(socket_.recv())["command"] == "reload"
        except websocket.WebSocketTimeoutException:
            break
    return count


def test_an_edit_is_shown_before_the_site_is_built_again_and_reloads_once(site, preview):
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    # Started again on a site it has built, the preview still holds the site from the start.
    first = preview()
    first.process.terminate()
    first.process.wait(timeout=10)
    server = preview()
    # It answers at once (the cache says nothing changed), then reads the site meanwhile.
    server.wait_for("/", lambda *_: server.log.read_text().count("Rebuilt ") == 2)
    socket_ = server.reload_socket()
    try:
        # An edit to a recording's own text: its page is shown at once, and the build that
        # follows changes no other page, so the browser reloads once.
        for count, text in enumerate(("First edit.", "Second edit."), start=1):
            site.write("recordings/landscape.md", recording_md(body=text))
            assert reload_messages(socket_, 3) == 1
            assert text in server.get("/recordings/landscape/")[1]
            log = server.log.read_text()
            assert log.count("Showing the edited page") == count
            assert log.rindex("Showing the edited page") < log.rindex("Rebuilt ")
        # A new title shows on the course page too: the browser reloads again after the build.
        site.write("recordings/landscape.md", recording_md(title="The landscape, revisited"))
        assert reload_messages(socket_, 3) == 2
        assert "The landscape, revisited" in server.get("/courses/oud-echo/")[1]
    finally:
        socket_.close()


def test_an_edited_page_is_shown_while_the_whole_site_is_still_building(site, monkeypatch):
    """Shown first means before the build ends; an edit saved during a build stays shown
    until a build that read it is done, and the site on disk then has that very page."""
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    previewer = serve.Preview(BuildOptions(site.content, site.output, search=False), print)
    previewer.rebuild()
    page = "recordings/landscape/index.html"
    release = threading.Event()
    whole_build = serve.build

    def slow_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        return whole_build(*args, **kwargs)

    monkeypatch.setattr(serve, "build", slow_build)
    reloads: list[object] = []
    previewer.loop = SimpleNamespace(add_callback=reloads.append)  # type: ignore[assignment]
    threading.Thread(target=previewer.watch_loop, daemon=True).start()
    shown = []
    for text in ("Shown at once.", "Saved while the site builds."):
        previewer.note_change(site.write("recordings/landscape.md", recording_md(body=text)))
        previewer.saved()
        shown.append(previewer.state.edited[page][1])
        assert text.encode() in shown[-1]
        assert text.encode() not in (site.output / page).read_bytes()
        time.sleep(0.2)  # the build loop takes the edit and waits in the build
    release.set()
    deadline = time.monotonic() + 30
    while (previewer.state.edited or previewer.pending.is_set()) and time.monotonic() < deadline:
        time.sleep(0.05)
    with previewer.build_lock:
        assert previewer.state.edited == {}
        assert (site.output / page).read_bytes() == shown[-1]
    # One reload for each page shown first; none for the build that gave way to the second
    # edit, nor for the one that then built the page as it was shown.
    assert reloads == [serve.broadcast_reload, serve.broadcast_reload]


def test_an_edit_saved_as_a_build_ends_stays_shown_until_the_next_build(site, monkeypatch):
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    previewer = serve.Preview(BuildOptions(site.content, site.output, search=False), print)
    previewer.rebuild()
    page = "recordings/landscape/index.html"
    whole_build = serve.build
    late = "Saved after the build read the files."

    builds = []

    def build_then_save(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = whole_build(*args, **kwargs)
        builds.append(result)
        if len(builds) == 1:
            saved = site.write("recordings/landscape.md", recording_md(body=late))
            previewer.note_change(saved)
            previewer.show_edits_first()
        return result

    monkeypatch.setattr(serve, "build", build_then_save)
    previewer.note_change(site.write("recordings/landscape.md", recording_md(body="First.")))
    previewer.saved()
    previewer.pending.clear()
    previewer.rebuild()
    assert b"First." in (site.output / page).read_bytes()
    assert late.encode() in previewer.state.edited[page][1]  # not taken back by that build
    previewer.pending.set()
    previewer.pending.clear()
    previewer.rebuild()
    assert previewer.state.edited == {}
    assert late.encode() in (site.output / page).read_bytes()


@pytest.mark.browser
def test_a_browser_shows_a_saved_edit_before_the_site_is_built_again(site, preview):
    """In Chromium: the page reloads by itself with the edit, once."""
    from test_browser import chromium, require_browser

    require_browser()
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    server = preview()
    with chromium() as browser:
        page = browser.new_page()
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.goto(f"http://127.0.0.1:{server.port}/recordings/landscape/")
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol")
        time.sleep(0.3)  # the page says which address it shows; the server then counts it
        site.write("recordings/landscape.md", recording_md(body="Seen in the browser."))
        page.wait_for_function(
            "() => document.body.innerText.includes('Seen in the browser.')", timeout=10_000
        )
        time.sleep(1.5)  # the build that follows changes no other page: no second reload
        assert len(loads) == 2
        assert "Showing the edited page" in server.log.read_text()


def test_an_edit_saved_by_renaming_as_some_editors_do_is_shown_first(site, preview):
    """Vim checks the folder with a file named 4913, renames the old file to a backup and
    writes a new one; those passing files do not stop the page from being shown first."""
    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/landscape.md", recording_md())
    server = preview()
    folder = site.content / "recordings"
    probe = folder / "4913"
    probe.write_text("")
    probe.unlink()
    (folder / "landscape.md").rename(folder / "landscape.md~")
    site.write("recordings/landscape.md", recording_md(body="Saved as Vim saves."))
    server.wait_for("/recordings/landscape/", lambda _, body: "Saved as Vim saves." in body)
    assert server.log.read_text().count("Showing the edited page") == 1


def test_browsers_reload_when_what_they_show_changed_and_only_then(site):
    site.write("courses/oud-echo.md", course_md())
    previewer = serve.Preview(BuildOptions(site.content, site.output, search=False), print)
    reloads: list[object] = []
    previewer.loop = SimpleNamespace(add_callback=reloads.append)  # type: ignore[assignment]
    previewer.start()
    reloads.clear()

    def saved(text: str) -> int:
        site.write("courses/oud-echo.md", text)
        previewer.rebuild()
        count = len(reloads)
        reloads.clear()
        return count

    assert saved(course_md(title="Broken: title: here")) == 1  # the problems, on every page
    assert saved(course_md()) == 1  # fixed: the site is as it was, the pages are not
    assert saved(course_md()) == 0  # saved again as it was: nothing to show
    assert saved(course_md(title="Buprenorphine ECHO")) == 1
