"""Screenshots of the editing page for the editor's quick start (docs/editor-cms.md).

    python tools/cms_screenshots.py [--out docs/images] [--content content]

Copies the content folder to a temporary one, starts `build.py serve --cms` on it (Decap CMS's
local server from node_modules, no account), and walks through the quick start's tasks in
Debian's Chromium: the collections, a new course, a recording with slides, a cancelled session,
closed registration, publishing and the preview, and the brand colours in site settings. The
sample content is never touched. Requests to other hosts are refused. The browser's clock is
set to the build date, so that the editing page's previews decide what the site decided.
The pictures are saved with a palette of 256 colours: a fifth of their size, for the same look.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from static_host import CHROMIUM_ARGS  # noqa: E402

VIEWPORT = {"width": 960, "height": 640}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise SystemExit(f"the preview did not start at {url}")


def _read(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return bytes(response.read())


def _wait_for_change(url: str, before: bytes, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _read(url) == before:
        if time.monotonic() > deadline:
            raise SystemExit(f"the preview did not rebuild {url}")
        time.sleep(0.1)


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()


def take(page: Any, origin: str, folder: Path, out: Path) -> list[Path]:
    """Walk through the quick start's tasks; return the pictures written."""
    shots: list[Path] = []

    def shot(name: str, **options: Any) -> None:
        path = out / f"cms-{name}.png"
        page.screenshot(path=str(path), **options)
        _shrink(path)
        shots.append(path)

    def open_form(place: str) -> None:
        # A fresh load: Decap does not follow a change of the address's # alone.
        page.goto("about:blank")
        page.goto(f"{origin}/admin/#/collections/{place}")
        page.get_by_label("Title", exact=True).wait_for()

    page.goto(origin + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Courses").wait_for()
    page.get_by_text("Loading Entries...").wait_for(state="detached")
    shot("collections")

    # Add a course.
    open_form("courses/new")
    page.get_by_label("Title", exact=True).fill("Wound Care ECHO")
    page.get_by_label("Summary", exact=True).fill(
        "Monthly case-based learning on chronic wounds for primary care teams."
    )
    page.get_by_label("Time (optional)", exact=True).first.fill("12:00-13:00")
    page.get_by_role("button", name="Add session").click()
    page.get_by_label("Date (optional)", exact=True).first.fill("2027-01-13")
    page.get_by_label("Title (optional)", exact=True).first.fill("Assessing a wound")
    page.get_by_label("Faculty (optional)", exact=True).fill("Okafor")
    page.get_by_text("Margaret Okafor", exact=True).click()
    _expand(page, "Registration")
    page.get_by_label("Url (optional)", exact=True).fill(
        "https://forms.dartmouth-health.example/echo/wound-care-2027"
    )
    page.get_by_label("Title", exact=True).click()
    preview = page.frame_locator("#preview-pane")
    preview.get_by_text("Registration open").wait_for()
    preview.locator("html").evaluate("html => html.ownerDocument.defaultView.scrollTo(0, 0)")
    shot("new-course")
    _publish(page)

    # Add a recording with slides.
    slides = folder / "wound-assessment-slides.pdf"
    slides.write_bytes(b"%PDF-1.4\n% slides\n")
    open_form("recordings/new")
    page.get_by_label("Title", exact=True).fill("Assessing a chronic wound")
    page.get_by_label("Date", exact=True).fill("2026-11-12")
    page.get_by_label("Course (optional)", exact=True).fill("Opioid")
    page.get_by_text("Opioid Use Disorder in Primary Care ECHO", exact=True).click()
    page.get_by_role("button", name="Choose a file").first.click()
    page.locator("input[type=file]").set_input_files(str(slides))
    page.get_by_text(slides.name, exact=True).wait_for()
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_text("Media assets").wait_for(state="hidden")
    page.get_by_text(f"files/slides/{slides.name}").scroll_into_view_if_needed()
    shot("new-recording")

    # Cancel one session of a course people are registering for.
    course = "school-mental-health-echo"
    open_form(f"courses/entries/{course}")
    cancelled = page.get_by_label("Cancelled (optional)", exact=True).nth(2)
    cancelled.scroll_into_view_if_needed()
    cancelled.click()
    page.mouse.wheel(0, -150)
    third = preview.locator("#session-3")
    third.locator(".badge-cancelled").wait_for()
    third.evaluate("session => session.scrollIntoView({block: 'center'})")
    shot("cancel-session")

    # Close registration.
    _expand(page, "Registration")
    status = page.get_by_label("Status (optional)", exact=True)
    status.click()
    page.get_by_text("closed", exact=True).click()
    status.scroll_into_view_if_needed()
    preview.get_by_text("Registration for this course is closed.").wait_for()
    preview.locator(".page-band").evaluate("band => band.scrollIntoView()")
    shot("close-registration")

    # Publish: the menu, then the preview that rebuilt.
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").wait_for()
    shot("publish", clip={"x": 0, "y": 0, "width": 640, "height": 240})
    course_page = f"{origin}/courses/{course}/"
    before = _read(course_page)
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()
    _wait_for_change(course_page, before)  # the preview rebuilt: nothing reloads the page now
    page.goto(course_page)
    page.locator("#session-3.session-cancelled").evaluate(
        "session => { session.scrollIntoView({behavior: 'instant'});"
        " window.scrollBy({top: -190, behavior: 'instant'}); }"  # the session before it too
    )
    shot("preview", clip={"x": 0, "y": 0, "width": 960, "height": 460})

    # The brand colours in site settings, and the preview of the header, a page and the footer.
    open_settings = f"{origin}/admin/#/collections/settings/entries/site"
    page.goto("about:blank")
    page.goto(open_settings)
    primary = page.get_by_label("Primary (optional)", exact=True)
    primary.scroll_into_view_if_needed()
    page.mouse.wheel(0, -120)
    page.frame_locator("#preview-pane").locator(".parent-bar").wait_for()
    shot("site-settings")
    return shots


def _expand(page: Any, group: str) -> None:
    """Open a group of fields, such as Registration, that the form shows folded."""
    label = page.get_by_text(group, exact=True)
    label.scroll_into_view_if_needed()
    label.get_by_role("button", name="Expand").click()


def _shrink(path: Path) -> None:
    """Save a screenshot with a palette of 256 colours: the interface has few."""
    from PIL import Image

    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=0)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--as-of", default="2026-11-28")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="echo-cms-shots-") as temp:
        folder = Path(temp)
        shutil.copytree(args.content, folder / "content")
        port, cms_port = _free_port(), _free_port()
        command = [
            sys.executable,
            str(ROOT / "build.py"),
            "serve",
            "--cms",
            "--no-search",
            "--port",
            str(port),
            "--cms-port",
            str(cms_port),
            "--as-of",
            args.as_of,
        ]
        process = subprocess.Popen(
            command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            origin = f"http://localhost:{port}"
            _wait(origin + "/admin/")
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
                )
                context = browser.new_context(viewport=VIEWPORT)
                as_of = dt.date.fromisoformat(args.as_of)
                context.clock.set_system_time(
                    dt.datetime.combine(as_of, dt.time(15), tzinfo=dt.UTC)
                )
                context.route(
                    lambda url: urlsplit(url).hostname not in ("localhost", "127.0.0.1"),
                    lambda route: route.abort(),
                )
                page = context.new_page()
                page.set_default_timeout(20_000)
                try:
                    for path in take(page, origin, folder, args.out):
                        print(f"{path} ({path.stat().st_size // 1024} KB)")
                except Exception:
                    page.screenshot(path=str(args.out / "failed.png"))
                    raise
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
